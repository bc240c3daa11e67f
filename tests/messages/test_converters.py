"""The ISO date/time converters: XSD's 24:00:00 and its overflow, on both binders."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from dico_sdk import Codec, SchemaValidationError, encode
from dico_sdk.testing import minimal_maintenance_status


def _status_at(text: str) -> bytes:
    data = encode(minimal_maintenance_status(), check_rules=False).decode()
    start = data.index("<StatusDateTime>") + len("<StatusDateTime>")
    end = data.index("</StatusDateTime>")
    return (data[:start] + text + data[end:]).encode()


@pytest.mark.parametrize("binder", ["compiled", "xsdata"])
def test_end_of_day_is_the_next_midnight(binder: str) -> None:
    status = Codec(binder=binder).decode(_status_at("2026-12-03T24:00:00Z"))
    assert status.status_date_time == datetime(2026, 12, 4, tzinfo=UTC)


@pytest.mark.parametrize("binder", ["compiled", "xsdata"])
def test_end_of_the_last_day_is_a_schema_error_not_an_overflow(binder: str) -> None:
    with pytest.raises(SchemaValidationError) as info:
        Codec(binder=binder).decode(_status_at("9999-12-31T24:00:00Z"))
    assert info.value.xpath == "/MaintenanceStatus/StatusDateTime"
