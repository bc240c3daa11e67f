"""Does a message object hold values of its fields' types? Checked before encoding or rules.

A message built in code can hold anything: ``instruction_date="2026-11-24"`` or
``maximum_amount="450"`` type-check only with a type checker. xsdata would write such a string
as it is (and the XSD might even accept it), but the business rules compare dates and amounts
and would fail on it half-way. So when writing a message fails, or a rule crashes on it,
``encode()`` and ``validate()`` look at every value and name each misfit by its XPath (the
codec's convention) with what the field takes. Only then: on a well-typed message the walk
would cost as much as encoding it (180 ms for a 10,000-line invoice).

The field types come from the same xsdata metadata the codec binds with, so this also holds
for a regenerated schema set.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal
from enum import Enum
from typing import Any

from xsdata.models.datatype import XmlDate, XmlDateTime, XmlTime

from dico_sdk.codec._binding import CONTEXT
from dico_sdk.errors import SchemaIssue

__all__ = ["describe_type_issues", "type_issues"]

# What a field of each declared type accepts besides an instance of the type itself.
_ALSO: dict[type[Any], tuple[type[Any], ...]] = {
    Decimal: (int,),  # an int is exact; a float is not (refused below, with a hint)
    dt.date: (XmlDate,),
    dt.time: (XmlTime,),
    dt.datetime: (XmlDateTime,),
    bytes: (bytearray,),
}


def describe_type_issues(message: Any) -> str | None:
    """The values of ``message`` that do not fit their fields, as one line; None if all fit."""
    issues = type_issues(message)
    if not issues:
        return None
    listed = "; ".join(str(issue) for issue in issues[:5])
    return listed + (f" (and {len(issues) - 5} more)" if len(issues) > 5 else "")


def type_issues(message: Any) -> list[SchemaIssue]:
    """Every value of ``message`` (a generated message object) that its field cannot hold."""
    issues: list[SchemaIssue] = []
    meta = CONTEXT.build(type(message))
    _check_object(message, "/" + meta.qname.rsplit("}", 1)[-1], issues)
    return issues


def _check_object(obj: Any, path: str, issues: list[SchemaIssue]) -> None:
    meta = CONTEXT.build(type(obj))
    variables = [*meta.get_attribute_vars(), *meta.get_element_vars()]
    if meta.text is not None:
        variables.append(meta.text)
    for var in variables:
        value = getattr(obj, var.name)
        if value is None:
            continue  # whether it may be absent is the XSD's question
        if var.is_attribute:
            where = f"{path}/@{var.local_name}"
        elif var.is_text:
            where = path
        else:
            where = f"{path}/{var.local_name}"
        if not var.list_element:
            _check_value(value, var, where, issues)
        elif not isinstance(value, list | tuple):
            issues.append(_issue(where, value, "a list"))
        else:
            for index, item in enumerate(value, start=1):
                _check_value(item, var, f"{where}[{index}]", issues)


def _check_value(value: Any, var: Any, where: str, issues: list[SchemaIssue]) -> None:
    clazz = var.clazz if isinstance(var.clazz, type) else None
    if clazz is not None and dataclasses.is_dataclass(clazz):
        if isinstance(value, clazz):
            _check_object(value, where, issues)
        else:
            issues.append(_issue(where, value, _a(clazz.__name__)))
        return
    types: tuple[type[Any], ...] = tuple(t for t in var.types if isinstance(t, type))
    if not types or any(_fits(value, kind) for kind in types):
        return
    issues.append(_issue(where, value, " or ".join(_expected(kind, value) for kind in types)))


def _fits(value: Any, kind: type[Any]) -> bool:
    if isinstance(value, bool) and kind is not bool:
        return False  # True is an int to Python, not a number or a code to DICO
    if kind is dt.date and isinstance(value, dt.datetime):
        return False  # a datetime is a date to Python; it would be written with its time
    if isinstance(value, (kind, *_ALSO.get(kind, ()))):
        return True
    return kind is object


def _expected(kind: type[Any], value: Any) -> str:
    if issubclass(kind, Enum):
        match = next((m for m in kind if value in (m.value, m.name)), None)
        example = f"{kind.__name__}.{match.name}" if match else f"a {kind.__name__} member"
        return f"{example} ({_a(kind.__name__)})"
    if kind is Decimal and isinstance(value, float):
        return f"a Decimal (e.g. Decimal({str(value)!r}): a float cannot hold 0.10 exactly)"
    if kind is dt.date and isinstance(value, str):
        return f"a datetime.date (e.g. datetime.date.fromisoformat({value!r}))"
    if kind in (dt.time, dt.datetime) and isinstance(value, str):
        return f"a {kind.__module__}.{kind.__name__} (e.g. {kind.__name__}.fromisoformat(...))"
    if kind.__module__ == "builtins":
        return _a(kind.__name__)
    return f"a {kind.__module__}.{kind.__qualname__}"


def _issue(where: str, value: Any, expected: str) -> SchemaIssue:
    shown = repr(value)
    shown = shown if len(shown) <= 60 else shown[:57] + "..."
    return SchemaIssue(
        f"{shown} is {_a(type(value).__name__)}; this field takes {expected}",
        xpath=where,
        element=where.rsplit("/", 1)[-1].split("[", 1)[0],
    )


def _a(name: str) -> str:
    return f"an {name}" if name[:1].lower() in "aeiou" else f"a {name}"
