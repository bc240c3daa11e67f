"""Rules for all messages: GLNs, parties, decimals, attachments, line numbers (rules.md)."""

from __future__ import annotations

import base64
import binascii
from collections.abc import Iterator
from decimal import Decimal

from dico_sdk.rules._arith import gln_check_digit, is_valid_gln
from dico_sdk.rules._nav import Node
from dico_sdk.rules._registry import ALL_MESSAGES, Finding, RuleContext, Severity, register

__all__: list[str] = []

ERROR, WARNING = Severity.ERROR, Severity.WARNING
MAX_ATTACHMENT = 10 * 1024 * 1024
"""DICO-GEN-04: attachments over 10 MiB (decoded) are reported."""

# DICO-GEN-02: the most fraction digits, by the element's name suffix.
_PLACES = (("Amount", 2), ("Percentage", 2), ("Price", 4), ("Quantity", 4), ("PriceBasis", 4))


@register(
    "DICO-GLN-01",
    ERROR,
    ALL_MESSAGES,
    summary="Every GLN is 13 digits with a valid GS1 check digit.",
    summary_nl="Elk GLN bestaat uit 13 cijfers met een geldig GS1-controlecijfer.",
    en="GLN {value} is not valid: {reason}",
    nl="GLN {value} is ongeldig: {reason_nl}",
)
def gln_valid(ctx: RuleContext) -> Iterator[Finding]:
    for node in ctx.leaves("GLN", "SenderGLN"):
        gln = str(node.obj)
        if is_valid_gln(gln):
            continue
        if len(gln) == 13 and gln.isascii() and gln.isdigit():
            digit = gln_check_digit(gln[:12])
            yield ctx.finding(
                node,
                value=gln,
                expected=f"{gln[:12]}{digit}",
                reason=f"the check digit should be {digit}",
                reason_nl=f"het controlecijfer moet {digit} zijn",
            )
        else:
            yield ctx.finding(
                node, value=gln, reason="a GLN is 13 digits", reason_nl="een GLN heeft 13 cijfers"
            )


@register(
    "DICO-GEN-01",
    ERROR,
    ALL_MESSAGES,
    summary="The Buyer and the Supplier have different GLNs.",
    summary_nl="Opdrachtgever (Buyer) en opdrachtnemer (Supplier) hebben verschillende GLN's.",
    en="the Supplier's GLN {value} is the Buyer's GLN too",
    nl="het GLN {value} van de Supplier is ook het GLN van de Buyer",
)
def parties_differ(ctx: RuleContext) -> Iterator[Finding]:
    buyer = ctx.root.child("Buyer").get("GLN")
    supplier = ctx.root.child("Supplier").child("GLN")
    if buyer is not None and buyer == supplier.obj:
        yield ctx.finding(supplier, value=buyer)


def _places_allowed(name: str) -> int | None:
    for suffix, places in _PLACES:
        if name.endswith(suffix):
            return places
    return None


def _fraction_digits(value: Decimal) -> int:
    # The value space counts, as the XSD's fractionDigits does: 1.500 has one fraction digit.
    exponent = value.normalize().as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


@register(
    "DICO-GEN-02",
    ERROR,
    ALL_MESSAGES,
    summary="Amounts and percentages have at most 2 decimals, prices and quantities at most 4.",
    summary_nl="Bedragen en percentages hebben hoogstens 2 decimalen, prijzen en aantallen 4.",
    en="{element} {value} has {found} decimals; at most {allowed} are allowed",
    nl="{element} {value} heeft {found} decimalen; hoogstens {allowed} zijn toegestaan",
    object_only=True,  # on bytes the XSD's fractionDigits say it first
)
def decimal_places(ctx: RuleContext) -> Iterator[Finding]:
    for node in ctx.decimal_leaves():
        allowed = _places_allowed(node.name)
        if allowed is None or not isinstance(node.obj, Decimal):
            continue
        value: Decimal = node.obj
        if not value.is_finite():
            yield ctx.finding(node, value=value, element=node.name, found="no", allowed=allowed)
            continue
        found = _fraction_digits(value)
        if found > allowed:
            yield ctx.finding(node, value=value, element=node.name, found=found, allowed=allowed)


def _attachment_size(data: object) -> int | None:
    """The decoded size of AttachedData, or None when it is not valid base64."""
    if isinstance(data, bytes | bytearray):
        return len(data)
    try:
        return len(base64.b64decode(str(data), validate=True))
    except (binascii.Error, ValueError):
        return None


@register(
    "DICO-GEN-03",
    ERROR,
    ALL_MESSAGES,
    summary="An Attachment has exactly one of AttachedData or URL, and AttachedData is base64.",
    summary_nl="Een Attachment heeft precies een van AttachedData of URL; AttachedData is base64.",
    en="the attachment {reason}",
    nl="de bijlage {reason_nl}",
    object_only=True,  # on bytes the XSD's xs:choice and base64Binary say it first
)
def attachment_content(ctx: RuleContext) -> Iterator[Finding]:
    for attachment in _attachments(ctx):
        data, url = attachment.child("AttachedData"), attachment.child("URL")
        if data.present and url.present:
            yield ctx.finding(
                url, reason="has both AttachedData and URL", reason_nl="heeft AttachedData en URL"
            )
        elif not data.present and not url.present:
            yield ctx.finding(
                data,
                reason="has neither AttachedData nor URL",
                reason_nl="heeft geen AttachedData en geen URL",
            )
        elif data.present and _attachment_size(data.obj) is None:
            yield ctx.finding(
                data,
                reason="has AttachedData that is not valid base64",
                reason_nl="heeft AttachedData die geen geldige base64 is",
            )


@register(
    "DICO-GEN-04",
    WARNING,
    ALL_MESSAGES,
    summary="An attachment is larger than 10 MiB (decoded).",
    summary_nl="Een bijlage is groter dan 10 MiB (gedecodeerd).",
    en="the attachment is {value} bytes, more than 10 MiB",
    nl="de bijlage is {value} bytes, meer dan 10 MiB",
)
def attachment_size(ctx: RuleContext) -> Iterator[Finding]:
    for attachment in _attachments(ctx):
        data = attachment.child("AttachedData")
        size = _attachment_size(data.obj) if data.present else None
        if size is not None and size > MAX_ATTACHMENT:
            yield ctx.finding(data, value=size)


def _attachments(ctx: RuleContext) -> list[Node]:
    return ctx.root.children("Attachment")


@register(
    "DICO-GEN-05",
    ERROR,
    ALL_MESSAGES,
    summary="Line numbers are unique within a message.",
    summary_nl="Regelnummers zijn uniek binnen een bericht.",
    en="line number {value} is used more than once",
    nl="regelnummer {value} komt meer dan eens voor",
)
def line_numbers_unique(ctx: RuleContext) -> Iterator[Finding]:
    seen: set[object] = set()
    for node in ctx.leaves("LineNumber"):
        if node.obj in seen:
            yield ctx.finding(node, value=node.obj)
        seen.add(node.obj)
