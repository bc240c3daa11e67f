"""The sandbox hub's HTTP face: an ASGI app around the shared :class:`HubCore`.

Routes: the MessageService 3.1 endpoint (``POST /``, SOAP 1.1; ``GET /?wsdl``), and the
participant directory (``GET /participants``, ``GET /participants/{gln}``, JSON).

``POST /`` carries all the traffic and is answered on plain ASGI, without Starlette's request,
routing and middleware objects (measured: 5-12 % of the hub's CPU per request); everything else
is a small Starlette app.

The core is synchronous and called on the event loop: SQLite commits in WAL mode take tens of
microseconds, and one thread keeps the storage free of lock contention (a sandbox, not a farm).
This module imports Starlette: only :mod:`dico_sdk.hub._server` imports it, when a server starts.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from typing import Any

import attrs
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from dico_sdk.hub._accounts import Participant
from dico_sdk.hub._core import HubCore
from dico_sdk.hub._deadline import App, Receive, Scope, Send
from dico_sdk.hub._fault import HubFault
from dico_sdk.hub._soap_read import (
    read_custom_info,
    read_message,
    read_message_request,
    read_msg_type,
    read_request,
)
from dico_sdk.hub._soap_write import (
    available_response,
    fault_response,
    message_request_response,
    message_response,
)
from dico_sdk.hub._wsdl import wsdl
from dico_sdk.transport import ErrorCode

__all__ = ["create_app"]

logger = logging.getLogger("dico_sdk.hub")

_XML = "text/xml; charset=utf-8"
_XML_BYTES = _XML.encode()

# The methods the SOAP endpoint answers: HEAD as POST, as it always has (Starlette hands HEAD to
# a GET route's endpoint, and the endpoint served GET only as the WSDL and the info line).
_SOAP_METHODS = frozenset({"POST", "HEAD"})

# DeleteMessage's answer is always the same document: written once, not per request.
_DELETED = message_response()


class _Disconnected(Exception):
    """The client went away before its request body was complete."""


class _RequestFault(Exception):
    """A fault raised before the request reached the core, with its own HTTP status."""

    def __init__(self, status: int, code: ErrorCode, text: str) -> None:
        super().__init__(text)
        self.status = status
        self.code = code
        self.text = text


@attrs.define
class _Log:
    """What the one log line of a request says."""

    operation: str = "-"
    account: str = "-"
    msg_id: str = "-"
    outcome: str = "ok"


@attrs.frozen
class _Hub:
    core: HubCore
    max_request_size: int
    body_timeout: float

    async def endpoint(self, request: Request) -> Response:
        """``GET /``: the WSDL (``?wsdl``) or a line saying what this is."""
        start = time.perf_counter()
        if "wsdl" in {key.lower() for key in request.query_params}:
            _log_request(_Log(operation="wsdl", outcome="200"), start)
            return Response(wsdl(_endpoint_url(request)), media_type=_XML)
        _log_request(_Log(operation="info", outcome="200"), start)
        return PlainTextResponse("MessageService 3.1 sandbox hub (dico-sdk). WSDL: ?wsdl\n")

    async def soap(self, scope: Scope, receive: Receive, send: Send) -> None:
        """``POST /``: one MessageService 3.1 request, answered with its response or a fault."""
        start = time.perf_counter()
        log = _Log(operation="SOAP")
        content_type, soap_action, length = _headers(scope["headers"])
        status = 200
        try:
            _check_content_type(content_type)
            data = await self._read_body(receive, length)
            body = self._dispatch(data, soap_action, log)
        except _RequestFault as fault:
            log.outcome = fault.code.value
            status, body = fault.status, _fault(fault.code, fault.text)
        except HubFault as fault:
            log.outcome = fault.error_code.value
            log.msg_id = fault.msg_id or log.msg_id
            if fault.error_code is ErrorCode.INTERNAL_ERROR:  # the storage failed: keep the cause
                logger.exception("%s failed (MsgId %s)", log.operation, log.msg_id)
            status, body = 500, _fault(fault.error_code, fault.message)
        except _Disconnected:
            log.outcome = "client-disconnected"
            status, body = 400, b""
        except Exception:  # the hub's own failure: logged with its traceback, never sent
            logger.exception("internal error in %s (MsgId %s)", log.operation, log.msg_id)
            log.outcome = ErrorCode.INTERNAL_ERROR.value
            status, body = 500, _fault(ErrorCode.INTERNAL_ERROR, "the hub failed; retry later")
        _log_request(log, start)
        # The headers Starlette's Response wrote: Content-Length, then a Content-Type if any.
        headers = [(b"content-length", b"%d" % len(body))]
        if body:
            headers.append((b"content-type", _XML_BYTES))
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": body})

    async def _read_body(self, receive: Receive, declared: bytes | None) -> bytes:
        limit = self.max_request_size
        if declared is not None and declared.isdigit() and int(declared) > limit:
            raise _too_large(int(declared), limit)
        # asyncio.timeout(), pared down to what this needs (6 us a request here, this 2 us): a
        # timer cancels the task, and a cancellation of ours alone becomes the 408.
        task = asyncio.current_task()
        if task is None:
            raise RuntimeError("the request body is read in a task")
        expiry = _Expiry(task)
        timer = asyncio.get_running_loop().call_later(self.body_timeout, expiry.fire)
        try:
            return await _receive_body(receive, limit)
        except asyncio.CancelledError as exc:
            if expiry.fired and task.uncancel() <= expiry.cancelling:
                raise _RequestFault(
                    408,
                    ErrorCode.MALFORMED_REQUEST,
                    f"the request body did not arrive within {self.body_timeout:g} s",
                ) from exc
            raise
        finally:
            timer.cancel()

    def _dispatch(self, data: bytes, soap_action: str | None, log: _Log) -> bytes:
        request = read_request(data, soap_action, max_size=self.max_request_size)
        log.operation = request.operation
        account = self.core.authenticate(request.username, request.password)
        log.account = account.name
        read_custom_info(request.header)
        if request.operation == "PostMessage":
            envelope = read_message(request.body)
            log.msg_id = envelope.msg_id
            self.core.post(account, envelope)
            return message_response(envelope)
        if request.operation == "GetAvailableMessages":
            return available_response(
                self.core.list_available(account, read_msg_type(request.body))
            )
        log.msg_id = read_message_request(request.body)
        if request.operation == "GetMessage":
            return message_request_response(self.core.get(account, log.msg_id))
        self.core.delete(account, log.msg_id)
        return _DELETED

    async def participants(self, request: Request) -> Response:
        start = time.perf_counter()
        owners = self._owners()
        entries = [_participant_json(p, owners) for p in self.core.directory()]
        _log_request(_Log(operation="directory", outcome="200"), start)
        return JSONResponse(entries)

    async def participant(self, request: Request) -> Response:
        start = time.perf_counter()
        gln = request.path_params["gln"]
        entry = self.core.participant(gln)
        if entry is None:
            _log_request(_Log(operation="directory", outcome="404"), start)
            return JSONResponse({"gln": gln, "connected": False}, status_code=404)
        _log_request(_Log(operation="directory", outcome="200"), start)
        return JSONResponse(_participant_json(entry, self._owners()))

    def _owners(self) -> dict[str, str]:
        return {gln: account.name for account in self.core.accounts for gln in account.glns}


def create_app(
    core: HubCore,
    *,
    max_request_size: int,
    body_timeout: float,
) -> App:
    """The hub's ASGI application around ``core``."""
    hub = _Hub(core, max_request_size, body_timeout)
    endpoint: Callable[..., object] = hub.endpoint
    # POST / never reaches this router (see app() below); it stays listed so that a PUT is
    # answered 405 with the same Allow header as before.
    rest = Starlette(
        routes=[
            Route("/", endpoint, methods=["GET", "POST"]),
            Route("/participants", hub.participants, methods=["GET"]),
            Route("/participants/{gln}", hub.participant, methods=["GET"]),
        ]
    )

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"] == "/" and scope["method"] in _SOAP_METHODS:
            await hub.soap(scope, receive, send)
        else:
            await rest(scope, receive, send)

    return app


async def _receive_body(receive: Receive, limit: int) -> bytes:
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        kind = message["type"]
        if kind == "http.disconnect":
            raise _Disconnected
        if kind != "http.request":
            continue
        chunk = message.get("body", b"")
        # Counted while reading: a chunked or lying client cannot push more than the limit.
        size += len(chunk)
        if size > limit:
            raise _too_large(size, limit)
        chunks.append(chunk)
        if not message.get("more_body", False):
            return chunks[0] if len(chunks) == 1 else b"".join(chunks)


class _Expiry:
    """The body deadline's timer callback: cancels the reading task, and remembers it did."""

    __slots__ = ("cancelling", "fired", "task")

    def __init__(self, task: asyncio.Task[Any]) -> None:
        self.task = task
        self.cancelling = task.cancelling()
        self.fired = False

    def fire(self) -> None:
        self.fired = True
        self.task.cancel()


def _headers(raw: list[tuple[bytes, bytes]]) -> tuple[str | None, str | None, bytes | None]:
    """Content-Type, SOAPAction and Content-Length of the request: the first of each, if any."""
    content_type = soap_action = None
    length = None
    for name, value in raw:  # names come lower-cased from the server
        if name == b"content-type":
            if content_type is None:
                content_type = value.decode("latin-1")
        elif name == b"soapaction":
            if soap_action is None:
                soap_action = value.decode("latin-1")
        elif name == b"content-length" and length is None:
            length = value
    return content_type, soap_action, length


def _endpoint_url(request: Request) -> str:
    return str(request.url.replace(query="", fragment=""))


def _check_content_type(value: str | None) -> None:
    media = (value or "").split(";", 1)[0].strip().lower()
    if media != "text/xml":
        raise _RequestFault(
            415,
            ErrorCode.MALFORMED_REQUEST,
            f"MessageService 3.1 is SOAP 1.1: Content-Type text/xml, not {media or 'none'!r}",
        )


def _too_large(size: int, limit: int) -> _RequestFault:
    return _RequestFault(
        413, ErrorCode.MESSAGE_TOO_LARGE, f"the request of {size}+ bytes exceeds {limit} bytes"
    )


def _fault(code: ErrorCode, text: str) -> bytes:
    return fault_response(code.fault_code, code.value, text)


def _participant_json(entry: Participant, owners: dict[str, str]) -> dict[str, object]:
    # "accepts": [] means every MsgType (Account.accepts empty).
    return {
        "gln": entry.gln,
        "connected": True,
        "account": owners.get(entry.gln),
        "accepts": sorted(entry.accepts),
    }


def _log_request(log: _Log, start: float) -> None:
    elapsed = (time.perf_counter() - start) * 1000
    logger.info(
        "account=%s operation=%s msg_id=%s outcome=%s ms=%.1f",
        log.account,
        log.operation,
        _printable(log.msg_id),
        log.outcome,
        elapsed,
    )


def _printable(value: str) -> str:
    # A MsgId is the client's text: keep a hostile one from forging log lines.
    return value if value.isprintable() and " " not in value else repr(value)
