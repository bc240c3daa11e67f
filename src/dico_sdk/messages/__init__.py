"""Typed DICO messages: the generated dataclasses, the code lists and the registry.

The three messages are dataclasses (slots, keyword-only) generated from the bundled reference
schemas (``dico_sdk.schemas``) by ``make models``. Their parts live in one module per message,
because each message XSD is self-contained (each has its own ``Party``, ``Address`` ...)::

    from dico_sdk.messages import MaintenanceInstruction, StatusCode
    from dico_sdk.messages import maintenance_instruction as mi

    mi.Party(gln="8712345000004", name="VvE De Linde")

Code lists are enums whose values are the codes, with ``title_en`` and ``title_nl``
(``StatusCode.ACC.title_nl == "Geaccepteerd"``). Money and quantities are ``Decimal``, dates
``datetime.date``, times ``datetime.time``, date-times aware ``datetime.datetime``.
"""

from dico_sdk.messages import _converters

_converters.install()

# ruff: noqa: E402  (the converters must be installed before the models are used)
from dico_sdk.messages._codelist import CodeList
from dico_sdk.messages._generated import (
    codelist,
    invoice,
    maintenance_instruction,
    maintenance_status,
)
from dico_sdk.messages._generated.codelist import (
    AttachmentType,
    ChargeToType,
    CommonChargeType,
    EventCode,
    InvoiceAllowanceType,
    InvoiceType,
    LocationIDType,
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
from dico_sdk.messages._generated.invoice import Invoice
from dico_sdk.messages._generated.maintenance_instruction import MaintenanceInstruction
from dico_sdk.messages._generated.maintenance_status import MaintenanceStatus
from dico_sdk.messages._registry import (
    MessageRegistry,
    MessageType,
    default_registry,
    install_registry,
)

Message = MaintenanceInstruction | MaintenanceStatus | Invoice
"""Any of the bundled message types."""

__all__ = [
    "AttachmentType",
    "ChargeToType",
    "CodeList",
    "CommonChargeType",
    "EventCode",
    "Invoice",
    "InvoiceAllowanceType",
    "InvoiceType",
    "LocationIDType",
    "MaintenanceInstruction",
    "MaintenanceStatus",
    "MaintenanceType",
    "Message",
    "MessageRegistry",
    "MessageType",
    "MutationType",
    "PartyIDType",
    "PaymentMeansType",
    "PaymentMethod",
    "SpecialismCode",
    "StatusCode",
    "StatusDetailCode",
    "TaskType",
    "UoMType",
    "VATRateType",
    "codelist",
    "default_registry",
    "install_registry",
    "invoice",
    "maintenance_instruction",
    "maintenance_status",
]
