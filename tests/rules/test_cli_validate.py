"""`dico validate`, `dico show` and `dico convert` through click's runner, and once for real."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from dico_sdk._cli import _validate as cli_validate
from dico_sdk.cli import main

RULES_DIR = Path(__file__).resolve().parent
BASE = RULES_DIR / "_base"
BROKEN = RULES_DIR / "DICO-INV-02" / "fail_line.xml"
WARNS = RULES_DIR / "DICO-INV-14" / "fail_dollars.xml"
TODAY = ["--today", "2026-12-01"]


def _run(*args: str | Path) -> object:
    return CliRunner().invoke(main, [str(a) for a in args])


def test_valid_files_exit_0() -> None:
    result = _run("validate", *TODAY, BASE / "invoice.xml", BASE / "status.xml")
    assert result.exit_code == 0, result.output
    assert f"{BASE / 'invoice.xml'}: valid (Invoice): 0 errors, 0 warnings" in result.stdout
    assert "2 files: 2 valid, 0 invalid, 0 unreadable (0 errors, 0 warnings)" in result.stdout


def test_rule_errors_exit_1_with_line_xpath_and_message() -> None:
    result = _run("validate", *TODAY, BROKEN)
    assert result.exit_code == 1
    assert "INVALID (Invoice): 1 error, 0 warnings" in result.stdout
    assert "line 52" in result.stdout
    assert "DICO-INV-02" in result.stdout
    assert "/Invoice/InvoiceLine[2]/NetLineAmount" in result.stdout
    assert "= 23.69" in result.stdout


def test_dutch_messages() -> None:
    result = _run("validate", *TODAY, "--lang", "nl", BROKEN)
    assert "maar round2(" in result.stdout


def test_strict_fails_on_warnings() -> None:
    assert _run("validate", *TODAY, WARNS).exit_code == 0
    assert _run("validate", *TODAY, "--strict", WARNS).exit_code == 1


def test_unreadable_exit_2(tmp_path: Path) -> None:
    (tmp_path / "gone.xml").symlink_to(tmp_path / "missing.xml")
    shutil.copy(BASE / "invoice.xml", tmp_path / "ok.xml")
    result = _run("validate", *TODAY, tmp_path)
    assert result.exit_code == 2
    assert "gone.xml: unreadable: cannot read" in result.stdout
    assert _run("validate", tmp_path / "nothing.xml").exit_code == 2  # click: no such path


def test_not_xml_is_an_invalid_document(tmp_path: Path) -> None:
    path = tmp_path / "broken.xml"
    path.write_bytes(b"<Invoice><unclosed>")
    result = _run("validate", path)
    assert result.exit_code == 1
    assert "INVALID, incomplete" in result.stdout
    assert "XML" in result.stdout


def test_json_is_one_document(tmp_path: Path) -> None:
    result = _run("validate", *TODAY, "--json", BROKEN, BASE / "instruction.xml")
    assert result.exit_code == 1
    document = json.loads(result.stdout)
    assert document["summary"] == {
        "files": 2,
        "valid": 1,
        "invalid": 1,
        "unreadable": 0,
        "errors": 1,
        "warnings": 0,
    }
    [issue] = document["files"][0]["issues"]
    assert issue == {
        "rule_id": "DICO-INV-02",
        "severity": "error",
        "message": issue["message"],
        "xpath": "/Invoice/InvoiceLine[2]/NetLineAmount",
        "line": 52,
        "value": "23.70",
        "expected": "23.69",
    }


@pytest.mark.slow
def test_a_folder_of_1000_files(tmp_path: Path) -> None:
    template = (BASE / "invoice.xml").read_text(encoding="utf-8")
    for number in range(1000):
        folder = tmp_path / f"batch{number % 10}"
        folder.mkdir(exist_ok=True)
        text = template.replace("F2026-0412", f"F2026-{number:04d}")
        if number % 7 == 0:  # every seventh has a wrong payable amount
            text = text.replace("<PayableAmount>223.18<", "<PayableAmount>223.81<")
        (folder / f"invoice-{number:04d}.xml").write_text(text, encoding="utf-8")
    (tmp_path / "notes.txt").write_text("not a message")
    result = _run("validate", *TODAY, "--json", tmp_path)
    assert result.exit_code == 1
    document = json.loads(result.stdout)
    assert document["summary"]["files"] == 1000
    assert document["summary"]["invalid"] == 143
    assert document["summary"]["errors"] == 143


def test_progress_bar_only_on_a_terminal(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for number in range(6):
        shutil.copy(BASE / "status.xml", tmp_path / f"s{number}.xml")
    quiet = CliRunner().invoke(main, ["validate", str(tmp_path)])
    assert quiet.stderr == ""
    monkeypatch.setattr(cli_validate, "_show_progress", lambda count: count > 5)
    shown = CliRunner().invoke(main, ["validate", str(tmp_path)])
    assert "Validating" in shown.stderr
    assert "Validating" not in shown.stdout
    assert shown.exit_code == 0


def test_real_subprocess() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "dico_sdk", "validate", *TODAY, "--json", str(BROKEN)],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert proc.returncode == 1, proc.stderr
    assert json.loads(proc.stdout)["files"][0]["errors"] == 1
    assert proc.stderr == ""


def test_show_invoice() -> None:
    result = _run("show", BASE / "invoice.xml")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "Invoice F2026-0412: 380 (Commercial invoice) of 2026-11-30, EUR" in out
    assert "Order:    OPD-2026-1187 of 2026-11-12" in out
    assert "Buyer     8712345000011  Woonstichting De Linde" in out
    assert "Tap washer set" in out
    assert "VAT S 9.00%: base 32.48, VAT 2.92" in out
    assert "PayableAmount" in out
    assert "223.18" in out


def test_show_status_with_code_titles() -> None:
    english = _run("show", BASE / "status.xml").stdout
    assert "Status:   ACC (Accepted)" in english
    dutch = _run("show", "--lang", "nl", BASE / "status.xml").stdout
    assert "Status:   ACC (Geaccepteerd)" in dutch


def test_show_instruction() -> None:
    out = _run("show", BASE / "instruction.xml").stdout
    assert "MaintenanceInstruction OPD-2026-1187 of 2026-11-30" in out
    assert "REP (Repair)" in out
    assert "Lindelaan 12, 3511 AB Utrecht" in out


def test_show_unreadable_is_one_line() -> None:
    result = _run("show", BROKEN.parent.parent / "build_cases.py")
    assert result.exit_code == 2
    assert result.stderr.startswith("dico: error: ")
    assert result.stderr.count("\n") == 1


@pytest.mark.parametrize("name", ["invoice.xml", "status.xml", "instruction.xml"])
def test_convert_round_trip_is_canonically_equal(name: str, tmp_path: Path) -> None:
    source = BASE / name
    as_json = _run("convert", source, "--to", "json")
    assert as_json.exit_code == 0, as_json.output
    document = json.loads(as_json.stdout)
    [root] = document
    json_path = tmp_path / "message.json"
    json_path.write_text(as_json.stdout, encoding="utf-8")
    back = _run("convert", json_path, "--to", "xml", "-o", tmp_path / "back.xml")
    assert back.exit_code == 0, back.output
    original = etree.canonicalize(source.read_text(encoding="utf-8"), strip_text=True)
    again = etree.canonicalize((tmp_path / "back.xml").read_text(encoding="utf-8"), strip_text=True)
    assert again == original
    assert root == etree.QName(etree.fromstring(source.read_bytes())).localname


def test_convert_json_keeps_decimals_as_strings() -> None:
    document = json.loads(_run("convert", BASE / "invoice.xml", "--to", "json").stdout)
    line = document["Invoice"]["InvoiceLine"][1]
    assert line["NetPrice"] == "12.3450"
    assert line["VATInformation"] == {"VATRate": "S", "VATPercentage": "21"}


def test_convert_bad_json_is_one_line(tmp_path: Path) -> None:
    path = tmp_path / "x.json"
    path.write_text('{"Unknown": {}}')
    result = _run("convert", path, "--to", "xml")
    assert result.exit_code == 2
    assert "not a known DICO message" in result.stderr


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
        (b'{"Invoice": {"InvoiceType": {"a": 1}}}', "does not describe a Invoice"),
        (b'{"Invoice": {"Buyer": {"GLN": {"x": 1}}}}', "does not describe a Invoice"),
        (b'{"Invoice": "\xff"}', "JSON must be UTF-8"),
    ],
    ids=["deep-nesting", "object-for-a-code", "object-for-a-gln", "not-utf8"],
)
def test_convert_hostile_json_is_one_line_not_a_traceback(
    content: bytes, expected: str, tmp_path: Path
) -> None:
    path = tmp_path / "x.json"
    path.write_bytes(content)
    result = _run("convert", path, "--to", "xml")
    assert result.exit_code == 2, result.exception
    assert expected in result.stderr
