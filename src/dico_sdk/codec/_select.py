"""Which binder and writer the codec uses: the compiled ones, unless a :class:`Codec` says so.

The choice is a context variable, so a ``Codec(binder="xsdata")`` call affects only itself
(also across threads and asyncio tasks), and the module-level ``decode`` / ``encode`` always
use the compiled paths.
"""

from __future__ import annotations

from contextvars import ContextVar
from typing import Literal

__all__ = ["Engine", "selected_binder", "selected_writer", "using"]

Engine = Literal["compiled", "xsdata"]
"""``"compiled"`` (the default: plan-based, fast) or ``"xsdata"`` (the reference, the oracle)."""

_binder: ContextVar[Engine] = ContextVar("dico_sdk_binder", default="compiled")
_writer: ContextVar[Engine] = ContextVar("dico_sdk_writer", default="compiled")


def selected_binder() -> Engine:
    """The binder of the current call."""
    return _binder.get()


def selected_writer() -> Engine:
    """The writer of the current call."""
    return _writer.get()


class using:
    """Select a binder and a writer for the calls inside the ``with`` block."""

    def __init__(self, binder: Engine, writer: Engine) -> None:
        self._engines = (binder, writer)
        self._tokens: list[object] = []

    def __enter__(self) -> None:
        binder, writer = self._engines
        self._tokens = [_binder.set(binder), _writer.set(writer)]

    def __exit__(self, *exc: object) -> None:
        binder_token, writer_token = self._tokens
        _binder.reset(binder_token)  # type: ignore[arg-type]
        _writer.reset(writer_token)  # type: ignore[arg-type]
