"""Shared fixtures of the rule tests."""

from __future__ import annotations

from datetime import date

import pytest

TODAY = date(2026, 12, 1)
"""The "today" of every rule test (the case documents are dated around it)."""


@pytest.fixture
def today() -> date:
    return TODAY
