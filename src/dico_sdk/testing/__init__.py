"""Public test helpers: an in-memory MockHub with its transports, for testing your integration."""

from dico_sdk.testing._mockhub import AsyncMockTransport, MockHub, MockTransport, Request
from dico_sdk.testing._run_hub import RunningHub, run_hub

__all__ = [
    "AsyncMockTransport",
    "MockHub",
    "MockTransport",
    "Request",
    "RunningHub",
    "run_hub",
]
