"""The error hierarchy: branches by whose fault it is, context kept as attributes."""

from __future__ import annotations

import pytest

from dico_sdk import errors


def test_every_error_derives_from_dico_error() -> None:
    for name in errors.__all__:
        obj = getattr(errors, name)
        if isinstance(obj, type) and issubclass(obj, Exception):
            assert issubclass(obj, errors.DicoError), name


@pytest.mark.parametrize(
    ("cls", "branch"),
    [
        (errors.XmlSyntaxError, errors.MessageError),
        (errors.SecurityError, errors.MessageError),
        (errors.UnknownMessageError, errors.MessageError),
        (errors.SchemaValidationError, errors.MessageError),
        (errors.RuleViolationError, errors.MessageError),
        (errors.HubUnavailableError, errors.TransportError),
        (errors.ProtocolError, errors.TransportError),
        (errors.AuthenticationError, errors.HubFaultError),
        (errors.DuplicateMessageError, errors.HubFaultError),
        (errors.MessageNotFoundError, errors.HubFaultError),
        (errors.HubFaultError, errors.TransportError),
    ],
)
def test_branches(cls: type[Exception], branch: type[Exception]) -> None:
    assert issubclass(cls, branch)


def test_usage_error_is_a_value_error() -> None:
    assert issubclass(errors.UsageError, ValueError)


def test_msg_id_is_shown_once() -> None:
    err = errors.XmlSyntaxError("line 3: broken", line=3, msg_id="abc")
    assert str(err) == "line 3: broken [MsgId abc]"
    assert str(errors.DicoError("about abc", msg_id="abc")) == "about abc"


def test_schema_error_exposes_first_location() -> None:
    issues = [
        errors.SchemaIssue("missing Buyer", line=4, xpath="/MaintenanceInstruction"),
        errors.SchemaIssue("too long", line=9, xpath="/MaintenanceInstruction/Description"),
    ]
    err = errors.SchemaValidationError("2 schema errors", issues=issues)
    assert (err.line, err.xpath) == (4, "/MaintenanceInstruction")
    assert len(err.issues) == 2
    assert str(issues[1]) == "line 9, /MaintenanceInstruction/Description: too long"


def test_hub_fault_keeps_codes() -> None:
    err = errors.AuthenticationError(
        "refused", fault_code="soap:Client", error_code="AUTH", status_code=500
    )
    assert (err.fault_code, err.error_code, err.status_code) == ("soap:Client", "AUTH", 500)


def test_a_non_string_msg_id_still_prints() -> None:
    assert str(errors.DicoError("broken", msg_id=42)) == "broken [MsgId 42]"  # type: ignore[arg-type]
