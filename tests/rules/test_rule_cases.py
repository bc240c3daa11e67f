"""Table-driven: every ``tests/rules/<rule-id>/{pass,fail}_*.xml`` against ``dico_sdk.validate``.

A fail document breaks exactly its rule (every issue of the report has that id, apart from rules
it explicitly allows) and the report holds each expected issue with its severity, XPath, line and
(for arithmetic) the computed amount. A pass document exercises the rule and yields no issue.
"""

from __future__ import annotations

import importlib.util
import re
from datetime import date
from pathlib import Path

import pytest

from dico_sdk import validate
from dico_sdk.codec import decode_detailed
from dico_sdk.rules import Scope, registered_rules

RULES_DIR = Path(__file__).resolve().parent

EXPECT = re.compile(r"<!-- expect (\S+) (error|warning) (\S+)(?: (\S+))? -->")
ALLOW = re.compile(r"<!-- allow (\S+) -->")
CASES = sorted(RULES_DIR.glob("DICO-*/*.xml"))
# Rules whose violations an XSD-valid document cannot carry: tested on objects (test_objects.py).
OBJECT_TESTED = {"DICO-GEN-02", "DICO-GEN-03", "DICO-GEN-04", "DICO-MS-06"}


def _id(path: Path) -> str:
    return f"{path.parent.name}/{path.stem}"


@pytest.mark.parametrize("path", CASES, ids=_id)
def test_case(path: Path, today: date) -> None:
    text = path.read_text(encoding="utf-8")
    expected = EXPECT.findall(text)
    allowed = set(ALLOW.findall(text))
    report = validate(path, today=today)
    if path.name.startswith("pass"):
        assert not expected
        assert report.complete
        assert [i for i in report.issues if i.rule_id not in allowed] == []
        return
    assert expected, "a fail case states what it expects"
    reported = {expect_id for expect_id, *_ in expected}
    assert {issue.rule_id for issue in report.issues} <= reported | allowed, report.issues
    found = [i for i in report.issues if i.rule_id in reported]
    assert len(found) == len(expected), found
    # The rules' XPaths follow the codec's convention: a present element is in its line map.
    lines = decode_detailed(path).lines if "XSD" not in reported else {}
    for issue in found:
        if issue.value is not None and issue.rule_id != "XSD":
            assert issue.xpath in lines, issue.xpath
    for (expect_id, severity, xpath, amount), issue in zip(expected, found, strict=True):
        assert (issue.rule_id, str(issue.severity), issue.xpath) == (expect_id, severity, xpath)
        assert issue.line is not None
        assert issue.line > 1
        assert issue.message
        if amount:
            assert issue.expected == amount
    # A schema error stops the rules, so only then is the report incomplete.
    assert report.complete == ("XSD" not in reported)
    assert report.ok == all(i.severity != "error" for i in found)


def test_every_rule_has_a_passing_and_a_failing_case() -> None:
    checked = {rule.id for rule in registered_rules(scope=Scope.MESSAGE)}
    with_files = {path.parent.name for path in CASES}
    for rule_id in sorted(checked - OBJECT_TESTED):
        names = [p.name for p in CASES if p.parent.name == rule_id]
        assert any(n.startswith("pass") for n in names), rule_id
        assert any(n.startswith("fail") for n in names), rule_id
    assert with_files - checked == {"DICO-MS-07", "DICO-MS-08"}  # the codec's


def test_case_files_are_current() -> None:
    """The committed documents are what build_cases.py writes (run it after editing a case)."""
    spec = importlib.util.spec_from_file_location("build_cases", RULES_DIR / "build_cases.py")
    assert spec is not None
    assert spec.loader is not None
    build_cases = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(build_cases)
    for rule_id, cases in build_cases.CASES.items():
        for name, case in cases.items():
            path = RULES_DIR / rule_id / f"{name}.xml"
            assert path.read_text(encoding="utf-8") == build_cases.render(rule_id, name, case)
