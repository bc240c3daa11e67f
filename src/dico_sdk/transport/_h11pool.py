"""A lean HTTP/1.1 connection pool for httpx on asyncio: the async transport's network layer.

httpx's own async transport (httpcore over anyio) spends most of a small request's CPU on
anyio's cancel scopes and locks around every read and write. This pool carries the bytes over
plain asyncio streams and lets h11 frame and check the HTTP/1.1 protocol: a whole GetMessage
call on loopback costs 0.66-0.77 ms of client CPU with it, 1.05-1.26 ms with httpx's own.
It is an ``httpx.AsyncBaseTransport``: everything above it (the ``httpx.AsyncClient``,
timeouts, content decoding, event hooks) is unchanged, and it raises httpx's exceptions.

What it does not do, so that :class:`AsyncMessageServiceTransport` uses httpx's own transport
instead: proxies from the environment (``HTTP_PROXY`` and friends), and HTTP/2. Under an event
loop other than asyncio (trio), it hands every request to httpx's own transport.
"""

from __future__ import annotations

import asyncio
import contextlib
import ssl
from collections.abc import AsyncIterator, Iterator
from typing import Any

import h11
import httpx

__all__ = ["AsyncHTTP11Pool"]

_Origin = tuple[str, str, int]
_READ_SIZE = 65536
# A response head still incomplete at this size is refused: httpcore's limit, so that the pool
# accepts what httpx's own transport accepts (h11's default is 16 KiB).
_MAX_HEAD = 100 * 1024

_TIMEOUTS: dict[str, type[httpx.TimeoutException]] = {
    "pool": httpx.PoolTimeout,
    "connect": httpx.ConnectTimeout,
    "write": httpx.WriteTimeout,
    "read": httpx.ReadTimeout,
}
_NETWORK: dict[str, type[httpx.NetworkError]] = {
    "connect": httpx.ConnectError,
    "write": httpx.WriteError,
    "read": httpx.ReadError,
}


@contextlib.contextmanager
def _mapped(phase: str, request: httpx.Request) -> Iterator[None]:
    """Translate what asyncio, ssl and h11 raise in one phase of a request into httpx's errors."""
    try:
        yield
    except TimeoutError as exc:
        raise _TIMEOUTS[phase](f"{phase} timed out", request=request) from exc
    except h11.RemoteProtocolError as exc:
        raise httpx.RemoteProtocolError(str(exc), request=request) from exc
    except h11.LocalProtocolError as exc:
        raise httpx.LocalProtocolError(str(exc), request=request) from exc
    except OSError as exc:  # includes ssl.SSLError and ConnectionError
        error = _NETWORK.get(phase, httpx.NetworkError)
        raise error(str(exc) or type(exc).__name__, request=request) from exc


async def _timed(awaitable: Any, seconds: float | None) -> Any:
    if seconds is None:
        return await awaitable
    async with asyncio.timeout(seconds):
        return await awaitable


class _Connection:
    """One keep-alive TCP (or TLS) connection and its h11 state machine."""

    __slots__ = ("idle_since", "protocol", "reader", "writer")

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader = reader
        self.writer = writer
        self.protocol = h11.Connection(h11.CLIENT, max_incomplete_event_size=_MAX_HEAD)
        self.idle_since = 0.0

    def reusable(self, now: float, expiry: float) -> bool:
        # A connection the server closed while it sat idle shows EOF already: never reuse it.
        return (
            self.protocol.our_state is h11.IDLE
            and now - self.idle_since < expiry
            and not self.reader.at_eof()
            and not self.writer.is_closing()
        )

    def close(self) -> None:
        self.writer.close()

    async def next_event(self, timeout: float | None) -> Any:
        while True:
            event = self.protocol.next_event()
            if event is not h11.NEED_DATA:
                return event
            data = await _timed(self.reader.read(_READ_SIZE), timeout)
            self.protocol.receive_data(data)  # b"" is EOF: h11 then knows what was cut off


class _ResponseBody(httpx.AsyncByteStream):
    """The body of one response; closing it returns the connection to the pool or closes it."""

    def __init__(
        self,
        pool: AsyncHTTP11Pool,
        origin: _Origin,
        connection: _Connection,
        request: httpx.Request,
        timeout: float | None,
    ) -> None:
        self._pool = pool
        self._origin = origin
        self._connection = connection
        self._request = request
        self._timeout = timeout
        self._complete = False
        self._closed = False

    async def __aiter__(self) -> AsyncIterator[bytes]:
        connection = self._connection
        with _mapped("read", self._request):
            while not self._complete:
                event = await connection.next_event(self._timeout)
                if type(event) is h11.Data:
                    yield bytes(event.data)
                elif type(event) is h11.EndOfMessage:
                    self._complete = True

    async def aclose(self) -> None:
        if not self._closed:
            self._closed = True
            self._pool._release(self._origin, self._connection, reuse=self._complete)


class AsyncHTTP11Pool(httpx.AsyncBaseTransport):
    """HTTP/1.1 over asyncio streams with keep-alive connections, for ``httpx.AsyncClient``.

    ``verify`` is what httpx takes: an ``ssl.SSLContext``, True (httpx's default context) or
    False. The limits mirror httpx's defaults: at most ``max_connections`` open at once (a
    request waits for one up to its pool timeout), ``max_keepalive_connections`` kept idle,
    each for at most ``keepalive_expiry`` seconds.
    """

    def __init__(
        self,
        *,
        verify: ssl.SSLContext | bool = True,
        max_connections: int = 100,
        max_keepalive_connections: int = 20,
        keepalive_expiry: float = 5.0,
    ) -> None:
        self._verify = verify
        self._ssl: ssl.SSLContext | None = None
        self._max_connections = max_connections
        self._max_idle = max_keepalive_connections
        self._expiry = keepalive_expiry
        self._loop: asyncio.AbstractEventLoop | None = None
        self._slots = asyncio.Semaphore(max_connections)
        self._idle: dict[_Origin, list[_Connection]] = {}
        self._fallback: httpx.AsyncHTTPTransport | None = None
        self._closed = False

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if self._closed:
            raise RuntimeError("the connection pool is closed")
        try:
            self._bind(asyncio.get_running_loop())
        except RuntimeError:  # not on asyncio (trio): httpx's own transport serves the request
            return await self._other_loop().handle_async_request(request)
        url = request.url
        if url.scheme not in ("http", "https"):
            raise httpx.UnsupportedProtocol(f"unsupported URL scheme {url.scheme!r}")
        origin = (url.scheme, url.host, url.port or (443 if url.scheme == "https" else 80))
        timeouts = request.extensions.get("timeout", {})
        if self._slots.locked():  # all connections in use: wait for one, up to the pool timeout
            with _mapped("pool", request):
                await _timed(self._slots.acquire(), timeouts.get("pool"))
        else:
            await self._slots.acquire()
        try:
            connection = self._checkout(origin) or await self._connect(origin, request, timeouts)
        except BaseException:
            self._slots.release()
            raise
        try:
            head = await self._exchange(connection, request, timeouts)
        except BaseException:  # cancelled or failed half-way: the connection's state is unknown
            self._release(origin, connection, reuse=False)
            raise
        body = _ResponseBody(self, origin, connection, request, timeouts.get("read"))
        return httpx.Response(
            head.status_code,
            headers=head.headers.raw_items(),
            stream=body,
            extensions={"http_version": b"HTTP/1.1", "reason_phrase": head.reason},
        )

    async def aclose(self) -> None:
        """Close every idle connection; the pool takes no further requests."""
        self._closed = True
        for connections in self._idle.values():
            for connection in connections:
                connection.close()
        self._idle.clear()
        if self._fallback is not None:
            await self._fallback.aclose()

    def _bind(self, loop: asyncio.AbstractEventLoop) -> None:
        # Connections and the semaphore belong to one event loop; a new loop starts afresh.
        if loop is not self._loop:
            self._loop = loop
            self._slots = asyncio.Semaphore(self._max_connections)
            self._idle = {}

    def _other_loop(self) -> httpx.AsyncHTTPTransport:
        if self._fallback is None:
            self._fallback = httpx.AsyncHTTPTransport(
                verify=self._verify,
                limits=httpx.Limits(
                    max_connections=self._max_connections,
                    max_keepalive_connections=self._max_idle,
                    keepalive_expiry=self._expiry,
                ),
            )
        return self._fallback

    def _checkout(self, origin: _Origin) -> _Connection | None:
        idle = self._idle.get(origin)
        now = asyncio.get_running_loop().time()
        while idle:
            connection = idle.pop()  # the most recently used: the least likely to have expired
            if connection.reusable(now, self._expiry):
                return connection
            connection.close()
        return None

    async def _connect(
        self, origin: _Origin, request: httpx.Request, timeouts: dict[str, float | None]
    ) -> _Connection:
        scheme, host, port = origin
        context = self._ssl_context() if scheme == "https" else None
        with _mapped("connect", request):
            reader, writer = await _timed(
                asyncio.open_connection(
                    host,
                    port,
                    ssl=context,
                    server_hostname=host if context is not None else None,
                    limit=_READ_SIZE,
                ),
                timeouts.get("connect"),
            )
        return _Connection(reader, writer)

    def _ssl_context(self) -> ssl.SSLContext:
        if self._ssl is None:
            verify = self._verify
            self._ssl = verify if isinstance(verify, ssl.SSLContext) else None
            if self._ssl is None:
                self._ssl = httpx.create_ssl_context(verify=verify)
        return self._ssl

    async def _exchange(
        self, connection: _Connection, request: httpx.Request, timeouts: dict[str, float | None]
    ) -> h11.Response:
        protocol = connection.protocol
        writer = connection.writer
        with _mapped("write", request):
            head = h11.Request(
                method=request.method, target=request.url.raw_path, headers=request.headers.raw
            )
            if isinstance(request.stream, httpx.ByteStream):  # the usual case: one write
                parts = (head, h11.Data(data=request.content), h11.EndOfMessage())
                writer.write(b"".join(protocol.send(part) or b"" for part in parts))
            else:
                writer.write(protocol.send(head) or b"")
                async for chunk in request.stream:  # type: ignore[union-attr]
                    writer.write(protocol.send(h11.Data(data=chunk)) or b"")
                    await _timed(writer.drain(), timeouts.get("write"))
                writer.write(protocol.send(h11.EndOfMessage()) or b"")
            if writer.transport.get_write_buffer_size():  # else nothing is left to wait for
                await _timed(writer.drain(), timeouts.get("write"))
        with _mapped("read", request):
            while True:
                event = await connection.next_event(timeouts.get("read"))
                if type(event) is h11.Response:
                    return event
                if type(event) is h11.ConnectionClosed:
                    raise httpx.RemoteProtocolError(
                        "the server closed the connection without an answer", request=request
                    )
                # An informational (1xx) answer: the real one follows.

    def _release(self, origin: _Origin, connection: _Connection, *, reuse: bool) -> None:
        self._slots.release()
        protocol = connection.protocol
        if reuse and protocol.our_state is h11.DONE and protocol.their_state is h11.DONE:
            protocol.start_next_cycle()
            idle = self._idle.setdefault(origin, [])
            if not self._closed and len(idle) < self._max_idle:
                connection.idle_since = asyncio.get_running_loop().time()
                idle.append(connection)
                return
        connection.close()
