"""``run_hub()``: the real sandbox hub on an ephemeral 127.0.0.1 port, for pytest fixtures."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from dico_sdk.errors import UsageError
from dico_sdk.hub import HubServer, SandboxAccount, default_accounts
from dico_sdk.hub._core import DEFAULT_MAX_MESSAGE_SIZE
from dico_sdk.hub._server import (
    DEFAULT_BODY_TIMEOUT,
    DEFAULT_HEADER_TIMEOUT,
    DEFAULT_MAX_REQUEST_SIZE,
)
from dico_sdk.hub._sqlite import Synchronous
from dico_sdk.transport import AsyncMessageServiceTransport, HubProfile, MessageServiceTransport

__all__ = ["TEST_PASSWORD_COST", "RunningHub", "run_hub"]

TEST_PASSWORD_COST = 2**8
"""scrypt's N for run_hub()'s accounts: cheap, as befits passwords that live only in a test."""


class RunningHub:
    """A sandbox hub serving in a background thread; stop it with :meth:`stop` or ``with``.

    :attr:`url` is the MessageService endpoint, :attr:`accounts` the accounts by name, with their
    passwords in plain text so that a test can log in.
    """

    def __init__(self, server: HubServer, accounts: Mapping[str, SandboxAccount]) -> None:
        self.server = server
        self.accounts = dict(accounts)
        self.url = server.url
        self.wsdl_url = server.wsdl_url
        self.directory_url = server.directory_url

    def transport(self, name: str, **options: Any) -> MessageServiceTransport:
        """A :class:`MessageServiceTransport` logged in as account ``name`` of this hub.

        ``options`` go to the transport (``retry=``, ``custom_info=``, ``timeout=`` ...).
        """
        spec = self._account(name)
        return MessageServiceTransport(
            HubProfile.sandbox(self.url), username=spec.name, password=spec.password, **options
        )

    def async_transport(self, name: str, **options: Any) -> AsyncMessageServiceTransport:
        """The async twin of :meth:`transport`."""
        spec = self._account(name)
        return AsyncMessageServiceTransport(
            HubProfile.sandbox(self.url), username=spec.name, password=spec.password, **options
        )

    def _account(self, name: str) -> SandboxAccount:
        try:
            return self.accounts[name]
        except KeyError as exc:
            raise UsageError(
                f"this hub has no account {name!r}; it has {', '.join(sorted(self.accounts))}"
            ) from exc

    def reset(self) -> None:
        """Empty every mailbox and forget every MsgId, keeping the server and its accounts.

        For a hub shared by many tests (a session- or module-scoped fixture): call it between
        tests instead of starting a fresh hub each time.
        """
        self.server.storage.clear()

    def stop(self) -> None:
        """Stop serving and close the database (idempotent)."""
        self.server.stop()

    def __enter__(self) -> RunningHub:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def __repr__(self) -> str:
        return f"<RunningHub {self.url} accounts={sorted(self.accounts)}>"


def run_hub(
    accounts: Iterable[SandboxAccount] | None = None,
    *,
    db: str | Path = ":memory:",
    max_request_size: int = DEFAULT_MAX_REQUEST_SIZE,
    max_message_size: int = DEFAULT_MAX_MESSAGE_SIZE,
    body_timeout: float = DEFAULT_BODY_TIMEOUT,
    header_timeout: float = DEFAULT_HEADER_TIMEOUT,
    synchronous: Synchronous = "normal",
    password_cost: int = TEST_PASSWORD_COST,
) -> RunningHub:
    """Start the sandbox hub on 127.0.0.1 (an ephemeral port) and return it, already serving.

    ``accounts`` defaults to the demo set (:func:`dico_sdk.hub.default_accounts`); ``db`` to an
    in-memory database (give a path to test restarts). The passwords are hashed with a low
    scrypt cost (``password_cost``), so that a fresh hub per test starts in milliseconds.
    Use it as a context manager, or call ``stop()``::

        with run_hub() as hub:
            ...  # hub.url, hub.accounts["vve-de-linde"].password
    """
    specs = tuple(default_accounts() if accounts is None else accounts)
    by_name = {spec.name: spec for spec in specs}
    if len(by_name) != len(specs):
        raise UsageError("run_hub(): two accounts have the same name")
    server = HubServer(
        [spec.account(cost=password_cost) for spec in specs],
        db=db,
        host="127.0.0.1",
        port=0,
        max_request_size=max_request_size,
        max_message_size=max_message_size,
        body_timeout=body_timeout,
        header_timeout=header_timeout,
        synchronous=synchronous,
    )
    return RunningHub(server.start(), by_name)
