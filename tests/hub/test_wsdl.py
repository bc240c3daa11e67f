"""The WSDL describes what the hub accepts and answers: real traffic validates against it."""

from __future__ import annotations

import copy

import httpx
import pytest
from hubsoap import MS, SOAP, WSSE, order
from lxml import etree

from dico_sdk.errors import MessageNotFoundError
from dico_sdk.testing import RunningHub, run_hub
from dico_sdk.transport import Attachment, Envelope

XS = "http://www.w3.org/2001/XMLSchema"


def schemas(hub: RunningHub) -> dict[str, etree.XMLSchema]:
    wsdl = etree.fromstring(httpx.get(hub.wsdl_url).content)
    compiled = {}
    for schema in wsdl.iter(f"{{{XS}}}schema"):
        compiled[schema.get("targetNamespace")] = etree.XMLSchema(copy.deepcopy(schema))
    return compiled


def record(
    hub: RunningHub, forward: httpx.Client
) -> tuple[list[bytes], list[bytes], httpx.MockTransport]:
    requests: list[bytes] = []
    responses: list[bytes] = []

    def handler(request: httpx.Request) -> httpx.Response:
        requests.append(request.content)
        answer = forward.post(hub.url, content=request.content, headers=dict(request.headers))
        responses.append(answer.content)
        return httpx.Response(answer.status_code, headers=answer.headers, content=answer.content)

    return requests, responses, httpx.MockTransport(handler)


def check(document: bytes, compiled: dict[str, etree.XMLSchema]) -> list[str]:
    root = etree.fromstring(document)
    checked = []
    for part in (root.find(f"{{{SOAP}}}Header"), root.find(f"{{{SOAP}}}Body")):
        for child in part if part is not None else ():
            # A fault's own elements are SOAP's; its detail is the hub's FaultError.
            element = child.find("detail")[0] if child.tag == f"{{{SOAP}}}Fault" else child
            schema = compiled[etree.QName(element).namespace]
            assert schema.validate(element), (etree.QName(element).localname, schema.error_log)
            checked.append(etree.QName(element).localname)
    return checked


def test_transport_traffic_validates_against_the_wsdl_schemas() -> None:
    with run_hub() as hub, httpx.Client() as forward:
        compiled = schemas(hub)
        assert set(compiled) == {MS, WSSE}
        requests, responses, recorder = record(hub, forward)
        sent = Envelope.new(
            order().encode(),
            msg_type="MAINTENANCEINSTRUCTION",
            attachments=[
                Attachment(data=b"\x00\x01", file_name="a.bin", url="https://x.invalid/a")
            ],
        )
        with (
            hub.transport("vve-de-linde", http_transport=recorder) as manager,
            hub.transport("installatiebedrijf-jansen", http_transport=recorder) as plumber,
        ):
            manager.post(sent)
            plumber.list_available()
            plumber.list_available("INVOIC")
            plumber.get(sent.msg_id)
            plumber.delete(sent.msg_id)
            with pytest.raises(MessageNotFoundError):  # its fault is validated below
                plumber.delete(sent.msg_id)
    seen = [name for document in requests + responses for name in check(document, compiled)]
    for name in (
        "Security",
        "CustomInfo",
        "Message",
        "AvailableMessagesRequest",
        "MessageRequest",
        "MessageResponse",
        "AvailableMessagesResponse",
        "MessageRequestResponse",
        "FaultError",
    ):
        assert name in seen
