"""Run the registered rules over a message object and collect their issues in report order."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date

import attrs

from dico_sdk.rules._nav import Node, order_of_xpath, root_name, text
from dico_sdk.rules._registry import Finding, Rule, RuleContext, Severity, iter_message_rules
from dico_sdk.rules._report import INTERNAL, ValidationIssue

__all__ = ["LineOf", "OrderedIssue", "crash_issue", "run_rules", "sort_issues"]

_ABSENT = {"en": "absent", "nl": "afwezig"}


@attrs.frozen
class OrderedIssue:
    """An issue with its document-order key, before the report sorts them."""

    order: tuple[int, ...]
    issue: ValidationIssue


LineOf = Callable[[str], int | None]
"""The source line of an XPath (the codec's ``DecodeResult.line_of`` with ``nearest=True``)."""


def _issue(rule: Rule, finding: Finding, lang: str, line_of: LineOf | None) -> ValidationIssue:
    value, expected = text(finding.value), text(finding.expected)
    params = {name: text(param) for name, param in finding.params.items()}
    params["value"] = value if value is not None else _ABSENT.get(lang, "absent")
    params["expected"] = expected
    xpath = finding.node.xpath
    assert rule.severity is not None  # only checking rules run
    return ValidationIssue(
        rule_id=rule.id,
        severity=rule.severity,
        message=rule.message(lang, params),
        xpath=xpath,
        line=line_of(xpath) if line_of is not None else None,
        value=value,
        expected=expected,
    )


def run_rules(
    message: object,
    *,
    today: date,
    from_object: bool,
    lang: str = "en",
    line_of: LineOf | None = None,
) -> tuple[list[OrderedIssue], bool]:
    """Run every rule that applies to ``message``; returns the issues and whether all ran.

    A rule that raises is recorded as an ``INTERNAL`` issue (and the run is incomplete) rather
    than ending validation: the other rules' findings still reach the caller.
    """
    root = Node.root(message)
    ctx = RuleContext(root=root, today=today, from_object=from_object)
    found: list[OrderedIssue] = []
    complete = True
    for rule in iter_message_rules(root_name(message), from_object=from_object):
        assert rule.check is not None
        try:
            found.extend(
                OrderedIssue(finding.node.order, _issue(rule, finding, lang, line_of))
                for finding in rule.check(ctx)
            )
        except Exception as exc:  # noqa: BLE001 - recorded as an issue, the report incomplete
            complete = False
            found.append(OrderedIssue((), crash_issue(f"rule {rule.id}", exc, root.xpath)))
    return found, complete


def crash_issue(step: str, exc: BaseException, xpath: str | None = None) -> ValidationIssue:
    """The issue recording that a validation step crashed (a bug to report, not bad input)."""
    return ValidationIssue(
        rule_id=INTERNAL,
        severity=Severity.ERROR,
        message=f"{step} crashed, so the report is incomplete: {type(exc).__name__}: {exc}",
        xpath=xpath,
    )


def sort_issues(
    issues: Iterable[ValidationIssue | OrderedIssue], root_class: type | None
) -> tuple[ValidationIssue, ...]:
    """Issues grouped by element in document order (stable: same element keeps rule order)."""
    keyed: list[tuple[tuple[int, ...], ValidationIssue]] = []
    for item in issues:
        if isinstance(item, OrderedIssue):
            keyed.append((item.order, item.issue))
        elif item.xpath and root_class is not None:
            keyed.append((order_of_xpath(root_class, item.xpath), item))
        else:
            keyed.append(((), item))
    keyed.sort(key=lambda pair: pair[0])
    return tuple(issue for _, issue in keyed)
