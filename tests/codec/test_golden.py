"""The golden corpus: hand-written documents decode, re-encode identically and validate.

Each ``tests/golden/<Message>/*.xml`` is decoded, re-encoded and compared with the original
after C14N 2.0 canonicalisation with insignificant whitespace stripped, and validated against
its XSD. Together the goldens of a message use every element of its schema at least once.

The goldens are rewritten only on request: ``DICO_UPDATE_GOLDENS=1 make pytest``.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from dico_sdk import decode, encode, validate_schema
from dico_sdk.codec._binding import child_shape
from dico_sdk.messages import Invoice, MaintenanceInstruction, MaintenanceStatus

GOLDEN = Path(__file__).resolve().parents[1] / "golden"
MESSAGES: dict[str, type[Any]] = {
    "MaintenanceInstruction": MaintenanceInstruction,
    "MaintenanceStatus": MaintenanceStatus,
    "Invoice": Invoice,
}
FILES = sorted(GOLDEN.glob("*/*.xml"))
UPDATE = os.environ.get("DICO_UPDATE_GOLDENS") == "1"


def _canonical(data: bytes) -> str:
    return etree.canonicalize(etree.fromstring(data).getroottree(), strip_text=True)


def _rewrite(path: Path, original: bytes, encoded: bytes) -> None:
    # Keep the hand-written comment above the root element.
    root_start = re.search(rb"<[A-Za-z]", original)
    prolog = original[: root_start.start()] if root_start else b""
    body = encode(decode(encoded), pretty=True).split(b"\n", 1)[1]
    path.write_bytes(prolog + body + b"\n")


@pytest.mark.parametrize("path", FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_golden_round_trip(path: Path) -> None:
    original = path.read_bytes()
    entry = validate_schema(original)
    assert entry.name == path.parent.name
    message = decode(original)
    assert isinstance(message, MESSAGES[path.parent.name])
    encoded = encode(message)
    if UPDATE and _canonical(encoded) != _canonical(original):
        _rewrite(path, original, encoded)
        original = path.read_bytes()
    assert _canonical(encoded) == _canonical(original)
    assert decode(encoded) == message


@pytest.mark.parametrize("name", MESSAGES)
def test_at_least_eight_goldens_per_message(name: str) -> None:
    assert len(list((GOLDEN / name).glob("*.xml"))) >= 8


def _declared(cls: type[Any], seen: set[type[Any]] | None = None) -> set[tuple[str, str]]:
    """Every (type, child element) pair the schema declares below ``cls``."""
    seen = set() if seen is None else seen
    seen.add(cls)
    pairs = set()
    for child, (_, child_cls) in child_shape(cls).items():
        pairs.add((cls.__name__, child))
        if child_cls is not None and child_cls not in seen:
            pairs |= _declared(child_cls, seen)
    return pairs


def _used(element: etree._Element, cls: type[Any]) -> set[tuple[str, str]]:
    pairs = set()
    for child in element.iterchildren(etree.Element):
        name = etree.QName(child).localname
        pairs.add((cls.__name__, name))
        child_cls = child_shape(cls)[name][1]
        if child_cls is not None:
            pairs |= _used(child, child_cls)
    return pairs


@pytest.mark.parametrize("name", MESSAGES)
def test_goldens_use_every_element_of_the_schema(name: str) -> None:
    cls = MESSAGES[name]
    used: set[tuple[str, str]] = set()
    for path in (GOLDEN / name).glob("*.xml"):
        used |= _used(etree.fromstring(path.read_bytes()), cls)
    assert sorted(_declared(cls) - used) == []


def test_rewriting_a_golden_keeps_its_comment_and_is_canonically_the_encoding(
    tmp_path: Path,
) -> None:
    source = GOLDEN / "MaintenanceStatus" / "appointment.xml"
    original = source.read_bytes()
    stale = original.replace(b"<FreeText>", b"<FreeText>OLD ")  # what a stale golden looks like
    path = tmp_path / "appointment.xml"
    path.write_bytes(stale)
    encoded = encode(decode(original))
    _rewrite(path, stale, encoded)
    rewritten = path.read_bytes()
    assert rewritten.startswith(original[: original.index(b"<MaintenanceStatus")])
    assert _canonical(rewritten) == _canonical(original)
