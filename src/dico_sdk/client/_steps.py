"""The client's sans-I/O seam: the core yields transport operations, a driver performs them.

Every client operation is a generator (a *step machine*) that yields :class:`Call` or
:class:`Gather` objects and receives their results (or has the transport's error thrown in).
It touches the store directly (SQLite is local and each step is one short transaction) but
never the network, so :func:`drive` (sync) and :func:`drive_async` run the very same logic.
"""

from __future__ import annotations

from collections.abc import Generator
from typing import Any, TypeVar

import anyio
import attrs

from dico_sdk.errors import DicoError
from dico_sdk.transport import AsyncTransport, Transport

__all__ = ["Call", "Gather", "Steps", "drive", "drive_async"]

_T = TypeVar("_T")


@attrs.frozen
class Call:
    """One transport call: ``method`` is post, list_available, get or delete."""

    method: str
    args: tuple[Any, ...] = ()


@attrs.frozen
class Gather:
    """Independent calls the driver may run concurrently.

    The result is a list in the same order holding each call's result or the
    :class:`DicoError` it raised (never thrown in: the core decides per call).
    """

    calls: tuple[Call, ...]
    limit: int = 8


Steps = Generator[Call | Gather, Any, _T]
"""A step machine returning ``_T``."""


def drive(transport: Transport, steps: Steps[_T]) -> _T:
    """Run ``steps`` against a sync transport; returns what the step machine returns."""
    try:
        request = next(steps)
        while True:
            try:
                if isinstance(request, Gather):
                    outcome: Any = [_call_or_error(transport, call) for call in request.calls]
                else:
                    outcome = getattr(transport, request.method)(*request.args)
            except DicoError as error:
                request = steps.throw(error)
            else:
                request = steps.send(outcome)
    except StopIteration as stop:
        result: _T = stop.value
        return result
    finally:
        steps.close()


def _call_or_error(transport: Transport, call: Call) -> Any:
    try:
        return getattr(transport, call.method)(*call.args)
    except DicoError as error:
        return error


async def drive_async(transport: AsyncTransport, steps: Steps[_T]) -> _T:
    """The async twin of :func:`drive`; a :class:`Gather` runs its calls concurrently."""
    try:
        request = next(steps)
        while True:
            try:
                if isinstance(request, Gather):
                    outcome: Any = await _gather(transport, request)
                else:
                    outcome = await getattr(transport, request.method)(*request.args)
            except DicoError as error:
                request = steps.throw(error)
            else:
                request = steps.send(outcome)
    except StopIteration as stop:
        result: _T = stop.value
        return result
    finally:
        steps.close()


async def _gather(transport: AsyncTransport, request: Gather) -> list[Any]:
    results: list[Any] = [None] * len(request.calls)
    limiter = anyio.CapacityLimiter(max(request.limit, 1))

    async def one(index: int, call: Call) -> None:
        async with limiter:
            try:
                results[index] = await getattr(transport, call.method)(*call.args)
            except DicoError as error:
                results[index] = error

    async with anyio.create_task_group() as group:
        for index, call in enumerate(request.calls):
            group.start_soon(one, index, call)
    return results
