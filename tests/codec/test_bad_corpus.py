"""The negative corpus: every broken or hostile document raises the specific error, naming the
line and the element, without reading a file or opening a socket.

The files are in ``tests/bad/``; the two that would be large (a 60 MiB document, 5,000-deep
nesting) are generated here instead of committed.
"""

from __future__ import annotations

import contextlib
import os
import socket
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from dico_sdk import (
    DicoError,
    SchemaValidationError,
    SecurityError,
    UnknownMessageError,
    XmlSyntaxError,
    decode,
)
from dico_sdk._xmlsafe import _RefuseExternal
from dico_sdk.codec._schema import compiled_schema
from dico_sdk.messages import default_registry

BAD = Path(__file__).resolve().parents[1] / "bad"

# file -> (error class, line, text the message must contain: the element or DOCTYPE it names)
EXPECTED: dict[str, tuple[type[DicoError], int, str]] = {
    "attachment-data-and-url.xml": (SchemaValidationError, 21, "/Attachment[1]/URL"),
    "billion-laughs.xml": (SecurityError, 2, "DOCTYPE lolz"),
    "code-not-in-list.xml": (SchemaValidationError, 15, "/MaintenanceStatus/StatusCode"),
    "date-with-offset.xml": (SchemaValidationError, 4, "InstructionDate"),
    "datetime-without-offset.xml": (SchemaValidationError, 4, "StatusDateTime"),
    "decimal-exponent.xml": (SchemaValidationError, 21, "/Invoice/InvoiceLine[1]/NetPrice"),
    "decimal-with-comma.xml": (SchemaValidationError, 21, "/Invoice/InvoiceLine[1]/NetPrice"),
    "elements-out-of-order.xml": (SchemaValidationError, 5, "MaintenanceType"),
    "empty.xml": (XmlSyntaxError, 1, "Document is empty"),
    "external-dtd-file.xml": (SecurityError, 2, "DOCTYPE MaintenanceInstruction"),
    "external-dtd.xml": (SecurityError, 2, "DOCTYPE MaintenanceInstruction"),
    "gln-twelve-digits.xml": (SchemaValidationError, 12, "/MaintenanceInstruction/Supplier/GLN"),
    "invalid-date.xml": (SchemaValidationError, 4, "InstructionDate"),
    "mismatched-tags.xml": (XmlSyntaxError, 13, "Supplier line 11 and Buyer"),
    "missing-required-attribute.xml": (SchemaValidationError, 14, "AdditionalPartyID"),
    "missing-required-child.xml": (SchemaValidationError, 12, "Expected is ( GLN )"),
    "missing-required-element.xml": (SchemaValidationError, 2, "Description"),
    "no-namespace.xml": (UnknownMessageError, 2, "MaintenanceInstruction"),
    "not-xml.xml": (XmlSyntaxError, 1, "Start tag expected"),
    "old-code-not-mappable.xml": (SchemaValidationError, 16, "StatusDetailCode[1]"),
    "parameter-entity.xml": (SecurityError, 2, "DOCTYPE MaintenanceInstruction"),
    "percentage-over-100.xml": (SchemaValidationError, 25, "VATInformation/VATPercentage"),
    "quantity-five-decimals.xml": (SchemaValidationError, 19, "DeliveredQuantity"),
    "too-long-string.xml": (SchemaValidationError, 3, "InstructionNumber"),
    "too-long-text.xml": (SchemaValidationError, 16, "/MaintenanceStatus/FreeText[1]"),
    "too-many-fraction-digits.xml": (SchemaValidationError, 22, "NetLineAmount"),
    "truncated-in-start-tag.xml": (XmlSyntaxError, 14, "Start Tag Loca"),
    "truncated.xml": (XmlSyntaxError, 14, "in tag MaintenanceInstruction"),
    "two-event-codes-after-mapping.xml": (SchemaValidationError, 15, "EventCode AFH"),
    "two-roots.xml": (XmlSyntaxError, 17, "Extra content"),
    "undefined-entity.xml": (SecurityError, 22, "Entity 'secret'"),
    "unknown-element.xml": (SchemaValidationError, 22, "/MaintenanceInstruction/Priority"),
    "unknown-root.xml": (UnknownMessageError, 2, "Order"),
    "wrong-namespace-child.xml": (SchemaValidationError, 15, "SALES/Codelist}StatusCode"),
    "wrong-namespace-root.xml": (UnknownMessageError, 2, "SALES/004}MaintenanceInstruction"),
    "xinclude.xml": (SchemaValidationError, 23, "XInclude}include"),
    "xxe-file-doctype.xml": (SecurityError, 2, "DOCTYPE MaintenanceInstruction"),
    "xxe-network-doctype.xml": (SecurityError, 2, "DOCTYPE MaintenanceInstruction"),
    "xxe-utf16-doctype.xml": (SecurityError, 5, "DOCTYPE MaintenanceInstruction"),
}


_REFUSE = _RefuseExternal.resolve


_io_events: list[tuple[str, tuple[Any, ...]]] = []
_recording: list[bool] = []


def _audit(event: str, args: tuple[Any, ...]) -> None:
    if _recording and event in ("open", "socket.connect", "urllib.Request", "os.listdir"):
        _io_events.append((event, args))


sys.addaudithook(_audit)


@contextlib.contextmanager
def no_io(*, refused: bool = False) -> Iterator[None]:
    """Fail if the block opens a file or a socket, in Python or inside libxml2.

    libxml2 must not even ask for an external resource, unless ``refused``: then it may ask
    (a DOCTYPE the byte scan cannot see) and the hardened parser's resolver refuses it.
    """
    for entry in default_registry():  # the SDK's own schemas may be read: before watching
        compiled_schema(entry.schema)
    requests: list[str | None] = []

    def recording(self: _RefuseExternal, url: str | None, public_id: str | None, ctx: Any) -> None:
        requests.append(url)
        _REFUSE(self, url, public_id, ctx)

    _io_events.clear()
    _recording.append(True)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_RefuseExternal, "resolve", recording)
        try:
            yield
        finally:
            _recording.clear()
    assert _io_events == []
    if not refused:
        assert requests == []


def test_the_corpus_is_complete() -> None:
    files = {path.name for path in BAD.glob("*.xml")}
    assert files == set(EXPECTED)
    assert len(files) >= 25


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_bad_document_raises_the_specific_error(name: str) -> None:
    error, line, named = EXPECTED[name]
    data = (BAD / name).read_bytes()
    with no_io(), pytest.raises(DicoError) as info:
        decode(data)
    assert type(info.value) is error
    assert getattr(info.value, "line", None) == line
    message = str(info.value)
    assert f"line {line}" in message
    assert named in message
    assert "root:" not in message  # nothing read from /etc/passwd


def test_schema_errors_carry_element_and_xpath() -> None:
    with pytest.raises(SchemaValidationError) as info:
        decode((BAD / "percentage-over-100.xml").read_bytes())
    (issue,) = info.value.issues
    assert issue.element == "VATPercentage"
    assert issue.xpath == "/Invoice/InvoiceLine[1]/VATInformation/VATPercentage"
    assert issue.line == 25


def _minimal() -> bytes:
    return (BAD.parent / "golden" / "MaintenanceInstruction" / "minimal.xml").read_bytes()


def test_a_60_mib_document_is_refused_before_parsing() -> None:
    data = _minimal().replace(b"Lekkende kraan", b"x" * (60 * 1024 * 1024))
    with no_io(), pytest.raises(SecurityError) as info:
        decode(data)
    assert (info.value.reason, info.value.limit) == ("size", 50 * 1024 * 1024)
    assert "exceeds the maximum size" in str(info.value)


def test_a_60_mib_file_is_refused_without_reading_it(tmp_path: Path) -> None:
    path = tmp_path / "huge.xml"
    with path.open("wb") as handle:
        handle.truncate(60 * 1024 * 1024)  # sparse: nothing to read, only a size
    with pytest.raises(SecurityError, match=r"huge\.xml") as info:
        decode(path)
    assert info.value.reason == "size"


def test_5000_deep_nesting_is_refused() -> None:
    deep = b"<Note>" * 5000 + b"x" + b"</Note>" * 5000
    data = _minimal().replace(b"<Description>Lekkende kraan in de keuken.</Description>", deep)
    with no_io(), pytest.raises(SecurityError) as info:
        decode(data)
    assert info.value.reason == "depth"
    assert info.value.line is not None
    assert f"line {info.value.line}" in str(info.value)


@pytest.fixture
def listener() -> Iterator[socket.socket]:
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    server.setblocking(False)
    try:
        yield server
    finally:
        server.close()


def _hostile(port: int, secret: Path) -> list[bytes]:
    url = f"http://127.0.0.1:{port}"
    body = _minimal().split(b"\n", 1)[1].replace(b"Lekkende kraan in de keuken.", b"&x;")
    subsets = [
        f'<!DOCTYPE MaintenanceInstruction [<!ENTITY x SYSTEM "{url}/x">]>',
        f'<!DOCTYPE MaintenanceInstruction [<!ENTITY x SYSTEM "file://{secret}">]>',
        f'<!DOCTYPE MaintenanceInstruction SYSTEM "{url}/mi.dtd">',
        f'<!DOCTYPE MaintenanceInstruction [<!ENTITY % p SYSTEM "{url}/p.dtd"> %p;]>',
    ]
    documents = []
    for subset in subsets:
        text = '<?xml version="1.0" encoding="UTF-16"?>\n' + subset + "\n" + body.decode()
        documents.append(text.encode("utf-16"))
        documents.append(text.replace("UTF-16", "UTF-8").encode())
    return documents


def test_hostile_doctypes_open_no_socket_and_read_no_file(
    listener: socket.socket, tmp_path: Path
) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-7f3a")
    port = listener.getsockname()[1]
    for document in _hostile(port, secret):
        with no_io(refused=True), pytest.raises(SecurityError) as info:
            decode(document)
        assert info.value.reason == "doctype"
        assert "TOP-SECRET" not in str(info.value)
    with pytest.raises(BlockingIOError):
        listener.accept()  # nobody connected


@pytest.mark.timeout(10)
def test_an_external_dtd_in_utf16_is_never_opened(tmp_path: Path) -> None:
    # A FIFO blocks whoever opens it for reading: if libxml2 opened it, this test would hang.
    fifo = tmp_path / "evil.dtd"
    os.mkfifo(fifo)
    text = (
        '<?xml version="1.0" encoding="UTF-16"?>\n'
        f'<!DOCTYPE MaintenanceInstruction SYSTEM "file://{fifo}">\n'
    ) + _minimal().split(b"\n", 1)[1].decode()
    with no_io(refused=True), pytest.raises(SecurityError, match="external resource") as info:
        decode(text.encode("utf-16"))
    assert info.value.reason == "doctype"
