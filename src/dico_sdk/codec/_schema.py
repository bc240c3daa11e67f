"""XSD validation: the compiled schema cached per schema file, every issue reported."""

from __future__ import annotations

import re
import threading
from pathlib import Path
from typing import Any

from lxml import etree

from dico_sdk.codec._xpath import xpath_of
from dico_sdk.errors import SchemaIssue, SchemaValidationError

__all__ = ["compiled_schema", "parse_schema_file", "schema_issues", "validate_tree"]

_local = threading.local()
_NAMESPACE = re.compile(r"\{([^}]*)\}")
_ELEMENT = re.compile(r"Element '([^']+)'")


def compiled_schema(path: Path) -> etree.XMLSchema:
    """The compiled XSD at ``path``, compiled once per thread (lxml validators are not shared).

    The XSD is trusted package data (or the participant's own schema folder); its imports are
    read from the same folder, never from the network.
    """
    cache: dict[Path, etree.XMLSchema] | None = getattr(_local, "schemas", None)
    if cache is None:
        cache = _local.schemas = {}
    schema = cache.get(path)
    if schema is None:
        schema = etree.XMLSchema(parse_schema_file(path))
        cache[path] = schema
    return schema


def parse_schema_file(path: Path) -> etree._ElementTree:
    """Parse an XSD file: trusted package data (or a participant's own schema folder), but
    still without entities, DTDs or network."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    return etree.parse(str(path), parser)


def schema_issues(
    root: etree._Element, schema_path: Path, root_cls: type[Any] | None
) -> list[SchemaIssue]:
    """Every XSD issue of the tree under ``root`` (empty when valid)."""
    schema = compiled_schema(schema_path)
    if schema.validate(root):
        return []
    known = {etree.QName(root).namespace or ""}
    tree = root.getroottree()
    issues = []
    for entry in schema.error_log:
        element = _element_at(tree, entry.path)
        if element is None:
            element = _element_named(tree, entry.message, entry.line)
        xpath = xpath_of(element, root_cls) if element is not None else None
        name = etree.QName(element).localname if element is not None else None
        issues.append(
            SchemaIssue(
                message=_readable(entry.message, known),
                line=entry.line or (element.sourceline if element is not None else None),
                xpath=xpath,
                element=name,
            )
        )
    return issues


def validate_tree(
    root: etree._Element,
    schema_path: Path,
    root_cls: type[Any] | None,
    *,
    what: str,
    msg_id: str | None = None,
) -> None:
    """Raise :class:`SchemaValidationError` with every issue when the tree is not valid."""
    issues = schema_issues(root, schema_path, root_cls)
    if issues:
        raise schema_error(what, issues, schema_path.name, msg_id)


def schema_error(
    what: str, issues: list[SchemaIssue], schema: str | None, msg_id: str | None
) -> SchemaValidationError:
    """The error for ``issues``: its message names the first issue's line and element."""
    count = f"{len(issues)} issue{'s' if len(issues) != 1 else ''}"
    first = issues[0]
    more = "" if len(issues) == 1 else f" (and {len(issues) - 1} more)"
    against = f" against {schema}" if schema else ""
    message = f"{what} is not valid{against}: {count}; first: {first}{more}"
    return SchemaValidationError(message, issues=issues, schema=schema, msg_id=msg_id)


def _element_at(tree: etree._ElementTree, path: str | None) -> etree._Element | None:
    if not path:
        return None
    try:
        found = tree.xpath(path)
    except etree.XPathError:
        return None
    if isinstance(found, list) and found and isinstance(found[0], etree._Element):
        return found[0]
    return None


def _element_named(
    tree: etree._ElementTree, message: str, line: int | None
) -> etree._Element | None:
    # libxml2's path uses the document's prefixes, which a foreign element may declare itself;
    # then find the element the message names on the line it reports.
    match = _ELEMENT.match(message)
    if match is None:
        return None
    tag = match.group(1)
    return next((el for el in tree.iter(tag) if el.sourceline == line), None)


def _readable(message: str, known: set[str]) -> str:
    # The message's own namespace adds nothing but noise; a foreign one is the point of the error.
    return _NAMESPACE.sub(lambda m: "" if m.group(1) in known else m.group(0), message)
