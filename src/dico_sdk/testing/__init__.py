"""Public test helpers: message factories (and, from other modules, mocks and simulators)."""

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

__all__ = [
    "full_invoice",
    "full_maintenance_status",
    "gln_with_check_digit",
    "leaking_tap_instruction",
    "minimal_invoice",
    "minimal_maintenance_instruction",
    "minimal_maintenance_status",
    "tenant_turnover_instruction",
]
