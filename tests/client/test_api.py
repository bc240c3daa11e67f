"""The two clients offer the same methods; the default store lives in the user's data folder."""

from __future__ import annotations

import inspect
from pathlib import Path

import pytest

from dico_sdk import AsyncDicoClient, DicoClient, UsageError
from dico_sdk.client import default_store_path
from dico_sdk.messages import StatusCode
from dico_sdk.testing import MockHub, leaking_tap_instruction
from dico_sdk.testing._factories import BUYER_GLN


def _public(cls: type) -> dict[str, inspect.Signature]:
    return {
        name: inspect.signature(member)
        for name, member in inspect.getmembers(cls, inspect.isfunction)
        if not name.startswith("_")
    }


IO_METHODS = {
    "send",
    "send_order",
    "change_order",
    "cancel_order",
    "send_status",
    "send_invoice",
    "flush_outbox",
    "receive",
    "iter_receive",
    "fetch_orders",
    "fetch_statuses",
    "fetch_invoices",
    "close",
}


def test_sync_and_async_clients_have_the_same_methods_and_signatures() -> None:
    sync, asynchronous = _public(DicoClient), _public(AsyncDicoClient)

    assert sync.keys() == asynchronous.keys()
    assert sync.keys() >= IO_METHODS
    for name, signature in sync.items():
        assert str(signature).replace("Iterator", "AsyncIterator") == str(asynchronous[name]), name
        member = getattr(AsyncDicoClient, name)
        is_async = inspect.iscoroutinefunction(member) or inspect.isasyncgenfunction(member)
        assert is_async is (name in IO_METHODS), name
        assert not inspect.iscoroutinefunction(getattr(DicoClient, name)), name


def test_the_default_store_is_a_file_in_xdg_data_home(
    mock_hub: MockHub, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    with DicoClient(mock_hub.transport("vve"), gln=BUYER_GLN) as client:
        client.send_order(leaking_tap_instruction())

    path = tmp_path / "data" / "dico-sdk" / f"{BUYER_GLN}.sqlite"
    assert default_store_path([BUYER_GLN]) == path
    assert path.is_file()
    with DicoClient(mock_hub.transport("vve"), gln=BUYER_GLN) as reopened:
        assert reopened.order("VVE-2026-0142") is not None


def test_without_xdg_data_home_the_store_is_under_local_share(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    assert default_store_path([BUYER_GLN]) == (
        tmp_path / ".local" / "share" / "dico-sdk" / f"{BUYER_GLN}.sqlite"
    )


def test_a_client_needs_valid_glns(mock_hub: MockHub) -> None:
    with pytest.raises(UsageError, match="13-digit"):
        DicoClient(mock_hub.transport("vve"), gln="123", store=":memory:")
    for wrong in (None, 8712345000011):
        with pytest.raises(UsageError, match="13-digit"):
            DicoClient(mock_hub.transport("vve"), gln=wrong, store=":memory:")  # type: ignore[arg-type]


def test_a_store_of_the_wrong_type_is_refused_not_made_a_file(
    mock_hub: MockHub, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(UsageError, match="store must be"):
        DicoClient(mock_hub.transport("vve"), gln=BUYER_GLN, store=5)  # type: ignore[arg-type]
    assert list(tmp_path.iterdir()) == []


def test_orders_refuses_a_status_that_does_not_exist(mock_hub: MockHub) -> None:
    with DicoClient(mock_hub.transport("vve"), gln=BUYER_GLN, store=":memory:") as client:
        client.send_order(leaking_tap_instruction())
        assert [o.main_status for o in client.orders(status=StatusCode.REG)] == ["REG"]
        assert client.orders(status="ACC") == []
        with pytest.raises(UsageError, match="'AC' is not a main status"):
            client.orders(status="AC")
