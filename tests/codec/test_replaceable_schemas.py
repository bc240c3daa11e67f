"""The schema set is replaceable: regenerate from another folder, register, and go.

A participant with the official XSDs runs the same generator `make models` runs, on their
folder, and builds a registry from the result; no SDK code changes.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import attrs
import pytest

from dico_sdk import SchemaValidationError, UsageError, decode, encode
from dico_sdk.messages import MessageRegistry, default_registry, install_registry
from dico_sdk.schemas import SCHEMA_DIR
from dico_sdk.testing import minimal_maintenance_status

PACKAGE = "dico_participant_models"
EXTRA = '        <xs:element name="Priority" type="String35" minOccurs="0"/>\n'
AFTER = '        <xs:element name="SupplierReference" type="String35" minOccurs="0"/>\n'


@pytest.fixture(scope="module")
def participant(tmp_path_factory: pytest.TempPathFactory) -> Iterator[MessageRegistry]:
    root = tmp_path_factory.mktemp("participant")
    schemas = root / "schemas"
    schemas.mkdir()
    for xsd in SCHEMA_DIR.glob("*.xsd"):
        shutil.copy2(xsd, schemas / xsd.name)
    status = schemas / "MaintenanceStatus.xsd"
    text = status.read_text(encoding="utf-8")
    assert AFTER in text
    status.write_text(text.replace(AFTER, AFTER + EXTRA), encoding="utf-8")
    output = root / "site" / PACKAGE
    command = [sys.executable, "-m", "dico_sdk.messages._generate", "--schemas", str(schemas)]
    command += ["--package", PACKAGE, "--output", str(output)]
    subprocess.run(command, check=True, capture_output=True)  # what `make models` runs
    sys.path.insert(0, str(output.parent))
    try:
        yield MessageRegistry.discover(PACKAGE, schemas)
    finally:
        sys.path.remove(str(output.parent))
        for name in [m for m in sys.modules if m.split(".")[0] == PACKAGE]:
            del sys.modules[name]


def _document_with_priority() -> bytes:
    data = encode(minimal_maintenance_status(supplier_reference="WO-1"))
    return data.replace(
        b"<SupplierReference>WO-1</SupplierReference>",
        b"<SupplierReference>WO-1</SupplierReference><Priority>urgent</Priority>",
    )


def test_the_regenerated_models_carry_the_new_element(participant: MessageRegistry) -> None:
    message = decode(_document_with_priority(), registry=participant)
    assert type(message).__module__ == f"{PACKAGE}.maintenance_status"
    assert message.priority == "urgent"
    assert message.supplier_reference == "WO-1"
    encoded = encode(message, registry=participant)
    assert b"<Priority>urgent</Priority>" in encoded
    assert decode(encoded, registry=participant) == message


def test_the_bundled_set_still_rejects_it(participant: MessageRegistry) -> None:
    assert len(participant) == 3
    with pytest.raises(SchemaValidationError, match="Priority"):
        decode(_document_with_priority())


def test_the_participant_set_can_be_installed_as_the_default(participant: MessageRegistry) -> None:
    data = _document_with_priority()
    previous = install_registry(participant)
    try:
        assert decode(data).priority == "urgent"
    finally:
        install_registry(previous)
    assert default_registry() is previous


def test_discover_needs_a_folder_with_matching_messages(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="no message classes"):
        MessageRegistry.discover("dico_sdk.messages._generated", tmp_path)


def test_models_older_than_their_schema_fail_clearly(participant: MessageRegistry) -> None:
    # The participant's XSD with the bundled (older) class: the XSD accepts Priority, the
    # model has no field for it. The error names the element and its line.
    bundled = default_registry().for_class(type(minimal_maintenance_status()))
    newer_schema = participant.get(bundled.qname)
    assert newer_schema is not None
    stale = MessageRegistry((attrs.evolve(bundled, schema=newer_schema.schema),))
    with pytest.raises(SchemaValidationError, match="cannot bind") as info:
        decode(_document_with_priority(), registry=stale)
    (issue,) = info.value.issues
    assert (issue.element, issue.xpath, issue.line) == (
        "Priority",
        "/MaintenanceStatus/Priority",
        2,
    )
