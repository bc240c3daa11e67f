"""``dico hub``: run the sandbox MessageService hub, and manage its accounts file."""

from __future__ import annotations

import ipaddress
import logging
import time
from pathlib import Path

import click

from dico_sdk.hub import (
    Account,
    HubServer,
    default_accounts,
    format_password_hash,
    load_accounts,
    write_accounts,
)

__all__ = ["hub"]


@click.group("hub")
def hub() -> None:
    """The sandbox hub: a local MessageService 3.1 hub with durable mailboxes."""


@hub.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8080, show_default=True, type=click.IntRange(0, 65535))
@click.option(
    "--db",
    default="hub.sqlite",
    show_default=True,
    help="SQLite database of the mailboxes (':memory:' for none).",
)
@click.option(
    "--accounts",
    "accounts_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="TOML accounts file (default: the demo accounts, see `dico hub init-accounts`).",
)
@click.option(
    "--synchronous",
    type=click.Choice(["normal", "full"]),
    default="normal",
    show_default=True,
    help="SQLite durability: normal survives a crash of the hub, full also a power failure.",
)
@click.option(
    "--log-file",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="Append the request log to this file instead of stderr (which, if it is a pipe that"
    " is not read, would make the hub wait on its own log).",
)
def serve(
    *,
    host: str,
    port: int,
    db: str,
    accounts_file: Path | None,
    synchronous: str,
    log_file: Path | None,
) -> None:
    """Serve MessageService 3.1 on HOST:PORT, one log line per request."""
    if accounts_file is None:
        accounts: tuple[Account, ...] = tuple(spec.account() for spec in default_accounts())
        if not _is_loopback(host):
            raise click.UsageError("the demo accounts have published passwords: give --accounts")
        source = (
            "the demo set ("
            + ", ".join(f"{spec.name} / {spec.password}" for spec in default_accounts())
            + "; for 127.0.0.1 only)"
        )
    else:
        accounts = load_accounts(accounts_file)
        source = str(accounts_file)
    _log_requests(log_file)
    server = HubServer(
        accounts,
        db=db,
        host=host,
        port=port,
        synchronous="full" if synchronous == "full" else "normal",
    )
    click.echo(f"sandbox hub: {server.url} (WSDL {server.wsdl_url}), database {db}", err=True)
    click.echo(f"accounts: {source}", err=True)
    server.serve_forever()


_LOG_FORMAT = "%(asctime)s %(name)s %(message)s"


class _RequestLogFormatter(logging.Formatter):
    """``logging.Formatter(_LOG_FORMAT)``'s lines, written with less work per line.

    The date and time are formatted once a second, and a line without a traceback is put
    together directly rather than through the format string's machinery.
    """

    _second = -1
    _text = ""

    def __init__(self) -> None:
        super().__init__(_LOG_FORMAT)

    def format(self, record: logging.LogRecord) -> str:
        if record.exc_info or record.exc_text or record.stack_info:
            return super().format(record)
        record.message = record.getMessage()
        record.asctime = self.formatTime(record)
        return f"{record.asctime} {record.name} {record.message}"

    def formatTime(self, record: logging.LogRecord, datefmt: str | None = None) -> str:
        if datefmt is not None:
            return super().formatTime(record, datefmt)
        second = int(record.created)
        if second != self._second:
            self._text = time.strftime(self.default_time_format, self.converter(record.created))
            self._second = second
        msec = self.default_msec_format
        return msec % (self._text, record.msecs) if msec else self._text


def _log_requests(log_file: Path | None) -> None:
    # The hub logs a line per request: what basicConfig(level=INFO, format=_LOG_FORMAT) set up,
    # made cheaper. The lines name no thread, process or source line, so logging need not look
    # them up (the logging HOWTO's "Optimization" advice); this process serves the hub only.
    handler: logging.Handler
    if log_file is None:
        handler = logging.StreamHandler()
    else:
        try:
            handler = logging.FileHandler(log_file, encoding="utf-8")
        except OSError as exc:
            message = f"cannot write to {log_file}: {exc}"
            raise click.BadParameter(message, param_hint="--log-file") from exc
    handler.setFormatter(_RequestLogFormatter())
    logging.basicConfig(level=logging.INFO, handlers=[handler])
    logging.logThreads = False
    logging.logProcesses = False
    logging.logMultiprocessing = False
    logging._srcfile = None


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


@hub.command("hash-password")
@click.password_option(help="The password (asked twice when not given).")
def hash_password(password: str) -> None:
    """Print the password_hash line of an accounts file for a password."""
    account = Account.create("-", password, glns=())
    click.echo(f'password_hash = "{format_password_hash(account)}"')


@hub.command("init-accounts")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Overwrite an existing file.")
def init_accounts(path: Path, force: bool) -> None:
    """Write the demo accounts (a VvE manager, two contractors) to PATH, passwords hashed."""
    if path.exists() and not force:
        raise click.UsageError(f"{path} exists; give --force to overwrite it")
    specs = default_accounts()
    write_accounts(path, specs)
    for spec in specs:
        glns = ", ".join(sorted(spec.glns))
        click.echo(f"{spec.name}: password {spec.password!r}, GLN {glns}")
