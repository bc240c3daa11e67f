"""Typed message -> bytes: UTF-8 with declaration, default namespace, schema order, validated."""

from __future__ import annotations

from typing import Any

from lxml import etree
from xsdata.exceptions import SerializerError

from dico_sdk.codec._compiled_writer import write_tree
from dico_sdk.codec._hooks import run_encode_checks
from dico_sdk.codec._schema import validate_tree
from dico_sdk.codec._types import describe_type_issues
from dico_sdk.errors import UsageError
from dico_sdk.messages import MessageRegistry, default_registry

__all__ = ["encode"]

_DECLARATION = b'<?xml version="1.0" encoding="UTF-8"?>\n'


def encode(
    message: Any,
    *,
    pretty: bool = False,
    validate: bool = True,
    check_rules: bool = True,
    registry: MessageRegistry | None = None,
) -> bytes:
    """Encode a message as UTF-8 XML with an XML declaration, ready to send.

    The message's namespace is the default namespace (no ``ns0:`` prefixes), elements come in
    schema order, decimals are written as plain decimals with the digits they carry (never in
    exponent notation), dates as ``YYYY-MM-DD`` and date-times with their UTC offset. The
    result is validated against the message's XSD unless ``validate=False``, so the SDK never
    emits an invalid message: :class:`SchemaValidationError` lists every issue, by XPath.
    ``pretty=True`` indents the output. With ``check_rules=True`` (the default) a message that
    breaks a business rule with severity error is refused with :class:`RuleViolationError`,
    which carries the full ``ValidationReport``; ``check_rules=False`` skips that check.
    """
    entry = (registry or default_registry()).for_class(type(message))
    try:
        root = write_tree(message, entry.namespace)
    except (SerializerError, TypeError, ValueError, AttributeError) as exc:
        # Most often a value of the wrong type: then name every such value by its XPath.
        problem = describe_type_issues(message) or str(exc)
        raise UsageError(f"cannot encode this {entry.name}: {problem}") from exc
    if validate:
        validate_tree(root, entry.schema, entry.cls, what=f"the encoded {entry.name}")
    if check_rules:
        run_encode_checks(message)
    if pretty:
        etree.indent(root, space="  ")
    # Written by hand: lxml's own declaration uses single quotes, which some receivers reject.
    return _DECLARATION + etree.tostring(root, encoding="UTF-8")
