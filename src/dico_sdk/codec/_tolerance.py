"""Reading tolerance for the older status model (rules.md DICO-MS-07).

Applied by :func:`decode` to the parsed tree of a MaintenanceStatus **before** XSD validation:

- StatusCode AIN, VIN or VER becomes EventCode of the same code; StatusCode OND becomes ONH;
- StatusDetailCode THD or AFH becomes EventCode of the same code;
- StatusDetailCode QUR becomes StatusCode QUR.

Each mapping is recorded as a DICO-MS-08 note. When a mapping would leave two EventCodes or two
StatusCodes, decoding fails with a :class:`SchemaValidationError` naming both. Writing always
uses the 1.1 model, so nothing here runs on encode.
"""

from __future__ import annotations

from typing import Any

from lxml import etree

from dico_sdk.codec._result import DecodeNote
from dico_sdk.codec._schema import schema_error
from dico_sdk.codec._xpath import local_name, xpath_of
from dico_sdk.errors import SchemaIssue

__all__ = ["MAPPED_RULE_ID", "TOLERANCE_RULE_ID", "apply_status_tolerance"]

TOLERANCE_RULE_ID = "DICO-MS-07"
MAPPED_RULE_ID = "DICO-MS-08"

# (element, code as read) -> (element, code in the 1.1 model)
_MAPPINGS = {
    ("StatusCode", "AIN"): ("EventCode", "AIN"),
    ("StatusCode", "VIN"): ("EventCode", "VIN"),
    ("StatusCode", "VER"): ("EventCode", "VER"),
    ("StatusCode", "OND"): ("EventCode", "ONH"),
    ("StatusDetailCode", "THD"): ("EventCode", "THD"),
    ("StatusDetailCode", "AFH"): ("EventCode", "AFH"),
    ("StatusDetailCode", "QUR"): ("StatusCode", "QUR"),
}
# Schema order of MaintenanceStatus after each mapped element: the new one goes before these.
_FOLLOWERS = {
    "StatusCode": (
        "EventCode",
        "StatusDetailCode",
        "Appointment",
        "ExpectedCompletionDate",
        "CompletionDate",
        "FreeText",
        "Attachment",
    ),
    "EventCode": (
        "StatusDetailCode",
        "Appointment",
        "ExpectedCompletionDate",
        "CompletionDate",
        "FreeText",
        "Attachment",
    ),
}


def apply_status_tolerance(
    root: etree._Element, root_cls: type[Any], *, msg_id: str | None = None
) -> list[DecodeNote]:
    """Map older-model codes in a MaintenanceStatus tree in place; return the notes."""
    if local_name(root) != "MaintenanceStatus":
        return []
    namespace = etree.QName(root).namespace
    planned = []
    for child in root.iterchildren(etree.Element):
        code = (child.text or "").strip()
        target = _MAPPINGS.get((local_name(child), code))
        if target is not None and etree.QName(child).namespace == namespace:
            planned.append((child, xpath_of(child, root_cls), target))
    if not planned:
        return []
    _refuse_doubles(root, planned, msg_id)
    notes = []
    for element, original_xpath, (name, code) in planned:
        original = f"{local_name(element)} {(element.text or '').strip()}"
        replacement = etree.Element(f"{{{namespace}}}{name}" if namespace else name)
        replacement.text = code
        # lxml lets us keep the original line for the line map; its stubs call it read-only.
        replacement.sourceline = element.sourceline  # type: ignore[misc]
        root.remove(element)
        _insert_in_order(root, replacement, name)
        notes.append(
            DecodeNote(
                rule_id=MAPPED_RULE_ID,
                message=(
                    f"{original} of the older status model (at {original_xpath}) was read as"
                    f" {name} {code} ({TOLERANCE_RULE_ID})"
                ),
                xpath=xpath_of(replacement, root_cls),
                line=element.sourceline,
                original=original,
                mapped=f"{name} {code}",
            )
        )
    return notes


def _refuse_doubles(
    root: etree._Element,
    planned: list[tuple[etree._Element, str, tuple[str, str]]],
    msg_id: str | None,
) -> None:
    moved = {id(element) for element, _, _ in planned}
    issues = []
    for name in ("StatusCode", "EventCode"):
        kept = [
            f"{name} {(c.text or '').strip()} (line {c.sourceline})"
            for c in root.iterchildren(etree.Element)
            if local_name(c) == name and id(c) not in moved
        ]
        new = [
            f"{name} {code} (from {local_name(e)} {(e.text or '').strip()}, line {e.sourceline})"
            for e, _, (target, code) in planned
            if target == name
        ]
        if len(kept) + len(new) > 1 and new:
            both = " and ".join(kept + new)
            issues.append(
                SchemaIssue(
                    message=f"mapping the older status model ({TOLERANCE_RULE_ID}) gives two"
                    f" {name}s: {both}",
                    line=planned[0][0].sourceline,
                    xpath=f"/{local_name(root)}/{name}",
                    element=name,
                )
            )
    if issues:
        raise schema_error(local_name(root), issues, None, msg_id)


def _insert_in_order(root: etree._Element, element: etree._Element, name: str) -> None:
    followers = _FOLLOWERS[name]
    for index, child in enumerate(root):
        if isinstance(child.tag, str) and local_name(child) in followers:
            root.insert(index, element)
            return
    root.append(element)
