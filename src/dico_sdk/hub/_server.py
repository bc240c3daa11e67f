"""Running the sandbox hub: uvicorn around the Starlette app, in the foreground or a thread.

Starlette and uvicorn (the ``hub`` extra) are imported only here, when a server is built, so
``import dico_sdk.hub`` works without them.
"""

from __future__ import annotations

import asyncio
import signal
import socket
import threading
import time
from collections.abc import Iterable
from contextlib import ExitStack
from pathlib import Path
from types import FrameType, ModuleType
from typing import Any

from dico_sdk.errors import UsageError
from dico_sdk.hub._accounts import Account
from dico_sdk.hub._core import DEFAULT_MAX_MESSAGE_SIZE, HubCore
from dico_sdk.hub._deadline import HeaderDeadlines
from dico_sdk.hub._sqlite import SqliteStorage, Synchronous

__all__ = [
    "DEFAULT_BODY_TIMEOUT",
    "DEFAULT_HEADER_TIMEOUT",
    "DEFAULT_MAX_REQUEST_SIZE",
    "HubServer",
]

DEFAULT_MAX_REQUEST_SIZE = 20 * 1024 * 1024
"""The largest request body the hub reads (20 MiB); a larger one is answered 413."""

DEFAULT_BODY_TIMEOUT = 30.0
"""Seconds a client has to send its whole request body; a slower one is answered 408."""

DEFAULT_HEADER_TIMEOUT = 10.0
"""Seconds a connection has to send a request's headers (after connecting or a response)."""

_START_TIMEOUT = 10.0


def _server_stack() -> tuple[ModuleType, ModuleType, type[asyncio.Protocol]]:
    try:
        import uvicorn  # noqa: PLC0415 - the optional server stack, imported on first use
        from uvicorn.protocols.http.auto import AutoHTTPProtocol  # noqa: PLC0415

        from dico_sdk.hub import _app  # noqa: PLC0415 - imports starlette
    except ImportError as exc:
        raise UsageError(
            "the sandbox hub server needs the 'hub' extra (starlette, uvicorn): "
            "pip install 'dico-sdk[hub]'"
        ) from exc
    # httptools when installed, else h11: what uvicorn's http="auto" would pick.
    return uvicorn, _app, AutoHTTPProtocol


class HubServer:
    """The sandbox hub's HTTP server over a SQLite database (``":memory:"`` by default).

    ``start()`` serves in a background thread (``port=0``: an ephemeral port, see :attr:`url`),
    ``stop()`` ends it and closes the database; ``serve_forever()`` serves in the calling thread
    until Ctrl-C. A context manager: ``with HubServer(accounts) as server: ...``.
    """

    def __init__(
        self,
        accounts: Iterable[Account],
        *,
        db: str | Path = ":memory:",
        host: str = "127.0.0.1",
        port: int = 0,
        max_request_size: int = DEFAULT_MAX_REQUEST_SIZE,
        max_message_size: int = DEFAULT_MAX_MESSAGE_SIZE,
        body_timeout: float = DEFAULT_BODY_TIMEOUT,
        header_timeout: float = DEFAULT_HEADER_TIMEOUT,
        synchronous: Synchronous = "normal",
    ) -> None:
        uvicorn, app_module, protocol = _server_stack()
        deadlines = HeaderDeadlines(header_timeout)
        with ExitStack() as undo:  # a failure half-way closes what was opened
            self._socket = _bind(host, port)
            undo.callback(self._socket.close)
            self.storage = SqliteStorage(db, synchronous=synchronous)
            undo.callback(self.storage.close)
            self.core = HubCore(accounts, self.storage, max_message_size=max_message_size)
            app = app_module.create_app(
                self.core, max_request_size=max_request_size, body_timeout=body_timeout
            )
            config = uvicorn.Config(
                deadlines.wrap(app),
                http=deadlines.protocol(protocol),
                log_config=None,
                access_log=False,  # the hub logs one line per request itself
                # No X-Forwarded-For rewriting: the hub is not behind a proxy, the client's own
                # address keys its header deadline, and the middleware costs every request.
                proxy_headers=False,
                lifespan="off",
                timeout_graceful_shutdown=5,
            )
            self._server: Any = uvicorn.Server(config)
            undo.pop_all()
        self._thread: threading.Thread | None = None
        self._closed = False
        bound_host, bound_port = self._socket.getsockname()[:2]
        shown = f"[{bound_host}]" if ":" in bound_host else bound_host
        self.url = f"http://{shown}:{bound_port}/"
        """The MessageService endpoint; the WSDL is at ``url + "?wsdl"``."""

    @property
    def wsdl_url(self) -> str:
        """Where the hub serves its WSDL."""
        return self.url + "?wsdl"

    @property
    def directory_url(self) -> str:
        """The participant directory (JSON): ``GET`` it, or ``directory_url + "/<gln>"``."""
        return self.url + "participants"

    def start(self) -> HubServer:
        """Serve in a daemon thread; returns once the hub accepts connections."""
        if self._thread is not None or self._closed:
            raise UsageError("this HubServer was started already")
        self._thread = threading.Thread(
            target=self._server.run, kwargs={"sockets": [self._socket]}, daemon=True
        )
        self._thread.start()
        deadline = time.monotonic() + _START_TIMEOUT
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                self.stop()
                raise UsageError("the sandbox hub did not start (see the log)")
            time.sleep(0.005)
        return self

    def serve_forever(self) -> None:
        """Serve in the main thread until SIGINT or SIGTERM, then close the database."""
        # uvicorn shuts down gracefully on either signal and then raises it again; SIGTERM is made
        # an interrupt too, so that both end here with the database closed.
        previous = signal.signal(signal.SIGTERM, _interrupt)
        try:
            self._server.run(sockets=[self._socket])
        except KeyboardInterrupt:
            pass  # the requested stop, after the graceful shutdown
        finally:
            signal.signal(signal.SIGTERM, previous)
            self._close()

    def stop(self) -> None:
        """Stop serving (waiting for requests in flight) and close the database. Idempotent."""
        if self._thread is not None:
            self._server.should_exit = True
            self._thread.join(timeout=_START_TIMEOUT)
        self._close()

    def _close(self) -> None:
        if self._closed:
            return
        self._closed = True
        self._socket.close()
        self.core.close()

    def __enter__(self) -> HubServer:
        return self if self._thread is not None else self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()


def _interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


_BACKLOG = 2048  # uvicorn's default


def _bind(host: str, port: int) -> socket.socket:
    # Bound here rather than by uvicorn so that port 0 gives a known ephemeral port up front.
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # IPPROTO_TCP spelled out: asyncio disables Nagle (TCP_NODELAY) only on sockets whose proto
    # says TCP, and with Nagle every response waits ~40 ms for the client's delayed ACK.
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        # Listening from here on: a client that connects once `dico hub serve` has printed its
        # URL waits in the backlog until uvicorn accepts, instead of being refused.
        sock.listen(_BACKLOG)
    except OSError as exc:
        sock.close()
        raise UsageError(f"cannot listen on {host}:{port}: {exc}") from exc
    sock.set_inheritable(True)
    return sock
