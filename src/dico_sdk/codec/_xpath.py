"""The SDK's XPath convention, shared by the codec and the rules.

Absolute, local names only (no namespace prefixes), and a 1-based ``[n]`` index on every step
whose model field is a list (a repeatable element), none on single elements::

    /Invoice/InvoiceLine[2]/VATInformation/VATPercentage
    /MaintenanceStatus/StatusDetailCode[1]

An element the model does not know (only in an invalid document) gets an index only when it has
same-named siblings.
"""

from __future__ import annotations

from typing import Any

from lxml import etree

from dico_sdk.codec._binding import child_shape

__all__ = ["line_map", "local_name", "xpath_of"]


def local_name(element: etree._Element) -> str:
    """The element's name without its namespace."""
    return etree.QName(element).localname


def _step(element: etree._Element, is_list: bool) -> str:
    name = local_name(element)
    tag = str(element.tag)
    if not is_list:
        parent = element.getparent()
        if parent is None or len(parent.findall(tag)) < 2:
            return name
    index = len(list(element.itersiblings(tag, preceding=True))) + 1
    return f"{name}[{index}]"


def xpath_of(element: etree._Element, root_cls: type[Any] | None) -> str:
    """The XPath of ``element`` in its document, following the model of ``root_cls``."""
    chain = [element, *element.iterancestors()]
    chain.reverse()
    steps = [local_name(chain[0])]
    cls = root_cls
    for node in chain[1:]:
        is_list, child = (
            child_shape(cls).get(local_name(node), (False, None)) if cls else (False, None)
        )
        steps.append(_step(node, is_list))
        cls = child
    return "/" + "/".join(steps)


def line_map(root: etree._Element, root_cls: type[Any]) -> dict[str, int]:
    """XPath -> source line of every element under (and including) ``root``."""
    lines: dict[str, int] = {}
    _walk(root, "/" + local_name(root), root_cls, lines)
    return lines


def _walk(element: etree._Element, path: str, cls: type[Any] | None, lines: dict[str, int]) -> None:
    if element.sourceline is not None:
        lines[path] = element.sourceline
    shape = child_shape(cls) if cls is not None else {}
    counts: dict[str, int] = {}
    for child in element.iterchildren(etree.Element):
        name = local_name(child)
        counts[name] = counts.get(name, 0) + 1
        is_list, child_cls = shape.get(name, (False, None))
        step = f"{name}[{counts[name]}]" if is_list else name
        _walk(child, f"{path}/{step}", child_cls, lines)
