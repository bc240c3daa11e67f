"""Navigate a message object by its XML element names, knowing the XPath of every step.

The rules read messages through :class:`Node` rather than through the generated attribute names,
so that they follow the schema's vocabulary (``InvoiceLine``, ``VATInformation``) whatever Python
names the generator picked, and so that every finding knows its XPath. The XPath convention is
the codec's: absolute, local names only, and a 1-based ``[n]`` on every step whose model field is
a list (a repeatable element), none on single elements.
"""

from __future__ import annotations

import dataclasses
import enum
import re
import types
import typing
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

__all__ = [
    "Node",
    "as_date",
    "as_datetime",
    "assign",
    "build",
    "child_class",
    "code_of",
    "element_fields",
    "order_of_xpath",
    "root_name",
    "text",
    "value_of",
    "walk_leaves",
]

# Field kinds of xsdata's metadata that are not child elements.
_NOT_ELEMENTS = frozenset({"Attribute", "Attributes", "Text", "Ignore"})
_STEP = re.compile(r"^([^\[\]/]+)(?:\[(\d+)\])?$")
_UNKNOWN = 1 << 30  # sorts an unmappable XPath step after every known one


_FIELDS: dict[type, dict[str, tuple[str, int]]] = {}
_CHILD_CLASSES: dict[tuple[type, str], type | None] = {}


def element_fields(cls: type) -> dict[str, tuple[str, int]]:
    """The child elements of a generated class: XML local name -> (attribute name, position)."""
    cached = _FIELDS.get(cls)
    if cached is not None:
        return cached
    result: dict[str, tuple[str, int]] = {}
    for position, field in enumerate(dataclasses.fields(cls)):
        if field.metadata.get("type") in _NOT_ELEMENTS:
            continue
        result[str(field.metadata.get("name", field.name))] = (field.name, position)
    _FIELDS[cls] = result
    return result


def child_class(cls: type, name: str) -> type | None:
    """The generated class of child element ``name`` of ``cls`` (None for a simple value)."""
    if (cls, name) not in _CHILD_CLASSES:
        _CHILD_CLASSES[cls, name] = _child_class(cls, name)
    return _CHILD_CLASSES[cls, name]


def _child_class(cls: type, name: str) -> type | None:
    attr, _ = element_fields(cls)[name]
    hint: Any = typing.get_type_hints(cls)[attr]
    while True:
        origin = typing.get_origin(hint)
        if origin in (list, typing.Union, types.UnionType):
            args = [arg for arg in typing.get_args(hint) if arg is not type(None)]
            hint = args[0]
            continue
        break
    return hint if isinstance(hint, type) and dataclasses.is_dataclass(hint) else None


def root_name(message: object) -> str:
    """The local name of a message object's root element (``"Invoice"`` ...)."""
    meta = getattr(type(message), "Meta", None)
    return str(getattr(meta, "name", None) or type(message).__name__)


class Node:
    """A message element (or simple value) with its place in the document.

    ``obj`` is the generated object, the simple value, or None for an absent element (a missing
    element still has an XPath: the place where it belongs).
    """

    __slots__ = ("index", "name", "obj", "parent", "position")

    def __init__(
        self,
        obj: Any,
        name: str,
        *,
        parent: Node | None = None,
        position: int = 0,
        index: int | None = None,
    ) -> None:
        self.obj = obj
        self.name = name
        self.parent = parent
        self.position = position
        self.index = index

    @classmethod
    def root(cls, message: object) -> Node:
        """The node of a whole message."""
        return cls(message, root_name(message))

    @property
    def present(self) -> bool:
        """False for an absent element."""
        return self.obj is not None

    @property
    def xpath(self) -> str:
        """The absolute XPath of this element (the codec's convention)."""
        steps = []
        node: Node | None = self
        while node is not None:
            steps.append(node.name if node.index is None else f"{node.name}[{node.index}]")
            node = node.parent
        return "/" + "/".join(reversed(steps))

    @property
    def order(self) -> tuple[int, ...]:
        """A key that sorts elements in document order."""
        key: list[int] = []
        node: Node | None = self
        while node is not None and node.parent is not None:
            key.extend((node.index or 0, node.position))
            node = node.parent
        return tuple(reversed(key))

    def has_element(self, name: str) -> bool:
        """True when this element's type has a child element ``name`` (present or not)."""
        return self.obj is not None and name in element_fields(type(self.obj))

    def _field(self, name: str) -> tuple[Any, int]:
        attr, position = element_fields(type(self.obj))[name]
        return getattr(self.obj, attr), position

    def child(self, name: str) -> Node:
        """The single child element ``name`` (absent: a node whose ``obj`` is None)."""
        if self.obj is None:
            return Node(None, name, parent=self)
        value, position = self._field(name)
        return Node(value, name, parent=self, position=position)

    def children(self, name: str) -> list[Node]:
        """The repeated child elements ``name``, each with its 1-based index."""
        if self.obj is None:
            return []
        values, position = self._field(name)
        return [
            Node(value, name, parent=self, position=position, index=number)
            for number, value in enumerate(values or (), start=1)
        ]

    def get(self, name: str, *path: str) -> Any:
        """The value of the single child ``name`` (or of ``name/path...``): a simple value, an
        object, or None when any step is absent. Makes no nodes: for the hot paths."""
        value = value_of(self.obj, name)
        for step in path:
            value = value_of(value, step)
        return value

    def item(self, name: str, index: int) -> Node:
        """The ``index``-th (1-based) repeated child ``name``, as a node."""
        values, position = self._field(name)
        return Node(values[index - 1], name, parent=self, position=position, index=index)

    def values(self, name: str) -> list[Any]:
        """The objects or values of the repeated child ``name`` (no nodes)."""
        return list(value_of(self.obj, name) or ())

    def code(self, name: str) -> str | None:
        """The code of the single child ``name`` (an enum's value), or None when absent."""
        value = self.get(name)
        return None if value is None else code_of(value)


def value_of(obj: Any, name: str) -> Any:
    """Child element ``name`` of a generated object (by XML name); None for a None object."""
    if obj is None:
        return None
    return getattr(obj, element_fields(type(obj))[name][0])


def code_of(value: Any) -> str:
    """The code of an enum member (or a plain string kept as it is)."""
    return str(value.value) if isinstance(value, enum.Enum) else str(value)


def text(value: object) -> str | None:
    """A value as it is written in XML, for an issue's ``value`` and ``expected``."""
    if value is None:
        return None
    if isinstance(value, enum.Enum):
        return str(value.value)
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value, "f")  # plain notation, as XML writes it: 100, not 1E+2
    return str(value)


def order_of_xpath(root_class: type, xpath: str) -> tuple[int, ...]:
    """The document-order key (as :attr:`Node.order`) of an XPath of the codec's convention."""
    steps = xpath.strip("/").split("/")[1:]
    key: list[int] = []
    cls: type | None = root_class
    for step in steps:
        match = _STEP.match(step)
        fields = element_fields(cls) if cls is not None else {}
        if match is None or match.group(1) not in fields:
            key.extend((_UNKNOWN, 0))
            break
        name = match.group(1)
        key.extend((fields[name][1], int(match.group(2) or 0)))
        cls = child_class(cls, name) if cls is not None else None
    return tuple(key)


_PLANS: dict[type, list[tuple[str, str, int, type | None, Any]]] = {}
_REACHES: dict[tuple[type, frozenset[str], bool], bool] = {}


def _plan(cls: type) -> list[tuple[str, str, int, type | None, Any]]:
    """(name, attribute, position, child class or None, simple type) of each child element."""
    plan = _PLANS.get(cls)
    if plan is None:
        hints = typing.get_type_hints(cls)
        plan = [
            (name, attr, position, child_class(cls, name), _simple_type(hints[attr]))
            for name, (attr, position) in element_fields(cls).items()
        ]
        _PLANS[cls] = plan
    return plan


def _simple_type(hint: Any) -> Any:
    args = [arg for arg in typing.get_args(hint) if arg is not type(None)]
    if typing.get_origin(hint) in (list, typing.Union, types.UnionType) and args:
        return _simple_type(args[0])
    return hint


def _wanted(name: str, simple: Any, names: frozenset[str], decimals: bool) -> bool:
    return name in names or (decimals and simple is Decimal)


def _reaches(cls: type, names: frozenset[str], decimals: bool) -> bool:
    """Whether an element of ``cls`` can hold a wanted simple element (the walk skips it if not)."""
    key = (cls, names, decimals)
    if key not in _REACHES:
        _REACHES[key] = False  # the schemas are not recursive; this only guards against it
        _REACHES[key] = any(
            _reaches(child, names, decimals) if child else _wanted(name, simple, names, decimals)
            for name, _, _, child, simple in _plan(cls)
        )
    return _REACHES[key]


def walk_leaves(root: Node, names: frozenset[str], *, decimals: bool = False) -> list[Node]:
    """The simple elements called one of ``names`` (and, with ``decimals``, every Decimal) of a
    message, as nodes in document order. Nothing else is read: subtrees that cannot hold such an
    element are skipped, which matters for an invoice of ten thousand lines."""
    leaves: list[Node] = []
    _walk(root, names, decimals, leaves)
    return leaves


def _walk(node: Node, names: frozenset[str], decimals: bool, leaves: list[Node]) -> None:
    for name, attr, position, child_cls, simple in _plan(type(node.obj)):
        if child_cls is None:
            if not _wanted(name, simple, names, decimals):
                continue
        elif not _reaches(child_cls, names, decimals):
            continue
        value = getattr(node.obj, attr)
        if value is None:
            continue
        items = enumerate(value, start=1) if isinstance(value, list) else ((None, value),)
        for index, item in items:
            child = Node(item, name, parent=node, position=position, index=index)
            if child_cls is not None:
                _walk(child, names, decimals, leaves)
            else:
                leaves.append(child)


def as_date(value: Any) -> date | None:
    """A date value as ``datetime.date`` (also from xsdata's ``XmlDate``), None when absent."""
    if value is None or isinstance(value, date):
        return value
    return value.to_date()  # type: ignore[no-any-return]


def as_datetime(value: Any) -> datetime | None:
    """A date-time as ``datetime.datetime`` (also from xsdata's ``XmlDateTime``)."""
    if value is None or isinstance(value, datetime):
        return value
    return value.to_datetime()  # type: ignore[no-any-return]


def build(cls: type, values: dict[str, Any]) -> Any:
    """An instance of generated class ``cls`` from values keyed by XML element name."""
    fields = element_fields(cls)
    return cls(**{fields[name][0]: value for name, value in values.items()})


def assign(node: Node, name: str, value: Any) -> None:
    """Set child element ``name`` of ``node``'s object (by XML name)."""
    setattr(node.obj, element_fields(type(node.obj))[name][0], value)
