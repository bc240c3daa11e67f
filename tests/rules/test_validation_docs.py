"""docs/validation.md cannot drift: its rule tables and its CLI example are checked here."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from click.testing import CliRunner

from dico_sdk.cli import main
from dico_sdk.rules import registered_rules
from dico_sdk.rules._docs import update_page

ROOT = Path(__file__).resolve().parents[2]
PAGE = ROOT / "docs" / "validation.md"
CLI_EXAMPLE = re.compile(r"<!-- cli-example: dico (.*?) -->\n```text\n(.*?)```", re.DOTALL)


def test_rule_tables_are_generated_from_the_registry() -> None:
    text = PAGE.read_text(encoding="utf-8")
    assert update_page(text) == text, "run: python -m dico_sdk.rules._docs docs/validation.md"
    for rule in registered_rules():
        assert f"| {rule.id} |" in text


def test_cli_example_is_the_real_output(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    examples = CLI_EXAMPLE.findall(PAGE.read_text(encoding="utf-8"))
    assert examples
    for command, shown in examples:
        result = CliRunner().invoke(main, shlex.split(command))
        assert result.stdout == shown
