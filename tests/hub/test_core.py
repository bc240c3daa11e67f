"""HubCore: accounts, routing by the payload's GLNs, dedup kept after delete, ErrorCodes."""

from __future__ import annotations

import datetime as dt

import pytest

from dico_sdk.errors import UsageError
from dico_sdk.hub import (
    Account,
    ErrorCode,
    HubCore,
    HubFault,
    MemoryStorage,
    Participant,
    envelope_or_fault,
    fingerprint,
)
from dico_sdk.transport import Attachment, Envelope

MANAGER, PLUMBER, PAINTER = "8712345000011", "8712345000028", "8712345000035"
NS = "http://www.ketenstandaard.nl"


def payload(root: str, ns: str, buyer: str, supplier: str, sender: str | None = None) -> bytes:
    sender_xml = f"<SenderGLN>{sender}</SenderGLN>" if sender else ""
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><{root} xmlns="{NS}/{ns}/SALES/005">'
        f"{sender_xml}<Buyer><GLN>{buyer}</GLN></Buyer>"
        f"<Supplier><GLN>{supplier}</GLN></Supplier></{root}>"
    ).encode()


def order(buyer: str = MANAGER, supplier: str = PLUMBER) -> bytes:
    return payload("MaintenanceInstruction", "onderhoudsopdracht", buyer, supplier)


def envelope(content: bytes, msg_type: str = "MAINTENANCEINSTRUCTION", **kw: object) -> Envelope:
    return Envelope.new(content, msg_type=msg_type, **kw)  # type: ignore[arg-type]


@pytest.fixture
def core() -> HubCore:
    return HubCore(
        [
            Account.create("vve", "s3cret", glns=[MANAGER], cost=2**4),
            Account.create("plumber", "pw-plumber", glns=[PLUMBER], cost=2**4),
            Account.create("painter", "pw-painter", glns=[PAINTER], accepts=["INVOIC"], cost=2**4),
        ],
        MemoryStorage(),
    )


def fault_of(excinfo: pytest.ExceptionInfo[HubFault]) -> ErrorCode:
    return excinfo.value.error_code


def test_password_is_stored_salted_and_hashed() -> None:
    one = Account.create("a", "same", glns=["1"])
    two = Account.create("b", "same", glns=["2"])
    assert b"same" not in one.password_hash
    assert one.password_hash != two.password_hash
    assert one.verify("same")
    assert not one.verify("Same")
    assert "same" not in repr(one)


def test_authenticate(core: HubCore) -> None:
    assert core.authenticate("vve", "s3cret").name == "vve"
    assert core.authenticate("vve", "s3cret").name == "vve"  # the cached path
    for user, password in [("vve", "wrong"), ("nobody", "s3cret"), ("", "")]:
        with pytest.raises(HubFault) as excinfo:
            core.authenticate(user, password)
        assert fault_of(excinfo) is ErrorCode.AUTH_FAILED
        assert excinfo.value.fault_code == "soap:Client"


def test_order_is_routed_buyer_to_supplier(core: HubCore) -> None:
    vve, plumber, painter = core.accounts
    sent = envelope(order())
    assert core.post(vve, sent).msg_id == sent.msg_id
    assert [m.msg_id for m in core.list_available(plumber)] == [sent.msg_id]
    assert core.list_available(painter) == []
    assert core.list_available(vve) == []
    assert core.get(plumber, sent.msg_id) == sent


@pytest.mark.parametrize(
    ("root", "ns", "sender", "receiver_index"),
    [
        ("Invoice", "factuur", PLUMBER, 0),
        ("PlanningResponse", "planningsreactie", PLUMBER, 0),
        ("PlanningRequest", "planningsverzoek", MANAGER, 1),
    ],
)
def test_direction_follows_the_message(
    core: HubCore, root: str, ns: str, sender: str, receiver_index: int
) -> None:
    accounts = core.accounts
    owner = next(a for a in accounts if sender in a.glns)
    core.post(owner, envelope(payload(root, ns, MANAGER, PLUMBER), msg_type=root.upper()))
    assert len(core.list_available(accounts[receiver_index])) == 1


def test_sender_gln_decides_the_direction_of_a_status(core: HubCore) -> None:
    vve, plumber, _ = core.accounts
    status = payload("MaintenanceStatus", "onderhoudsstatus", MANAGER, PLUMBER, sender=PLUMBER)
    core.post(plumber, envelope(status, msg_type="MAINTENANCESTATUS"))
    assert len(core.list_available(vve)) == 1
    back = payload("MaintenanceStatus", "onderhoudsstatus", MANAGER, PLUMBER, sender=MANAGER)
    core.post(vve, envelope(back, msg_type="MAINTENANCESTATUS"))
    assert len(core.list_available(plumber)) == 1


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (order(buyer=PLUMBER, supplier=MANAGER), ErrorCode.SENDER_NOT_OWNED),
        (order(supplier="8712345000097"), ErrorCode.UNKNOWN_RECEIVER),
        (
            payload("MaintenanceStatus", "onderhoudsstatus", MANAGER, PLUMBER),
            ErrorCode.SENDER_NOT_OWNED,
        ),
        (b"<MaintenanceInstruction><Buyer>", ErrorCode.MALFORMED_PAYLOAD),
        (b'<!DOCTYPE x [<!ENTITY a "b">]><x>&a;</x>', ErrorCode.MALFORMED_PAYLOAD),
        (b"not xml at all", ErrorCode.MALFORMED_PAYLOAD),
        (
            b'<Order xmlns="urn:other"><Buyer><GLN>1</GLN></Buyer></Order>',
            ErrorCode.UNKNOWN_MESSAGE_TYPE,
        ),
    ],
)
def test_refusals(core: HubCore, content: bytes, code: ErrorCode) -> None:
    vve = core.accounts[0]
    with pytest.raises(HubFault) as excinfo:
        core.post(vve, envelope(content))
    assert fault_of(excinfo) is code
    assert all(core.list_available(a) == [] for a in core.accounts)


def test_receiver_that_does_not_accept_the_type(core: HubCore) -> None:
    with pytest.raises(HubFault) as excinfo:
        core.post(core.accounts[0], envelope(order(supplier=PAINTER)))
    assert fault_of(excinfo) is ErrorCode.UNKNOWN_RECEIVER
    assert "does not accept" in excinfo.value.message


def test_invalid_properties_and_size(core: HubCore) -> None:
    vve = core.accounts[0]
    with pytest.raises(HubFault) as excinfo:
        core.post(vve, envelope(order(), msg_format="XML"))
    assert fault_of(excinfo) is ErrorCode.INVALID_PROPERTIES
    small = HubCore(core.accounts, MemoryStorage(), max_message_size=200)
    big = envelope(order(), attachments=[Attachment(data=b"x" * 200)])
    with pytest.raises(HubFault) as excinfo:
        small.post(vve, big)
    assert fault_of(excinfo) is ErrorCode.MESSAGE_TOO_LARGE


def test_dedup_survives_delete(core: HubCore) -> None:
    vve, plumber, _ = core.accounts
    sent = envelope(order())
    core.post(vve, sent)
    core.post(vve, sent)
    assert len(core.list_available(plumber)) == 1
    core.get(plumber, sent.msg_id)
    core.delete(plumber, sent.msg_id)
    core.post(vve, sent)  # a late retry of the same message: success, not a second delivery
    assert core.list_available(plumber) == []
    changed = Envelope.new(order() + b" ", msg_type="MAINTENANCEINSTRUCTION", msg_id=sent.msg_id)
    with pytest.raises(HubFault) as excinfo:
        core.post(vve, changed)
    assert fault_of(excinfo) is ErrorCode.DUPLICATE_MSGID


def test_fingerprint_covers_attachments() -> None:
    when = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    base = Envelope("id", when, "SALES", "005", "T", b"x", (Attachment(data=b"a"),))
    assert fingerprint(base) != fingerprint(
        Envelope("id", when, "SALES", "005", "T", b"x", (Attachment(data=b"b"),))
    )
    assert fingerprint(base) != fingerprint(
        Envelope("id", when, "SALES", "005", "T", b"x", (Attachment(data=b"a", file_name="f"),))
    )
    assert fingerprint(base) == fingerprint(
        Envelope.new(b"x", msg_type="other", attachments=base.attachments)
    )


def test_mailboxes_are_private(core: HubCore) -> None:
    vve, plumber, painter = core.accounts
    sent = envelope(order())
    core.post(vve, sent)
    for other in (vve, painter):
        for call in (core.get, core.delete):
            with pytest.raises(HubFault) as excinfo:
                call(other, sent.msg_id)
            assert fault_of(excinfo) is ErrorCode.MESSAGE_NOT_FOUND
    core.delete(plumber, sent.msg_id)
    with pytest.raises(HubFault) as excinfo:
        core.get(plumber, sent.msg_id)
    assert fault_of(excinfo) is ErrorCode.MESSAGE_NOT_FOUND


def test_list_filters_by_type(core: HubCore) -> None:
    vve, plumber, _ = core.accounts
    core.post(vve, envelope(order()))
    planning = payload("PlanningRequest", "planningsverzoek", MANAGER, PLUMBER)
    core.post(vve, envelope(planning, msg_type="PLANNINGREQUEST"))
    assert [m.msg_type for m in core.list_available(plumber, "PLANNINGREQUEST")] == [
        "PLANNINGREQUEST"
    ]
    assert len(core.list_available(plumber)) == 2


def test_directory(core: HubCore) -> None:
    assert [p.gln for p in core.directory()] == [MANAGER, PLUMBER, PAINTER]
    assert core.participant(PAINTER) == Participant(gln=PAINTER, accepts=frozenset({"INVOIC"}))
    assert core.participant("8712345000097") is None


def test_accounts_cannot_share_a_gln(core: HubCore) -> None:
    with pytest.raises(UsageError):
        core.add_account(Account.create("other", "pw", glns=[PLUMBER]))
    with pytest.raises(UsageError):
        core.add_account(Account.create("vve", "pw", glns=["8712345000097"]))


def test_internal_error_is_a_server_fault() -> None:
    assert ErrorCode.INTERNAL_ERROR.fault_code == "soap:Server"
    assert {c.fault_code for c in ErrorCode if c is not ErrorCode.INTERNAL_ERROR} == {"soap:Client"}


def test_envelope_or_fault_refuses_bad_wire_properties() -> None:
    when = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    fields = {"msg_format": "SALES", "msg_version": "005", "msg_type": "T", "content": b""}
    assert envelope_or_fault(msg_id="m", msg_datetime=when, **fields).msg_id == "m"  # type: ignore[arg-type]
    for msg_id, when_ in [("x" * 51, when), ("", when), ("m", when.replace(tzinfo=None))]:
        with pytest.raises(HubFault) as excinfo:
            envelope_or_fault(msg_id=msg_id, msg_datetime=when_, **fields)  # type: ignore[arg-type]
        assert fault_of(excinfo) is ErrorCode.INVALID_PROPERTIES
