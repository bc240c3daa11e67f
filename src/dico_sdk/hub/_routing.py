"""Routing by payload: which DICO message it is and which GLN sends it to which.

Only the root element and its direct children Buyer/GLN, Supplier/GLN and SenderGLN are read, with
the hardened parser; the rest of the payload is the receiver's business.
"""

from __future__ import annotations

import attrs
from lxml import etree

from dico_sdk._xmlsafe import parse_untrusted
from dico_sdk.errors import SecurityError, XmlSyntaxError
from dico_sdk.hub._fault import HubFault
from dico_sdk.transport import ErrorCode

__all__ = ["KNOWN_MESSAGES", "Route", "route_payload"]

_BASE = "http://www.ketenstandaard.nl"

# Root element -> the party that sends it when the payload has no SenderGLN.
KNOWN_MESSAGES: dict[str, str | None] = {
    f"{{{_BASE}/onderhoudsopdracht/SALES/005}}MaintenanceInstruction": "Buyer",
    f"{{{_BASE}/onderhoudsstatus/SALES/005}}MaintenanceStatus": None,
    f"{{{_BASE}/factuur/SALES/005}}Invoice": "Supplier",
    f"{{{_BASE}/planningsverzoek/SALES/005}}PlanningRequest": "Buyer",
    f"{{{_BASE}/planningsreactie/SALES/005}}PlanningResponse": "Supplier",
}
"""The DICO messages the hub routes, by qualified root name (messages.md namespaces)."""


@attrs.frozen
class Route:
    """The payload's message (qualified root name) and its sending and receiving GLNs."""

    root: str
    sender_gln: str | None
    receiver_gln: str | None


def _child_text(parent: etree._Element, namespace: str, *path: str) -> str | None:
    node: etree._Element | None = parent
    for name in path:
        assert node is not None
        # find(name) without compiling an ElementPath: the first such child, filtered in C.
        node = next(node.iterchildren(f"{{{namespace}}}{name}"), None)
        if node is None:
            return None
    text = (node.text or "").strip() if node is not None else ""
    return text or None


def route_payload(content: bytes, *, max_size: int, msg_id: str | None = None) -> Route:
    """Read the route of a DICO payload, or raise the :class:`HubFault` that refuses it."""
    try:
        root = parse_untrusted(content, max_size=max_size, msg_id=msg_id)
    except SecurityError as exc:
        code = ErrorCode.MESSAGE_TOO_LARGE if exc.reason == "size" else ErrorCode.MALFORMED_PAYLOAD
        raise HubFault(code, f"payload refused: {exc.message}", msg_id=msg_id) from exc
    except XmlSyntaxError as exc:
        raise HubFault(
            ErrorCode.MALFORMED_PAYLOAD,
            f"payload is not well-formed XML: {exc.message}",
            msg_id=msg_id,
        ) from exc
    qname = etree.QName(root)
    tag = qname.text
    if tag not in KNOWN_MESSAGES:
        raise HubFault(
            ErrorCode.UNKNOWN_MESSAGE_TYPE,
            f"the payload's root {tag} is not a DICO message this hub routes",
            msg_id=msg_id,
        )
    namespace = qname.namespace or ""
    buyer = _child_text(root, namespace, "Buyer", "GLN")
    supplier = _child_text(root, namespace, "Supplier", "GLN")
    sender = _child_text(root, namespace, "SenderGLN")
    if sender is not None:
        receiver = supplier if sender == buyer else buyer if sender == supplier else None
        return Route(tag, sender, receiver)
    if KNOWN_MESSAGES[tag] == "Buyer":
        return Route(tag, buyer, supplier)
    if KNOWN_MESSAGES[tag] == "Supplier":
        return Route(tag, supplier, buyer)
    return Route(tag, None, None)
