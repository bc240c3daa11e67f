"""Message factories: valid messages for tests, docs and demos.

Each factory returns a new, schema-valid message that also passes the business rules
(rules.md): GS1-valid GLNs, consistent amounts. Keyword arguments replace top-level fields
(``full_invoice(invoice_number="F-2")``); build nested parts with the message's module
(``dico_sdk.messages.invoice.Party`` ...).
"""

from __future__ import annotations

import dataclasses
from datetime import date, datetime, time, timedelta, timezone
from decimal import Decimal
from typing import Any, TypeVar

from dico_sdk._gln import complete_gln
from dico_sdk.messages import (
    AttachmentType,
    ChargeToType,
    CommonChargeType,
    EventCode,
    Invoice,
    InvoiceAllowanceType,
    InvoiceType,
    LocationIDType,
    MaintenanceInstruction,
    MaintenanceStatus,
    MaintenanceType,
    MutationType,
    PartyIDType,
    PaymentMeansType,
    PaymentMethod,
    SpecialismCode,
    StatusCode,
    StatusDetailCode,
    TaskType,
    UoMType,
    VATRateType,
)
from dico_sdk.messages import invoice as inv
from dico_sdk.messages import maintenance_instruction as mi
from dico_sdk.messages import maintenance_status as ms

__all__ = [
    "BUYER_GLN",
    "HOUSING_GLN",
    "INVOICEE_GLN",
    "MAINTENANCE_GLN",
    "SUPPLIER_GLN",
    "full_invoice",
    "full_maintenance_status",
    "gln_with_check_digit",
    "leaking_tap_instruction",
    "minimal_invoice",
    "minimal_maintenance_instruction",
    "minimal_maintenance_status",
    "tenant_turnover_instruction",
]

T = TypeVar("T")

CET = timezone(timedelta(hours=1))


def gln_with_check_digit(first12: str) -> str:
    """The 13-digit GLN for 12 digits: GS1 check digit (weights 3, 1 from the right)."""
    return complete_gln(first12)


BUYER_GLN = gln_with_check_digit("871234500001")
"""The principal of the examples: a VvE manager (Beheer De Linde B.V.)."""
SUPPLIER_GLN = gln_with_check_digit("871234500002")
"""The contractor of the examples: a plumbing firm (Loodgietersbedrijf Van Dijk)."""
INVOICEE_GLN = gln_with_check_digit("871234500003")
"""The owners' association that pays (VvE De Linde)."""
HOUSING_GLN = gln_with_check_digit("871234500004")
"""The principal of the tenant-turnover example: a housing association."""
MAINTENANCE_GLN = gln_with_check_digit("871234500005")
"""The contractor of the tenant-turnover example: a maintenance company."""


def _replace(message: T, overrides: dict[str, Any]) -> T:
    return dataclasses.replace(message, **overrides) if overrides else message  # type: ignore[type-var]


# -- MaintenanceInstruction -------------------------------------------------------------------


def minimal_maintenance_instruction(**overrides: Any) -> MaintenanceInstruction:
    """Only the required elements: a repair order."""
    message = MaintenanceInstruction(
        instruction_number="MIN-0001",
        instruction_date=date(2026, 11, 24),
        mutation_type=MutationType.ORIGINAL,
        maintenance_type=MaintenanceType.REP,
        payment_method=PaymentMethod.REG,
        buyer=mi.Party(gln=BUYER_GLN),
        supplier=mi.Party(gln=SUPPLIER_GLN),
        location=mi.Location(
            address=mi.Address(
                street_name="Lindelaan", postal_code="3511 AB", city="Utrecht", country="NL"
            )
        ),
        description="Lekkende kraan in de keuken.",
    )
    return _replace(message, overrides)


def _address(module: Any, street: str, number: str, postal: str, city: str) -> Any:
    return module.Address(
        street_name=street, house_number=number, postal_code=postal, city=city, country="NL"
    )


def leaking_tap_instruction(**overrides: Any) -> MaintenanceInstruction:
    """A reactive repair for a VvE: a leaking kitchen tap in flat 12, time and materials."""
    message = MaintenanceInstruction(
        instruction_number="VVE-2026-0142",
        instruction_date=date(2026, 11, 24),
        instruction_time=time(9, 15, 0),
        mutation_type=MutationType.ORIGINAL,
        maintenance_type=MaintenanceType.REP,
        task_type=TaskType.REP,
        specialism=[SpecialismCode.LOO],
        payment_method=PaymentMethod.REG,
        maximum_amount=Decimal("450.00"),
        currency="EUR",
        requested_period=mi.RequestedPeriod(
            earliest_start_date=date(2026, 11, 25), latest_completion_date=date(2026, 12, 5)
        ),
        buyer=mi.Party(
            gln=BUYER_GLN,
            name="Beheer De Linde B.V.",
            chamber_of_commerce_number="30123456",
            address=_address(mi, "Oudegracht", "201", "3511 NJ", "Utrecht"),
            contact_information=mi.Contact(
                contact_person_name="Sanne de Vries",
                phone_number="030-1234567",
                email_address="techniek@beheerdelinde.nl",
            ),
        ),
        supplier=mi.Party(
            gln=SUPPLIER_GLN,
            name="Loodgietersbedrijf Van Dijk",
            additional_party_id=[
                mi.AdditionalPartyID(value="CRT-004512", type_value=PartyIDType.CRT)
            ],
        ),
        invoicee=mi.Party(gln=INVOICEE_GLN, name="VvE De Linde"),
        location=mi.Location(
            location_id=mi.LocationID(value="0344010000123456", type_value=LocationIDType.BAG),
            complex_number="VVE-0831",
            unit_number="12",
            address=_address(mi, "Lindelaan", "12", "3511 AB", "Utrecht"),
            location_description="Keuken, begane grond; hoofdkraan in de meterkast.",
        ),
        occupant=mi.Occupant(
            name="J. Jansen",
            phone_number="06-12345678",
            availability="Werkdagen na 13:00 uur.",
        ),
        description=(
            "De keukenkraan lekt bij de uitloop en onder het aanrechtblad.\n"
            "Graag kraan repareren of vervangen; bewoner heeft de stopkraan dichtgedraaid."
        ),
        instruction_line=[
            mi.InstructionLine(
                line_number=1,
                description="Voorrijden en arbeid loodgieter",
                task_code="LG-ARB",
                quantity=Decimal("1.5"),
                measure_unit=UoMType.HUR,
                unit_price=Decimal("62.50"),
                line_amount=Decimal("93.75"),
            ),
        ],
        free_text=["Sleutel bij de beheerder op te halen indien bewoner afwezig."],
        attachment=[
            mi.Attachment(
                attachment_type=AttachmentType.PHO,
                file_name="kraan.jpg",
                mime_type="image/jpeg",
                description="Foto van de lekkage",
                attached_data=b"\xff\xd8\xff\xe0 photo bytes \xff\xd9",
            )
        ],
    )
    return _replace(message, overrides)


def tenant_turnover_instruction(**overrides: Any) -> MaintenanceInstruction:
    """Mutatieonderhoud for a housing association: make a flat ready for the next tenant."""
    message = MaintenanceInstruction(
        instruction_number="MUT-2026-0077",
        instruction_date=date(2026, 11, 30),
        mutation_type=MutationType.ORIGINAL,
        maintenance_type=MaintenanceType.MUT,
        task_type=TaskType.MAI,
        specialism=[SpecialismCode.SCH, SpecialismCode.STU, SpecialismCode.TIM],
        payment_method=PaymentMethod.EHP,
        charge_to=ChargeToType.HUU,
        maximum_amount=Decimal("2500.00"),
        currency="EUR",
        contract_reference=mi.ContractReference(
            contract_number="RC-2025-014", contract_date=date(2025, 1, 1)
        ),
        project_reference=mi.ProjectReference(project_number="MUT-Q4-2026"),
        requested_period=mi.RequestedPeriod(
            earliest_start_date=date(2026, 12, 1), latest_completion_date=date(2026, 12, 12)
        ),
        buyer=mi.Party(gln=HOUSING_GLN, name="Woonstichting Het Anker"),
        supplier=mi.Party(gln=MAINTENANCE_GLN, name="Onderhoudsbedrijf Bouwman"),
        location=mi.Location(
            complex_number="C-104",
            unit_number="VHE-104-031",
            address=mi.Address(
                street_name="Havenstraat",
                house_number="31",
                house_number_addition="B",
                postal_code="1621 CK",
                city="Hoorn",
                country="NL",
            ),
        ),
        description="Woning na vertrek huurder gereedmaken voor verhuur: schilderen, stucwerk.",
        instruction_line=[
            mi.InstructionLine(
                line_number=1,
                description="Wanden sausen, woonkamer en slaapkamers",
                task_code="SCH-SAUS",
                quantity=Decimal("42.5"),
                measure_unit=UoMType.MTK,
                unit_price=Decimal("12.75"),
                line_amount=Decimal("541.88"),
            ),
            mi.InstructionLine(
                line_number=2,
                description="Gaten in wanden dichten en bijwerken",
                task_code="STU-HERST",
                quantity=Decimal("3"),
                measure_unit=UoMType.HUR,
                unit_price=Decimal("55.00"),
                line_amount=Decimal("165.00"),
            ),
            mi.InstructionLine(
                line_number=3,
                description="Binnendeur slaapkamer vervangen",
                quantity=Decimal("1"),
                measure_unit=UoMType.PCE,
            ),
        ],
    )
    return _replace(message, overrides)


# -- MaintenanceStatus ------------------------------------------------------------------------


def minimal_maintenance_status(**overrides: Any) -> MaintenanceStatus:
    """Only the required elements: the contractor accepts the order."""
    message = MaintenanceStatus(
        status_number="ST-0001",
        status_date_time=datetime(2026, 11, 24, 10, 2, 0, tzinfo=CET),
        sender_gln=SUPPLIER_GLN,
        instruction_reference=ms.InstructionReference(instruction_number="VVE-2026-0142"),
        buyer=ms.Party(gln=BUYER_GLN),
        supplier=ms.Party(gln=SUPPLIER_GLN),
        status_code=StatusCode.ACC,
    )
    return _replace(message, overrides)


def full_maintenance_status(**overrides: Any) -> MaintenanceStatus:
    """The contractor accepts and reports the appointment made with the resident (AFH)."""
    message = MaintenanceStatus(
        status_number="ST-2026-3310-02",
        status_date_time=datetime(2026, 11, 24, 14, 30, 0, tzinfo=CET),
        sender_gln=SUPPLIER_GLN,
        instruction_reference=ms.InstructionReference(
            instruction_number="VVE-2026-0142", instruction_date=date(2026, 11, 24)
        ),
        supplier_reference="WO-2026-3310",
        buyer=ms.Party(gln=BUYER_GLN, name="Beheer De Linde B.V."),
        supplier=ms.Party(gln=SUPPLIER_GLN, name="Loodgietersbedrijf Van Dijk"),
        status_code=StatusCode.ACC,
        event_code=EventCode.AFH,
        status_detail_code=[StatusDetailCode.VBW],
        appointment=ms.Appointment(
            start_date_time=datetime(2026, 11, 26, 13, 0, 0, tzinfo=CET),
            end_date_time=datetime(2026, 11, 26, 15, 0, 0, tzinfo=CET),
        ),
        expected_completion_date=date(2026, 11, 26),
        free_text=["Afspraak op verzoek van de bewoner na 13:00 uur."],
    )
    return _replace(message, overrides)


# -- Invoice ----------------------------------------------------------------------------------


def _vat(percentage: str) -> inv.VATInformation:
    return inv.VATInformation(vat_rate=VATRateType.S, vat_percentage=Decimal(percentage))


def minimal_invoice(**overrides: Any) -> Invoice:
    """Only the required elements: one line at 21 %."""
    message = Invoice(
        invoice_type=InvoiceType.COMMERCIAL_INVOICE,
        invoice_number="F-0001",
        invoice_date=date(2026, 12, 1),
        currency="EUR",
        buyer=inv.Party(gln=BUYER_GLN),
        supplier=inv.Party(gln=SUPPLIER_GLN),
        invoicee=inv.Party(gln=INVOICEE_GLN),
        invoice_line=[
            inv.InvoiceLine(
                line_number=1,
                description="Arbeid loodgieter",
                delivered_quantity=Decimal("1.5"),
                measure_unit=UoMType.HUR,
                net_price=Decimal("62.50"),
                net_line_amount=Decimal("93.75"),
                vat_information=_vat("21.00"),
            )
        ],
        vat_sub_total=[
            inv.VATSubTotal(
                vat_rate=VATRateType.S,
                vat_percentage=Decimal("21.00"),
                vat_base_amount=Decimal("93.75"),
                vat_amount=Decimal("19.69"),
            )
        ],
        invoice_totals=inv.InvoiceTotals(
            total_net_line_amount=Decimal("93.75"),
            total_vat_base_amount=Decimal("93.75"),
            total_vat_amount=Decimal("19.69"),
            total_invoice_amount=Decimal("113.44"),
            payable_amount=Decimal("113.44"),
        ),
    )
    return _replace(message, overrides)


def _full_invoice_lines() -> list[inv.InvoiceLine]:
    return [
        inv.InvoiceLine(
            line_number=1,
            description="Arbeid loodgieter",
            delivered_quantity=Decimal("2.5"),
            measure_unit=UoMType.HUR,
            net_price=Decimal("62.50"),
            net_line_amount=Decimal("156.25"),
            vat_information=_vat("21.00"),
        ),
        inv.InvoiceLine(
            line_number=2,
            description="Keukenmengkraan, chroom",
            suppliers_trade_item_identification="KR-4410",
            gtin="08712345000125",
            delivered_quantity=Decimal("1"),
            measure_unit=UoMType.PCE,
            net_price=Decimal("24.95"),
            line_allowance=[inv.LineAllowanceCharge(amount=Decimal("2.50"), description="Actie")],
            net_line_amount=Decimal("22.45"),
            vat_information=_vat("21.00"),
        ),
        inv.InvoiceLine(
            line_number=3,
            description="Schilderwerk keukenwand na lekkage (arbeid, 9 %)",
            delivered_quantity=Decimal("3"),
            measure_unit=UoMType.HUR,
            net_price=Decimal("45.00"),
            net_line_amount=Decimal("135.00"),
            vat_information=_vat("9.00"),
        ),
        inv.InvoiceLine(
            line_number=4,
            description="Sanitairkit, prijs per 10 stuks",
            delivered_quantity=Decimal("2"),
            measure_unit=UoMType.PCE,
            net_price=Decimal("89.90"),
            price_base=inv.PriceBase(
                number_of_units_in_price_basis=Decimal("10"), measure_unit_price_basis=UoMType.PCE
            ),
            net_line_amount=Decimal("17.98"),
            vat_information=_vat("21.00"),
        ),
    ]


def full_invoice(**overrides: Any) -> Invoice:
    """The tap repair invoiced with two VAT rates (21 % and 9 %), arithmetically correct.

    Lines 156.25 + 22.45 + 17.98 at 21 % and 135.00 at 9 %; an administration charge of 7.50
    and an allowance of 5.00, both at 21 %. VAT 21 %: round2(199.18 x 0.21) = 41.83; 9 %: 12.15.
    """
    message = Invoice(
        invoice_type=InvoiceType.COMMERCIAL_INVOICE,
        invoice_number="F-2026-00412",
        invoice_date=date(2026, 12, 1),
        currency="EUR",
        expiration_date=date(2026, 12, 31),
        instruction_reference=inv.InstructionReference(
            instruction_number="VVE-2026-0142", instruction_date=date(2026, 11, 24)
        ),
        supplier_reference="WO-2026-3310",
        payment_method=PaymentMethod.REG,
        payment_means_code=PaymentMeansType.PAYMENT_TO_BANK_ACCOUNT,
        payment_reference="F-2026-00412",
        iban="NL91ABNA0417164300",
        buyer=inv.Party(gln=BUYER_GLN, name="Beheer De Linde B.V."),
        supplier=inv.Party(
            gln=SUPPLIER_GLN,
            name="Loodgietersbedrijf Van Dijk",
            vat_registration_number="NL001234567B01",
            chamber_of_commerce_number="30987654",
            address=_address(inv, "Industrieweg", "8", "3542 AD", "Utrecht"),
        ),
        invoicee=inv.Party(gln=INVOICEE_GLN, name="VvE De Linde"),
        location=inv.Location(
            complex_number="VVE-0831",
            unit_number="12",
            address=_address(inv, "Lindelaan", "12", "3511 AB", "Utrecht"),
        ),
        invoice_line=_full_invoice_lines(),
        invoice_allowance=[
            inv.InvoiceAllowance(
                allowance_type=InvoiceAllowanceType.ADR,
                amount=Decimal("5.00"),
                description="Korting vaste klant",
                vat_information=_vat("21.00"),
            )
        ],
        invoice_charge=[
            inv.InvoiceCharge(
                charge_type=CommonChargeType.AEM,
                amount=Decimal("7.50"),
                description="Administratiekosten",
                vat_information=_vat("21.00"),
            )
        ],
        vat_sub_total=[
            inv.VATSubTotal(
                vat_rate=VATRateType.S,
                vat_percentage=Decimal("21.00"),
                vat_base_amount=Decimal("199.18"),
                vat_amount=Decimal("41.83"),
            ),
            inv.VATSubTotal(
                vat_rate=VATRateType.S,
                vat_percentage=Decimal("9.00"),
                vat_base_amount=Decimal("135.00"),
                vat_amount=Decimal("12.15"),
            ),
        ],
        invoice_totals=inv.InvoiceTotals(
            total_net_line_amount=Decimal("331.68"),
            total_allowance_amount=Decimal("5.00"),
            total_charge_amount=Decimal("7.50"),
            total_vat_base_amount=Decimal("334.18"),
            total_vat_amount=Decimal("53.98"),
            total_invoice_amount=Decimal("388.16"),
            payable_amount=Decimal("388.16"),
        ),
        free_text=["Graag binnen 30 dagen betalen onder vermelding van het factuurnummer."],
        attachment=[
            inv.Attachment(
                attachment_type=AttachmentType.FAC,
                file_name=f"{SUPPLIER_GLN}_F-2026-00412.pdf",
                mime_type="application/pdf",
                attached_data=b"%PDF-1.4 invoice copy",
            )
        ],
    )
    return _replace(message, overrides)
