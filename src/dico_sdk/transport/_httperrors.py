"""Every httpx exception, and every unusable HTTP status, translated into the SDK's errors."""

from __future__ import annotations

import datetime as dt
import email.utils
import ssl

import httpx

from dico_sdk.errors import (
    AuthenticationError,
    DicoError,
    HubFaultError,
    HubUnavailableError,
    ProtocolError,
    TransportError,
    UsageError,
)

__all__ = ["HTTPX_ERRORS", "RETRYABLE_STATUS", "retry_after", "status_error", "translate_httpx"]

RETRYABLE_STATUS = frozenset({429, 502, 503, 504})

# One entry per httpx exception class (a test checks that none is missing). The nearest entry on
# an exception's MRO wins, so a class a later httpx adds still maps to its parent's error.
HTTPX_ERRORS: dict[type[Exception], tuple[type[DicoError], str]] = {
    httpx.HTTPError: (TransportError, "HTTP request failed"),
    httpx.RequestError: (TransportError, "HTTP request failed"),
    httpx.TransportError: (HubUnavailableError, "transport failure"),
    httpx.TimeoutException: (HubUnavailableError, "timed out"),
    httpx.ConnectTimeout: (HubUnavailableError, "timed out connecting to the hub"),
    httpx.ReadTimeout: (HubUnavailableError, "timed out waiting for the hub's answer"),
    httpx.WriteTimeout: (HubUnavailableError, "timed out sending the request"),
    httpx.PoolTimeout: (HubUnavailableError, "timed out waiting for a free connection"),
    httpx.NetworkError: (HubUnavailableError, "network error"),
    httpx.ConnectError: (HubUnavailableError, "could not connect to the hub"),
    httpx.ReadError: (HubUnavailableError, "connection failed while reading the answer"),
    httpx.WriteError: (HubUnavailableError, "connection failed while sending"),
    httpx.CloseError: (HubUnavailableError, "connection failed while closing"),
    httpx.ProxyError: (HubUnavailableError, "the proxy failed"),
    httpx.ProtocolError: (ProtocolError, "HTTP protocol violation"),
    httpx.RemoteProtocolError: (HubUnavailableError, "the hub broke the HTTP protocol"),
    httpx.LocalProtocolError: (ProtocolError, "the request broke the HTTP protocol"),
    httpx.UnsupportedProtocol: (UsageError, "the endpoint URL has an unsupported scheme"),
    httpx.DecodingError: (ProtocolError, "could not decode the hub's answer"),
    httpx.TooManyRedirects: (ProtocolError, "too many redirects"),
    httpx.HTTPStatusError: (ProtocolError, "unexpected HTTP status"),
    httpx.InvalidURL: (UsageError, "the endpoint URL is invalid"),
    httpx.CookieConflict: (ProtocolError, "conflicting cookies"),
    httpx.StreamError: (ProtocolError, "HTTP stream misuse"),
    httpx.StreamConsumed: (ProtocolError, "HTTP stream already consumed"),
    httpx.StreamClosed: (ProtocolError, "HTTP stream closed"),
    httpx.ResponseNotRead: (ProtocolError, "HTTP response not read"),
    httpx.RequestNotRead: (ProtocolError, "HTTP request not read"),
}


def translate_httpx(exc: Exception, *, operation: str, msg_id: str | None = None) -> DicoError:
    """The SDK error for an httpx exception (the caller raises it ``from exc``)."""
    for cls in type(exc).__mro__:
        if cls in HTTPX_ERRORS:
            target, text = HTTPX_ERRORS[cls]
            break
    else:
        target, text = TransportError, "HTTP request failed"
    message = f"{operation}: {text}: {exc}" if str(exc) else f"{operation}: {text}"
    tls = _certificate_problem(exc) if isinstance(exc, httpx.TransportError) else None
    if tls is not None:  # a configuration problem: retrying cannot mend it
        return TransportError(f"{operation}: {tls}", operation=operation, msg_id=msg_id)
    if issubclass(target, TransportError):
        status = exc.response.status_code if isinstance(exc, httpx.HTTPStatusError) else None
        return target(message, operation=operation, status_code=status, msg_id=msg_id)
    return target(message, msg_id=msg_id)


def _certificate_problem(exc: BaseException) -> str | None:
    """What is wrong with a certificate, when one is the cause of ``exc``; else None."""
    seen: set[int] = set()
    cause: BaseException | None = exc
    while cause is not None and id(cause) not in seen:
        seen.add(id(cause))
        if isinstance(cause, ssl.SSLCertVerificationError):
            return (
                f"the hub's TLS certificate was not accepted ({cause.verify_message}); check the"
                " endpoint and ca_file"
            )
        reason = getattr(cause, "reason", None)
        if isinstance(cause, ssl.SSLError) and isinstance(reason, str) and "CERTIFICATE" in reason:
            # The hub's alert about ours: none sent (CERTIFICATE_REQUIRED), unknown, expired ...
            return (
                f"the hub refused our TLS client certificate ({reason}); check client_certificate"
            )
        cause = cause.__cause__ or cause.__context__
    return None


def retry_after(value: str | None, *, now: dt.datetime | None = None) -> dt.timedelta | None:
    """A Retry-After header (seconds or an HTTP date) as a duration; None when absent or bad."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return dt.timedelta(seconds=int(value))
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return max(when - (now or dt.datetime.now(dt.UTC)), dt.timedelta(0))


def status_error(
    response: httpx.Response, *, operation: str, msg_id: str | None = None
) -> TransportError:
    """The error for an HTTP status that carries no SOAP fault we could read."""
    status = response.status_code
    reason = f"{operation}: HTTP {status} {response.reason_phrase}".rstrip()
    if status in RETRYABLE_STATUS:
        return HubUnavailableError(
            reason,
            operation=operation,
            status_code=status,
            retry_after=retry_after(response.headers.get("Retry-After")),
            msg_id=msg_id,
        )
    if status == 413:
        return HubFaultError(
            f"{reason}: the message exceeds the hub's limit",
            error_code="MESSAGE_TOO_LARGE",
            operation=operation,
            status_code=status,
            msg_id=msg_id,
        )
    if status in (401, 403):
        return AuthenticationError(reason, operation=operation, status_code=status, msg_id=msg_id)
    return ProtocolError(
        f"{reason}: not a MessageService answer",
        operation=operation,
        status_code=status,
        msg_id=msg_id,
    )
