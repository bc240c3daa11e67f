"""DICO-MS-07: the older status model is read (mapped to 1.1) and noted as DICO-MS-08."""

from __future__ import annotations

import pytest

from dico_sdk import SchemaValidationError, decode, encode, validate_schema
from dico_sdk.codec import decode_detailed
from dico_sdk.messages import EventCode, StatusCode, StatusDetailCode
from dico_sdk.testing import minimal_maintenance_status


def _status(codes: str) -> str:
    """A pretty MaintenanceStatus whose code elements are replaced by ``codes``."""
    text = encode(minimal_maintenance_status(), pretty=True).decode()
    return text.replace("  <StatusCode>ACC</StatusCode>\n", codes)


@pytest.mark.parametrize(
    ("codes", "status", "event", "original"),
    [
        ("<StatusCode>VIN</StatusCode>", None, EventCode.VIN, "StatusCode VIN"),
        ("<StatusCode>AIN</StatusCode>", None, EventCode.AIN, "StatusCode AIN"),
        ("<StatusCode>VER</StatusCode>", None, EventCode.VER, "StatusCode VER"),
        ("<StatusCode>OND</StatusCode>", None, EventCode.ONH, "StatusCode OND"),
        (
            "<StatusCode>ACC</StatusCode><StatusDetailCode>AFH</StatusDetailCode>",
            StatusCode.ACC,
            EventCode.AFH,
            "StatusDetailCode AFH",
        ),
        ("<StatusDetailCode>THD</StatusDetailCode>", None, EventCode.THD, "StatusDetailCode THD"),
        ("<StatusDetailCode>QUR</StatusDetailCode>", StatusCode.QUR, None, "StatusDetailCode QUR"),
    ],
)
def test_older_codes_are_mapped_and_noted(
    codes: str, status: StatusCode | None, event: EventCode | None, original: str
) -> None:
    text = _status(f"  {codes}\n")
    result = decode_detailed(text)
    assert (result.message.status_code, result.message.event_code) == (status, event)
    assert result.message.status_detail_code == []
    (note,) = result.notes
    assert note.rule_id == "DICO-MS-08"
    assert note.original == original
    assert original in note.message
    assert note.mapped is not None
    assert note.mapped in note.message
    assert note.xpath == f"/MaintenanceStatus/{note.mapped.split()[0]}"
    line = text.splitlines().index(f"  {codes}") + 1
    assert note.line == line
    assert result.line_of(note.xpath) == line


def test_mapping_keeps_other_detail_codes_and_schema_order() -> None:
    text = _status(
        "  <StatusCode>VER</StatusCode>\n  <StatusDetailCode>MIB</StatusDetailCode>\n"
        "  <StatusDetailCode>THD</StatusDetailCode>\n"
    )
    with pytest.raises(SchemaValidationError) as info:
        decode(text)
    message = str(info.value)
    assert "two EventCodes" in message
    assert "EventCode VER (from StatusCode VER" in message
    assert "EventCode THD (from StatusDetailCode THD" in message


def test_a_detail_code_that_moved_is_mapped_while_others_stay() -> None:
    text = _status(
        "  <StatusCode>ACC</StatusCode>\n  <StatusDetailCode>BNT</StatusDetailCode>\n"
        "  <StatusDetailCode>AFH</StatusDetailCode>\n"
    )
    message = decode(text)
    assert message.status_code is StatusCode.ACC
    assert message.event_code is EventCode.AFH
    assert message.status_detail_code == [StatusDetailCode.BNT]


def test_two_status_codes_after_mapping_name_both() -> None:
    text = _status("  <StatusCode>ACC</StatusCode>\n  <StatusDetailCode>QUR</StatusDetailCode>\n")
    with pytest.raises(SchemaValidationError) as info:
        decode(text)
    (issue,) = info.value.issues
    assert "two StatusCodes" in issue.message
    assert "StatusCode ACC" in issue.message
    assert "StatusCode QUR (from StatusDetailCode QUR" in issue.message
    assert issue.line is not None


def test_an_existing_event_plus_a_mapped_one_is_refused() -> None:
    text = _status("  <StatusCode>OND</StatusCode>\n  <EventCode>AFH</EventCode>\n")
    with pytest.raises(SchemaValidationError, match=r"EventCode AFH .*EventCode ONH"):
        validate_schema(text)


def test_current_model_documents_get_no_notes() -> None:
    result = decode_detailed(encode(minimal_maintenance_status()))
    assert result.notes == ()


def test_writing_uses_the_current_model() -> None:
    message = decode(_status("  <StatusCode>OND</StatusCode>\n"))
    data = encode(message)
    assert b"<EventCode>ONH</EventCode>" in data
    assert b"OND" not in data
