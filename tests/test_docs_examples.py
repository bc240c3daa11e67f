"""Every ```python block in README.md and docs/*.md runs, in order, one namespace per file.

A block whose first line is ``# doctest: skip`` is shown to readers but not run; use it only for
code that cannot run here (a real hub's URL), never to hide a broken example.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOC_FILES = sorted([ROOT / "README.md", *(ROOT / "docs").glob("*.md")])
BLOCK = re.compile(r"^```python\n(.*?)^```", re.DOTALL | re.MULTILINE)


def _blocks(path: Path) -> list[tuple[int, str]]:
    text = path.read_text(encoding="utf-8")
    return [
        (text.count("\n", 0, match.start()) + 2, match.group(1))
        for match in BLOCK.finditer(text)
        if not match.group(1).startswith("# doctest: skip")
    ]


@pytest.mark.parametrize("path", DOC_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_examples_run(path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocks = _blocks(path)
    if not blocks:
        pytest.skip("no python examples")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DICO_DOCS_TEST", "1")
    namespace: dict[str, object] = {"__name__": f"docs_{path.stem}"}
    for line, code in blocks:
        compiled = compile("\n" * (line - 1) + code, str(path), "exec")
        exec(compiled, namespace)
    assert os.getcwd() == str(tmp_path)


def test_docs_exist() -> None:
    assert (ROOT / "README.md").is_file()
    assert (ROOT / "docs").is_dir()
