"""ISO 8601 conversion for the models' ``date`` / ``time`` / ``datetime`` fields.

xsdata converts these standard-library types only with a ``format`` in the field metadata, and
then uses ``strptime`` / ``strftime``, which writes a UTC offset as ``+0100`` (not valid in
``xs:dateTime``) and silently drops microseconds. The generated models carry the formats of
``_generate.DATE_FORMATS``; for exactly those formats the converters installed here use
``isoformat()`` / ``fromisoformat()`` instead (UTC written as ``Z``), so nothing is lost and
what is written is what the XSD expects. Any other format keeps xsdata's own behaviour.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from xsdata.exceptions import ConverterError
from xsdata.formats.converter import Converter, converter

__all__ = ["install"]

_FORMATS = {
    date: "%Y-%m-%d",
    time: "%H:%M:%S",
    datetime: "%Y-%m-%dT%H:%M:%S%z",
}


class _IsoConverter(Converter):
    """Wraps xsdata's converter for one type; ISO 8601 for the SDK's own format."""

    def __init__(self, kind: type[date | time], fallback: Converter) -> None:
        self.kind = kind
        self.fallback = fallback

    def deserialize(self, value: Any, **kwargs: Any) -> Any:
        if kwargs.get("format") != _FORMATS[self.kind] or not isinstance(value, str):
            return self.fallback.deserialize(value, **kwargs)
        text = value.strip()
        try:
            return _end_of_day(self.kind, text) or self.kind.fromisoformat(text)
        except ValueError as exc:
            raise ConverterError(f"{value!r} is not a valid {self.kind.__name__}") from exc

    def serialize(self, value: Any, **kwargs: Any) -> str:
        if kwargs.get("format") != _FORMATS[self.kind] or not isinstance(value, self.kind):
            return self.fallback.serialize(value, **kwargs)
        text = value.isoformat()
        # UTC is written as "Z", the form XSD users expect; any other offset as +hh:mm.
        return text[:-6] + "Z" if text.endswith("+00:00") else text


def _end_of_day(kind: type[date | time], text: str) -> date | time | None:
    # XSD allows 24:00:00, "the first instant of the next day"; Python has no hour 24.
    if kind is time and text.startswith("24:00:00"):
        return time(0, 0, 0)
    if kind is datetime and text[10:19] == "T24:00:00":
        parsed = datetime.fromisoformat(text[:11] + "00" + text[13:])
        return parsed + timedelta(days=1)
    return None


def install() -> None:
    """Install the converters into xsdata's converter registry (idempotent)."""
    for kind in (date, time, datetime):
        current = converter.type_converter(kind)
        if isinstance(current, _IsoConverter) and current.kind is kind:
            continue
        converter.register_converter(kind, _IsoConverter(kind, current))
