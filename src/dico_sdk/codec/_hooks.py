"""Checks a higher layer asks ``encode`` to run, without the codec importing that layer.

The business rules sit above the codec (rules -> codec), yet ``encode`` must refuse a message
that breaks them. ``dico_sdk.rules`` registers its check here when it is imported (importing
``dico_sdk`` does that), and ``encode(..., check_rules=True)`` runs every registered check.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

__all__ = ["register_encode_check", "run_encode_checks"]

EncodeCheck = Callable[[Any], None]
"""Raises (e.g. ``RuleViolationError``) when the message must not be encoded."""

_CHECKS: list[EncodeCheck] = []


def register_encode_check(check: EncodeCheck) -> None:
    """Run ``check(message)`` on every ``encode(..., check_rules=True)`` (idempotent)."""
    if check not in _CHECKS:
        _CHECKS.append(check)


def run_encode_checks(message: Any) -> None:
    """Run the registered checks, in registration order."""
    for check in _CHECKS:
        check(message)
