"""Every httpx exception class is translated into the SDK's hierarchy, chained with ``from``."""

from __future__ import annotations

import datetime as dt
import inspect
import ssl

import httpx
import pytest

from dico_sdk.errors import DicoError, HubUnavailableError, TransportError
from dico_sdk.transport import HubProfile, MessageServiceTransport, RetryPolicy
from dico_sdk.transport._httperrors import HTTPX_ERRORS, retry_after, translate_httpx


def httpx_exception_classes() -> list[type[BaseException]]:
    """Every exception class httpx defines, found by walking its hierarchy from the module."""
    found: set[type[BaseException]] = set()
    pending = [
        value
        for value in vars(httpx).values()
        if inspect.isclass(value) and issubclass(value, BaseException)
    ]
    while pending:
        cls = pending.pop()
        if cls.__module__.startswith("httpx") and cls not in found:
            found.add(cls)
            pending.extend(cls.__subclasses__())
    return sorted(found, key=lambda c: c.__name__)


def instance(cls: type[BaseException]) -> BaseException:
    request = httpx.Request("POST", "http://127.0.0.1:9/")
    if issubclass(cls, httpx.HTTPStatusError):
        return cls("boom", request=request, response=httpx.Response(418, request=request))
    if issubclass(cls, httpx.RequestError):
        return cls("boom", request=request)
    if issubclass(cls, httpx.StreamError):
        return cls() if cls is not httpx.StreamError else cls("boom")
    return cls("boom")


def test_the_hierarchy_walk_finds_the_classes_we_know() -> None:
    classes = httpx_exception_classes()
    assert httpx.ConnectTimeout in classes
    assert httpx.StreamConsumed in classes
    assert len(classes) >= 25


@pytest.mark.parametrize("cls", httpx_exception_classes(), ids=lambda c: c.__name__)
def test_every_httpx_exception_has_an_explicit_mapping(cls: type[BaseException]) -> None:
    assert cls in HTTPX_ERRORS, f"httpx.{cls.__name__} has no entry in HTTPX_ERRORS"
    exc = instance(cls)
    assert isinstance(exc, Exception)
    translated = translate_httpx(exc, operation="PostMessage", msg_id="m-1")
    assert isinstance(translated, DicoError)
    assert type(translated) is HTTPX_ERRORS[cls][0]
    assert translated.msg_id == "m-1"
    assert "PostMessage" in str(translated)


@pytest.mark.parametrize(
    "cls",
    [
        httpx.ConnectError,
        httpx.ConnectTimeout,
        httpx.ReadTimeout,
        httpx.WriteTimeout,
        httpx.PoolTimeout,
        httpx.ReadError,
        httpx.RemoteProtocolError,
    ],
)
def test_network_failures_are_retryable_and_chained(cls: type[httpx.RequestError]) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise cls("network down", request=request)

    policy = RetryPolicy.for_testing(max_attempts=3)
    transport = MessageServiceTransport(
        HubProfile.sandbox("http://127.0.0.1:9/"),
        username="u",
        password="p",
        retry=policy,
        http_transport=httpx.MockTransport(handler),
    )
    with transport, pytest.raises(HubUnavailableError) as excinfo:
        transport.list_available()
    assert isinstance(excinfo.value.__cause__, cls)
    assert isinstance(excinfo.value, TransportError)
    assert excinfo.value.operation == "GetAvailableMessages"
    assert policy.recorder is not None
    assert len(policy.recorder.sleeps) == 2
    assert "gave up after 3 attempts" in (excinfo.value.__notes__ or [""])[0]


def test_a_real_connection_refused_is_hub_unavailable() -> None:
    with (
        MessageServiceTransport(
            HubProfile.sandbox("http://127.0.0.1:9/"),
            username="u",
            password="p",
            retry=RetryPolicy.no_retries(),
        ) as transport,
        pytest.raises(HubUnavailableError) as excinfo,
    ):
        transport.list_available()
    assert isinstance(excinfo.value.__cause__, httpx.ConnectError)


@pytest.mark.parametrize(
    ("reason", "retried"),
    [
        ("TLSV13_ALERT_CERTIFICATE_REQUIRED", False),  # the hub wants a client certificate
        ("SSLV3_ALERT_CERTIFICATE_EXPIRED", False),  # ... and ours has expired
        ("WRONG_VERSION_NUMBER", True),  # not about certificates: treated as the network's
    ],
)
def test_a_refused_client_certificate_is_not_retried(reason: str, retried: bool) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        alert = ssl.SSLError(1, f"[SSL: {reason}] alert")
        alert.reason = reason  # what the ssl module sets from OpenSSL's error
        raise httpx.ReadError("the handshake failed", request=request) from alert

    policy = RetryPolicy.for_testing(max_attempts=3)
    transport = MessageServiceTransport(
        HubProfile.sandbox("https://127.0.0.1:9/"),
        username="u",
        password="p",
        retry=policy,
        http_transport=httpx.MockTransport(handler),
    )
    with transport, pytest.raises(TransportError) as excinfo:
        transport.list_available()
    assert isinstance(excinfo.value, HubUnavailableError) is retried
    assert policy.recorder is not None
    assert len(policy.recorder.sleeps) == (2 if retried else 0)
    if not retried:
        assert f"refused our TLS client certificate ({reason})" in str(excinfo.value)


def test_retry_after_forms() -> None:
    now = dt.datetime(2026, 1, 1, 12, 0, tzinfo=dt.UTC)
    assert retry_after("120") == dt.timedelta(seconds=120)
    assert retry_after("Thu, 01 Jan 2026 12:00:30 GMT", now=now) == dt.timedelta(seconds=30)
    assert retry_after("Thu, 01 Jan 2026 11:00:00 GMT", now=now) == dt.timedelta(0)
    assert retry_after("soon") is None
    assert retry_after(None) is None
