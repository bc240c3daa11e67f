"""The rule registry: every business rule under its stable id, severity and message templates.

Rule ids are public API (rules.md): never renumbered, only retired. A rule is a small function
that receives a :class:`RuleContext` and yields :class:`Finding` objects; the runner turns each
finding into a :class:`~dico_sdk.rules.ValidationIssue` with the message in the chosen language.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from decimal import Decimal
from typing import Any

import attrs

from dico_sdk.errors import UsageError
from dico_sdk.rules._nav import Node, walk_leaves

__all__ = [
    "ALL_MESSAGES",
    "INDEXED_ELEMENTS",
    "Finding",
    "Rule",
    "RuleCheck",
    "RuleContext",
    "Scope",
    "Severity",
    "add",
    "describe",
    "get_rule",
    "iter_message_rules",
    "register",
    "registered_rules",
]

INDEXED_ELEMENTS = frozenset({"GLN", "SenderGLN", "LineNumber"})
"""The simple elements rules find anywhere in a message with ``RuleContext.leaves``."""

ALL_MESSAGES = "all messages"
"""``Rule.applies_to`` of a rule that every message type is checked against."""


class Severity(enum.StrEnum):
    """How bad a finding is: an ``error`` blocks sending, a ``warning`` is only reported."""

    ERROR = "error"
    WARNING = "warning"


class Scope(enum.StrEnum):
    """Who checks a rule."""

    MESSAGE = "message"
    """Single-message validation (``dico_sdk.validate``)."""
    CODEC = "codec"
    """The codec, while decoding (the older status model, DICO-MS-07/08)."""
    TRACKER = "tracker"
    """The order tracker, across the messages of one order (DICO-PRC-*); not run by validate."""


@attrs.define
class RuleContext:
    """What a rule function sees: the message (as a navigable node) and the caller's "today"."""

    root: Node
    today: date
    from_object: bool
    """True when validating a message object rather than bytes (some rules are object-only)."""
    _leaves: dict[str, list[Node]] | None = attrs.field(default=None, init=False, repr=False)
    memo: dict[str, Any] = attrs.field(factory=dict, init=False, repr=False)
    """Values several rules of one message share (computed once per validation)."""

    def _by_name(self) -> dict[str, list[Node]]:
        if self._leaves is None:
            # One walk of the whole message, shared by the rules that look at every element.
            self._leaves = {}
            leaves = walk_leaves(self.root, INDEXED_ELEMENTS, decimals=self.from_object)
            for leaf in leaves:
                self._leaves.setdefault(leaf.name, []).append(leaf)
        return self._leaves

    def leaves(self, *names: str) -> list[Node]:
        """Every element named one of ``names`` (of :data:`INDEXED_ELEMENTS`), anywhere in the
        message, in document order."""
        unknown = set(names) - INDEXED_ELEMENTS
        if unknown:
            raise UsageError(f"elements {sorted(unknown)} are not indexed for the rules")
        by_name = self._by_name()
        return [leaf for name in names for leaf in by_name.get(name, ())]

    def decimal_leaves(self) -> list[Node]:
        """Every Decimal-valued element of a message object (only when ``from_object``)."""
        if not self.from_object:
            raise UsageError("decimal_leaves() is for object-only rules")
        return [
            leaf
            for leaves in self._by_name().values()
            for leaf in leaves
            if isinstance(leaf.obj, Decimal)
        ]

    def finding(
        self, node: Node, *, value: object = None, expected: object = None, **params: object
    ) -> Finding:
        """A finding at ``node``; ``params`` fill the rule's message templates."""
        return Finding(node=node, value=value, expected=expected, params=params)


@attrs.frozen
class Finding:
    """One violation found by a rule function, before it becomes a ValidationIssue."""

    node: Node
    value: object = None
    expected: object = None
    params: dict[str, object] = attrs.field(factory=dict)


RuleCheck = Callable[[RuleContext], Iterable[Finding]]
"""The signature of a rule function."""


@attrs.frozen
class Rule:
    """One business rule: its stable id, severity, what it says, and the function checking it."""

    id: str
    severity: Severity | None
    """None for DICO-MS-07, a mapping rather than a check."""
    applies_to: str
    """The message root name it checks (``"Invoice"`` ...) or :data:`ALL_MESSAGES`."""
    summary: str
    """One English sentence for the documentation."""
    summary_nl: str
    message_en: str
    """Template of the issue message (``str.format`` with the finding's params and ``value``,
    ``expected``)."""
    message_nl: str
    scope: Scope = Scope.MESSAGE
    check: RuleCheck | None = attrs.field(default=None, eq=False, repr=False)
    object_only: bool = False
    """Checked on message objects only (on bytes the XSD has already said it)."""

    def message(self, lang: str, params: dict[str, Any]) -> str:
        """The issue message in ``lang`` ("en" or "nl") filled with ``params``."""
        template = self.message_nl if lang == "nl" else self.message_en
        return template.format(**params)


_RULES: dict[str, Rule] = {}


def register(
    rule_id: str,
    severity: Severity | None,
    applies_to: str,
    *,
    summary: str,
    summary_nl: str,
    en: str,
    nl: str,
    scope: Scope = Scope.MESSAGE,
    object_only: bool = False,
) -> Callable[[RuleCheck], RuleCheck]:
    """Register the decorated function as the check of rule ``rule_id``."""

    def decorate(check: RuleCheck) -> RuleCheck:
        add(
            Rule(
                id=rule_id,
                severity=severity,
                applies_to=applies_to,
                summary=summary,
                summary_nl=summary_nl,
                message_en=en,
                message_nl=nl,
                scope=scope,
                check=check,
                object_only=object_only,
            )
        )
        return check

    return decorate


def describe(
    rule_id: str,
    severity: Severity | None,
    applies_to: str,
    *,
    scope: Scope,
    summary: str,
    summary_nl: str,
    en: str | None = None,
    nl: str | None = None,
) -> None:
    """Register a rule that another part checks (the codec, the order tracker): no function,
    but its id, severity and texts live here with the others. The message defaults to the
    summary."""
    add(
        Rule(
            id=rule_id,
            severity=severity,
            applies_to=applies_to,
            summary=summary,
            summary_nl=summary_nl,
            message_en=en if en is not None else summary,
            message_nl=nl if nl is not None else summary_nl,
            scope=scope,
        )
    )


def add(rule: Rule) -> None:
    """Add a rule to the registry; an id can be registered once."""
    if rule.id in _RULES:
        raise UsageError(f"rule {rule.id} is registered twice")
    _RULES[rule.id] = rule


def registered_rules(*, scope: Scope | None = None) -> tuple[Rule, ...]:
    """Every registered rule, in id order (optionally only those of one scope)."""
    return tuple(rule for _, rule in sorted(_RULES.items()) if scope is None or rule.scope is scope)


def get_rule(rule_id: str) -> Rule:
    """The rule registered under ``rule_id``; ``UsageError`` for an unknown id."""
    try:
        return _RULES[rule_id]
    except KeyError:
        raise UsageError(f"no rule has the id {rule_id!r}") from None


def iter_message_rules(message_type: str, *, from_object: bool) -> Iterator[Rule]:
    """The rules single-message validation runs for a message of root ``message_type``."""
    for rule in registered_rules(scope=Scope.MESSAGE):
        if rule.check is None or (rule.object_only and not from_object):
            continue
        if rule.applies_to in (ALL_MESSAGES, message_type):
            yield rule
