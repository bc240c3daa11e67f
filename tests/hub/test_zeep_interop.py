"""An off-the-shelf SOAP client (zeep) reads the hub's WSDL and calls all four operations."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest
import zeep
import zeep.exceptions
from hubsoap import MS, order
from zeep.transports import Transport
from zeep.wsse.username import UsernameToken

from dico_sdk.testing import RunningHub, run_hub


class LoopbackOnly(Transport):
    """A zeep transport that refuses to fetch anything that is not on 127.0.0.1."""

    fetched: list[str]

    def __init__(self) -> None:
        super().__init__(timeout=10, operation_timeout=10)
        self.fetched = []

    def load(self, url: str) -> bytes:
        assert urlsplit(url).hostname == "127.0.0.1", f"zeep tried to fetch {url}"
        self.fetched.append(url)
        return super().load(url)  # type: ignore[no-any-return]

    def post(self, address: str, message: Any, headers: Any) -> Any:
        assert urlsplit(address).hostname == "127.0.0.1", f"zeep tried to post to {address}"
        return super().post(address, message, headers)


@pytest.fixture(scope="module")
def hub() -> Iterator[RunningHub]:
    with run_hub() as running:
        yield running


def client(hub: RunningHub, name: str) -> tuple[zeep.Client, Any]:
    account = hub.accounts[name]
    transport = LoopbackOnly()
    soap = zeep.Client(
        hub.wsdl_url, wsse=UsernameToken(account.name, account.password), transport=transport
    )
    custom_info = soap.get_element(f"{{{MS}}}CustomInfo")(
        IsTestMessage=True, IsContentCompressed=False, ApplicationId="zeep"
    )
    assert transport.fetched == [hub.wsdl_url]  # the WSDL imports nothing
    return soap, custom_info


def test_zeep_calls_all_four_operations(hub: RunningHub) -> None:
    manager, manager_info = client(hub, "vve-de-linde")
    plumber, plumber_info = client(hub, "installatiebedrijf-jansen")
    content = order().replace(
        "</MaintenanceInstruction>", "<Note>Tom &amp; Jerry, café</Note></MaintenanceInstruction>"
    )
    when = dt.datetime(2026, 12, 3, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    posted = manager.service.PostMessage(
        MsgProperties={
            "MsgId": "zeep-1",
            "MsgDateTime": when,
            "MsgFormat": "SALES",
            "MsgVersion": "005",
            "MsgType": "MAINTENANCEINSTRUCTION",
        },
        MsgContent=content,
        Attachment=[
            {"FileName": "photo.jpg", "FileType": "jpg", "AttachedData": b"\xff\xd8\x00jpeg"}
        ],
        _soapheaders=[manager_info],
    )
    assert posted.MessageResult is True

    listed = plumber.service.GetAvailableMessages(_soapheaders=[plumber_info])
    assert [entry.MsgId for entry in listed] == ["zeep-1"]
    assert plumber.service.GetAvailableMessages(MsgType="INVOIC", _soapheaders=[plumber_info]) == []

    message = plumber.service.GetMessage(MsgId="zeep-1", _soapheaders=[plumber_info])
    assert message.MsgContent == content
    assert message.MsgProperties.MsgDateTime == when
    assert message.Attachment[0].AttachedData == b"\xff\xd8\x00jpeg"
    assert message.Attachment[0].FileName == "photo.jpg"

    deleted = plumber.service.DeleteMessage(MsgId="zeep-1", _soapheaders=[plumber_info])
    assert deleted.MessageResult is True
    assert plumber.service.GetAvailableMessages(_soapheaders=[plumber_info]) == []


def test_zeep_sees_the_documented_fault(hub: RunningHub) -> None:
    plumber, info = client(hub, "installatiebedrijf-jansen")
    with pytest.raises(zeep.exceptions.Fault) as excinfo:
        plumber.service.DeleteMessage(MsgId="never-sent", _soapheaders=[info])
    assert excinfo.value.code == "soap:Client"
    detail = excinfo.value.detail
    assert detail is not None
    assert detail.findtext(f".//{{{MS}}}ErrorCode") == "MESSAGE_NOT_FOUND"


def test_zeep_with_a_wrong_password_gets_auth_failed(hub: RunningHub) -> None:
    soap = zeep.Client(
        hub.wsdl_url, wsse=UsernameToken("vve-de-linde", "guess"), transport=LoopbackOnly()
    )
    info = soap.get_element(f"{{{MS}}}CustomInfo")(IsTestMessage=True, IsContentCompressed=False)
    with pytest.raises(zeep.exceptions.Fault) as excinfo:
        soap.service.GetAvailableMessages(_soapheaders=[info])
    assert excinfo.value.detail.findtext(f".//{{{MS}}}ErrorCode") == "AUTH_FAILED"
