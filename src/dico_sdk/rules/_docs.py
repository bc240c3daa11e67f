"""Generate the rule tables of ``docs/validation.md`` from the registry, so they cannot drift.

``python -m dico_sdk.rules._docs docs/validation.md`` rewrites the part between the markers;
a test fails when the committed page differs from what this produces.
"""

from __future__ import annotations

import sys
from pathlib import Path

from dico_sdk.rules._registry import ALL_MESSAGES, Rule, Scope, registered_rules

__all__ = ["BEGIN", "END", "render_rules", "update_page"]

BEGIN = "<!-- rules: generated from the registry by `python -m dico_sdk.rules._docs` -->"
END = "<!-- rules: end -->"

_SECTIONS = (
    ("All messages", Scope.MESSAGE, ALL_MESSAGES),
    ("MaintenanceInstruction", Scope.MESSAGE, "MaintenanceInstruction"),
    ("MaintenanceStatus", None, "MaintenanceStatus"),
    ("Invoice", Scope.MESSAGE, "Invoice"),
)
_NOTES = {
    Scope.CODEC: "codec, on decode",
    Scope.TRACKER: "order tracker",
}


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def _row(rule: Rule) -> str:
    severity = str(rule.severity) if rule.severity is not None else "-"
    where = _NOTES.get(rule.scope, "objects only" if rule.object_only else "validate")
    return (
        f"| {rule.id} | {severity} | {where} | {_cell(rule.summary)} | {_cell(rule.summary_nl)} |"
    )


def _table(rules: list[Rule]) -> list[str]:
    return [
        "| id | severity | checked by | rule | regel |",
        "|---|---|---|---|---|",
        *(_row(rule) for rule in rules),
    ]


def render_rules() -> str:
    """The generated Markdown: one table per message type, then the order tracker's rules."""
    rules = registered_rules()
    out: list[str] = [BEGIN, ""]
    for title, scope, applies_to in _SECTIONS:
        chosen = [
            rule
            for rule in rules
            if rule.applies_to == applies_to
            and rule.scope is not Scope.TRACKER
            and (scope is None or rule.scope is scope)
        ]
        out += [f"### {title}", "", *_table(chosen), ""]
    tracker = [rule for rule in rules if rule.scope is Scope.TRACKER]
    out += [
        "### Process rules (the order tracker)",
        "",
        "Checked across the messages of one order by the order tracker, not by `validate()`.",
        "",
        *_table(tracker),
        "",
        END,
    ]
    return "\n".join(out)


def update_page(text: str) -> str:
    """``text`` with the part between the markers replaced by :func:`render_rules`."""
    start, end = text.index(BEGIN), text.index(END) + len(END)
    return text[:start] + render_rules() + text[end:]


def main(argv: list[str]) -> int:
    """Rewrite the page named in ``argv`` in place."""
    page = Path(argv[0])
    page.write_text(update_page(page.read_text(encoding="utf-8")), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
