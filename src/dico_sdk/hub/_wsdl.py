"""The sandbox hub's WSDL: exactly the requests ``_soap_read.py`` accepts, self-contained.

It imports and includes nothing (no remote schema, not even the WS-Security XSD: the part of it
the hub reads is declared inline), so that a SOAP client can load it from 127.0.0.1 alone. Each
schema declares the prefixes it uses itself, so that a tool can lift it out of the WSDL.
"""

from __future__ import annotations

from xml.sax.saxutils import quoteattr

from dico_sdk.transport import MsgFormat

__all__ = ["wsdl"]

_TEMPLATE = """\
<?xml version="1.0" encoding="utf-8"?>
<wsdl:definitions name="MessageService"
    targetNamespace="https://www.ketenstandaard.nl/WS/MessageService/3.1"
    xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/"
    xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tns="https://www.ketenstandaard.nl/WS/MessageService/3.1"
    xmlns:wsse="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd">
  <wsdl:documentation>MessageService 3.1 as served by the dico-sdk sandbox hub.</wsdl:documentation>
  <wsdl:types>
    <xs:schema elementFormDefault="qualified"
        targetNamespace="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd">
      <xs:element name="Security">
        <xs:complexType>
          <xs:sequence>
            <xs:element name="UsernameToken">
              <xs:complexType>
                <xs:sequence>
                  <xs:element name="Username" type="xs:string"/>
                  <xs:element name="Password">
                    <xs:complexType>
                      <xs:simpleContent>
                        <xs:extension base="xs:string">
                          <xs:attribute name="Type" type="xs:anyURI"/>
                        </xs:extension>
                      </xs:simpleContent>
                    </xs:complexType>
                  </xs:element>
                  <xs:any namespace="##any" processContents="lax" minOccurs="0"
                      maxOccurs="unbounded"/>
                </xs:sequence>
                <xs:anyAttribute namespace="##any" processContents="lax"/>
              </xs:complexType>
            </xs:element>
            <xs:any namespace="##any" processContents="lax" minOccurs="0" maxOccurs="unbounded"/>
          </xs:sequence>
          <xs:anyAttribute namespace="##any" processContents="lax"/>
        </xs:complexType>
      </xs:element>
    </xs:schema>
    <xs:schema elementFormDefault="qualified"
        targetNamespace="https://www.ketenstandaard.nl/WS/MessageService/3.1"
        xmlns:tns="https://www.ketenstandaard.nl/WS/MessageService/3.1">
      <xs:simpleType name="MsgFormatType">
        <xs:restriction base="xs:string">
{formats}
        </xs:restriction>
      </xs:simpleType>
      <xs:simpleType name="MsgIdType">
        <xs:restriction base="xs:string">
          <xs:minLength value="1"/>
          <xs:maxLength value="50"/>
        </xs:restriction>
      </xs:simpleType>
      <xs:complexType name="MsgPropertiesType">
        <xs:sequence>
          <xs:element name="MsgId" type="tns:MsgIdType"/>
          <xs:element name="MsgDateTime" type="xs:dateTime"/>
          <xs:element name="MsgFormat" type="tns:MsgFormatType"/>
          <xs:element name="MsgVersion" type="xs:string"/>
          <xs:element name="MsgType" type="xs:string"/>
        </xs:sequence>
      </xs:complexType>
      <xs:complexType name="AttachmentType">
        <xs:sequence>
          <xs:element name="URL" type="xs:string" minOccurs="0"/>
          <xs:element name="DocumentType" type="xs:string" minOccurs="0"/>
          <xs:element name="FileType" type="xs:string" minOccurs="0"/>
          <xs:element name="FileName" type="xs:string" minOccurs="0"/>
          <xs:element name="AttachedData" type="xs:base64Binary" minOccurs="0"/>
        </xs:sequence>
      </xs:complexType>
      <xs:complexType name="MessageType">
        <xs:sequence>
          <xs:element name="MsgProperties" type="tns:MsgPropertiesType"/>
          <xs:element name="MsgContent" type="xs:string" minOccurs="0"/>
          <xs:element name="Attachment" type="tns:AttachmentType" minOccurs="0"
              maxOccurs="unbounded"/>
        </xs:sequence>
      </xs:complexType>
      <xs:element name="Message" type="tns:MessageType"/>
      <xs:element name="MessageResponse">
        <xs:complexType>
          <xs:sequence>
            <xs:element name="MessageResult" type="xs:boolean"/>
            <xs:element name="Message" type="tns:MessageType" minOccurs="0"/>
          </xs:sequence>
        </xs:complexType>
      </xs:element>
      <xs:element name="AvailableMessagesRequest">
        <xs:complexType>
          <xs:sequence>
            <xs:element name="MsgType" type="xs:string" minOccurs="0"/>
          </xs:sequence>
        </xs:complexType>
      </xs:element>
      <xs:element name="AvailableMessagesResponse">
        <xs:complexType>
          <xs:sequence>
            <xs:element name="MessageList" type="tns:MsgPropertiesType" minOccurs="0"
                maxOccurs="unbounded"/>
          </xs:sequence>
        </xs:complexType>
      </xs:element>
      <xs:element name="MessageRequest">
        <xs:complexType>
          <xs:sequence>
            <xs:element name="MsgId" type="tns:MsgIdType"/>
            <xs:element name="MsgFormat" type="tns:MsgFormatType" minOccurs="0"/>
            <xs:element name="MsgVersion" type="xs:string" minOccurs="0"/>
          </xs:sequence>
        </xs:complexType>
      </xs:element>
      <xs:element name="MessageRequestResponse">
        <xs:complexType>
          <xs:sequence>
            <xs:element name="MessageRequestResult" type="tns:MessageType"/>
          </xs:sequence>
        </xs:complexType>
      </xs:element>
      <xs:element name="CustomInfo">
        <xs:complexType>
          <xs:sequence>
            <xs:element name="IsTestMessage" type="xs:boolean"/>
            <xs:element name="LanguageCode" type="xs:string" minOccurs="0"/>
            <xs:element name="IsContentCompressed" type="xs:boolean" nillable="true"/>
            <xs:element name="ApplicationId" type="xs:string" minOccurs="0"/>
            <xs:element name="VersionId" type="xs:string" minOccurs="0"/>
            <xs:element name="RelationId" type="xs:string" minOccurs="0"/>
          </xs:sequence>
        </xs:complexType>
      </xs:element>
      <xs:element name="FaultError">
        <xs:complexType>
          <xs:sequence>
            <xs:element name="FaultCode" type="xs:string"/>
            <xs:element name="FaultString" type="xs:string"/>
            <xs:element name="FaultDetails">
              <xs:complexType>
                <xs:sequence>
                  <xs:element name="ErrorCode" type="xs:string"/>
                  <xs:element name="Message" type="xs:string"/>
                </xs:sequence>
              </xs:complexType>
            </xs:element>
          </xs:sequence>
        </xs:complexType>
      </xs:element>
    </xs:schema>
  </wsdl:types>
  <wsdl:message name="SecurityHeader">
    <wsdl:part name="Security" element="wsse:Security"/>
  </wsdl:message>
  <wsdl:message name="CustomInfoHeader">
    <wsdl:part name="CustomInfo" element="tns:CustomInfo"/>
  </wsdl:message>
  <wsdl:message name="FaultMessage">
    <wsdl:part name="detail" element="tns:FaultError"/>
  </wsdl:message>
{messages}
  <wsdl:portType name="MessageServicePortType">
{port_operations}
  </wsdl:portType>
  <wsdl:binding name="MessageServiceBinding" type="tns:MessageServicePortType">
    <soap:binding style="document" transport="http://schemas.xmlsoap.org/soap/http"/>
{binding_operations}
  </wsdl:binding>
  <wsdl:service name="MessageService">
    <wsdl:port name="MessageServicePort" binding="tns:MessageServiceBinding">
      <soap:address location={location}/>
    </wsdl:port>
  </wsdl:service>
</wsdl:definitions>
"""

# operation: (request element, response element)
_OPERATIONS = {
    "PostMessage": ("Message", "MessageResponse"),
    "GetAvailableMessages": ("AvailableMessagesRequest", "AvailableMessagesResponse"),
    "GetMessage": ("MessageRequest", "MessageRequestResponse"),
    "DeleteMessage": ("MessageRequest", "MessageResponse"),
}

_MESSAGES = """\
  <wsdl:message name="{op}Input">
    <wsdl:part name="parameters" element="tns:{request}"/>
  </wsdl:message>
  <wsdl:message name="{op}Output">
    <wsdl:part name="parameters" element="tns:{response}"/>
  </wsdl:message>"""

_PORT_OPERATION = """\
    <wsdl:operation name="{op}">
      <wsdl:input message="tns:{op}Input"/>
      <wsdl:output message="tns:{op}Output"/>
      <wsdl:fault name="FaultError" message="tns:FaultMessage"/>
    </wsdl:operation>"""

_BINDING_OPERATION = """\
    <wsdl:operation name="{op}">
      <soap:operation soapAction="https://www.ketenstandaard.nl/WS/MessageService/3.1/{op}"
          style="document"/>
      <wsdl:input>
        <soap:body use="literal" parts="parameters"/>
        <soap:header message="tns:SecurityHeader" part="Security" use="literal"/>
        <soap:header message="tns:CustomInfoHeader" part="CustomInfo" use="literal"/>
      </wsdl:input>
      <wsdl:output>
        <soap:body use="literal"/>
      </wsdl:output>
      <wsdl:fault name="FaultError">
        <soap:fault name="FaultError" use="literal"/>
      </wsdl:fault>
    </wsdl:operation>"""


def wsdl(location: str) -> bytes:
    """The WSDL document with ``location`` as the service endpoint."""
    formats = "\n".join(f'          <xs:enumeration value="{item.value}"/>' for item in MsgFormat)
    return _TEMPLATE.format(
        formats=formats,
        messages="\n".join(
            _MESSAGES.format(op=op, request=request, response=response)
            for op, (request, response) in _OPERATIONS.items()
        ),
        port_operations="\n".join(_PORT_OPERATION.format(op=op) for op in _OPERATIONS),
        binding_operations="\n".join(_BINDING_OPERATION.format(op=op) for op in _OPERATIONS),
        location=quoteattr(location),
    ).encode("utf-8")
