"""What a detailed decode returns: the message, its registry entry, notes and source lines."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs

from dico_sdk.messages import MessageType

__all__ = ["DecodeNote", "DecodeResult"]


@attrs.frozen
class DecodeNote:
    """Something the codec did while reading that a reader should know (not an error).

    Today: a code of the older status model mapped to the 1.1 model (rules.md DICO-MS-07),
    reported as ``rule_id`` DICO-MS-08. ``xpath`` is the mapped element in the decoded message,
    ``line`` the source line of the original element.
    """

    rule_id: str
    message: str
    xpath: str | None = None
    line: int | None = None
    original: str | None = None
    """The code as read, e.g. ``StatusCode VIN``."""
    mapped: str | None = None
    """The code it became, e.g. ``EventCode VIN``."""


@attrs.frozen
class DecodeResult:
    """A decoded message with what the rules need to point into the source document.

    ``message`` is the typed message, ``message_type`` its registry entry, ``notes`` the decode
    notes (DICO-MS-08 mappings). :meth:`line_of` gives the source line of an element by XPath,
    computed from the parsed tree before binding (binding empties the tree).

    XPath convention (the rules build XPaths from message objects the same way): absolute,
    local names only, no namespace prefixes, and a 1-based ``[n]`` index on every step whose
    model field is a list (a repeatable element), none on single elements; for example
    ``/Invoice/InvoiceLine[2]/VATInformation/VATPercentage`` or
    ``/MaintenanceStatus/StatusDetailCode[1]``. The XPath of an attribute is its element's.
    """

    message: Any
    message_type: MessageType
    notes: tuple[DecodeNote, ...] = ()
    lines: Mapping[str, int] = attrs.field(factory=dict, repr=False, eq=False)
    """XPath -> source line of every element of the document (after the DICO-MS-07 mapping)."""

    def line_of(self, xpath: str, *, nearest: bool = False) -> int | None:
        """The source line of the element at ``xpath``, or ``None`` when there is none.

        With ``nearest=True`` an absent element gives the line of its closest present
        ancestor (useful for "X is missing" issues). A trailing ``/@attribute`` step is ignored.
        """
        path = xpath.split("/@", 1)[0]
        while path:
            line = self.lines.get(path)
            if line is not None or not nearest:
                return line
            path = path.rsplit("/", 1)[0]
        return None
