"""A message object holding a value of the wrong type gets an error naming it by XPath.

A message built in code holds whatever the caller put in it; a type checker would catch
``instruction_date="2026-11-24"``, but Python does not. The rules would crash on such values
and xsdata would write some of them as they are; the SDK names each one instead.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from dico_sdk import UsageError, encode, validate
from dico_sdk.codec import decode_detailed
from dico_sdk.codec._types import type_issues
from dico_sdk.messages import MaintenanceType
from dico_sdk.testing import full_invoice, leaking_tap_instruction

ROOT = "/MaintenanceInstruction"


@pytest.mark.parametrize(
    ("change", "xpath", "says"),
    [
        ({"instruction_date": "2026-11-24"}, "/InstructionDate", "datetime.date.fromisoformat"),
        ({"instruction_date": dt.datetime(2026, 11, 24, 9)}, "/InstructionDate", "is a datetime"),
        ({"instruction_time": "09:15:00"}, "/InstructionTime", "a datetime.time"),
        ({"maximum_amount": "450"}, "/MaximumAmount", "takes a decimal.Decimal"),
        ({"maximum_amount": 450.0}, "/MaximumAmount", "Decimal('450.0')"),
        ({"maximum_amount": True}, "/MaximumAmount", "True is a bool"),
        ({"maintenance_type": "ONDERHOUD"}, "/MaintenanceType", "a MaintenanceType member"),
        ({"buyer": "8712345000011"}, "/Buyer", "takes a Party"),
        ({"free_text": "one remark"}, "/FreeText", "takes a list"),
        ({"free_text": ["fine", 42]}, "/FreeText[2]", "42 is an int; this field takes a str"),
    ],
)
def test_each_misfit_is_named_by_its_xpath(change: dict[str, Any], xpath: str, says: str) -> None:
    [issue] = type_issues(leaking_tap_instruction(**change))
    assert issue.xpath == ROOT + xpath
    assert says in issue.message


def test_what_fits_is_not_an_issue() -> None:
    assert type_issues(leaking_tap_instruction()) == []
    assert type_issues(full_invoice()) == []
    # An int amount is exact; an enum's code given as its member is what the model holds.
    fits = leaking_tap_instruction(maximum_amount=450, maintenance_type=MaintenanceType.REP)
    assert type_issues(fits) == []


def test_a_string_code_is_pointed_at_its_member() -> None:
    [issue] = type_issues(leaking_tap_instruction(maintenance_type="REP"))
    assert "MaintenanceType.REP" in issue.message


def test_xpaths_inside_lists_follow_the_codec_convention() -> None:
    invoice = full_invoice()
    second = invoice.invoice_line[1]
    invoice.invoice_line[1] = dataclasses.replace(second, net_price="62.50")
    [issue] = type_issues(invoice)
    assert issue.xpath == "/Invoice/InvoiceLine[2]/NetPrice"
    pretty = decode_detailed(encode(full_invoice(), pretty=True))
    assert pretty.line_of(issue.xpath) is not None  # the same XPath the codec uses


def test_encode_refuses_a_wrongly_typed_message_naming_the_field() -> None:
    # The XSD accepts the text "2026-11-24": without the check the rules would crash on it.
    with pytest.raises(UsageError, match=r"/MaintenanceInstruction/InstructionDate: '2026-11-24'"):
        encode(leaking_tap_instruction(instruction_date="2026-11-24"))
    with pytest.raises(UsageError, match=r"/MaintenanceInstruction/MaximumAmount: 450\.5 is a"):
        encode(leaking_tap_instruction(maximum_amount=450.5))
    # Without the rules, a string that writes exactly what a date would write is accepted.
    written = encode(leaking_tap_instruction(instruction_date="2026-11-24"), check_rules=False)
    assert b"<InstructionDate>2026-11-24</InstructionDate>" in written


def test_validate_reports_the_misfit_with_its_xpath() -> None:
    report = validate(leaking_tap_instruction(maximum_amount="450", instruction_date=Decimal(1)))
    assert not report.ok
    assert not report.complete
    located = {(i.rule_id, i.xpath) for i in report.issues if i.rule_id == "XSD"}
    assert located == {("XSD", ROOT + "/InstructionDate"), ("XSD", ROOT + "/MaximumAmount")}
