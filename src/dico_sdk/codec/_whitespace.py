"""Whitespace collapse for token-typed values, as the XSD reads them.

An ``xs:token`` value is whitespace-collapsed before its facets apply, so the XSD accepts
``<GLN> 8712345000011 </GLN>`` as the GLN ``8712345000011``; xsdata would bind the raw text.
Before binding, the codec therefore collapses the text of every leaf element whose declared
type derives from ``xs:token`` (or has a ``collapse`` whiteSpace facet), so that the typed
message holds the value the XSD validated. ``xs:string`` values (descriptions, free text) keep
their line breaks.

The token model is read from the XSD (and the schemas it imports from its folder) once per
schema file; only leaf elements whose text is not already collapsed are looked at.
"""

from __future__ import annotations

import functools
from pathlib import Path

import attrs
from lxml import etree

from dico_sdk.codec._schema import parse_schema_file

__all__ = ["collapse_token_values"]

XS = "http://www.w3.org/2001/XMLSchema"
_COLLAPSED = {"token", "NMTOKEN", "NMTOKENS", "language", "Name", "NCName", "ID", "IDREF"}
# Leaf elements whose text differs from its collapsed form: found by libxml2, not by Python.
_UNCOLLAPSED_LEAVES = etree.XPath("//*[not(*)][string(.) != normalize-space(.)]")


@attrs.frozen
class _Model:
    # (complex type or root element key) -> child local name -> declared type QName
    children: dict[str, dict[str, str]]
    # simple type QName -> base QNames (restriction base, or union members)
    bases: dict[str, tuple[str, ...]]
    # simple types with an explicit collapse facet
    collapse: frozenset[str]
    # complex type QName -> simple content base QName
    simple_content: dict[str, str]


def collapse_token_values(root: etree._Element, schema: Path) -> None:
    """Collapse, in place, the text of token-typed leaf elements under ``root``."""
    candidates = _UNCOLLAPSED_LEAVES(root)
    if not isinstance(candidates, list) or not candidates:
        return
    model = _model(schema)
    for element in candidates:
        if isinstance(element, etree._Element) and _is_token(model, element):
            element.text = " ".join((element.text or "").split())


def _is_token(model: _Model, element: etree._Element) -> bool:
    chain = [element, *element.iterancestors()]
    chain.reverse()
    key: str | None = f"element:{etree.QName(chain[0]).text}"
    declared: str | None = None
    for node in chain[1:]:
        if key is None:
            return False
        declared = model.children.get(key, {}).get(etree.QName(node).localname)
        key = f"type:{declared}" if declared else None
    if declared is None:
        return False
    declared = model.simple_content.get(declared, declared)
    return _derives_from_token(model, declared, 0)


def _derives_from_token(model: _Model, qname: str, depth: int) -> bool:
    if depth > 20:  # a cycle in a broken schema: give up rather than loop
        return False
    if qname in model.collapse:
        return True
    namespace, _, local = qname[1:].partition("}")
    if namespace == XS:
        return local in _COLLAPSED
    return any(_derives_from_token(model, base, depth + 1) for base in model.bases.get(qname, ()))


@functools.cache
def _model(schema: Path) -> _Model:
    children: dict[str, dict[str, str]] = {}
    bases: dict[str, tuple[str, ...]] = {}
    collapse: set[str] = set()
    simple_content: dict[str, str] = {}
    for document in _schema_documents(schema):
        root = document.getroot()
        target = root.get("targetNamespace", "")
        for node in root:
            name = node.get("name") if isinstance(node.tag, str) else None
            if name is None:
                continue
            qname = f"{{{target}}}{name}"
            local = etree.QName(node).localname
            if local == "element":
                children[f"element:{qname}"] = _child_types(node)
            elif local == "complexType":
                children[f"type:{qname}"] = _child_types(node)
                base = node.find(f"{{{XS}}}simpleContent/*")
                if base is not None and base.get("base"):
                    simple_content[qname] = _resolve(base, base.get("base", ""))
            elif local == "simpleType":
                bases[qname] = _simple_bases(node)
                if node.find(f".//{{{XS}}}whiteSpace[@value='collapse']") is not None:
                    collapse.add(qname)
    return _Model(children, bases, frozenset(collapse), simple_content)


def _schema_documents(schema: Path) -> list[etree._ElementTree]:
    seen: dict[Path, etree._ElementTree] = {}
    pending = [schema.resolve()]
    while pending:
        path = pending.pop()
        if path in seen or not path.is_file():
            continue
        seen[path] = parse_schema_file(path)
        for ref in seen[path].getroot().iter(f"{{{XS}}}import", f"{{{XS}}}include"):
            location = ref.get("schemaLocation")
            if location and "://" not in location:
                pending.append((path.parent / location).resolve())
    return list(seen.values())


def _child_types(declaration: etree._Element) -> dict[str, str]:
    """Child element local name -> type QName for the (possibly inline) content of a type."""
    found: dict[str, str] = {}
    for element in declaration.iter(f"{{{XS}}}element"):
        if element is declaration or element.get("name") is None:
            continue
        # Only direct content: skip elements of nested anonymous types (handled as their own).
        if _owner(element) is not _owner_of_content(declaration):
            continue
        type_name = element.get("type")
        if type_name:
            found[element.get("name", "")] = _resolve(element, type_name)
    return found


def _owner(element: etree._Element) -> etree._Element | None:
    for ancestor in element.iterancestors():
        if etree.QName(ancestor).localname in ("complexType", "element", "schema"):
            return ancestor
    return None


def _owner_of_content(declaration: etree._Element) -> etree._Element:
    if etree.QName(declaration).localname == "element":
        inline = declaration.find(f"{{{XS}}}complexType")
        return inline if inline is not None else declaration
    return declaration


def _simple_bases(node: etree._Element) -> tuple[str, ...]:
    restriction = node.find(f"{{{XS}}}restriction")
    if restriction is not None and restriction.get("base"):
        return (_resolve(restriction, restriction.get("base", "")),)
    union = node.find(f"{{{XS}}}union")
    if union is not None:
        return tuple(_resolve(union, m) for m in (union.get("memberTypes") or "").split())
    return ()


def _resolve(context: etree._Element, name: str) -> str:
    prefix, _, local = name.rpartition(":")
    namespace = context.nsmap.get(prefix or None, "")
    return f"{{{namespace}}}{local}"
