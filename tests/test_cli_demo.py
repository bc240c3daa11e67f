"""``dico demo`` runs a whole maintenance order cycle over real HTTP and exits 0."""

from __future__ import annotations

import subprocess
import sys

import pytest
from click.testing import CliRunner

from dico_sdk.cli import main


def test_demo_runs_the_whole_cycle_and_exits_0() -> None:
    result = CliRunner().invoke(main, ["demo"])

    assert result.exit_code == 0, result.output
    assert "send_order VVE-2026-0142" in result.output
    for step in ("send_status ACC", "send_status AFH", "send_status TGE", "send_invoice"):
        assert step in result.output
    assert result.output.count("fetch_statuses -> ") == 3
    assert "fetch_invoices -> F-2026-00412" in result.output
    assert "main status      TGE" in result.output
    assert "appointment      2026-11-26 13:00 +0100" in result.output
    assert "invoice check    all rules pass" in result.output
    assert "payable EUR 388.16" in result.output


@pytest.mark.slow
def test_demo_as_a_subprocess() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "dico_sdk", "demo"],
        check=False,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert "main status      TGE" in done.stdout
