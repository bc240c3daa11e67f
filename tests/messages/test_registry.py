"""The registry maps root QNames to classes, schemas and MessageService routing."""

from __future__ import annotations

import pytest

from dico_sdk import UsageError
from dico_sdk.messages import (
    Invoice,
    MaintenanceInstruction,
    MaintenanceStatus,
    MessageRegistry,
    default_registry,
    install_registry,
    invoice,
)

MI = "{http://www.ketenstandaard.nl/onderhoudsopdracht/SALES/005}MaintenanceInstruction"
MS = "{http://www.ketenstandaard.nl/onderhoudsstatus/SALES/005}MaintenanceStatus"
INV = "{http://www.ketenstandaard.nl/factuur/SALES/005}Invoice"


def test_default_registry_holds_the_three_messages_with_their_routing() -> None:
    registry = default_registry()
    rows = {
        (e.qname, e.cls, e.schema.name, e.msg_format, e.msg_version, e.msg_type) for e in registry
    }
    assert rows == {
        (
            MI,
            MaintenanceInstruction,
            "MaintenanceInstruction.xsd",
            "SALES",
            "005",
            "MAINTENANCEINSTRUCTION",
        ),
        (MS, MaintenanceStatus, "MaintenanceStatus.xsd", "SALES", "005", "MAINTENANCESTATUS"),
        (INV, Invoice, "Invoice.xsd", "SALES", "005", "INVOIC"),
    }


def test_lookups() -> None:
    registry = default_registry()
    assert registry.get(MS) is registry.for_class(MaintenanceStatus)
    assert registry.for_msg_type("INVOIC") is registry.for_class(Invoice)
    assert registry.get("{urn:x}Nope") is None
    assert MI in registry
    assert registry.for_class(Invoice).name == "Invoice"
    assert registry.for_class(Invoice).namespace == "http://www.ketenstandaard.nl/factuur/SALES/005"
    with pytest.raises(UsageError, match="not a registered message class"):
        registry.for_class(invoice.Party)


def test_routing_is_overridable_without_touching_the_default() -> None:
    registry = default_registry().override(Invoice, msg_type="INVOICE", msg_version="006")
    entry = registry.for_class(Invoice)
    assert (entry.msg_format, entry.msg_version, entry.msg_type) == ("SALES", "006", "INVOICE")
    assert default_registry().for_class(Invoice).msg_type == "INVOIC"
    with pytest.raises(UsageError):
        registry.override("{urn:x}Nope", msg_type="X")


def test_install_registry_replaces_the_default_and_returns_the_previous() -> None:
    smaller = MessageRegistry(tuple(e for e in default_registry() if e.cls is not Invoice))
    previous = install_registry(smaller)
    try:
        assert default_registry() is smaller
    finally:
        install_registry(previous)
    assert default_registry() is previous
