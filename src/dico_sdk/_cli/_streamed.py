"""``dico validate`` for files too large to hold: schema only, streamed with flat memory."""

from __future__ import annotations

from pathlib import Path

from dico_sdk.codec import STREAM_THRESHOLD, validate_stream
from dico_sdk.errors import (
    SchemaValidationError,
    SecurityError,
    UnknownMessageError,
    XmlSyntaxError,
)
from dico_sdk.rules import ValidationIssue, ValidationReport
from dico_sdk.rules._registry import Severity
from dico_sdk.rules._report import XML, XSD

__all__ = ["streamed_report", "too_large_to_hold"]


def too_large_to_hold(path: Path) -> bool:
    """Whether ``dico validate`` streams this file (over ``STREAM_THRESHOLD``, 16 MiB)."""
    try:
        return path.is_file() and path.stat().st_size > STREAM_THRESHOLD
    except OSError:
        return False  # the regular path reports why the file cannot be read


def streamed_report(path: Path) -> ValidationReport:
    """The schema check of a large file, streamed; the business rules are not run.

    The rules need the whole message in memory, so a file this large gets a schema-only report
    with one warning saying so. Since a step did not run, the report is not complete and so never
    ``ok``: the file is not called valid when its business rules were not checked. Streaming
    stops at the first part with schema issues.
    """
    try:
        entry = validate_stream(path)
    except SchemaValidationError as exc:
        issues = tuple(
            ValidationIssue(XSD, Severity.ERROR, i.message, xpath=i.xpath, line=i.line)
            for i in exc.issues
        )
        root = next((i.xpath.split("/")[1] for i in exc.issues if i.xpath), None)
        return ValidationReport(issues=issues, complete=False, message_type=root)
    except (XmlSyntaxError, SecurityError, UnknownMessageError) as exc:
        issue = ValidationIssue(XML, Severity.ERROR, exc.message, line=getattr(exc, "line", None))
        return ValidationReport(issues=(issue,), complete=False)
    size = path.stat().st_size / 2**20
    note = ValidationIssue(
        XSD,
        Severity.WARNING,
        f"{size:,.0f} MiB is over {STREAM_THRESHOLD // 2**20} MiB: checked against the schema"
        " only, streamed; the business rules were not run",
    )
    return ValidationReport(issues=(note,), complete=False, message_type=entry.name)
