"""The message XSDs are built from the common types and are up to date."""

from __future__ import annotations

import shutil
from pathlib import Path

from lxml import etree

from dico_sdk.schemas import SCHEMA_DIR
from dico_sdk.schemas._build import MESSAGES, build_message, stale_messages

XS = "{http://www.w3.org/2001/XMLSchema}"


def test_committed_message_xsds_are_fresh_builds() -> None:
    assert stale_messages() == [], "run `make schemas` and commit the result"


def test_an_edited_common_type_makes_every_user_stale(tmp_path: Path) -> None:
    source = tmp_path / "_source"
    shutil.copytree(SCHEMA_DIR / "_source", source)
    common = source / "common.xsd"
    common.write_text(
        common.read_text().replace('name="City" type="String35"', 'name="City" type="String60"')
    )
    assert stale_messages(SCHEMA_DIR, source) == [f"{name}.xsd" for name in MESSAGES]


def test_each_message_xsd_is_self_contained_apart_from_the_code_list() -> None:
    for name in MESSAGES:
        root = etree.parse(str(SCHEMA_DIR / f"{name}.xsd")).getroot()
        assert root.findall(f"{XS}include") == []
        imports = [node.get("schemaLocation") for node in root.findall(f"{XS}import")]
        assert imports == ["codelist.xsd"]
        etree.XMLSchema(root)  # compiles


def test_only_the_common_types_a_message_uses_are_copied() -> None:
    status = build_message(
        SCHEMA_DIR / "_source" / "MaintenanceStatus.xsd", SCHEMA_DIR / "_source" / "common.xsd"
    )
    names = set(etree.fromstring(status).xpath("/*/*/@name"))
    assert {"Party", "Address", "Attachment", "InstructionReference"} <= names
    assert not names & {"Location", "VATInformation", "Amount"}
