"""Per-class plans for the compiled binder and writer, derived once from xsdata's metadata.

A plan says, for one generated message class, which element or attribute each field maps to,
whether it repeats, which class a nested element binds to, and how a value is read from and
written to text. It is derived from the same metadata that xsdata itself uses
(``XmlContext.build``), lazily on first use and cached for the life of the process, so the
compiled paths agree with xsdata on names, namespaces and order without a second source of
truth.

A class that uses anything the fast paths do not handle (wildcards, compound ``choice``
fields, mixed content, tokens, nillable elements, an element in another namespace, a value type
without a converter here) gets a plan with ``reason`` set; the codec then uses xsdata for that
message, so an unusual schema set is slower, never wrong.
"""

from __future__ import annotations

import base64
import dataclasses
import re
import threading
from collections.abc import Callable
from datetime import date, datetime, time
from decimal import Decimal
from enum import Enum
from typing import Any

from xsdata.formats.converter import converter
from xsdata.formats.dataclass.models.elements import XmlMeta, XmlVar

from dico_sdk._xmltext import escape_text
from dico_sdk.codec._binding import CONTEXT
from dico_sdk.errors import UsageError

__all__ = [
    "ClassPlan",
    "Fallback",
    "FieldPlan",
    "escape_attribute",
    "escape_text",
    "plan_cache_info",
    "plan_for",
]

Parse = Callable[[str], Any]
Format = Callable[[Any], str]

_ELEMENT, _ATTRIBUTE, _TEXT = "element", "attribute", "text"


class _NotCompilable(Exception):
    """This class or one of its parts needs xsdata (the reason is the message)."""


class FieldPlan:
    """One field of a model class: where it lives in the XML and how its value converts."""

    __slots__ = ("child", "empty", "format", "is_list", "kind", "local", "name", "parse", "qname")

    def __init__(
        self,
        var: XmlVar,
        kind: str,
        child: ClassPlan | None,
        parse: Parse | None,
        fmt: Format | None,
    ) -> None:
        self.name: str = var.name
        self.kind = kind
        self.qname: str = var.qname
        self.local: str = var.local_name
        self.is_list: bool = bool(var.list_element)
        self.child = child
        self.parse = parse
        self.format = fmt
        # What xsdata binds for an element without text: "" (b"" for binary data).
        self.empty: Any = b"" if bytes in var.types else ""


class ClassPlan:
    """The plan of one model class; ``reason`` is set when the class needs xsdata."""

    __slots__ = ("attributes", "cls", "elements", "fields", "local", "namespace", "reason", "text")

    def __init__(self, cls: type[Any]) -> None:
        self.cls = cls
        self.namespace: str | None = None
        self.local: str = cls.__name__
        """The element name of the class when it is a root (``Meta.name``)."""
        self.fields: tuple[FieldPlan, ...] = ()
        """Element fields in schema order."""
        self.elements: dict[str, FieldPlan] = {}
        """Element fields by qualified tag (``{namespace}Local``)."""
        self.attributes: tuple[FieldPlan, ...] = ()
        self.text: FieldPlan | None = None
        self.reason: str | None = None


_cache: dict[type[Any], ClassPlan] = {}
_stats = {"hits": 0, "misses": 0}
_lock = threading.Lock()


def plan_for(cls: type[Any]) -> ClassPlan:
    """The cached plan of a generated model class (built on first use)."""
    plan = _cache.get(cls)
    if plan is not None:
        _stats["hits"] += 1
        return plan
    with _lock:
        _stats["misses"] += 1
        plan = _cache.get(cls)
        if plan is None:
            building: dict[type[Any], ClassPlan] = {}
            plan = _build(cls, building)
            _mark_unsupported(plan, set())
            _cache.update(building)
    return plan


def plan_cache_info() -> dict[str, int]:
    """Lookups of a message class's plan that were served from the cache, and builds."""
    return {**_stats, "size": len(_cache)}


def _build(cls: type[Any], building: dict[type[Any], ClassPlan]) -> ClassPlan:
    known = _cache.get(cls) or building.get(cls)
    if known is not None:
        return known
    plan = ClassPlan(cls)
    building[cls] = plan  # registered first: a recursive schema type refers back to it
    try:
        meta = CONTEXT.build(cls)
        _check_meta(meta)
        plan.namespace = meta.namespace
        plan.local = meta.qname.rsplit("}", 1)[-1]
        fields = []
        for var in meta.get_element_vars():
            fields.append(_field(var, building))
        plan.fields = tuple(fields)
        plan.elements = {f.qname: f for f in plan.fields if f.kind == _ELEMENT}
        plan.attributes = tuple(_field(v, building) for v in meta.get_attribute_vars())
        plan.text = next((f for f in plan.fields if f.kind == _TEXT), None)
        plan.fields = tuple(f for f in plan.fields if f.kind == _ELEMENT)
    except _NotCompilable as exc:
        plan.reason = f"{cls.__qualname__}: {exc}"
    return plan


def _mark_unsupported(plan: ClassPlan, seen: set[int]) -> str | None:
    # A class is only as compilable as its parts: one xsdata-only part makes the whole need it.
    if id(plan) in seen:
        return plan.reason
    seen.add(id(plan))
    for field in (*plan.fields, *plan.attributes):
        if field.child is not None:
            reason = _mark_unsupported(field.child, seen)
            plan.reason = plan.reason or reason
    return plan.reason


def _check_meta(meta: XmlMeta) -> None:
    if meta.wildcards or meta.choices or meta.any_attributes or meta.mixed_content:
        raise _NotCompilable("wildcards, choices or mixed content")
    for var in meta.get_all_vars():
        if var.tokens or var.nillable or var.sequence is not None or var.wrapper:
            raise _NotCompilable(f"field {var.name} uses tokens, nil, sequences or wrappers")
        if var.is_attribute and var.qname.startswith("{"):
            raise _NotCompilable(f"attribute {var.qname} is namespace-qualified")
        if var.is_element and var.namespaces != (meta.namespace,) and meta.namespace:
            raise _NotCompilable(f"element {var.qname} is not in {meta.namespace}")
        if var.any_type or var.is_clazz_union or len(var.types) != 1:
            raise _NotCompilable(f"field {var.name} has more than one type")


def _field(var: XmlVar, building: dict[type[Any], ClassPlan]) -> FieldPlan:
    kind = _ATTRIBUTE if var.is_attribute else _TEXT if var.is_text else _ELEMENT
    if var.clazz is not None:
        if kind != _ELEMENT:
            raise _NotCompilable(f"field {var.name} holds a class but is not an element")
        return FieldPlan(var, kind, _build(var.clazz, building), None, None)
    kind_type = var.types[0]
    return FieldPlan(var, kind, None, _parser(kind_type, var), _formatter(kind_type, var))


# -- text -> value -------------------------------------------------------------------------------


_PLAIN: dict[type[Any], Parse] = {str: str, Decimal: Decimal, int: int}


def _parser(kind: type[Any], var: XmlVar) -> Parse:
    plain = _PLAIN.get(kind)
    if plain is not None:
        return plain
    if isinstance(kind, type) and issubclass(kind, Enum):
        return _enum_parser(kind)
    if kind in (date, time, datetime) and var.format:
        # The SDK's ISO converters (dico_sdk.messages._converters), looked up once.
        type_converter = converter.type_converter(kind)
        fmt = var.format
        return lambda text: type_converter.deserialize(text, format=fmt)
    if kind is bytes and var.format == "base64":
        return _base64
    if kind in (bool, float):
        return lambda text: converter.deserialize(text, [kind])
    raise _NotCompilable(f"field {var.name} has type {kind.__name__}")


def _enum_parser(kind: type[Enum]) -> Parse:
    members = {member.value: member for member in kind if isinstance(member.value, str)}
    if len(members) != len(kind):
        raise _NotCompilable(f"enum {kind.__name__} has values that are not strings")

    def parse(text: str) -> Enum:
        # As xsdata: surrounding whitespace is ignored, inner runs compare as one space.
        member = members.get(text)
        if member is None:
            stripped = text.strip()
            member = members.get(stripped) or members.get(" ".join(stripped.split()))
            if member is None:
                raise ValueError(f"{text!r} is not a code of {kind.__name__}")
        return member

    return parse


_SPACE = re.compile(r"\s+")


def _base64(text: str) -> bytes:
    return base64.b64decode(_SPACE.sub("", text), validate=True)


# -- value -> text -------------------------------------------------------------------------------


class Fallback(Exception):
    """The value is not what the fast writer expects: write this message with xsdata.

    :class:`NotXmlText` from :func:`escape_text` means the same: xsdata then refuses it too.
    """


def _formatter(kind: type[Any], var: XmlVar) -> Format:
    fmt = var.format

    def generic(value: Any) -> str:
        # What xsdata's serializer does with a value that is not of the field's own type.
        if isinstance(value, str):
            return escape_text(value)
        if isinstance(value, Enum):
            return generic(value.value)
        if isinstance(value, list | tuple | set | frozenset) or dataclasses.is_dataclass(value):
            raise Fallback
        return escape_text(str(converter.serialize(value, format=fmt)))

    if kind is str:
        return lambda v: escape_text(v) if type(v) is str else generic(v)
    if kind is Decimal:

        def decimal_text(value: Any) -> str:
            if type(value) is not Decimal:
                if isinstance(value, float):
                    # A binary float cannot hold 0.10 exactly; the SDK never writes one.
                    raise UsageError(
                        f"{var.local_name}: {value!r} is a float; amounts, prices, quantities"
                        f" and percentages are Decimal (e.g. Decimal({str(value)!r}))"
                    )
                return generic(value)
            text = f"{value:f}"
            # As xsdata: an infinite decimal is written INF (the XSD then rejects it).
            return text if text[-1] != "y" else text.replace("Infinity", "INF")

        return decimal_text
    if kind is int:
        return lambda v: str(v) if type(v) is int else generic(v)
    if isinstance(kind, type) and issubclass(kind, Enum):
        texts = {member: escape_text(member.value) for member in kind}
        return lambda v: texts[v] if type(v) is kind else generic(v)
    return generic


_ATTRIBUTE_ESCAPES = {"\t": "&#9;", "\n": "&#10;", "\r": "&#13;", '"': "&quot;"}


def escape_attribute(text: str) -> str:
    """Escaped element content (:func:`escape_text`) made fit for a double-quoted attribute."""
    for char, entity in _ATTRIBUTE_ESCAPES.items():
        if char in text:
            text = text.replace(char, entity)
    return text
