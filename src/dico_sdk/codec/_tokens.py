"""Which fields of a message hold token-typed text, so the compiled binder collapses them.

The XSD reads an ``xs:token`` value whitespace-collapsed (``<GLN> 8712345000011 </GLN>`` is the
GLN ``8712345000011``), and the codec binds that collapsed value (``_whitespace``). The xsdata
path collapses the tree before binding, with an XPath over every leaf; the compiled binder
instead learns once per message type and schema which fields are token-typed (from the same
model of the XSD) and collapses just those values as it reads them.
"""

from __future__ import annotations

import functools
from pathlib import Path

from dico_sdk.codec._plans import ClassPlan
from dico_sdk.codec._whitespace import _derives_from_token
from dico_sdk.codec._whitespace import _model as schema_model

__all__ = ["collapse", "token_fields"]


def collapse(text: str) -> str:
    """``text`` whitespace-collapsed, as the XSD reads a token."""
    return " ".join(text.split())


@functools.cache
def token_fields(root: ClassPlan, root_qname: str, schema: Path) -> dict[int, frozenset[str]]:
    """``id(plan)`` -> the names of the plan's fields (and text) whose values are tokens."""
    model = schema_model(schema)
    found: dict[int, set[str]] = {}
    seen: set[tuple[int, str]] = set()
    pending: list[tuple[ClassPlan, str, str | None]] = [(root, f"element:{root_qname}", None)]
    while pending:
        plan, key, own_type = pending.pop()
        if (id(plan), key) in seen:
            continue
        seen.add((id(plan), key))
        names = found.setdefault(id(plan), set())
        if plan.text is not None and own_type is not None and _is_token(model, own_type):
            names.add(plan.text.name)
        declared_children = model.children.get(key, {})
        for field in plan.fields:
            declared = declared_children.get(field.local)
            if declared is None:
                continue
            if field.child is not None:
                pending.append((field.child, f"type:{declared}", declared))
            elif _is_token(model, declared):
                names.add(field.name)
    return {plan_id: frozenset(names) for plan_id, names in found.items()}


def _is_token(model: object, declared: str) -> bool:
    simple = model.simple_content.get(declared, declared)  # type: ignore[attr-defined]
    return bool(_derives_from_token(model, simple, 0))  # type: ignore[arg-type]
