"""``dico gln``: check and complete GLNs."""

from __future__ import annotations

from click.testing import CliRunner

from dico_sdk.cli import main


def test_complete_prints_the_full_gln() -> None:
    result = CliRunner().invoke(main, ["gln", "complete", "871234500001"])
    assert result.exit_code == 0
    assert result.stdout == "8712345000011\n"


def test_check_valid_and_invalid() -> None:
    ok = CliRunner().invoke(main, ["gln", "CHECK", "8712345000011"])
    assert ok.exit_code == 0
    assert "valid GLN" in ok.stdout
    bad = CliRunner().invoke(main, ["gln", "check", "8712345000012"])
    assert bad.exit_code == 1
    assert "check digit should be 1 (8712345000011)" in bad.stdout
    short = CliRunner().invoke(main, ["gln", "check", "87123"])
    assert short.exit_code == 1
    assert "13 digits" in short.stdout


def test_complete_with_the_wrong_length_is_one_line_on_stderr() -> None:
    result = CliRunner().invoke(main, ["gln", "complete", "8712345000011"])
    assert result.exit_code == 2
    assert result.stderr.startswith("dico: error: ")
    assert result.stderr.count("\n") == 1
