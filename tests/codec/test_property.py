"""Property: any valid message encodes, decodes and comes back equal.

The strategies are derived from the generated models' field types and metadata (lengths,
digits, bounds), with the patterned values (GLN, country, currency, IBAN, GTIN, URL) generated
to their patterns, so every example is schema-valid.
"""

from __future__ import annotations

import dataclasses
import typing
from datetime import date, datetime, time, timedelta, timezone
from decimal import Decimal
from enum import Enum
from types import UnionType
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dico_sdk import decode, encode
from dico_sdk.messages import Invoice, MaintenanceInstruction, MaintenanceStatus
from dico_sdk.testing import gln_with_check_digit

_WORD = st.text(alphabet=st.sampled_from("abcXYZ019.,-/&<>'\"éëüÅ€ß"), min_size=1, max_size=8)
_GLN = st.from_regex(r"[0-9]{12}", fullmatch=True).map(gln_with_check_digit)
_PATTERNED: dict[str, st.SearchStrategy[str]] = {
    "gln": _GLN,
    "sender_gln": _GLN,
    "country": st.from_regex(r"[A-Z]{2}", fullmatch=True),
    "currency": st.from_regex(r"[A-Z]{3}", fullmatch=True),
    "iban": st.from_regex(r"NL[0-9]{2}[A-Z]{4}[0-9]{10}", fullmatch=True),
    "gtin": st.from_regex(r"[0-9]{14}", fullmatch=True),
    "url": st.from_regex(r"https://example\.nl/[a-z0-9]{1,12}(\.pdf)?", fullmatch=True),
}
_OFFSETS = st.integers(min_value=-14 * 4, max_value=14 * 4).map(
    lambda quarters: timezone(timedelta(minutes=15 * quarters))
)


def _text(max_length: int, *, lines: bool) -> st.SearchStrategy[str]:
    joiner = st.sampled_from([" ", "\n"]) if lines else st.just(" ")
    parts = st.lists(st.tuples(_WORD, joiner), min_size=1, max_size=6)
    joined = parts.map(lambda ps: "".join(w + j for w, j in ps)[:-1] or "x")
    return joined.map(lambda s: s[:max_length].strip() or "x")


def _decimal(meta: dict[str, Any]) -> st.SearchStrategy[Decimal]:
    places = meta.get("fraction_digits", 2)
    integer_digits = meta.get("total_digits", 18) - places
    limit = Decimal(10) ** min(integer_digits, 6) - 1
    low = meta.get("min_inclusive", meta.get("min_exclusive", -limit))
    high = min(meta.get("max_inclusive", limit), limit)
    places_used = st.integers(min_value=0, max_value=places)
    return places_used.flatmap(
        lambda p: st.decimals(min_value=low, max_value=high, places=p, allow_nan=False)
    ).filter(lambda d: "min_exclusive" not in meta or d > meta["min_exclusive"])


def _scalar(name: str, hint: Any, meta: dict[str, Any]) -> st.SearchStrategy[Any]:
    if name in _PATTERNED:
        return _PATTERNED[name]
    if isinstance(hint, type) and issubclass(hint, Enum):
        return st.sampled_from(list(hint))
    if hint is str:
        max_length = meta.get("max_length", 35)
        return _text(max_length, lines=max_length >= 350)
    if hint is Decimal:
        return _decimal(meta)
    if hint is int:
        return st.integers(min_value=0 if name.startswith("number_of") else 1, max_value=9999)
    if hint is bytes:
        return st.binary(min_size=1, max_size=40)
    if hint is date:
        return st.dates(min_value=date(1900, 1, 1), max_value=date(2199, 12, 31))
    if hint is time:
        return st.times().map(lambda t: t.replace(microsecond=0))
    if hint is datetime:
        naive = st.datetimes(min_value=datetime(1970, 1, 2), max_value=datetime(2199, 12, 30))
        return st.tuples(naive, _OFFSETS).map(
            lambda pair: pair[0].replace(microsecond=0, tzinfo=pair[1])
        )
    if dataclasses.is_dataclass(hint):
        return _message(typing.cast(type[Any], hint))
    raise NotImplementedError(f"{name}: {hint!r}")


def _field(name: str, hint: Any, meta: dict[str, Any], required: bool) -> st.SearchStrategy[Any]:
    origin = typing.get_origin(hint)
    if origin is list:
        (item,) = typing.get_args(hint)
        return st.lists(_scalar(name, item, meta), min_size=1 if required else 0, max_size=3)
    if origin is UnionType or origin is typing.Union:
        (inner,) = [arg for arg in typing.get_args(hint) if arg is not type(None)]
        return st.none() | _scalar(name, inner, meta)
    return _scalar(name, hint, meta)


def _message(cls: type[Any]) -> st.SearchStrategy[Any]:
    hints = typing.get_type_hints(cls, vars(__import__(cls.__module__, fromlist=["_"])))
    fields: dict[str, st.SearchStrategy[Any]] = {}
    for f in dataclasses.fields(cls):
        required = f.metadata.get("min_occurs", 0) >= 1
        fields[f.name] = _field(f.name, hints[f.name], dict(f.metadata), required)
    if cls.__name__ == "Attachment":  # xs:choice: exactly one of AttachedData or URL
        data = st.fixed_dictionaries({"attached_data": _scalar("", bytes, {}), "url": st.none()})
        link = st.fixed_dictionaries({"attached_data": st.none(), "url": _PATTERNED["url"]})
        fields.pop("attached_data")
        fields.pop("url")
        return st.tuples(st.fixed_dictionaries(fields), data | link).map(
            lambda parts: cls(**parts[0], **parts[1])
        )
    return st.builds(cls, **fields)


_SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
# Random schema-valid messages break business rules (GLNs, sums): this property is the codec's.


@_SETTINGS
@given(_message(MaintenanceInstruction))
def test_maintenance_instruction_round_trips(message: MaintenanceInstruction) -> None:
    assert decode(encode(message, check_rules=False)) == message


@_SETTINGS
@given(_message(MaintenanceStatus))
def test_maintenance_status_round_trips(message: MaintenanceStatus) -> None:
    assert decode(encode(message, check_rules=False)) == message


@_SETTINGS
@given(_message(Invoice))
def test_invoice_round_trips(message: Invoice) -> None:
    assert decode(encode(message, pretty=True, check_rules=False)) == message
