"""`dico_sdk.validate`: one report for bytes, text, paths, objects; never ok when incomplete."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
import zoneinfo
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import attrs
import pytest

from dico_sdk import (
    RuleViolationError,
    UsageError,
    ValidationReport,
    decode,
    encode,
    validate,
)
from dico_sdk.rules import INTERNAL, XML, XSD, Severity, _registry
from dico_sdk.rules import _validate as validate_module
from dico_sdk.testing import full_invoice, leaking_tap_instruction

RULES_DIR = Path(__file__).resolve().parent
BROKEN_LINE = RULES_DIR / "DICO-INV-02" / "fail_line.xml"
BASE_INVOICE = RULES_DIR / "_base" / "invoice.xml"


def _wrong_line_amount() -> bytes:
    """The base invoice with only line 2's NetLineAmount wrong: the totals disagree with it."""
    data = BASE_INVOICE.read_bytes()
    return data.replace(b"<NetLineAmount>23.69<", b"<NetLineAmount>23.79<")


def test_bytes_text_path_and_object_give_the_same_issues(today: date) -> None:
    data = BROKEN_LINE.read_bytes()
    reports = [
        validate(data, today=today),
        validate(data.decode("utf-8"), today=today),
        validate(BROKEN_LINE, today=today),
    ]
    assert reports[0] == reports[1] == reports[2]
    from_object = validate(decode(data), today=today)
    as_tuples = [(i.rule_id, i.xpath, i.expected) for i in from_object.issues]
    assert as_tuples == [(i.rule_id, i.xpath, i.expected) for i in reports[0].issues]
    assert [i.line for i in from_object.issues] == [None]
    assert reports[0].issues[0].line == 52


def test_one_wrong_amount_is_reported_root_cause_first(today: date) -> None:
    report = validate(_wrong_line_amount(), today=today)
    assert report.rule_ids == ("DICO-INV-02", "DICO-INV-05", "DICO-INV-03")
    first = report.issues[0]
    assert (first.xpath, first.value, first.expected) == (
        "/Invoice/InvoiceLine[2]/NetLineAmount",
        "23.79",
        "23.69",
    )
    groups = report.by_element()
    assert list(groups) == [
        "/Invoice/InvoiceLine[2]/NetLineAmount",
        "/Invoice/VATSubTotal[1]/VATBaseAmount",
        "/Invoice/InvoiceTotals/TotalNetLineAmount",
    ]
    assert [i.line for i in report.issues] == sorted(i.line for i in report.issues)


def test_messages_in_dutch(today: date) -> None:
    english = validate(BROKEN_LINE, today=today)
    dutch = validate(BROKEN_LINE, today=today, lang="nl")
    assert "but" in english.issues[0].message
    assert "maar" in dutch.issues[0].message
    assert [attrs.evolve(i, message="") for i in dutch.issues] == [
        attrs.evolve(i, message="") for i in english.issues
    ]


def test_a_valid_message_is_ok_and_complete(today: date) -> None:
    report = validate(full_invoice(), today=today)
    assert report == ValidationReport(issues=(), complete=True, message_type="Invoice")
    assert report.ok


def test_warnings_do_not_make_a_report_fail(today: date) -> None:
    report = validate(leaking_tap_instruction(instruction_date=date(2027, 1, 1)), today=today)
    assert report.ok
    assert [w.rule_id for w in report.warnings] == ["DICO-MI-02"]
    assert report.warnings[0].severity is Severity.WARNING


@pytest.mark.parametrize(
    ("data", "fragment"),
    [
        (b"<Invoice xmlns='http://www.ketenstandaard.nl/factuur/SALES/005'><InvoiceType>", "line"),
        (b"<Unknown/>", "not a known DICO message"),
        (b'<!DOCTYPE x [<!ENTITY e "e">]><Invoice/>', "DOCTYPE"),
    ],
)
def test_unreadable_documents_give_an_incomplete_report(data: bytes, fragment: str) -> None:
    report = validate(data)
    assert not report.ok
    assert not report.complete
    [issue] = report.issues
    assert issue.rule_id == XML
    assert issue.severity is Severity.ERROR
    assert fragment in issue.message


def test_schema_errors_are_xsd_issues_with_lines_and_no_rules(today: date) -> None:
    data = _wrong_line_amount().replace(b"<Currency>EUR<", b"<Currency>euro<")
    report = validate(data, today=today)
    assert not report.complete
    assert not report.ok
    assert {i.rule_id for i in report.issues} == {XSD}
    assert report.issues[0].xpath == "/Invoice/Currency"
    assert report.issues[0].line == 6
    assert report.message_type == "Invoice"


def test_a_crashing_rule_is_recorded_and_the_others_still_run(
    monkeypatch: pytest.MonkeyPatch, today: date
) -> None:
    def boom(ctx: object) -> list[object]:
        raise ZeroDivisionError("a bug")

    rule = _registry.get_rule("DICO-INV-03")
    monkeypatch.setitem(_registry._RULES, rule.id, attrs.evolve(rule, check=boom))
    report = validate(_wrong_line_amount(), today=today)
    assert not report.complete
    assert not report.ok
    assert report.issues[0].rule_id == INTERNAL
    assert "DICO-INV-03" in report.issues[0].message
    assert "ZeroDivisionError: a bug" in report.issues[0].message
    assert {"DICO-INV-02", "DICO-INV-05"} <= set(report.rule_ids)


def test_a_crash_while_decoding_is_recorded(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object, **kwargs: object) -> object:
        raise RuntimeError("codec bug")

    monkeypatch.setattr(validate_module, "decode_detailed", broken)
    report = validate(BASE_INVOICE)
    assert not report.ok
    assert not report.complete
    assert report.issues[0].rule_id == INTERNAL


def test_even_a_warning_only_report_with_a_crash_is_not_ok(
    monkeypatch: pytest.MonkeyPatch, today: date
) -> None:
    def boom(ctx: object) -> list[object]:
        raise KeyError("x")

    rule = _registry.get_rule("DICO-INV-14")
    monkeypatch.setitem(_registry._RULES, rule.id, attrs.evolve(rule, check=boom))
    report = validate(BASE_INVOICE, today=today)
    assert report.errors[0].rule_id == INTERNAL
    assert not report.ok


def test_usage_errors() -> None:
    with pytest.raises(UsageError, match="cannot read"):
        validate(Path("/nonexistent/invoice.xml"))
    with pytest.raises(UsageError, match="lang"):
        validate(BASE_INVOICE, lang="de")
    with pytest.raises(UsageError, match="not a registered message class"):
        validate(object())


def test_today_defaults_to_amsterdam() -> None:
    now = datetime.now(zoneinfo.ZoneInfo("Europe/Amsterdam")).date()
    assert validate_module.amsterdam_today() in {now, date.fromordinal(now.toordinal() + 1)}


def test_today_works_without_system_time_zone_data() -> None:
    """Windows and slim containers have no /usr/share/zoneinfo: the tzdata package covers it."""
    zoneinfo.reset_tzpath(to=[])
    zoneinfo.ZoneInfo.clear_cache()
    try:
        assert isinstance(validate_module.amsterdam_today(), date)
    finally:
        zoneinfo.reset_tzpath()
        zoneinfo.ZoneInfo.clear_cache()


def test_encode_refuses_rule_errors_unless_told_not_to() -> None:
    message = full_invoice()
    wrong = dataclasses.replace(message.invoice_line[0], net_line_amount=Decimal("1.00"))
    bad = dataclasses.replace(message, invoice_line=[wrong, *message.invoice_line[1:]])
    with pytest.raises(RuleViolationError) as info:
        encode(bad)
    assert "DICO-INV-02" in info.value.rule_ids
    assert isinstance(info.value.report, ValidationReport)
    assert info.value.report.errors[0].xpath == "/Invoice/InvoiceLine[1]/NetLineAmount"
    assert "DICO-INV-02" in str(info.value)
    data = encode(bad, check_rules=False)
    # decode keeps returning objects for rule-invalid, schema-valid input
    assert decode(data) == bad
    assert not validate(data).ok


def test_encode_lets_warnings_through() -> None:
    future = leaking_tap_instruction(instruction_date=date(2099, 1, 1))
    assert decode(encode(future)) == future


def test_the_encode_check_is_installed_by_importing_the_codec_alone() -> None:
    """The rules register their check when dico_sdk is imported, which any import of the codec
    does first: there is no way to get an encode() that skips the rules by accident."""
    code = (
        "import dataclasses, decimal\n"
        "from dico_sdk.codec import encode\n"
        "from dico_sdk.errors import RuleViolationError\n"
        "from dico_sdk.testing import full_invoice\n"
        "m = full_invoice()\n"
        "t = dataclasses.replace(m.invoice_totals, payable_amount=decimal.Decimal('1.00'))\n"
        "try:\n"
        "    encode(dataclasses.replace(m, invoice_totals=t))\n"
        "except RuleViolationError as e:\n"
        "    print(e.rule_ids)\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert proc.stdout.strip() == "('DICO-INV-10',)"
