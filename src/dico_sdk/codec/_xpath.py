"""The SDK's XPath convention, shared by the codec and the rules.

Absolute, local names only (no namespace prefixes), and a 1-based ``[n]`` index on every step
whose model field is a list (a repeatable element), none on single elements::

    /Invoice/InvoiceLine[2]/VATInformation/VATPercentage
    /MaintenanceStatus/StatusDetailCode[1]

An element the model does not know (only in an invalid document) gets an index only when it has
same-named siblings.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from lxml import etree

from dico_sdk.codec._binding import child_shape

__all__ = ["LazyLineMap", "line_map", "local_name", "xpath_of"]


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


class LazyLineMap(Mapping[str, int]):
    """:func:`line_map` of a tree, built on first use (most valid documents never need it).

    Only for a tree that stays intact after binding (the compiled binder leaves it so); the
    tree is kept until the map is built, then released.
    """

    def __init__(self, root: etree._Element, root_cls: type[Any]) -> None:
        self._root: etree._Element | None = root
        self._cls = root_cls
        self._lines: dict[str, int] | None = None

    def _built(self) -> dict[str, int]:
        if self._lines is None:
            assert self._root is not None
            self._lines = line_map(self._root, self._cls)
            self._root = None
        return self._lines

    def __getitem__(self, xpath: str) -> int:
        return self._built()[xpath]

    def __iter__(self) -> Iterator[str]:
        return iter(self._built())

    def __len__(self) -> int:
        return len(self._built())
