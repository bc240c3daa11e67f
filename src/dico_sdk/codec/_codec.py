"""``Codec``: the codec functions with an explicit choice of binder and writer."""

from __future__ import annotations

from typing import Any

import attrs

from dico_sdk._xmlsafe import DEFAULT_MAX_SIZE
from dico_sdk.codec._decode import decode, decode_detailed
from dico_sdk.codec._encode import encode
from dico_sdk.codec._result import DecodeResult
from dico_sdk.codec._select import Engine, using
from dico_sdk.codec._source import Source
from dico_sdk.errors import UsageError
from dico_sdk.messages import MessageRegistry

__all__ = ["Codec"]

_ENGINES = ("compiled", "xsdata")


def _check_engine(_: Any, attribute: attrs.Attribute[Engine], value: str) -> None:
    if value not in _ENGINES:
        raise UsageError(f"{attribute.name} must be one of {', '.join(_ENGINES)}, not {value!r}")


@attrs.frozen
class Codec:
    """``decode`` / ``decode_detailed`` / ``encode`` with a chosen binder and writer.

    ``"compiled"`` (the default, and what the module-level functions use) binds and writes
    with plans derived once per class from the models' metadata; ``"xsdata"`` uses xsdata's
    own binding and serializer. Both give equal objects and canonically equal bytes: the
    xsdata paths are kept as the reference the test suite compares the compiled ones with.
    Hardening, XSD validation and errors are the same for both.
    """

    binder: Engine = attrs.field(default="compiled", validator=_check_engine)
    writer: Engine = attrs.field(default="compiled", validator=_check_engine)
    registry: MessageRegistry | None = None
    max_size: int = DEFAULT_MAX_SIZE

    def decode(
        self, data: Source, message_class: type[Any] | None = None, *, msg_id: str | None = None
    ) -> Any:
        """As :func:`dico_sdk.codec.decode`, with this codec's binder."""
        with using(self.binder, self.writer):
            return decode(
                data, message_class, registry=self.registry, max_size=self.max_size, msg_id=msg_id
            )

    def decode_detailed(self, data: Source, *, msg_id: str | None = None) -> DecodeResult:
        """As :func:`dico_sdk.codec.decode_detailed`, with this codec's binder."""
        with using(self.binder, self.writer):
            return decode_detailed(
                data, registry=self.registry, max_size=self.max_size, msg_id=msg_id
            )

    def encode(
        self,
        message: Any,
        *,
        pretty: bool = False,
        validate: bool = True,
        check_rules: bool = True,
    ) -> bytes:
        """As :func:`dico_sdk.codec.encode`, with this codec's writer."""
        with using(self.binder, self.writer):
            return encode(
                message,
                pretty=pretty,
                validate=validate,
                check_rules=check_rules,
                registry=self.registry,
            )
