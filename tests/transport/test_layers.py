"""Layering: the transport imports nothing above it; the hub core imports no web framework."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src" / "dico_sdk"
ABOVE_TRANSPORT = ("codec", "messages", "rules", "store", "client", "hub", "testing", "cli", "_cli")
HUB_CORE = ["__init__.py", "_core.py", "_memory.py", "_routing.py", "_accounts.py", "_fault.py"]


def imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


@pytest.mark.parametrize("path", sorted((SRC / "transport").glob("*.py")), ids=lambda p: p.name)
def test_the_transport_imports_nothing_above_it(path: Path) -> None:
    above = {f"dico_sdk.{layer}" for layer in ABOVE_TRANSPORT}
    bad = {
        name
        for name in imports(path)
        if name in above or name.startswith(tuple(f"{a}." for a in above))
    }
    assert bad == set()


@pytest.mark.parametrize("name", HUB_CORE)
def test_the_hub_core_imports_no_web_framework(name: str) -> None:
    found = imports(SRC / "hub" / name)
    assert {n for n in found if n.split(".")[0] in {"starlette", "uvicorn", "sqlite3"}} == set()
