"""`dico hub serve`, `dico hub init-accounts`, `dico hub hash-password`."""

from __future__ import annotations

import logging
import signal
import subprocess
import sys
from pathlib import Path

import httpx
from click.testing import CliRunner
from hubsoap import call, envelope, message

from dico_sdk._cli._hub import _RequestLogFormatter
from dico_sdk.cli import main
from dico_sdk.hub import load_accounts, parse_accounts


def test_init_accounts_writes_the_demo_set(tmp_path: Path) -> None:
    path = tmp_path / "accounts.toml"
    result = CliRunner().invoke(main, ["hub", "init-accounts", str(path)])
    assert result.exit_code == 0, result.output
    assert "vve-de-linde: password 'linde-demo'" in result.output
    assert load_accounts(path)[0].name == "vve-de-linde"
    again = CliRunner().invoke(main, ["hub", "init-accounts", str(path)])
    assert again.exit_code == 2
    assert "exists" in again.output


def test_hash_password_line_fits_an_accounts_file() -> None:
    result = CliRunner().invoke(main, ["hub", "hash-password", "--password", "s3cret"])
    assert result.exit_code == 0, result.output
    (account,) = parse_accounts(
        f'[[account]]\nname = "a"\nglns = ["8712345000011"]\n{result.output}'
    )
    assert account.verify("s3cret")


def test_demo_accounts_are_refused_off_loopback() -> None:
    result = CliRunner().invoke(main, ["hub", "serve", "--host", "0.0.0.0", "--db", ":memory:"])
    assert result.exit_code == 2
    assert "--accounts" in result.output


def test_serve_logs_one_line_per_request_and_stops_on_sigint(tmp_path: Path) -> None:
    accounts = tmp_path / "accounts.toml"
    CliRunner().invoke(main, ["hub", "init-accounts", str(accounts)])
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "dico_sdk",
            "hub",
            "serve",
            "--port",
            "0",
            "--db",
            str(tmp_path / "hub.sqlite"),
            "--accounts",
            str(accounts),
        ],
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stderr is not None
        first = proc.stderr.readline()
        assert first.startswith("sandbox hub: http://127.0.0.1:")
        url = first.split()[2]
        with httpx.Client(timeout=10) as client:
            assert call(client, url, "PostMessage", envelope(message("cli-1"))).status_code == 200
        proc.send_signal(signal.SIGINT)
        _, rest = proc.communicate(timeout=20)
    finally:
        proc.kill()
        proc.wait()
    assert proc.returncode == 0
    assert "account=vve-de-linde operation=PostMessage msg_id=cli-1 outcome=ok" in rest


def test_serve_can_log_to_a_file(tmp_path: Path) -> None:
    log = tmp_path / "requests.log"
    log.write_text("an earlier line\n", encoding="utf-8")
    command = [sys.executable, "-m", "dico_sdk", "hub", "serve", "--port", "0", "--db", ":memory:"]
    proc = subprocess.Popen([*command, "--log-file", str(log)], stderr=subprocess.PIPE, text=True)
    try:
        assert proc.stderr is not None
        url = proc.stderr.readline().split()[2]  # the start-up lines still go to stderr
        with httpx.Client(timeout=10) as client:
            assert call(client, url, "PostMessage", envelope(message("file-1"))).status_code == 200
        proc.send_signal(signal.SIGINT)
        _, rest = proc.communicate(timeout=20)
    finally:
        proc.kill()
        proc.wait()
    assert proc.returncode == 0
    lines = log.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "an earlier line"  # appended, not overwritten
    assert any("operation=PostMessage msg_id=file-1 outcome=ok" in line for line in lines)
    assert "msg_id=file-1" not in rest


def test_serve_refuses_a_log_file_it_cannot_write(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main, ["hub", "serve", "--db", ":memory:", "--log-file", str(tmp_path / "no" / "x.log")]
    )
    assert result.exit_code == 2
    assert "--log-file" in result.output


def test_the_request_log_lines_read_as_logging_writes_them() -> None:
    # serve puts its lines together without logging's format machinery; they must not change.
    cheap, plain = _RequestLogFormatter(), logging.Formatter("%(asctime)s %(name)s %(message)s")
    try:
        raise ValueError("boom")
    except ValueError:
        failure = sys.exc_info()
    for created in (1_700_000_000.0, 1_700_000_000.999, 1_700_000_001.5, 1_700_000_000.25):
        for exc_info in (None, failure):
            fields = {"name": "dico_sdk.hub", "msg": "a=%s ms=%.1f", "args": ("b", 0.25)}
            record = logging.makeLogRecord({**fields, "exc_info": exc_info})
            record.created, record.msecs = created, (created % 1) * 1000
            again = logging.makeLogRecord(record.__dict__)
            assert cheap.format(record) == plain.format(again)
