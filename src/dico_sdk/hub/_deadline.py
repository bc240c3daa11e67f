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
    """The open connections' header deadlines, by peer address (one event loop, no locks).

    One timer per connection, not one per request: serving a request clears the connection's
    deadline and its response sets a new one, both plain assignments; when the timer fires it
    closes the connection if the deadline has passed, and otherwise sleeps until the deadline
    (or, while a request is being served, for another ``timeout``).
    """

    def __init__(self, timeout: float) -> None:
        self.timeout = timeout
        self._connections: dict[Any, _Connection] = {}

    def opened(self, transport: asyncio.BaseTransport) -> None:
        peer = _peer(transport)
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.timeout
        connection = _Connection(transport, loop, deadline)
        self._connections[peer] = connection
        self._wait(peer, connection, deadline)

    def closed(self, transport: asyncio.BaseTransport) -> None:
        connection = self._connections.pop(_peer(transport), None)
        if connection is not None and connection.timer is not None:
            connection.timer.cancel()

    def _wait(self, peer: Any, connection: _Connection, when: float) -> None:
        connection.timer = connection.loop.call_at(when, self._check, peer, connection)

    def _check(self, peer: Any, connection: _Connection) -> None:
        if self._connections.get(peer) is not connection:
            return  # closed meanwhile
        now = connection.loop.time()
        deadline = connection.deadline
        if deadline is None:  # a request is being served (its body has its own deadline)
            self._wait(peer, connection, now + self.timeout)
        elif deadline - now > _TIMER_RESOLUTION:
            self._wait(peer, connection, deadline)
        else:
            _close(connection.transport)

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
        connections = self._connections
        timeout = self.timeout

        async def wrapped(scope: Scope, receive: Receive, send: Send) -> None:
            client = scope.get("client")
            connection = None
            if scope["type"] == "http" and client is not None:
                connection = connections.get(tuple(client)[:2])
            if connection is None:
                await app(scope, receive, send)
                return
            connection.deadline = None

            async def sending(message: Message) -> None:
                await send(message)
                if message["type"] == "http.response.body" and not message.get("more_body"):
                    connection.deadline = connection.loop.time() + timeout

            await app(scope, receive, sending)

        return wrapped


# Timers fire to the millisecond: a deadline less than that ahead counts as reached.
_TIMER_RESOLUTION = 0.001


class _Connection:
    """One open connection: its transport, and when its next request's headers are due."""

    __slots__ = ("deadline", "loop", "timer", "transport")

    def __init__(
        self, transport: asyncio.BaseTransport, loop: asyncio.AbstractEventLoop, deadline: float
    ) -> None:
        self.transport = transport
        self.loop = loop
        self.deadline: float | None = deadline
        self.timer: asyncio.TimerHandle | None = None


def _peer(transport: asyncio.BaseTransport) -> Any:
    # (host, port): an IPv6 peername has two more fields, which the ASGI scope's client lacks.
    peer = transport.get_extra_info("peername")
    return tuple(peer)[:2] if peer else None


def _close(transport: asyncio.BaseTransport) -> None:
    if not transport.is_closing():
        transport.close()
