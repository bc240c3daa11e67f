"""bench/hub.py still runs (a few messages, both client network layers): the figures in
bench/README.md come from it, so it must not rot between measurements."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).parents[1] / "bench" / "hub.py"


@pytest.mark.parametrize("network", ["pool", "httpx"])
def test_the_hub_bench_runs_and_prints_its_table(network: str) -> None:
    run = subprocess.run(
        [sys.executable, str(BENCH), "--messages", "16", "--network", network],
        capture_output=True,
        text=True,
        timeout=100,
        check=True,
    )
    rows = [line for line in run.stdout.splitlines() if line.startswith("| ")]
    assert f"client network layer: {network}" in run.stdout
    assert [row.split(" | ")[:3] for row in rows[1:]] == [
        ["| post", "1", "1"],
        ["| list+get+delete", "1", "1"],
        ["| post", "8", "1"],
        ["| list+get+delete", "8", "1"],
        ["| post", "8", "2"],
        ["| list+get+delete", "8", "2"],
    ]
    assert all(float(row.split(" | ")[3].replace(",", "")) > 0 for row in rows[1:])
