"""``dico show FILE``: a readable summary of a DICO message."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import click

from dico_sdk.codec import decode
from dico_sdk.rules._nav import Node, code_of, text

__all__ = ["show", "summary_lines"]


def _title(value: object, lang: str) -> str:
    """A code with its title: ``ACC (Accepted)``."""
    if value is None:
        return "-"
    title = getattr(value, "title_nl" if lang == "nl" else "title_en", None)
    code = code_of(value)
    return f"{code} ({title})" if title and title != code else code


def _party(node: Node, role: str) -> str:
    name = node.get("Name") or ""
    return f"  {role:<9} {node.get('GLN') or '-':<14} {name}".rstrip()


def _parties(root: Node) -> Iterator[str]:
    yield "Parties:"
    for role in ("Buyer", "Supplier", "Invoicee", "Invoicer"):
        node = root.child(role) if root.has_element(role) else None
        if node is not None and node.present:
            yield _party(node, role)


def _reference(root: Node) -> Iterator[str]:
    ref = root.child("InstructionReference")
    if ref.present:
        day = text(ref.get("InstructionDate"))
        yield f"Order:    {ref.get('InstructionNumber')}" + (f" of {day}" if day else "")


def _instruction(root: Node, lang: str) -> Iterator[str]:
    day = text(root.get("InstructionDate"))
    yield f"MaintenanceInstruction {root.get('InstructionNumber')} of {day}"
    kind, pricing = (
        _title(root.get("MaintenanceType"), lang),
        _title(root.get("PaymentMethod"), lang),
    )
    yield f"Type:     {kind}, pricing {pricing}"
    if root.get("MaximumAmount") is not None:
        yield f"Maximum:  {root.get('MaximumAmount')} {root.get('Currency') or 'EUR'} excl. VAT"
    yield from _parties(root)
    address = root.child("Location").child("Address")
    if address.present:
        street = " ".join(
            str(address.get(n)) for n in ("StreetName", "HouseNumber") if address.get(n)
        )
        yield f"Location: {street}, {address.get('PostalCode')} {address.get('City')}"
    yield f"Work:     {root.get('Description')}"
    lines = root.children("InstructionLine")
    if lines:
        yield f"  {'#':>3}  {'Description':<32} {'Quantity':>10} {'Unit price':>11} {'Amount':>10}"
        for line in lines:
            yield (
                f"  {line.get('LineNumber'):>3}  {str(line.get('Description'))[:32]:<32} "
                f"{text(line.get('Quantity')) or '':>10} {text(line.get('UnitPrice')) or '':>11} "
                f"{text(line.get('LineAmount')) or '':>10}"
            )


def _status(root: Node, lang: str) -> Iterator[str]:
    yield f"MaintenanceStatus {root.get('StatusNumber')} at {text(root.get('StatusDateTime'))}"
    yield from _reference(root)
    yield from _parties(root)
    yield f"  {'Sender':<9} {root.get('SenderGLN')}"
    yield f"Status:   {_title(root.get('StatusCode'), lang)}"
    yield f"Event:    {_title(root.get('EventCode'), lang)}"
    for detail in root.children("StatusDetailCode"):
        yield f"Reason:   {_title(detail.obj, lang)}"
    appointment = root.child("Appointment")
    if appointment.present:
        end = text(appointment.get("EndDateTime"))
        yield f"Appointment: {text(appointment.get('StartDateTime'))}" + (
            f" to {end}" if end else ""
        )
    for name in ("ExpectedCompletionDate", "CompletionDate"):
        if root.get(name) is not None:
            yield f"{name}: {text(root.get(name))}"


def _invoice(root: Node, lang: str) -> Iterator[str]:
    yield (
        f"Invoice {root.get('InvoiceNumber')}: {_title(root.get('InvoiceType'), lang)} of "
        f"{text(root.get('InvoiceDate'))}, {root.get('Currency')}"
    )
    yield from _reference(root)
    yield from _parties(root)
    yield (
        f"  {'#':>3}  {'Description':<30} {'Quantity':>10} {'Unit':<4} {'Net price':>10} "
        f"{'Net amount':>11}  VAT"
    )
    for line in root.children("InvoiceLine"):
        vat = line.child("VATInformation")
        yield (
            f"  {line.get('LineNumber'):>3}  {str(line.get('Description'))[:30]:<30} "
            f"{text(line.get('DeliveredQuantity')):>10} {code_of(line.get('MeasureUnit')):<4} "
            f"{text(line.get('NetPrice')):>10} {text(line.get('NetLineAmount')):>11}  "
            f"{vat.code('VATRate')} {vat.get('VATPercentage')}%"
        )
    for subtotal in root.children("VATSubTotal"):
        yield (
            f"  VAT {subtotal.code('VATRate')} {subtotal.get('VATPercentage')}%: base "
            f"{subtotal.get('VATBaseAmount')}, VAT {subtotal.get('VATAmount')}"
        )
    totals = root.child("InvoiceTotals")
    for name in (
        "TotalNetLineAmount",
        "TotalAllowanceAmount",
        "TotalChargeAmount",
        "TotalVATBaseAmount",
        "TotalVATAmount",
        "TotalInvoiceAmount",
        "PrepaidAmount",
        "PayableAmount",
    ):
        if totals.get(name) is not None:
            yield f"  {name:<22} {totals.get(name):>12}"


_SUMMARIES = {
    "MaintenanceInstruction": _instruction,
    "MaintenanceStatus": _status,
    "Invoice": _invoice,
}


def summary_lines(message: object, lang: str = "en") -> list[str]:
    """The lines ``dico show`` prints for a message."""
    root = Node.root(message)
    summarise = _SUMMARIES.get(root.name)
    if summarise is None:
        return [f"{root.name} (no summary for this message type)"]
    return list(summarise(root, lang))


@click.command("show")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--lang",
    type=click.Choice(["en", "nl"]),
    default="en",
    show_default=True,
    help="Language of the code titles.",
)
def show(file: Path, lang: str) -> None:
    """Print a readable summary of a DICO message: parties, order, status, lines and totals."""
    for line in summary_lines(decode(file), lang):
        click.echo(line)
