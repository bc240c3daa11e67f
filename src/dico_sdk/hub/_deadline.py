"""A deadline for a request's headers: uvicorn has none, so a slow client could hold a connection.

uvicorn times out an idle keep-alive connection, but once a byte arrives it waits for the rest of
the headers forever (slowloris). Here a connection must deliver its request line and headers
within ``timeout`` seconds of connecting, and again after each response; else it is closed.
The body has its own deadline in the app (``body_timeout``).

Parser-independent: the protocol subclass uses only asyncio's ``connection_made`` /
``connection_lost``; the ASGI wrapper clears the deadline when a request reaches the app (its
headers are complete then) and sets it again when the response is sent.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

__all__ = ["HeaderDeadlines"]

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
App = Callable[[Scope, Receive, Send], Awaitable[None]]


class HeaderDeadlines:
    """The open connections' header deadlines, by peer address (one event loop, no locks)."""

    def __init__(self, timeout: float) -> None:
        self.timeout = timeout
        self._transports: dict[Any, asyncio.BaseTransport] = {}
        self._timers: dict[Any, asyncio.TimerHandle] = {}

    def opened(self, transport: asyncio.BaseTransport) -> None:
        peer = _peer(transport)
        self._transports[peer] = transport
        self._arm(peer)

    def closed(self, transport: asyncio.BaseTransport) -> None:
        peer = _peer(transport)
        self._cancel(peer)
        self._transports.pop(peer, None)

    def _arm(self, peer: Any) -> None:
        self._cancel(peer)
        transport = self._transports.get(peer)
        if transport is not None:
            loop = asyncio.get_running_loop()
            self._timers[peer] = loop.call_later(self.timeout, _close, transport)

    def _cancel(self, peer: Any) -> None:
        timer = self._timers.pop(peer, None)
        if timer is not None:
            timer.cancel()

    def protocol(self, base: type[asyncio.Protocol]) -> type[asyncio.Protocol]:
        """``base`` (uvicorn's HTTP protocol) with the deadline set when a connection opens."""
        deadlines = self

        class _Protocol(base):  # type: ignore[valid-type, misc]
            def connection_made(self, transport: asyncio.BaseTransport) -> None:
                super().connection_made(transport)
                self._dico_transport = transport
                deadlines.opened(transport)

            def connection_lost(self, exc: Exception | None) -> None:
                deadlines.closed(self._dico_transport)
                super().connection_lost(exc)

        return _Protocol

    def wrap(self, app: App) -> App:
        """``app`` with the deadline cleared for each request and set again after its response."""

        async def wrapped(scope: Scope, receive: Receive, send: Send) -> None:
            if scope["type"] != "http" or scope.get("client") is None:
                await app(scope, receive, send)
                return
            peer = tuple(scope["client"])[:2]
            self._cancel(peer)

            async def sending(message: Message) -> None:
                await send(message)
                if message["type"] == "http.response.body" and not message.get("more_body"):
                    self._arm(peer)

            await app(scope, receive, sending)

        return wrapped


def _peer(transport: asyncio.BaseTransport) -> Any:
    # (host, port): an IPv6 peername has two more fields, which the ASGI scope's client lacks.
    peer = transport.get_extra_info("peername")
    return tuple(peer)[:2] if peer else None


def _close(transport: asyncio.BaseTransport) -> None:
    if not transport.is_closing():
        transport.close()
