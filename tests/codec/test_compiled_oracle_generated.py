"""The equality oracle on generated messages (see test_compiled_oracle.py).

The default run generates ``DICO_ORACLE_EXAMPLES`` (default 25) messages per type; the full
acceptance run uses 2,000 per type (a few minutes on the shared project machine)::

    DICO_ORACLE_EXAMPLES=2000 .venv/bin/pytest tests/codec/test_compiled_oracle_generated.py
"""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, given, settings

# Both live in tests/codec, which pytest puts on sys.path: the oracle's assertions, and the
# message strategies of the round-trip property test.
from test_compiled_oracle import assert_paths_agree

from dico_sdk.messages import Invoice, MaintenanceInstruction, MaintenanceStatus

_message = pytest.importorskip("test_property")._message

EXAMPLES = int(os.environ.get("DICO_ORACLE_EXAMPLES", "25"))
ORACLE = settings(
    max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


@ORACLE
@given(_message(MaintenanceInstruction))
def test_generated_maintenance_instructions(message: MaintenanceInstruction) -> None:
    assert_paths_agree(message)


@ORACLE
@given(_message(MaintenanceStatus))
def test_generated_maintenance_statuses(message: MaintenanceStatus) -> None:
    assert_paths_agree(message)


@ORACLE
@given(_message(Invoice))
def test_generated_invoices(message: Invoice) -> None:
    assert_paths_agree(message)
