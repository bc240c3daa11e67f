"""Turn what a caller hands to ``decode`` (bytes, text or a file path) into bytes to parse."""

from __future__ import annotations

import os
import re
from pathlib import Path

from dico_sdk.errors import SecurityError, UsageError, XmlSyntaxError

__all__ = ["Source", "source_bytes"]

Source = bytes | bytearray | memoryview | str | os.PathLike[str]
"""What ``decode`` accepts: the document's bytes, its text (``str``), or a file path."""

# The encoding pseudo-attribute of an XML declaration at the very start of the text.
_DECLARED_ENCODING = re.compile(r"""\A(<\?xml\s[^?>]*?encoding\s*=\s*)(["'])[^"']*\2""")


def source_bytes(data: Source, *, max_size: int, msg_id: str | None = None) -> bytes:
    """The bytes of the document; the size limit is applied before reading a file."""
    if isinstance(data, bytes):
        return data
    if isinstance(data, bytearray | memoryview):
        return bytes(data)
    if isinstance(data, str):
        return _text_bytes(data)
    if isinstance(data, os.PathLike):
        return _file_bytes(Path(data), max_size=max_size, msg_id=msg_id)
    raise UsageError(f"decode() takes bytes, str (XML text) or a path, not {type(data).__name__}")


def _text_bytes(text: str) -> bytes:
    # A str is already decoded text: encode it as UTF-8 and make the declaration say so. Left
    # alone, a declaration naming e.g. ISO-8859-1 would make the parser misread the UTF-8 bytes.
    text = text.removeprefix("\ufeff")
    text = _DECLARED_ENCODING.sub(lambda m: f"{m.group(1)}{m.group(2)}UTF-8{m.group(2)}", text)
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError as exc:
        # A lone surrogate (e.g. from a lossy decode) is no XML character: not well-formed.
        before = text[: exc.start]
        line = before.count("\n") + 1
        column = exc.start - (before.rfind("\n") + 1) + 1
        raise XmlSyntaxError(
            f"line {line}, column {column}: the text holds a lone surrogate, which no XML "
            "document can contain",
            line=line,
            column=column,
        ) from exc


def _file_bytes(path: Path, *, max_size: int, msg_id: str | None) -> bytes:
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise UsageError(f"cannot read {path}: {exc.strerror or exc}") from exc
    if size > max_size:
        raise SecurityError(
            f"{path.name}: document of {size} bytes exceeds the maximum size of {max_size} bytes",
            reason="size",
            limit=max_size,
            msg_id=msg_id,
        )
    try:
        with path.open("rb") as handle:
            # Read one byte more than allowed: a file that grew after stat() is still caught.
            return handle.read(max_size + 1)
    except OSError as exc:  # a directory, no permission, an I/O error while reading
        raise UsageError(f"cannot read {path}: {exc.strerror or exc}") from exc
