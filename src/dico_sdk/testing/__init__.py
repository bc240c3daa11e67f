"""Public test helpers: an in-memory MockHub with its transports, for testing your integration."""

from dico_sdk.testing._mockhub import AsyncMockTransport, MockHub, MockTransport, Request

__all__ = [
    "AsyncMockTransport",
    "MockHub",
    "MockTransport",
    "Request",
]
