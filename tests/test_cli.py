"""The ``dico`` command's frame: version, help, SDK errors as one line."""

from __future__ import annotations

import subprocess
import sys

import click
from click.testing import CliRunner

from dico_sdk import XmlSyntaxError, __version__
from dico_sdk.cli import main


def test_version() -> None:
    result = CliRunner().invoke(main, ["--version"])
    assert result.exit_code == 0
    assert __version__ in result.output


def test_sdk_error_is_one_line_on_stderr_without_traceback() -> None:
    @click.command("boom")
    def boom() -> None:
        raise XmlSyntaxError("line 3: broken", line=3)

    main.add_command(boom)
    try:
        result = CliRunner().invoke(main, ["boom"])
        assert result.exit_code == 2
        assert result.stderr == "dico: error: line 3: broken\n"
        assert "Traceback" not in result.output

        debug = CliRunner().invoke(main, ["--debug", "boom"])
        assert isinstance(debug.exception, XmlSyntaxError)
    finally:
        main.commands.pop("boom")


def test_runs_as_python_dash_m() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "dico_sdk", "--help"], capture_output=True, text=True, check=False
    )
    assert proc.returncode == 0
    assert "Usage" in proc.stdout
