"""Public test helpers: message factories, an in-memory MockHub with its transports, run_hub()."""

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
from dico_sdk.testing._run_hub import RunningHub, run_hub

__all__ = [
    "AsyncMockTransport",
    "MockHub",
    "MockTransport",
    "Request",
    "RunningHub",
    "full_invoice",
    "full_maintenance_status",
    "gln_with_check_digit",
    "leaking_tap_instruction",
    "minimal_invoice",
    "minimal_maintenance_instruction",
    "minimal_maintenance_status",
    "run_hub",
    "tenant_turnover_instruction",
]
