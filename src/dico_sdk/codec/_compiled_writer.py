"""The compiled writer: message objects -> XML text with class plans, then an lxml tree.

Each class plan becomes a table of ready-made tags (the message's namespace is the default
namespace, so every tag is a local name), written in schema order into one list of strings:
no per-element lxml calls and no serializer events. The text is parsed back with a parser for
trusted input (it is our own output), which gives the tree that :func:`encode` validates,
indents and serialises as before. The bytes equal xsdata's (the test suite holds the two side
by side): the same escaping as lxml, ``<X/>`` for an element without content, decimals written
as plain decimals.

Whatever the tables do not expect (a value of another type than the field's, a part from
another message's module, a tuple for a list, a character XML cannot carry) makes the whole
message go through xsdata's serializer instead, which then writes or refuses it as always.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from lxml import etree

from dico_sdk._xmltext import NotXmlText
from dico_sdk.codec._binding import to_tree
from dico_sdk.codec._plans import ClassPlan, Fallback, escape_attribute, escape_text, plan_for
from dico_sdk.codec._select import selected_writer
from dico_sdk.errors import UsageError

__all__ = ["render", "write_tree"]

_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n'

Format = Callable[[Any], str]
# (field name, "<Tag>", "</Tag>", "<Tag/>", is a list, leaf formatter, nested table)
_Row = tuple[str, str, str, str, bool, "Format | None", "_Table | None"]


class _Table:
    """How to write the content of one class: attributes, text and element rows."""

    __slots__ = ("attributes", "cls", "rows", "text")

    def __init__(self, cls: type[Any]) -> None:
        self.cls = cls
        self.rows: tuple[_Row, ...] = ()
        self.attributes: tuple[tuple[str, str, Format], ...] = ()
        self.text: tuple[str, Format] | None = None


_tables: dict[tuple[type[Any], str], _Table | None] = {}
_lock = threading.Lock()
_local = threading.local()


def write_tree(message: Any, namespace: str) -> etree._Element:
    """The message as an lxml tree: compiled when possible, else xsdata's (same result)."""
    if selected_writer() == "compiled":
        text = render(message, namespace)
        if text is not None:
            try:
                return etree.fromstring(text.encode("utf-8"), _own_parser())
            except etree.XMLSyntaxError:
                pass  # not expected; xsdata then writes it, or says what is wrong with it
    return to_tree(message, namespace)


def render(message: Any, namespace: str) -> str | None:
    """The message as XML text with a declaration, or ``None`` when xsdata must write it."""
    table = _table_for(type(message), namespace)
    if table is None:
        return None
    out = [_DECLARATION]
    xmlns = f' xmlns="{escape_attribute(escape_text(namespace))}"'
    try:
        _write(message, table, plan_for(type(message)).local, xmlns, out)
    except UsageError:
        raise  # a value the SDK refuses to write (a float amount), on either path
    except (Fallback, AttributeError, KeyError, TypeError, ValueError):
        return None
    return "".join(out)


def _write(obj: Any, table: _Table, local: str, extra: str, out: list[str]) -> None:
    if type(obj) is not table.cls:
        raise Fallback
    for name, qname, fmt in table.attributes:
        value = getattr(obj, name)
        if value is not None:
            extra += f' {qname}="{escape_attribute(fmt(value))}"'
    start = len(out)
    out.append(f"<{local}{extra}>")
    if table.text is not None:
        value = getattr(obj, table.text[0])
        text = table.text[1](value) if value is not None else ""
        if text:
            out.append(text)
    _write_rows(obj, table.rows, out)
    if len(out) == start + 1:
        out[start] = f"<{local}{extra}/>"  # no content: as lxml writes it
    else:
        out.append(f"</{local}>")


def _write_rows(obj: Any, rows: tuple[_Row, ...], out: list[str]) -> None:
    # One flat loop on purpose: it runs for every field of every element written.
    for name, open_tag, close_tag, empty_tag, is_list, fmt, child in rows:
        value = getattr(obj, name)
        if value is None:
            continue
        if is_list and type(value) is not list:
            raise Fallback
        if child is not None:
            for item in value if is_list else (value,):
                if item is not None:
                    _write(item, child, open_tag[1:-1], "", out)
        elif is_list:
            for item in value:
                if item is not None:
                    text = fmt(item)  # type: ignore[misc]
                    out.append(open_tag + text + close_tag if text else empty_tag)
        else:
            text = fmt(value)  # type: ignore[misc]
            out.append(open_tag + text + close_tag if text else empty_tag)


def _table_for(cls: type[Any], namespace: str) -> _Table | None:
    key = (cls, namespace)
    if key in _tables:
        return _tables[key]
    with _lock:
        plan = plan_for(cls)
        table = None
        if plan.reason is None and plan.namespace == namespace:
            try:
                table = _compile(plan, namespace, {})
            except (Fallback, NotXmlText):
                table = None
        _tables[key] = table
    return table


def _compile(plan: ClassPlan, namespace: str, done: dict[int, _Table]) -> _Table:
    known = done.get(id(plan))
    if known is not None:
        return known
    table = done[id(plan)] = _Table(plan.cls)
    rows = []
    for field in plan.fields:
        if field.qname != f"{{{namespace}}}{field.local}":
            raise Fallback  # not in the default namespace: xsdata would write a prefix
        child = _compile(field.child, namespace, done) if field.child is not None else None
        tag = field.local
        rows.append(
            (field.name, f"<{tag}>", f"</{tag}>", f"<{tag}/>", field.is_list, field.format, child)
        )
    table.rows = tuple(rows)
    table.attributes = tuple(
        (f.name, f.qname, f.format) for f in plan.attributes if f.format is not None
    )
    if plan.text is not None and plan.text.format is not None:
        table.text = (plan.text.name, plan.text.format)
    return table


def _own_parser() -> etree.XMLParser:
    # Our own output: no DTD is possible (every text is escaped), and a large attachment must
    # not hit the 10 MB text limit that protects decode.
    parser: etree.XMLParser | None = getattr(_local, "parser", None)
    if parser is None:
        parser = etree.XMLParser(
            resolve_entities=False, no_network=True, load_dtd=False, huge_tree=True
        )
        _local.parser = parser
    return parser
