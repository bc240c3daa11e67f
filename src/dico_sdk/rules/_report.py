"""The one validation report: schema issues, rule issues and whether every step ran."""

from __future__ import annotations

from typing import Any

import attrs

from dico_sdk.rules._registry import Severity

__all__ = ["INTERNAL", "XML", "XSD", "ValidationIssue", "ValidationReport"]

XSD = "XSD"
"""The ``rule_id`` of an issue found by XSD validation."""
XML = "XML"
"""The ``rule_id`` of a document that could not be read as a DICO message: not well-formed, refused
(DOCTYPE, size), or an unknown root element."""
INTERNAL = "INTERNAL"
"""The ``rule_id`` of a validation step that crashed; such a report is never complete."""


@attrs.frozen
class ValidationIssue:
    """One problem found in a message.

    ``value`` is the value found and ``expected`` what the rule computed (for arithmetic: the
    amount), both as written in XML; ``line`` is known when the message was parsed from bytes.
    """

    rule_id: str
    severity: Severity
    message: str
    xpath: str | None = None
    line: int | None = None
    value: str | None = None
    expected: str | None = None

    @property
    def is_error(self) -> bool:
        """True for severity error."""
        return self.severity is Severity.ERROR

    def __str__(self) -> str:
        where = [f"line {self.line}"] if self.line is not None else []
        if self.xpath:
            where.append(self.xpath)
        place = f" {', '.join(where)}:" if where else ""
        return f"{self.severity} {self.rule_id}{place} {self.message}"

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (the ``--json`` output of ``dico validate``)."""
        return {
            "rule_id": self.rule_id,
            "severity": str(self.severity),
            "message": self.message,
            "xpath": self.xpath,
            "line": self.line,
            "value": self.value,
            "expected": self.expected,
        }


@attrs.frozen
class ValidationReport:
    """Everything validation found in one message.

    ``issues`` are grouped by element in document order, so that the element whose value is wrong
    (say a line amount) comes before the totals that disagree because of it. ``complete`` is False
    when a step did not run (the document could not be read, the schema step failed so the rules
    could not run, or a rule crashed); such a report is never ``ok``.
    """

    issues: tuple[ValidationIssue, ...] = ()
    complete: bool = True
    message_type: str | None = None
    """The root element's local name, when it was recognised."""

    @property
    def ok(self) -> bool:
        """True when every step ran and found no error (warnings allowed)."""
        return self.complete and not self.errors

    @property
    def errors(self) -> tuple[ValidationIssue, ...]:
        """The issues of severity error, in report order."""
        return tuple(issue for issue in self.issues if issue.severity is Severity.ERROR)

    @property
    def warnings(self) -> tuple[ValidationIssue, ...]:
        """The issues of severity warning, in report order."""
        return tuple(issue for issue in self.issues if issue.severity is Severity.WARNING)

    @property
    def rule_ids(self) -> tuple[str, ...]:
        """The distinct rule ids of all issues, in report order."""
        return tuple(dict.fromkeys(issue.rule_id for issue in self.issues))

    def by_element(self) -> dict[str | None, tuple[ValidationIssue, ...]]:
        """The issues grouped by XPath, in document order (the first group is the root cause)."""
        groups: dict[str | None, list[ValidationIssue]] = {}
        for issue in self.issues:
            groups.setdefault(issue.xpath, []).append(issue)
        return {xpath: tuple(issues) for xpath, issues in groups.items()}

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (the ``--json`` output of ``dico validate``)."""
        return {
            "ok": self.ok,
            "complete": self.complete,
            "message_type": self.message_type,
            "errors": len(self.errors),
            "warnings": len(self.warnings),
            "issues": [issue.to_dict() for issue in self.issues],
        }
