"""The async transport's own HTTP/1.1 pool, against scripted servers on 127.0.0.1.

Each server below is a real asyncio TCP server whose handler plays one behaviour of a hub or
of the network (keep-alive, closing, chunking, stalling, garbage); the pool must turn each into
the same httpx response or httpx exception as httpx's own transport would.
"""

from __future__ import annotations

import asyncio
import gc
from collections.abc import AsyncIterator, Awaitable, Callable

import httpx
import pytest

from dico_sdk.transport._h11pool import AsyncHTTP11Pool

pytestmark = pytest.mark.anyio

Handler = Callable[[asyncio.StreamReader, asyncio.StreamWriter, "Script"], Awaitable[None]]
OK = b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\nok"


class Script:
    """A TCP server on 127.0.0.1 running ``handler`` for every connection."""

    def __init__(self, handler: Handler) -> None:
        self.handler = handler
        self.connections = 0
        self.requests: list[bytes] = []
        self.closed_by_client = 0
        self.server: asyncio.Server | None = None
        self.writers: list[asyncio.StreamWriter] = []

    async def __aenter__(self) -> Script:
        self.server = await asyncio.start_server(self._serve, "127.0.0.1", 0)
        return self

    async def __aexit__(self, *exc: object) -> None:
        assert self.server is not None
        self.server.close()
        for writer in self.writers:
            writer.close()
        await self.server.wait_closed()

    @property
    def url(self) -> str:
        assert self.server is not None
        return f"http://127.0.0.1:{self.server.sockets[0].getsockname()[1]}/ms"

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        self.writers.append(writer)
        try:
            await self.handler(reader, writer, self)
        except (ConnectionError, asyncio.IncompleteReadError):
            pass  # the client went away: what some tests do on purpose
        finally:
            writer.close()

    async def read_request(self, reader: asyncio.StreamReader) -> bytes | None:
        """One request (head and a Content-Length or chunked body); None at EOF."""
        try:
            head = await reader.readuntil(b"\r\n\r\n")
        except asyncio.IncompleteReadError:
            self.closed_by_client += 1
            return None
        lower = head.lower()
        if b"transfer-encoding: chunked" in lower:
            body = b""
            while size := int((await reader.readuntil(b"\r\n")).strip(), 16):
                body += (await reader.readexactly(size + 2))[:-2]
            await reader.readuntil(b"\r\n")
        else:
            length = int(lower.split(b"content-length: ", 1)[1].split(b"\r\n", 1)[0])
            body = await reader.readexactly(length)
        self.requests.append(head + body)
        return head + body


async def keep_alive(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, s: Script) -> None:
    while await s.read_request(reader) is not None:
        writer.write(OK)
        await writer.drain()


@pytest.fixture
async def pool() -> AsyncIterator[AsyncHTTP11Pool]:
    transport = AsyncHTTP11Pool()
    yield transport
    await transport.aclose()


def client(transport: AsyncHTTP11Pool, **timeouts: float) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=transport, timeout=httpx.Timeout(5.0, **timeouts))


async def test_keep_alive_serves_many_requests_over_one_connection(pool: AsyncHTTP11Pool) -> None:
    async with Script(keep_alive) as server, client(pool) as http:
        for i in range(5):
            response = await http.post(server.url, content=f"request {i}".encode())
            assert (response.status_code, response.text) == (200, "ok")
            assert response.http_version == "HTTP/1.1"
            assert response.headers["content-type"] == "text/plain"
    assert server.connections == 1
    assert [r.rsplit(b"\r\n\r\n", 1)[1] for r in server.requests] == [
        f"request {i}".encode() for i in range(5)
    ]
    assert b"host: 127.0.0.1:" in server.requests[0].lower()


async def test_concurrent_requests_open_connections_up_to_the_limit() -> None:
    async def slow(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, s: Script) -> None:
        while await s.read_request(reader) is not None:
            await asyncio.sleep(0.05)
            writer.write(OK)

    pool = AsyncHTTP11Pool(max_connections=3, max_keepalive_connections=3)
    async with Script(slow) as server, client(pool) as http:
        answers = await asyncio.gather(*(http.post(server.url, content=b"x") for _ in range(9)))
        assert [a.text for a in answers] == ["ok"] * 9
        assert server.connections == 3
        await http.post(server.url, content=b"again")
        assert server.connections == 3  # a kept connection served it


async def test_no_more_connections_than_max_keepalive_are_kept_idle() -> None:
    pool = AsyncHTTP11Pool(max_keepalive_connections=2)
    async with Script(keep_alive) as server, client(pool) as http:
        await asyncio.gather(*(http.post(server.url, content=b"x") for _ in range(6)))
        await asyncio.sleep(0.05)
        assert sum(len(idle) for idle in pool._idle.values()) == 2
        assert server.closed_by_client == server.connections - 2
        await pool.aclose()


async def test_a_request_waits_for_a_free_connection_up_to_the_pool_timeout() -> None:
    async def stall(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, s: Script) -> None:
        await s.read_request(reader)
        await asyncio.sleep(10)

    pool = AsyncHTTP11Pool(max_connections=1)
    async with Script(stall) as server, client(pool, pool=0.1, read=5.0) as http:
        first = asyncio.ensure_future(http.post(server.url, content=b"first"))
        await asyncio.sleep(0.05)
        with pytest.raises(httpx.PoolTimeout):
            await http.post(server.url, content=b"second")
        first.cancel()
        with pytest.raises(asyncio.CancelledError):
            await first
        # The cancelled request gave its connection slot back (and closed the connection).
        with pytest.raises(httpx.ReadTimeout):
            await http.post(server.url, content=b"third", timeout=httpx.Timeout(5, read=0.1))
    assert server.connections == 2


async def test_a_connection_the_server_closed_while_idle_is_not_reused(
    pool: AsyncHTTP11Pool,
) -> None:
    async def once(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, s: Script) -> None:
        await s.read_request(reader)
        writer.write(OK)  # keep-alive promised, then the server closes (its idle timeout)

    async with Script(once) as server, client(pool) as http:
        for _ in range(3):
            assert (await http.post(server.url, content=b"x")).text == "ok"
            await asyncio.sleep(0.05)  # the FIN arrives while the connection is idle
    assert server.connections == 3


async def test_an_idle_connection_expires(pool: AsyncHTTP11Pool) -> None:
    pool = AsyncHTTP11Pool(keepalive_expiry=0.05)
    async with Script(keep_alive) as server, client(pool) as http:
        await http.post(server.url, content=b"x")
        await asyncio.sleep(0.1)
        await http.post(server.url, content=b"x")
        await pool.aclose()
    assert server.connections == 2


async def test_connection_close_is_honoured(pool: AsyncHTTP11Pool) -> None:
    answer = b"HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok"

    async def close(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, s: Script) -> None:
        if await s.read_request(reader) is not None:
            writer.write(answer)

    async with Script(close) as server, client(pool) as http:
        for _ in range(2):
            assert (await http.post(server.url, content=b"x")).text == "ok"
    assert server.connections == 2
    assert pool._idle == {}


async def test_chunked_and_close_delimited_bodies(pool: AsyncHTTP11Pool) -> None:
    chunked = (
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
        b"5\r\nhello\r\n1\r\n \r\n5\r\nworld\r\n0\r\n\r\n"
    )
    until_eof = b"HTTP/1.1 200 OK\r\n\r\nthe whole rest"

    async def two(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, s: Script) -> None:
        await s.read_request(reader)
        writer.write(chunked)
        await s.read_request(reader)
        writer.write(until_eof)

    async with Script(two) as server, client(pool) as http:
        assert (await http.post(server.url, content=b"x")).text == "hello world"
        assert (await http.post(server.url, content=b"x")).text == "the whole rest"
    assert server.connections == 1


async def test_a_streamed_request_body_goes_out_chunked(pool: AsyncHTTP11Pool) -> None:
    async def parts() -> AsyncIterator[bytes]:
        for part in (b"<a>", b"1", b"</a>"):
            yield part

    async with Script(keep_alive) as server, client(pool) as http:
        assert (await http.post(server.url, content=parts())).text == "ok"
    head, body = server.requests[0].split(b"\r\n\r\n", 1)
    assert b"transfer-encoding: chunked" in head.lower()
    assert body == b"<a>1</a>"


async def test_a_large_response_head_is_read_as_httpx_reads_it(pool: AsyncHTTP11Pool) -> None:
    cookie = b"c" * 50_000  # a load balancer's oversized cookie: under httpcore's 100 KiB limit

    async def big(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, s: Script) -> None:
        await s.read_request(reader)
        head = b"HTTP/1.1 200 OK\r\nSet-Cookie: a=" + cookie + b"\r\n" + OK[17:]
        writer.write(head[:30_000])  # in two parts: the first is an incomplete head of 30 kB
        await writer.drain()
        await asyncio.sleep(0.05)
        writer.write(head[30_000:])

    async with Script(big) as server, client(pool) as http:
        response = await http.post(server.url, content=b"x")
    assert (response.status_code, response.text) == (200, "ok")
    assert len(response.headers["set-cookie"]) == 50_002


async def test_an_informational_answer_is_skipped(pool: AsyncHTTP11Pool) -> None:
    async def early(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, s: Script) -> None:
        await s.read_request(reader)
        writer.write(b"HTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\n" + OK)

    async with Script(early) as server, client(pool) as http:
        response = await http.post(server.url, content=b"x")
    assert (response.status_code, response.text) == (200, "ok")


@pytest.mark.parametrize(
    ("answer", "error"),
    [
        (b"", httpx.RemoteProtocolError),  # closed without a word
        (b"HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort", httpx.RemoteProtocolError),
        (b"SSH-2.0-OpenSSH_9.6\r\n\r\n", httpx.RemoteProtocolError),
        (b"HTTP/1.1 200 OK\r\nX: " + b"a" * 200_000 + b"\r\n\r\n", httpx.RemoteProtocolError),
        (b"HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n", httpx.RemoteProtocolError),
    ],
    ids=["no-answer", "cut-off-body", "not-http", "huge-head", "bad-length"],
)
async def test_a_broken_answer_is_an_httpx_protocol_error(
    pool: AsyncHTTP11Pool, answer: bytes, error: type[Exception]
) -> None:
    async def bad(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, s: Script) -> None:
        await s.read_request(reader)
        writer.write(answer)
        await writer.drain()

    async with Script(bad) as server, client(pool) as http:
        with pytest.raises(error):
            await http.post(server.url, content=b"x")
        # The broken connection is gone; a new one is made for the next request.
        with pytest.raises(error):
            await http.post(server.url, content=b"x")
    assert server.connections == 2


async def test_a_stalled_answer_is_a_read_timeout(pool: AsyncHTTP11Pool) -> None:
    async def mute(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, s: Script) -> None:
        await s.read_request(reader)
        writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nhalf")
        await asyncio.sleep(10)

    async with Script(mute) as server, client(pool, read=0.1) as http:
        started = asyncio.get_running_loop().time()
        with pytest.raises(httpx.ReadTimeout):
            await http.post(server.url, content=b"x")
        assert asyncio.get_running_loop().time() - started < 2


async def test_a_refused_connection_is_a_connect_error(pool: AsyncHTTP11Pool) -> None:
    async with Script(keep_alive) as server:
        url = server.url
    async with client(pool) as http:
        with pytest.raises(httpx.ConnectError) as excinfo:
            await http.post(url, content=b"x")
    assert isinstance(excinfo.value.__cause__, ConnectionRefusedError)


async def test_a_response_closed_half_read_closes_its_connection(pool: AsyncHTTP11Pool) -> None:
    big = b"HTTP/1.1 200 OK\r\nContent-Length: 1000000\r\n\r\n" + b"x" * 1_000_000

    async def large(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, s: Script) -> None:
        while await s.read_request(reader) is not None:
            writer.write(big)
            await writer.drain()

    async with Script(large) as server, client(pool) as http:
        for _ in range(2):
            async with http.stream("POST", server.url, content=b"x") as response:
                async for _chunk in response.aiter_raw():
                    break  # e.g. the transport's response size limit
        assert (await http.post(server.url, content=b"x")).content == b"x" * 1_000_000
    assert server.connections == 3


async def test_other_schemes_are_refused(pool: AsyncHTTP11Pool) -> None:
    with pytest.raises(httpx.UnsupportedProtocol):
        await pool.handle_async_request(httpx.Request("GET", "ftp://127.0.0.1/x"))


async def test_a_closed_pool_refuses_requests_and_closes_its_connections() -> None:
    pool = AsyncHTTP11Pool()
    async with Script(keep_alive) as server, client(pool) as http:
        await http.post(server.url, content=b"x")
        await pool.aclose()
        await asyncio.sleep(0.05)
        assert server.closed_by_client == 1
        with pytest.raises(RuntimeError, match="closed"):
            await http.post(server.url, content=b"x")


# The first loop's idle connection cannot be closed once that loop is closed: Python warns
# about it (ResourceWarning) when the second loop's requests drop it; that is what it is for.
@pytest.mark.filterwarnings("ignore::ResourceWarning")
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_one_pool_serves_one_event_loop_after_another() -> None:
    # e.g. a transport kept across tests that each run their own loop.
    pool = AsyncHTTP11Pool()

    async def once(close: bool) -> str:
        async with Script(keep_alive) as server:
            request = httpx.Request("POST", server.url, content=b"x")
            response = await pool.handle_async_request(request)
            await response.aread()
            await response.aclose()
            if close:
                await pool.aclose()
            return response.text

    assert asyncio.run(once(close=False)) == "ok"
    assert asyncio.run(once(close=True)) == "ok"
    gc.collect()  # the first loop's connection goes now, inside this test's warning filters
