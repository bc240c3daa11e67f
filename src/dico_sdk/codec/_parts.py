"""The parts of a streamed message, and the schema that validates each part on its own."""

from __future__ import annotations

import copy
import threading
from pathlib import Path
from typing import Any

import attrs
from lxml import etree

from dico_sdk.codec._schema import _readable, parse_schema_file

__all__ = ["Part", "parts_schema", "readable"]

XS = "{http://www.w3.org/2001/XMLSchema}"
_CODELIST = "http://www.ketenstandaard.nl/SALES/Codelist"
_local = threading.local()


@attrs.frozen
class Part:
    """One direct child of the root, validated and bound; or the end of the document."""

    kind: str
    """``"start"`` (``value`` is the MessageType), ``"field"`` (a header or trailer element),
    ``"line"``, or ``"end"``."""
    name: str = ""
    """The model field the part belongs to, e.g. ``invoice_number``."""
    repeated: bool = False
    """Whether that field is a list."""
    value: Any = None
    index: int | None = None
    """The 1-based number of a line."""
    lines: int = 0
    """At the end: how many lines the document had."""


def parts_schema(path: Path, root: str) -> dict[str, etree.XMLSchema]:
    """Child local name -> a schema that validates that child of ``root`` on its own.

    It is the message XSD with a global declaration added for every element of the root's
    sequence (a copy of its local declaration, so the same type and facets). Compiled once per
    thread, like the message schemas. A child whose declaration is not found here (a group, a
    ``ref``) is missing from the result and is only checked by the skeleton validation.
    """
    cache: dict[tuple[Path, str], dict[str, etree.XMLSchema]] | None = getattr(
        _local, "parts", None
    )
    if cache is None:
        cache = _local.parts = {}
    found = cache.get((path, root))
    if found is None:
        found = cache[(path, root)] = _compile(path, root)
    return found


def _compile(path: Path, root: str) -> dict[str, etree.XMLSchema]:
    document = parse_schema_file(path)
    schema_root = document.getroot()
    declared = {e.get("name") for e in schema_root.iterchildren(f"{XS}element")}
    added = []
    for declaration in _root_children(schema_root, root):
        name = declaration.get("name")
        if name is None or name in declared:
            continue
        glob = copy.deepcopy(declaration)
        for occurs in ("minOccurs", "maxOccurs"):
            glob.attrib.pop(occurs, None)
        schema_root.append(glob)
        declared.add(name)
        added.append(name)
    schema = etree.XMLSchema(document)
    return dict.fromkeys(added, schema)


def _root_children(schema_root: etree._Element, root: str) -> list[etree._Element]:
    element = schema_root.find(f"{XS}element[@name='{root}']")
    if element is None:
        return []
    complex_type = element.find(f"{XS}complexType")
    type_name = element.get("type")
    if complex_type is None and type_name is not None:
        local = type_name.rsplit(":", 1)[-1]
        complex_type = schema_root.find(f"{XS}complexType[@name='{local}']")
    sequence = complex_type.find(f"{XS}sequence") if complex_type is not None else None
    return [] if sequence is None else list(sequence.iterchildren(f"{XS}element"))


def readable(message: str, namespace: str) -> str:
    """A validator message without the noise of our own namespaces."""
    return _readable(message, {namespace, _CODELIST})
