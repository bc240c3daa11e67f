"""Text as XML element content, written exactly as lxml writes it.

One definition for the SDK's hand-written XML (the codec's compiled writer, the sandbox hub's
answers) and for the transport's question whether a payload can travel as text.
"""

from __future__ import annotations

import re

__all__ = ["NOT_XML", "NotXmlText", "escape_text"]

NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
"""A character XML 1.0 cannot carry (lxml and xsdata refuse to write one)."""


class NotXmlText(ValueError):
    """The text holds a character XML 1.0 cannot carry."""


def escape_text(text: str) -> str:
    """``text`` as element content, escaped as lxml serialises it; :class:`NotXmlText` if it
    cannot be carried at all. ``\\r`` is escaped too, so that it survives parsing."""
    # Printable ASCII, the usual case, cannot hold such a character: no regex scan for it.
    if not (text.isascii() and text.isprintable()) and NOT_XML.search(text):
        raise NotXmlText("the text has a character XML cannot carry")
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    if "\r" in text:
        text = text.replace("\r", "&#13;")
    return text
