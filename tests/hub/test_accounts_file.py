"""The accounts file: TOML, hashed passwords, valid and unique GLNs; the demo set."""

from __future__ import annotations

from pathlib import Path

import pytest

from dico_sdk._gln import is_valid_gln as gln_is_valid
from dico_sdk.errors import UsageError
from dico_sdk.hub import (
    Account,
    SandboxAccount,
    default_accounts,
    format_password_hash,
    load_accounts,
    parse_accounts,
    write_accounts,
)


def test_demo_set_is_a_manager_and_two_contractors_with_valid_glns() -> None:
    demo = default_accounts()
    assert len(demo) == 3
    assert all(gln_is_valid(gln) for spec in demo for gln in spec.glns)
    manager = demo[0]
    assert "INVOIC" in manager.accepts
    assert all("MAINTENANCEINSTRUCTION" in spec.accepts for spec in demo[1:])


@pytest.mark.parametrize(
    ("gln", "valid"),
    [
        ("8712345000011", True),
        ("8712345000012", False),
        ("871234500001", False),
        ("87123450000111", False),
        ("871234500001a", False),
        ("٨712345000011", False),  # an Arabic-Indic digit is a digit to str.isdigit()
    ],
)
def test_gln_check_digit(gln: str, valid: bool) -> None:
    assert gln_is_valid(gln) is valid


def test_written_file_round_trips_without_plain_passwords(tmp_path: Path) -> None:
    path = tmp_path / "accounts.toml"
    write_accounts(path, default_accounts())
    text = path.read_text(encoding="utf-8")
    assert all(spec.password not in text for spec in default_accounts())
    loaded = load_accounts(path)
    assert [a.name for a in loaded] == [s.name for s in default_accounts()]
    for account, spec in zip(loaded, default_accounts(), strict=True):
        assert account.verify(spec.password)
        assert not account.verify(spec.password + "x")
        assert account.glns == spec.glns
        assert account.accepts == spec.accepts


def _entry(name: str = "a", gln: str = "8712345000011", **extra: str) -> str:
    account = Account.create(name, "pw", glns=[gln])
    lines = [
        "[[account]]",
        f'name = "{name}"',
        f'password_hash = "{format_password_hash(account)}"',
        f'glns = ["{gln}"]',
        *(f"{key} = {value}" for key, value in extra.items()),
    ]
    return "\n".join(lines) + "\n"


def test_accepts_is_optional() -> None:
    (account,) = parse_accounts(_entry())
    assert account.accepts == frozenset()
    assert account.verify("pw")


@pytest.mark.parametrize(
    ("text", "match"),
    [
        ("[[account]\n", "not valid TOML"),
        ("", "one or more"),
        ("title = 'x'\n" + _entry(), "nothing else"),
        (_entry(gln="8712345000012"), "not a valid GLN"),
        (_entry(colour='"red"'), "unknown keys"),
        (_entry() + _entry(), "used twice"),
        (_entry("a") + _entry("b"), "owned by both"),
        (_entry().replace("scrypt$n=16384", "scrypt$n=1000"), "password_hash must look like"),
        (_entry().replace(",r=8,", ",r=9,"), "password_hash must look like"),
        (_entry().replace("scrypt$n=16384", "scrypt$n=2097152"), "password_hash must look like"),
        (_entry().replace("$", "$zz", 2), "password_hash must look like"),
        (_entry().replace('glns = ["8712345000011"]', "glns = []"), "at least one GLN"),
        (_entry().replace('glns = ["8712345000011"]', 'glns = "8712345000011"'), "list of"),
    ],
)
def test_bad_files_are_refused_with_a_reason(text: str, match: str) -> None:
    with pytest.raises(UsageError, match=match):
        parse_accounts(text)


def test_unreadable_file_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="cannot read") as excinfo:
        load_accounts(tmp_path / "missing.toml")
    assert isinstance(excinfo.value.__cause__, OSError)


def test_sandbox_account_hides_its_password() -> None:
    spec = SandboxAccount("a", "hunter2", glns={"8712345000011"})
    assert "hunter2" not in repr(spec)
    with pytest.raises(UsageError):
        SandboxAccount("a", "pw", glns="8712345000011")  # type: ignore[arg-type]
