"""``dico validate`` streams files over the threshold: schema only, flat memory."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from dico_sdk import encode
from dico_sdk._cli import _streamed
from dico_sdk.cli import main
from dico_sdk.testing import full_invoice


@pytest.fixture
def small_threshold(monkeypatch: pytest.MonkeyPatch) -> None:
    # Every test file counts as large: the streamed path runs without writing 16 MiB.
    monkeypatch.setattr(_streamed, "STREAM_THRESHOLD", 1024)


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "invoice.xml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.usefixtures("small_threshold")
def test_a_large_schema_valid_invoice_is_not_called_valid(tmp_path: Path) -> None:
    """Its business rules did not run, so the report is incomplete and never ok (exit 1)."""
    path = _write(tmp_path, encode(full_invoice(), pretty=True).decode())
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 1, result.output
    assert "NOT FULLY CHECKED (Invoice): 0 errors, 1 warning" in result.stdout
    assert "schema only, streamed; the business rules were not run" in result.stdout
    as_json = CliRunner().invoke(main, ["validate", "--json", str(path)])
    assert '"complete": false' in as_json.stdout


@pytest.mark.usefixtures("small_threshold")
def test_a_large_invalid_invoice_names_line_and_xpath(tmp_path: Path) -> None:
    text = encode(full_invoice(), pretty=True).decode()
    text = text.replace("<NetPrice>45.00</NetPrice>", "<NetPrice>45,00</NetPrice>")
    path = _write(tmp_path, text)
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 1
    assert "/Invoice/InvoiceLine[3]/NetPrice" in result.stdout
    line = next(n for n, t in enumerate(text.splitlines(), 1) if "45,00" in t)
    assert f"line {line}" in result.stdout


def test_small_files_still_get_the_business_rules(tmp_path: Path) -> None:
    path = _write(tmp_path, encode(full_invoice(), pretty=True).decode())
    assert not _streamed.too_large_to_hold(path)
    result = CliRunner().invoke(main, ["validate", "--today", "2026-12-01", str(path)])
    assert "0 errors, 0 warnings" in result.stdout
