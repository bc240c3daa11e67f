"""The one xsdata binding context, and model <-> lxml tree conversion.

Building an ``XmlContext`` costs about twice a small message's whole decode, so there is one,
shared. xsdata's own XML parsing never sees untrusted bytes: it binds from a tree that the
hardened parser produced and the XSD validated.
"""

from __future__ import annotations

from typing import Any

from lxml import etree
from xsdata.formats.dataclass.context import XmlContext
from xsdata.formats.dataclass.parsers import XmlParser
from xsdata.formats.dataclass.parsers.config import ParserConfig
from xsdata.formats.dataclass.serializers.config import SerializerConfig
from xsdata.formats.dataclass.serializers.tree import TreeSerializer

import dico_sdk.messages  # noqa: F401  (installs the ISO date/time converters)

__all__ = ["CONTEXT", "bind", "child_shape", "to_tree"]

CONTEXT = XmlContext()
"""The binding context shared by every decode and encode (it caches class metadata)."""

_PARSER_CONFIG = ParserConfig(
    fail_on_unknown_properties=True,
    fail_on_unknown_attributes=True,
    fail_on_converter_warnings=True,
)
_SERIALIZER_CONFIG = SerializerConfig(xml_declaration=False)


def bind(root: etree._Element, cls: type[Any]) -> Any:
    """Bind a validated tree to ``cls``. This consumes (empties) the tree."""
    return XmlParser(context=CONTEXT, config=_PARSER_CONFIG).parse(root, cls)


def to_tree(message: Any, namespace: str) -> etree._Element:
    """The message as an lxml element, in ``namespace`` as the default namespace (no ``ns0:``)."""
    serializer = TreeSerializer(context=CONTEXT, config=_SERIALIZER_CONFIG)
    tree: Any = serializer.render(message, ns_map={None: namespace})
    root: etree._Element = tree.getroot() if hasattr(tree, "getroot") else tree
    return root


_shapes: dict[type[Any], dict[str, tuple[bool, type[Any] | None]]] = {}


def child_shape(cls: type[Any]) -> dict[str, tuple[bool, type[Any] | None]]:
    """For a model class: child element local name -> (is a list, child class or None)."""
    cached = _shapes.get(cls)
    if cached is not None:
        return cached
    meta = CONTEXT.build(cls)
    shape: dict[str, tuple[bool, type[Any] | None]] = {}
    for variables in meta.elements.values():
        for var in variables:
            clazz = var.clazz if isinstance(var.clazz, type) else None
            shape[var.local_name] = (bool(var.list_element), clazz)
    _shapes[cls] = shape
    return shape
