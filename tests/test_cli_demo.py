"""``dico demo`` encodes, validates and decodes one message of each type."""

from __future__ import annotations

from click.testing import CliRunner

from dico_sdk.cli import main


def test_demo_round_trips_each_message_type() -> None:
    result = CliRunner().invoke(main, ["demo"])
    assert result.exit_code == 0, result.output
    for name in ("MaintenanceInstruction", "MaintenanceStatus", "Invoice"):
        assert f"{name} " in result.output
    assert result.output.count("round-trips") == 3
    assert "payable EUR 388.16" in result.output
    assert "Reparatie" in result.output
