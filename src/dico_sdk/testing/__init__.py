"""Public test helpers: message factories and an in-memory MockHub with its transports."""

from dico_sdk.testing._factories import (
    full_invoice,
    full_maintenance_status,
    gln_with_check_digit,
    leaking_tap_instruction,
    minimal_invoice,
    minimal_maintenance_instruction,
    minimal_maintenance_status,
    tenant_turnover_instruction,
)
from dico_sdk.testing._mockhub import AsyncMockTransport, MockHub, MockTransport, Request

__all__ = [
    "AsyncMockTransport",
    "MockHub",
    "MockTransport",
    "Request",
    "full_invoice",
    "full_maintenance_status",
    "gln_with_check_digit",
    "leaking_tap_instruction",
    "minimal_invoice",
    "minimal_maintenance_instruction",
    "minimal_maintenance_status",
    "tenant_turnover_instruction",
]
