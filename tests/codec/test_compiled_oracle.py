"""The equality oracle: the compiled binder and writer against xsdata, the reference.

For every golden document (and, in test_compiled_oracle_generated.py, for generated
messages): the compiled binder's object equals xsdata's binding of the same validated tree, and
the compiled writer's bytes equal xsdata's serialisation (so they are canonically equal too),
compact and pretty.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from dico_sdk.codec import Codec
from dico_sdk.codec._binding import bind
from dico_sdk.codec._compiled_binder import bind_compiled
from dico_sdk.codec._compiled_writer import render
from dico_sdk.codec._decode import _parse_and_validate
from dico_sdk.codec._whitespace import collapse_token_values
from dico_sdk.messages import default_registry

GOLDEN = Path(__file__).resolve().parents[1] / "golden"
FILES = sorted(GOLDEN.glob("*/*.xml"))
XSDATA = Codec(binder="xsdata", writer="xsdata")


def _canonical(data: bytes) -> str:
    return etree.canonicalize(etree.fromstring(data).getroottree(), strip_text=True)


def assert_binders_agree(data: bytes) -> Any:
    """Bind one validated tree with both binders; return the (equal) message."""
    _, root, entry, _ = _parse_and_validate(data, None, None, len(data) + 1, None)
    before = etree.tostring(root)
    compiled = bind_compiled(root, entry.cls, what=entry.name, schema=entry.schema, msg_id=None)
    assert etree.tostring(root) == before  # the compiled binder leaves the tree intact
    collapse_token_values(root, entry.schema)  # what decode does before binding with xsdata
    oracle = bind(root, entry.cls)  # xsdata empties the tree: last
    assert compiled == oracle
    return compiled


def assert_writers_agree(message: Any) -> bytes:
    """Encode with both writers, compact and pretty; return the (equal) bytes."""
    compiled = Codec().encode(message, check_rules=False)
    oracle = XSDATA.encode(message, check_rules=False)
    assert compiled == oracle
    assert _canonical(compiled) == _canonical(oracle)
    assert Codec().encode(message, pretty=True, check_rules=False) == XSDATA.encode(
        message, pretty=True, check_rules=False
    )
    return compiled


def assert_compiled_writer_was_used(message: Any) -> None:
    entry = default_registry().for_class(type(message))
    assert render(message, entry.namespace) is not None  # no silent fall-back to xsdata


@pytest.mark.parametrize("path", FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_golden_documents(path: Path) -> None:
    data = path.read_bytes()
    message = assert_binders_agree(data)
    assert_compiled_writer_was_used(message)
    encoded = assert_writers_agree(message)
    assert assert_binders_agree(encoded) == message


def test_the_corpus_has_every_message_type() -> None:
    assert {path.parent.name for path in FILES} >= {
        "Invoice",
        "MaintenanceInstruction",
        "MaintenanceStatus",
    }


def assert_paths_agree(message: Any) -> None:
    """The whole oracle for one message: writers, then binders on compact and pretty bytes."""
    assert_compiled_writer_was_used(message)
    encoded = assert_writers_agree(message)
    assert assert_binders_agree(encoded) == message
    assert assert_binders_agree(XSDATA.encode(message, pretty=True, check_rules=False)) == message
