"""``dico convert FILE --to json|xml``: lossless XML <-> JSON of the message structure."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click
from xsdata.exceptions import ParserError
from xsdata.formats.dataclass.parsers import JsonParser
from xsdata.formats.dataclass.parsers.config import ParserConfig
from xsdata.formats.dataclass.serializers import JsonSerializer
from xsdata.formats.dataclass.serializers.dict import DictFactory

from dico_sdk._xmlsafe import DEFAULT_MAX_SIZE
from dico_sdk.codec import decode, encode
from dico_sdk.errors import MessageError, UsageError
from dico_sdk.messages import default_registry
from dico_sdk.rules._nav import root_name

__all__ = ["convert", "from_json", "to_json"]


def to_json(message: Any) -> str:
    """A message as JSON: ``{"<root element>": {...}}``, keys the XML element names, decimals
    and dates as strings (so nothing is lost), absent optional elements left out."""
    body = JsonSerializer(dict_factory=DictFactory.FILTER_NONE).encode(message)
    return json.dumps({root_name(message): body}, indent=2, ensure_ascii=False) + "\n"


def from_json(text: str) -> Any:
    """The message of a :func:`to_json` document (its one key names the root element)."""
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise MessageError(f"line {exc.lineno}: not valid JSON: {exc.msg}") from exc
    except RecursionError as exc:  # the json module recurses once per nesting level
        raise MessageError("not a DICO JSON document: nested too deeply") from exc
    if not isinstance(document, dict) or len(document) != 1:
        raise MessageError('a DICO JSON document has one key, the root element: {"Invoice": ...}')
    ((root, body),) = document.items()
    entry = next((entry for entry in default_registry() if entry.name == root), None)
    if entry is None:
        known = ", ".join(entry.name for entry in default_registry())
        raise MessageError(f"{root!r} is not a known DICO message (expected one of: {known})")
    parser = JsonParser(
        config=ParserConfig(fail_on_unknown_properties=True, fail_on_converter_warnings=True)
    )
    try:
        return parser.bind_dataclass(body, entry.cls)
    # xsdata asserts (AssertionError) when an object stands where a plain value belongs.
    except (ParserError, ValueError, TypeError, AssertionError) as exc:
        raise MessageError(f"the JSON does not describe a {root}: {exc}") from exc


def _read(path: Path) -> bytes:
    try:
        if path.stat().st_size > DEFAULT_MAX_SIZE:
            raise UsageError(f"{path} is larger than {DEFAULT_MAX_SIZE} bytes")
        return path.read_bytes()
    except OSError as exc:
        raise UsageError(f"cannot read {path}: {exc.strerror or exc}") from exc


def _utf8(path: Path, data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise MessageError(f"{path}: byte {exc.start}: JSON must be UTF-8 ({exc.reason})") from exc


@click.command("convert")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--to", "target", type=click.Choice(["json", "xml"]), required=True)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write to this file instead of stdout.",
)
def convert(file: Path, target: str, output: Path | None) -> None:
    """Convert a DICO message from XML to JSON (--to json) or from JSON to XML (--to xml).

    The JSON is the message's structure with the XML element names as keys and decimals as
    strings; converting it back gives the same canonical XML. The XML is validated both ways.
    """
    data = _read(file)
    if target == "json":
        text = to_json(decode(data))
        result = text.encode("utf-8")
    else:
        result = encode(from_json(_utf8(file, data)), pretty=True, check_rules=False)
    if output is None:
        click.echo(result.decode("utf-8"), nl=False)
    else:
        output.write_bytes(result)
