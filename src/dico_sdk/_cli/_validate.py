"""``dico validate FILE...``: schema and business rules for files and folders, one report each."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import attrs
import click

from dico_sdk._cli._streamed import streamed_report, too_large_to_hold
from dico_sdk.errors import UsageError
from dico_sdk.rules import ValidationReport
from dico_sdk.rules._validate import validate

__all__ = ["validate_command"]

EXIT_VALID, EXIT_INVALID, EXIT_UNREADABLE = 0, 1, 2
PROGRESS_FROM = 5
"""More files than this get a progress bar on stderr (when stderr is a terminal)."""


@attrs.frozen
class FileResult:
    """One file's outcome: a report, or why it could not be read."""

    path: Path
    report: ValidationReport | None = None
    error: str | None = None

    def failed(self, *, strict: bool) -> bool:
        if self.report is None:
            return True
        return not self.report.ok or (strict and bool(self.report.warnings))

    def to_dict(self) -> dict[str, Any]:
        if self.report is None:
            return {"path": str(self.path), "readable": False, "error": self.error}
        return {"path": str(self.path), "readable": True, **self.report.to_dict()}


def _files(paths: Iterable[Path]) -> Iterator[Path]:
    for path in paths:
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.suffix.lower() == ".xml")
        else:
            yield path


def _check(path: Path, today: date | None, lang: str) -> FileResult:
    try:
        if too_large_to_hold(path):
            return FileResult(path, report=streamed_report(path))
        return FileResult(path, report=validate(path, today=today, lang=lang))
    except UsageError as exc:
        return FileResult(path, error=str(exc))


def _counted(count: int, noun: str) -> str:
    return f"{count} {noun}{'s' * (count != 1)}"


def _describe(report: ValidationReport) -> str:
    counts = f"{_counted(len(report.errors), 'error')}, {_counted(len(report.warnings), 'warning')}"
    kind = f" ({report.message_type})" if report.message_type else ""
    verdict = _verdict(report)
    return f"{verdict}{kind}: {counts}"


def _print_human(result: FileResult) -> None:
    if result.report is None:
        click.echo(f"{result.path}: unreadable: {result.error}")
        return
    click.echo(f"{result.path}: {_describe(result.report)}")
    for issue in result.report.issues:
        line = f"line {issue.line}" if issue.line is not None else "-"
        click.echo(f"  {line:<10} {issue.severity!s:<8} {issue.rule_id:<12} {issue.xpath or '-'}")
        click.echo(f"  {'':<10} {issue.message}")


def _summary(results: list[FileResult], strict: bool) -> dict[str, int]:
    return {
        "files": len(results),
        "valid": sum(not r.failed(strict=strict) for r in results),
        "invalid": sum(r.report is not None and r.failed(strict=strict) for r in results),
        "unreadable": sum(r.report is None for r in results),
        "errors": sum(len(r.report.errors) for r in results if r.report),
        "warnings": sum(len(r.report.warnings) for r in results if r.report),
    }


def _exit_code(results: list[FileResult], strict: bool) -> int:
    if any(r.report is None for r in results):
        return EXIT_UNREADABLE
    return EXIT_INVALID if any(r.failed(strict=strict) for r in results) else EXIT_VALID


def _show_progress(count: int) -> bool:
    # Only for a person watching: never in pipes, logs or CI output.
    return count > PROGRESS_FROM and sys.stderr.isatty()


def _run(files: list[Path], today: date | None, lang: str) -> list[FileResult]:
    if not _show_progress(len(files)):
        return [_check(path, today, lang) for path in files]
    with click.progressbar(files, label="Validating", file=sys.stderr) as bar:
        return [_check(path, today, lang) for path in bar]


@click.command("validate")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print one JSON document instead.")
@click.option("--lang", type=click.Choice(["en", "nl"]), default="en", show_default=True)
@click.option("--strict", is_flag=True, help="Warnings fail the validation too.")
@click.option(
    "--today",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="The date for date-dependent rules (default: today in Europe/Amsterdam).",
)
def validate_command(
    paths: tuple[Path, ...], as_json: bool, lang: str, strict: bool, today: Any
) -> None:
    """Validate DICO messages (files, or folders searched for *.xml) against schema and rules.

    Exit code 0 when every file is valid, 1 when any has schema or rule errors (with --strict
    also warnings), 2 when a file cannot be read. A file over 16 MiB is checked against the
    schema only, streamed with flat memory (a warning says the rules were not run).
    """
    files = list(_files(paths))
    results = _run(files, today.date() if today else None, lang)
    summary = _summary(results, strict)
    if as_json:
        document = {"files": [r.to_dict() for r in results], "summary": summary}
        click.echo(json.dumps(document, indent=2, ensure_ascii=False))
    else:
        for result in results:
            _print_human(result)
        click.echo(
            f"{_counted(summary['files'], 'file')}: {summary['valid']} valid, "
            f"{summary['invalid']} invalid, {summary['unreadable']} unreadable "
            f"({_counted(summary['errors'], 'error')}, {_counted(summary['warnings'], 'warning')})"
        )
    sys.exit(_exit_code(results, strict))


def _verdict(report: ValidationReport) -> str:
    if report.ok:
        return "valid"
    if report.complete:
        return "INVALID"
    # Not every step ran: with errors the file is invalid; without, it was not fully checked.
    return "INVALID, incomplete" if report.errors else "NOT FULLY CHECKED"
