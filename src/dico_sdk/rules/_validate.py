"""``validate()``: schema and every business rule in one report, for bytes, text, paths, objects."""

from __future__ import annotations

import functools
import os
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from dico_sdk._xmlsafe import DEFAULT_MAX_SIZE
from dico_sdk.codec import DecodeNote, DecodeResult, decode_detailed, encode
from dico_sdk.codec._types import describe_type_issues, type_issues
from dico_sdk.errors import (
    RuleViolationError,
    SchemaIssue,
    SchemaValidationError,
    SecurityError,
    UnknownMessageError,
    UsageError,
    XmlSyntaxError,
)
from dico_sdk.messages import MessageRegistry, default_registry
from dico_sdk.rules._nav import root_name
from dico_sdk.rules._registry import Severity, get_rule
from dico_sdk.rules._report import XML, XSD, ValidationIssue, ValidationReport
from dico_sdk.rules._run import OrderedIssue, crash_issue, run_rules, sort_issues

__all__ = [
    "amsterdam_today",
    "check_languages",
    "refuse_rule_errors",
    "validate",
    "validate_document",
]

LANGUAGES = ("en", "nl")
# The DICO parties are Dutch: "today" is the date in the Netherlands, wherever the code runs.
_AMSTERDAM = "Europe/Amsterdam"


def amsterdam_today() -> date:
    """Today's date in Europe/Amsterdam (the default "today" of the date-dependent rules)."""
    return datetime.now(ZoneInfo(_AMSTERDAM)).date()


def check_languages(lang: str) -> None:
    """Refuse a language the rule messages are not written in."""
    if lang not in LANGUAGES:
        raise UsageError(f"lang must be one of {', '.join(LANGUAGES)}, not {lang!r}")


def validate(
    source: Any,
    *,
    today: date | None = None,
    lang: str = "en",
    registry: MessageRegistry | None = None,
    max_size: int = DEFAULT_MAX_SIZE,
) -> ValidationReport:
    """Validate a DICO message against its schema and every business rule, in one report.

    ``source`` is the document's bytes, its text (``str``), a file path (``os.PathLike``), or a
    message object. Every issue is collected; the report is ``ok`` only when every step ran and
    found no error. ``today`` is the date the date-dependent rules use (default: the current
    date in Europe/Amsterdam); ``lang`` is ``"en"`` or ``"nl"`` for the issue messages.

    A document that cannot be read as a DICO message (not well-formed, refused, unknown root)
    gives a report with one ``XML`` issue; a schema-invalid one its ``XSD`` issues (the rules
    need a valid document, so that report is incomplete). A file that cannot be opened raises
    :class:`UsageError`.
    """
    check_languages(lang)
    day = _today(today)
    registry = registry or default_registry()
    if _is_document(source):
        return _validate_document(source, day, lang, registry, max_size)[0]
    registry.for_class(type(source))  # UsageError for anything that is not a message
    return _validate_object(source, day, lang, registry)


def validate_document(
    source: Any,
    *,
    today: date | None = None,
    lang: str = "en",
    registry: MessageRegistry | None = None,
    max_size: int = DEFAULT_MAX_SIZE,
) -> tuple[ValidationReport, Any | None]:
    """:func:`validate` of a document, with the message it decoded (None when it could not).

    For callers that need both (the client's receive loop): the document is decoded once.
    """
    check_languages(lang)
    day = _today(today)
    return _validate_document(source, day, lang, registry or default_registry(), max_size)


def _today(today: date | None) -> date:
    if today is None:
        return amsterdam_today()
    # A str or datetime would compare wrongly (or not at all) with the messages' dates.
    if type(today) is not date:
        raise UsageError(f"today must be a datetime.date, not {type(today).__name__}")
    return today


def _is_document(source: object) -> bool:
    return isinstance(source, bytes | bytearray | memoryview | str | os.PathLike)


def _validate_document(
    source: Any, today: date, lang: str, registry: MessageRegistry, max_size: int
) -> tuple[ValidationReport, Any | None]:
    try:
        result = decode_detailed(source, registry=registry, max_size=max_size)
    except SchemaValidationError as exc:
        return _schema_report(exc, registry), None
    except (XmlSyntaxError, SecurityError, UnknownMessageError) as exc:
        line = getattr(exc, "line", None)
        issue = ValidationIssue(XML, Severity.ERROR, exc.message, line=line)
        return ValidationReport(issues=(issue,), complete=False), None
    except UsageError:
        raise
    except Exception as exc:  # noqa: BLE001 - recorded as an issue, the report incomplete
        return ValidationReport(issues=(crash_issue("decoding", exc),), complete=False), None
    return _rules_report(result, today, lang), result.message


def _rules_report(result: DecodeResult, today: date, lang: str) -> ValidationReport:
    issues, complete = run_rules(
        result.message,
        today=today,
        from_object=False,
        lang=lang,
        line_of=functools.partial(result.line_of, nearest=True),
    )
    notes = [_note_issue(note, lang) for note in result.notes]
    root_class = type(result.message)
    return ValidationReport(
        issues=sort_issues([*notes, *issues], root_class),
        complete=complete,
        message_type=root_name(result.message),
    )


def _note_issue(note: DecodeNote, lang: str) -> ValidationIssue:
    """A codec note (DICO-MS-08: an older-model code was mapped) as a report issue."""
    rule = get_rule(note.rule_id)
    params = {"original": note.original, "mapped": note.mapped}
    assert rule.severity is not None
    return ValidationIssue(
        rule_id=rule.id,
        severity=rule.severity,
        message=rule.message(lang, params) if note.original and note.mapped else note.message,
        xpath=note.xpath,
        line=note.line,
        value=note.original,
        expected=note.mapped,
    )


def _xsd_issue(issue: SchemaIssue) -> ValidationIssue:
    return ValidationIssue(XSD, Severity.ERROR, issue.message, xpath=issue.xpath, line=issue.line)


def _schema_report(exc: SchemaValidationError, registry: MessageRegistry) -> ValidationReport:
    root = next((i.xpath.split("/")[1] for i in exc.issues if i.xpath), None)
    root_class = next((entry.cls for entry in registry if entry.name == root), None)
    issues = sort_issues([_xsd_issue(issue) for issue in exc.issues], root_class)
    # The rules need a schema-valid document: they did not run, so the report is incomplete.
    return ValidationReport(issues=issues, complete=False, message_type=root)


def _validate_object(
    message: Any, today: date, lang: str, registry: MessageRegistry
) -> ValidationReport:
    found, complete = run_rules(message, today=today, from_object=True, lang=lang)
    schema: list[ValidationIssue | OrderedIssue] = []
    try:
        encode(message, validate=True, check_rules=False, registry=registry)
    except SchemaValidationError as exc:
        schema = [_xsd_issue(issue) for issue in exc.issues]
    except UsageError as exc:
        schema = [ValidationIssue(XSD, Severity.ERROR, exc.message)]
        complete = False
    if not complete:  # a rule crashed or writing failed: most often on a value of the wrong type
        wrong: list[ValidationIssue | OrderedIssue] = [_xsd_issue(i) for i in type_issues(message)]
        schema = wrong or schema
    return ValidationReport(
        issues=sort_issues([*schema, *found], type(message)),
        complete=complete,
        message_type=root_name(message),
    )


def refuse_rule_errors(message: Any) -> None:
    """The check ``encode(..., check_rules=True)`` runs: RuleViolationError on any rule error."""
    found, complete = run_rules(message, today=amsterdam_today(), from_object=True)
    if not complete:  # a rule crashed: most often on a value of the wrong type
        wrong = describe_type_issues(message)
        if wrong:
            raise UsageError(f"cannot check the rules of this {root_name(message)}: {wrong}")
    report = ValidationReport(
        issues=sort_issues(found, type(message)),
        complete=complete,
        message_type=root_name(message),
    )
    if report.errors:
        first = report.errors[0]
        count = len(report.errors)
        raise RuleViolationError(
            f"the {report.message_type} breaks {count} business rule{'s' * (count != 1)}; "
            f"first {first.rule_id} at {first.xpath}: {first.message}",
            report=report,
        )
