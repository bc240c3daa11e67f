"""``dico demo``, ``dico send``, ``dico fetch`` and ``dico orders`` through click's runner."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from dico_sdk import encode
from dico_sdk.cli import main
from dico_sdk.testing import RunningHub, leaking_tap_instruction
from dico_sdk.testing._factories import BUYER_GLN, SUPPLIER_GLN


def _config(folder: Path, hub: RunningHub, gln: str, store: str) -> Path:
    path = folder / f"{store}.toml"
    path.write_text(
        f'[hub]\nurl = "{hub.url}"\n'
        f'username_env = "T_{store.upper()}_USER"\npassword_env = "T_{store.upper()}_PW"\n'
        f'[client]\ngln = "{gln}"\nstore = "{store}.sqlite"\n',
        encoding="utf-8",
    )
    return path


def test_send_fetch_and_orders_with_a_config_file(
    sandbox: RunningHub, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("T_VVE_USER", "vve")
    monkeypatch.setenv("T_VVE_PW", sandbox.accounts["vve"].password)
    monkeypatch.setenv("T_PLUMBER_USER", "plumber")
    monkeypatch.setenv("T_PLUMBER_PW", sandbox.accounts["plumber"].password)
    vve = _config(tmp_path, sandbox, BUYER_GLN, "vve")
    plumber = _config(tmp_path, sandbox, SUPPLIER_GLN, "plumber")
    order = tmp_path / "order.xml"
    order.write_bytes(encode(leaking_tap_instruction(instruction_number="CLI-1")))
    runner = CliRunner()

    sent = runner.invoke(main, ["send", "--config", str(vve), str(order)])
    fetched = runner.invoke(
        main, ["fetch", "--config", str(plumber), "--out", str(tmp_path / "in")]
    )
    listed = runner.invoke(main, ["orders", "--config", str(plumber)])
    shown = runner.invoke(main, ["orders", "--config", str(vve), "CLI-1"])

    assert sent.exit_code == 0, sent.output
    assert "MAINTENANCEINSTRUCTION order CLI-1" in sent.output
    assert fetched.exit_code == 0, fetched.output
    assert "1 message(s) received; 0 rejected" in fetched.output
    assert len(list((tmp_path / "in").glob("*.xml"))) == 1
    assert listed.output.startswith("CLI-1")
    assert "REG" in listed.output
    assert "main status REG" in shown.output
    assert (tmp_path / "vve.sqlite").is_file()


def test_missing_credentials_are_one_clear_line(
    sandbox: RunningHub, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("T_VVE_PW", raising=False)
    vve = _config(tmp_path, sandbox, BUYER_GLN, "vve")

    result = CliRunner().invoke(main, ["orders", "--config", str(vve)])

    assert result.exit_code == 2
    assert "T_VVE_USER is not set" in result.output or "T_VVE_PW is not set" in result.output


def test_the_datarotonde_profile_needs_a_client_certificate(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DICO_USERNAME", "someone")
    monkeypatch.setenv("DICO_PASSWORD", "secret")
    config = tmp_path / "dico.toml"
    config.write_text(
        '[hub]\nurl = "https://hub.example.invalid/ms"\nprofile = "datarotonde"\n'
        f'[client]\ngln = "{BUYER_GLN}"\nstore = "s.sqlite"\n',
        encoding="utf-8",
    )

    result = CliRunner().invoke(main, ["orders", "--config", str(config)])

    assert result.exit_code == 2
    assert "client_certificate" in result.output


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b'[hub]\nurl = "http://127.0.0.1:1/ms"\n[client]\ngln = "\xff"\n', "cannot read"),
        (b'[hub]\nurl = "http://127.0.0.1:1/ms"\n[client]\ngln = 8712345000011\n', "gln"),
    ],
    ids=["not-utf8", "gln-a-number"],
)
def test_a_broken_config_file_is_one_clear_line(
    content: bytes, expected: str, tmp_path: Path
) -> None:
    config = tmp_path / "dico.toml"
    config.write_bytes(content)

    result = CliRunner().invoke(main, ["orders", "--config", str(config)])

    assert result.exit_code == 2, result.exception
    assert expected in result.output
