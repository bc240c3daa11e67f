"""Expand the common types into each message XSD (``make schemas``).

The common types (Party, Address, Location ...) are written once, in ``_source/common.xsd``, a
schema without a target namespace. Each message source in ``_source/`` is a complete schema with
its own target namespace and a ``<!-- common types -->`` marker; this step replaces the marker
with copies of exactly the common types the message uses (transitively), so every message XSD is
self-contained. Not ``xs:include``: xsdata pins chameleon-included types to the namespace of the
first including schema (docs/messages.md).

``python -m dico_sdk.schemas._build`` rewrites the message XSDs next to ``_source/``;
``--check`` only reports stale ones (exit 1), which is what the test suite does.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from lxml import etree

__all__ = ["MARKER", "MESSAGES", "build_message", "main", "stale_messages"]

XS = "http://www.w3.org/2001/XMLSchema"
MARKER = "common types"
"""The text of the comment in a message source that the common types replace."""

HERE = Path(__file__).resolve().parent
SOURCE = HERE / "_source"
MESSAGES = ("MaintenanceInstruction", "MaintenanceStatus", "Invoice")
"""The message schemas built from ``_source/``; the code-list XSD is written by hand."""

_REFERENCE_ATTRIBUTES = ("type", "base", "itemType")


def _parse(path: Path) -> etree._ElementTree:
    # Our own trusted files, but parsed with the same refusals as anything else.
    parser = etree.XMLParser(
        remove_blank_text=True, resolve_entities=False, no_network=True, load_dtd=False
    )
    return etree.parse(str(path), parser)


def _local_references(element: etree._Element) -> set[str]:
    """Unprefixed type names referenced anywhere below ``element``: same-namespace types."""
    names: set[str] = set()
    for node in element.iter(etree.Element):
        for attribute in _REFERENCE_ATTRIBUTES:
            value = node.get(attribute)
            if value and ":" not in value:
                names.add(value)
        for member in (node.get("memberTypes") or "").split():
            if ":" not in member:
                names.add(member)
    return names


def _needed_common_types(message: etree._Element, common: etree._Element) -> list[etree._Element]:
    available = {node.get("name"): node for node in common if node.get("name")}
    own = {node.get("name") for node in message if node.get("name")}
    needed: set[str] = set()
    pending = _local_references(message) - own
    while pending:
        name = pending.pop()
        if name in needed or name not in available:
            continue
        needed.add(name)
        pending |= _local_references(available[name]) - needed - own
    # Keep the order of common.xsd so that the output is stable.
    return [node for name, node in available.items() if name in needed]


def build_message(source: Path, common: Path) -> bytes:
    """The self-contained XSD for one message source, as bytes."""
    tree = _parse(source)
    root = tree.getroot()
    common_root = _parse(common).getroot()
    marker = next(
        (c for c in root.iter(etree.Comment) if (c.text or "").strip() == MARKER),
        None,
    )
    if marker is None:
        raise ValueError(f"{source}: no <!-- {MARKER} --> marker")
    parent = marker.getparent()
    assert parent is not None
    position = parent.index(marker)
    parent.remove(marker)
    for offset, node in enumerate(_needed_common_types(root, common_root)):
        parent.insert(position + offset, _copy(node))
    etree.indent(root, space="  ")
    generated = (
        f"<!-- Generated from _source/{source.name} and _source/{common.name} by\n"
        "     `python -m dico_sdk.schemas._build` (make schemas)."
        " Do not edit: edit the sources. -->"
    )
    prolog = [
        etree.tostring(node, encoding="unicode") for node in root.itersiblings(preceding=True)
    ]
    parts = ['<?xml version="1.0" encoding="UTF-8"?>', generated, *reversed(prolog)]
    parts.append(etree.tostring(root, encoding="unicode"))
    return ("\n".join(parts) + "\n").encode("utf-8")


def _copy(node: etree._Element) -> etree._Element:
    copy = etree.fromstring(etree.tostring(node))
    # Drop namespace declarations the copy inherited from common.xsd; the message root declares
    # the same xs and cl prefixes.
    etree.cleanup_namespaces(copy)
    return copy


def stale_messages(schema_dir: Path = HERE, source_dir: Path = SOURCE) -> list[str]:
    """The message XSDs in ``schema_dir`` that differ from a fresh build of ``source_dir``."""
    common = source_dir / "common.xsd"
    stale = []
    for name in MESSAGES:
        target = schema_dir / f"{name}.xsd"
        built = build_message(source_dir / f"{name}.xsd", common)
        if not target.is_file() or target.read_bytes() != built:
            stale.append(target.name)
    return stale


def main(argv: list[str] | None = None) -> int:
    """Rewrite the message XSDs, or with ``--check`` report the stale ones."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only report stale XSDs")
    args = parser.parse_args(argv)
    if args.check:
        stale = stale_messages()
        for name in stale:
            print(f"stale: {name} (run make schemas)", file=sys.stderr)
        return 1 if stale else 0
    for name in MESSAGES:
        built = build_message(SOURCE / f"{name}.xsd", SOURCE / "common.xsd")
        (HERE / f"{name}.xsd").write_bytes(built)
        print(f"wrote {name}.xsd")
    return 0


if __name__ == "__main__":
    sys.exit(main())
