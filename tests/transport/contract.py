"""The transport contract: one suite that every Transport backend must pass.

The suite is :class:`ContractSuite`; a backend is plugged in by subclassing it in a
``test_*.py`` module of this folder and providing a ``backend`` fixture::

    # tests/transport/test_contract_sandbox.py
    import pytest
    from contract import ACCOUNTS, ContractSuite, SoapBackend

    class TestSandboxHubContract(ContractSuite):
        @pytest.fixture
        def backend(self, tmp_path):
            server = start_the_sandbox_hub(tmp_path, ACCOUNTS)  # your code: a fresh hub
            yield SoapBackend(server.url)                     # MessageServiceTransport over HTTP
            server.stop()

A backend (see :class:`Backend`) hands out a *sync* transport per account; an async transport is
wrapped in :class:`SyncAdapter`, which drives it on one event loop through an anyio blocking
portal (the ``portal`` fixture of this folder's conftest). The ``backend`` fixture must give
each test a **fresh hub** holding exactly the standard accounts :data:`ACCOUNTS` (name, password,
GLNs; every account accepts every MsgType) with a message size limit between 6 and 12 MiB (the
hub core's default is 7 MiB): one case posts a 5 MiB payload, another a 12 MiB one.

The payloads are small hand-written XML documents in the DICO message namespaces with the
Buyer/Supplier GLNs (and SenderGLN) the hub routes by: :func:`order`, :func:`status`,
:func:`invoice`. The GLNs carry valid GS1 check digits (rules.md DICO-GLN-01).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from contextlib import ExitStack
from typing import Any, Protocol, TypeVar

import attrs
import httpx
import pytest
from anyio.from_thread import BlockingPortal

from dico_sdk.errors import (
    AuthenticationError,
    DuplicateMessageError,
    HubFaultError,
    MessageNotFoundError,
)
from dico_sdk.transport import (
    AsyncTransport,
    Attachment,
    Envelope,
    HubProfile,
    MessageInfo,
    MessageServiceTransport,
    PostResult,
    RetryPolicy,
    Transport,
)

_T = TypeVar("_T")
NS = "http://www.ketenstandaard.nl"


def gln(base12: str) -> str:
    """A GLN from 12 digits plus the GS1 check digit (rules.md DICO-GLN-01)."""
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(base12)))
    return base12 + str((10 - total % 10) % 10)


@attrs.frozen
class StandardAccount:
    name: str
    password: str
    glns: frozenset[str]


MANAGER_GLN = gln("871234500001")  # 8712345000011: a VvE manager (principal)
PLUMBER_GLN = gln("871234500002")  # 8712345000028: a plumbing contractor
PAINTER_GLN = gln("871234500003")  # 8712345000035: a painting contractor
NOBODY_GLN = gln("871234500009")  # 8712345000097: valid, but no account owns it

MANAGER = StandardAccount("vve-beheer", "manager-pw", frozenset({MANAGER_GLN}))
PLUMBER = StandardAccount("loodgieter", "plumber-pw", frozenset({PLUMBER_GLN}))
PAINTER = StandardAccount("schilder", "painter-pw", frozenset({PAINTER_GLN}))
ACCOUNTS = (MANAGER, PLUMBER, PAINTER)
"""The standard account set every backend's hub must hold."""


# -- payloads -----------------------------------------------------------------------------------


def _payload(root: str, ns: str, buyer: str, supplier: str, body: str, sender: str = "") -> bytes:
    sender_xml = f"<SenderGLN>{sender}</SenderGLN>" if sender else ""
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<{root} xmlns="{NS}/{ns}/SALES/005">'
        f"{sender_xml}<Buyer><GLN>{buyer}</GLN></Buyer><Supplier><GLN>{supplier}</GLN></Supplier>"
        f"{body}</{root}>\n"
    ).encode()


def order(
    supplier: str = PLUMBER_GLN, buyer: str = MANAGER_GLN, description: str = "Lekkage"
) -> bytes:
    """A MaintenanceInstruction (Buyer -> Supplier)."""
    body = f"<Description>{description}</Description>"
    return _payload("MaintenanceInstruction", "onderhoudsopdracht", buyer, supplier, body)


def status(sender: str, buyer: str = MANAGER_GLN, supplier: str = PLUMBER_GLN) -> bytes:
    """A MaintenanceStatus; SenderGLN tells the direction."""
    body = "<StatusCode>AFH</StatusCode>"
    return _payload("MaintenanceStatus", "onderhoudsstatus", buyer, supplier, body, sender)


def invoice(supplier: str = PLUMBER_GLN, buyer: str = MANAGER_GLN) -> bytes:
    """An Invoice (Supplier -> Buyer)."""
    return _payload("Invoice", "factuur", buyer, supplier, "<InvoiceNumber>F-1</InvoiceNumber>")


def envelope(content: bytes, msg_type: str = "MAINTENANCEINSTRUCTION", **kw: Any) -> Envelope:
    return Envelope.new(content, msg_type=msg_type, **kw)


# -- backends -----------------------------------------------------------------------------------


class Backend(Protocol):
    def transport(self, account: StandardAccount, *, password: str | None = None) -> Transport:
        """A sync transport logged in as ``account`` (``password`` overrides its password)."""
        ...


class SyncAdapter(Transport):
    """Drives an :class:`AsyncTransport` from sync code on one event loop (an anyio portal)."""

    def __init__(self, inner: AsyncTransport, portal: BlockingPortal) -> None:
        super().__init__(retry=RetryPolicy.no_retries())
        self.inner = inner
        self._portal = portal

    def _run(self, call: Callable[..., Awaitable[_T]], *args: Any) -> _T:
        return self._portal.call(call, *args)

    def post(self, envelope: Envelope) -> PostResult:
        return self._run(self.inner.post, envelope)

    def list_available(self, msg_type: str | None = None) -> list[MessageInfo]:
        return self._run(self.inner.list_available, msg_type)

    def get(self, msg_id: str) -> Envelope:
        return self._run(self.inner.get, msg_id)

    def delete(self, msg_id: str) -> None:
        self._run(self.inner.delete, msg_id)

    def close(self) -> None:
        self._run(self.inner.close)
        super().close()


class SoapBackend:
    """MessageServiceTransport against ``endpoint`` (real HTTP, or ``http_transport``)."""

    def __init__(self, endpoint: str, http_transport: httpx.BaseTransport | None = None) -> None:
        self.endpoint = endpoint
        self.http_transport = http_transport
        self._stack = ExitStack()

    def transport(self, account: StandardAccount, *, password: str | None = None) -> Transport:
        return self._stack.enter_context(
            MessageServiceTransport(
                HubProfile.sandbox(self.endpoint),
                username=account.name,
                password=password if password is not None else account.password,
                retry=RetryPolicy.for_testing(),
                http_transport=self.http_transport,
            )
        )

    def close(self) -> None:
        self._stack.close()


# -- the suite ----------------------------------------------------------------------------------


class ContractSuite:
    """Every backend must pass these. Subclass it and provide a ``backend`` fixture."""

    def test_post_then_list_get_delete_on_the_receiver(self, backend: Backend) -> None:
        manager, plumber = backend.transport(MANAGER), backend.transport(PLUMBER)
        when = dt.datetime(2026, 3, 1, 9, 30, 15, 250000, tzinfo=dt.timezone(dt.timedelta(hours=1)))
        sent = envelope(order(), msg_datetime=when)
        result = manager.post(sent)
        assert result.msg_id == sent.msg_id
        assert plumber.list_available() == [sent.info]
        received = plumber.get(sent.msg_id)
        assert received == sent
        assert received.msg_datetime == when
        plumber.get(sent.msg_id)  # still there until deleted
        plumber.delete(sent.msg_id)
        assert plumber.list_available() == []
        assert manager.list_available() == []

    def test_routing_to_the_right_account(self, backend: Backend) -> None:
        manager, plumber, painter = (backend.transport(a) for a in ACCOUNTS)
        to_painter = envelope(order(supplier=PAINTER_GLN))
        manager.post(to_painter)
        manager.post(envelope(order(supplier=PLUMBER_GLN)))
        assert [m.msg_id for m in painter.list_available()] == [to_painter.msg_id]
        assert len(plumber.list_available()) == 1
        bill = envelope(invoice(), msg_type="INVOIC")
        plumber.post(bill)
        update = envelope(status(sender=PLUMBER_GLN), msg_type="MAINTENANCESTATUS")
        plumber.post(update)
        assert [m.msg_id for m in manager.list_available()] == [bill.msg_id, update.msg_id]
        assert len(plumber.list_available()) == 1

    def test_unknown_receiver_is_a_fault(self, backend: Backend) -> None:
        manager = backend.transport(MANAGER)
        with pytest.raises(HubFaultError) as excinfo:
            manager.post(envelope(order(supplier=NOBODY_GLN)))
        assert excinfo.value.error_code == "UNKNOWN_RECEIVER"
        assert excinfo.value.fault_code == "soap:Client"
        assert excinfo.value.operation == "PostMessage"

    def test_sender_must_own_the_sending_gln(self, backend: Backend) -> None:
        painter = backend.transport(PAINTER)
        with pytest.raises(HubFaultError) as excinfo:
            painter.post(envelope(order(buyer=MANAGER_GLN, supplier=PLUMBER_GLN)))
        assert excinfo.value.error_code == "SENDER_NOT_OWNED"
        assert backend.transport(PLUMBER).list_available() == []

    def test_malformed_payload_is_a_fault(self, backend: Backend) -> None:
        manager = backend.transport(MANAGER)
        for content in [b"<MaintenanceInstruction>", b"%PDF-1.7 not xml"]:
            with pytest.raises(HubFaultError) as excinfo:
                manager.post(envelope(content))
            assert excinfo.value.error_code == "MALFORMED_PAYLOAD"

    def test_repeated_post_is_delivered_once(self, backend: Backend) -> None:
        manager, plumber = backend.transport(MANAGER), backend.transport(PLUMBER)
        sent = envelope(order())
        manager.post(sent)
        manager.post(sent)
        assert len(plumber.list_available()) == 1
        plumber.delete(sent.msg_id)
        manager.post(sent)  # a late retry after the receiver fetched it: not delivered again
        assert plumber.list_available() == []

    def test_same_msg_id_with_other_content_is_refused(self, backend: Backend) -> None:
        manager, plumber = backend.transport(MANAGER), backend.transport(PLUMBER)
        sent = envelope(order(description="Lekkage"))
        manager.post(sent)
        other = envelope(order(description="Kapotte kraan"), msg_id=sent.msg_id)
        with pytest.raises(DuplicateMessageError) as excinfo:
            manager.post(other)
        assert excinfo.value.error_code == "DUPLICATE_MSGID"
        assert plumber.get(sent.msg_id).content == sent.content

    def test_deleted_message_is_gone(self, backend: Backend) -> None:
        manager, plumber = backend.transport(MANAGER), backend.transport(PLUMBER)
        sent = envelope(order())
        manager.post(sent)
        plumber.delete(sent.msg_id)
        with pytest.raises(MessageNotFoundError) as excinfo:
            plumber.get(sent.msg_id)
        assert excinfo.value.error_code == "MESSAGE_NOT_FOUND"
        with pytest.raises(MessageNotFoundError):
            plumber.delete(sent.msg_id)

    def test_list_filtered_by_msg_type(self, backend: Backend) -> None:
        plumber, manager = backend.transport(PLUMBER), backend.transport(MANAGER)
        bill = envelope(invoice(), msg_type="INVOIC")
        update = envelope(status(sender=PLUMBER_GLN), msg_type="MAINTENANCESTATUS")
        plumber.post(bill)
        plumber.post(update)
        assert [m.msg_id for m in manager.list_available("INVOIC")] == [bill.msg_id]
        assert [m.msg_id for m in manager.list_available("MAINTENANCESTATUS")] == [update.msg_id]
        assert manager.list_available("PLANNINGREQUEST") == []
        assert len(manager.list_available()) == 2

    def test_one_account_cannot_see_or_delete_anothers_messages(self, backend: Backend) -> None:
        manager, plumber, painter = (backend.transport(a) for a in ACCOUNTS)
        sent = envelope(order())
        manager.post(sent)
        assert painter.list_available() == []
        for intruder in (painter, manager):
            with pytest.raises(MessageNotFoundError):
                intruder.get(sent.msg_id)
            with pytest.raises(MessageNotFoundError):
                intruder.delete(sent.msg_id)
        assert plumber.get(sent.msg_id) == sent

    def test_attachments_survive_byte_exact(self, backend: Backend) -> None:
        manager, plumber = backend.transport(MANAGER), backend.transport(PLUMBER)
        photo = Attachment(
            data=bytes(range(256)) * 40,
            file_name="foto lekkage keuken é.jpg",
            file_type="jpg",
            document_type="PHO",
        )
        link = Attachment(url="https://example.org/tekening?id=1&v=2", document_type="TEK")
        empty = Attachment(data=b"", file_name="leeg.txt")
        sent = envelope(order(), attachments=[photo, link, empty])
        manager.post(sent)
        received = plumber.get(sent.msg_id)
        assert received.attachments == (photo, link, empty)
        assert received == sent

    def test_payload_is_carried_byte_exact(self, backend: Backend) -> None:
        manager, plumber = backend.transport(MANAGER), backend.transport(PLUMBER)
        text = "Lekkage &amp; vocht &lt;keuken&gt; café, 3½ m² <![CDATA[a < b & c]]>"
        content = order(description=text).replace(b"\n", b"\r\n")
        sent = envelope(content)
        manager.post(sent)
        assert plumber.get(sent.msg_id).content == content

    def test_a_5_mib_payload(self, backend: Backend) -> None:
        manager, plumber = backend.transport(MANAGER), backend.transport(PLUMBER)
        big = order(description="x" * (5 * 1024 * 1024))
        sent = envelope(big)
        manager.post(sent)
        assert plumber.get(sent.msg_id).content == big

    def test_an_oversized_message_is_refused(self, backend: Backend) -> None:
        manager = backend.transport(MANAGER)
        with pytest.raises(HubFaultError) as excinfo:
            manager.post(envelope(order(description="x" * (12 * 1024 * 1024))))
        assert excinfo.value.error_code == "MESSAGE_TOO_LARGE"
        assert backend.transport(PLUMBER).list_available() == []

    def test_wrong_password_is_an_authentication_error(self, backend: Backend) -> None:
        intruder = backend.transport(MANAGER, password="not-the-password")
        with pytest.raises(AuthenticationError) as excinfo:
            intruder.list_available()
        assert excinfo.value.error_code == "AUTH_FAILED"
        with pytest.raises(AuthenticationError):
            intruder.post(envelope(order()))
        assert backend.transport(PLUMBER).list_available() == []
