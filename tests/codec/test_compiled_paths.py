"""The compiled binder and writer: what the oracle corpus does not show on its own."""

from __future__ import annotations

import dataclasses
import re
from decimal import Decimal
from typing import Any

import pytest
from lxml import etree

from dico_sdk import SchemaValidationError, UsageError, decode, encode
from dico_sdk.codec import Codec
from dico_sdk.codec import _decode as decode_module
from dico_sdk.codec._compiled_binder import bind_compiled
from dico_sdk.codec._decode import _parse_and_validate
from dico_sdk.codec._plans import plan_cache_info
from dico_sdk.messages import Invoice
from dico_sdk.messages import invoice as inv
from dico_sdk.messages import maintenance_instruction as mi
from dico_sdk.testing import full_invoice, full_maintenance_status, leaking_tap_instruction

XSDATA = Codec(binder="xsdata", writer="xsdata")


def test_the_plan_cache_is_hit_on_the_second_decode() -> None:
    data = encode(full_invoice())
    decode(data)
    before = plan_cache_info()
    decode(data)
    after = plan_cache_info()
    assert after["misses"] == before["misses"]
    assert after["hits"] > before["hits"]
    assert after["size"] == before["size"]


def test_a_value_the_xsd_accepts_but_python_cannot_hold_names_line_and_xpath() -> None:
    # xs:dateTime allows 24:00:00 (the next midnight): on 9999-12-31 that is past year 9999.
    text = encode(full_maintenance_status(), pretty=True, check_rules=False).decode()
    text = re.sub(r"<StatusDateTime>[^<]*<", "<StatusDateTime>9999-12-31T24:00:00Z<", text)
    with pytest.raises(SchemaValidationError) as info:
        decode(text)
    (issue,) = info.value.issues
    assert issue.xpath == "/MaintenanceStatus/StatusDateTime"
    assert issue.line is not None
    assert "<StatusDateTime>9999-12-31T24:00:00Z<" in text.splitlines()[issue.line - 1]
    assert "cannot bind" in str(info.value)
    causes = []
    cause = info.value.__cause__
    while cause is not None:
        causes.append(type(cause))
        cause = cause.__cause__
    assert OverflowError in causes


def test_an_element_the_model_does_not_know_is_refused() -> None:
    # Only possible with a schema newer than the models (see test_replaceable_schemas.py); the
    # tree is built by hand here to show the compiled binder does not skip it silently.
    root, entry, _ = _validated(encode(full_invoice(), check_rules=False))
    etree.SubElement(root.find(f"{{{entry.namespace}}}Buyer"), f"{{{entry.namespace}}}Extra")
    with pytest.raises(SchemaValidationError, match="cannot bind") as info:
        bind_compiled(root, entry.cls, what=entry.name, schema=None, msg_id=None)
    assert info.value.issues[0].xpath == "/Invoice/Buyer/Extra"


def _validated(data: bytes) -> tuple[Any, Any, Any]:
    _, root, entry, notes = _parse_and_validate(data, None, None, len(data) + 1, None)
    return root, entry, notes


def test_comments_processing_instructions_and_whitespace_bind_as_in_xsdata() -> None:
    text = encode(full_invoice(), pretty=True).decode()
    text = text.replace("<Description>", "<!-- c --><Description><?pi x?>", 1)
    text = text.replace("<NetPrice>62.50", "<NetPrice>\n  62.50 ", 1)
    text = text.replace("<MeasureUnit>HUR", "<MeasureUnit> HUR\t", 1)
    text = text.replace("<InvoiceNumber>F-2026", "<InvoiceNumber>\n  F-2026", 1)
    text = text.replace("<Name>Beheer De Linde", "<Name> Beheer  De\tLinde ", 1)
    text = text.replace("<Description>Keukenmengkraan", "<Description> Keuken\n  mengkraan", 1)
    text = text.replace("<InvoiceNumber>", "<InvoiceNumber><![CDATA[", 1).replace(
        "</InvoiceNumber>", "]]></InvoiceNumber>", 1
    )
    compiled = decode(text)
    assert compiled == XSDATA.decode(text)
    assert compiled.invoice_line[0].net_price == Decimal("62.50")
    assert compiled.invoice_number == "F-2026-00412"  # xs:token: collapsed
    assert compiled.buyer.name == "Beheer De Linde B.V."
    assert compiled.invoice_line[1].description.startswith(" Keuken\n  mengkraan")  # xs:string
    # The parser drops comments and processing instructions: the text after one is kept.
    assert compiled.invoice_line[0].description == "Arbeid loodgieter"


def test_the_xsdata_binder_and_writer_are_really_used_when_chosen(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls: list[str] = []
    real_bind = decode_module.bind

    def spy(root: Any, cls: type[Any]) -> Any:
        calls.append(cls.__name__)
        return real_bind(root, cls)

    monkeypatch.setattr(decode_module, "bind", spy)
    data = encode(full_invoice())
    assert decode(data) == XSDATA.decode(data)
    assert calls == ["Invoice"]  # the default path did not call xsdata


def test_a_codec_refuses_an_unknown_engine() -> None:
    with pytest.raises(UsageError, match="binder"):
        Codec(binder="fast")  # type: ignore[arg-type]
    with pytest.raises(UsageError, match="writer"):
        Codec(writer="lxml")  # type: ignore[arg-type]


def _with_line(message: Invoice, **changes: Any) -> Invoice:
    line = dataclasses.replace(message.invoice_line[0], **changes)
    return dataclasses.replace(message, invoice_line=[line, *message.invoice_line[1:]])


@pytest.mark.parametrize(
    "message",
    [
        # Values of another type than the field's: written as xsdata writes them.
        _with_line(full_invoice(), net_price="62.50"),
        # (A float is refused instead: tests/codec/test_encode.py.)
        _with_line(full_invoice(), line_number=True),
        dataclasses.replace(full_invoice(), free_text=("a tuple", "of texts")),
        # A part from another message's module.
        dataclasses.replace(full_invoice(), buyer=mi.Party(gln="8712345000004")),
        # Characters that need escaping, in text and in an attribute.
        dataclasses.replace(full_invoice(), free_text=['a & b < c > d "e" \r\n\tf']),
        dataclasses.replace(
            full_invoice(),
            buyer=inv.Party(
                gln="8712345000004",
                additional_party_id=[
                    inv.AdditionalPartyID(value="x&y", type_value=inv.PartyIDType.CRT)
                ],
            ),
        ),
    ],
    ids=["str-decimal", "bool-int", "tuple", "foreign-part", "escapes", "attribute"],
)
def test_unexpected_values_are_written_exactly_as_xsdata_writes_them(message: Invoice) -> None:
    compiled = _outcome(lambda: Codec().encode(message, validate=False, check_rules=False))
    assert compiled == _outcome(lambda: XSDATA.encode(message, validate=False, check_rules=False))
    assert _outcome(lambda: Codec().encode(message, check_rules=False)) == _outcome(
        lambda: XSDATA.encode(message, check_rules=False)
    )


def test_a_character_xml_cannot_carry_is_refused_as_by_xsdata() -> None:
    message = dataclasses.replace(full_invoice(), free_text=["bell \x07"])
    with pytest.raises(UsageError) as compiled:
        encode(message, validate=False, check_rules=False)
    with pytest.raises(UsageError) as oracle:
        XSDATA.encode(message, validate=False, check_rules=False)
    assert str(compiled.value) == str(oracle.value)


def test_an_element_without_content_is_written_empty_as_by_xsdata() -> None:
    message = dataclasses.replace(leaking_tap_instruction(), requested_period=mi.RequestedPeriod())
    assert b"<RequestedPeriod/>" in encode(message, validate=False, check_rules=False)
    assert encode(message, validate=False, check_rules=False) == XSDATA.encode(
        message, validate=False, check_rules=False
    )
    status = full_maintenance_status(free_text=[""])
    assert encode(status, validate=False, check_rules=False) == XSDATA.encode(
        status, validate=False, check_rules=False
    )


def _outcome(call: Any) -> Any:
    try:
        return call()
    except SchemaValidationError as exc:
        # The compiled writer's tree comes from text, so its issues also carry the line of the
        # compact output (always 2); what they say and where (XPath) is the same.
        return type(exc), [(issue.xpath, issue.message) for issue in exc.issues]
    except UsageError as exc:
        return type(exc), str(exc)


def test_lines_by_xpath_are_the_same_on_both_binders() -> None:
    """The compiled path builds the line map lazily from the intact tree; xsdata's eagerly."""
    data = encode(full_maintenance_status(), pretty=True, check_rules=False)
    lazy = Codec(binder="compiled").decode_detailed(data)
    eager = Codec(binder="xsdata").decode_detailed(data)
    assert dict(lazy.lines) == dict(eager.lines)
    assert len(lazy.lines) > 5
    assert lazy.line_of("/MaintenanceStatus/StatusDateTime") == eager.line_of(
        "/MaintenanceStatus/StatusDateTime"
    )
