"""Rules of the MaintenanceStatus (rules.md, DICO-MS-*)."""

from __future__ import annotations

from collections.abc import Iterator

from dico_sdk.rules._nav import Node, as_datetime
from dico_sdk.rules._registry import (
    Finding,
    RuleContext,
    Scope,
    Severity,
    describe,
    register,
)

__all__: list[str] = []

STATUS = "MaintenanceStatus"
ERROR, WARNING = Severity.ERROR, Severity.WARNING

# DICO-MS-05: who may send which StatusCode or EventCode (codes.md: the initiator column).
SUPPLIER_ONLY = frozenset({"ONH", "REX", "VIN", "VER", "AFH", "THD", "ACC", "WEI", "TGE", "AGE"})
BUYER_ONLY = frozenset({"AIN", "VAN", "QUA", "QUR"})
EITHER = frozenset({"REG", "REV", "REA", "ANN"})


@register(
    "DICO-MS-01",
    ERROR,
    STATUS,
    summary="A status has at least one of StatusCode or EventCode.",
    summary_nl="Een status heeft ten minste een StatusCode of een EventCode.",
    en="the status has neither a StatusCode nor an EventCode",
    nl="de status heeft geen StatusCode en geen EventCode",
)
def status_or_event(ctx: RuleContext) -> Iterator[Finding]:
    if ctx.root.get("StatusCode") is None and ctx.root.get("EventCode") is None:
        yield ctx.finding(ctx.root.child("StatusCode"))


@register(
    "DICO-MS-02",
    ERROR,
    STATUS,
    summary="EventCode AFH requires an Appointment; its EndDateTime, when given, is not before "
    "its StartDateTime.",
    summary_nl="EventCode AFH vereist een Appointment; de EndDateTime ligt, indien gegeven, niet "
    "voor de StartDateTime.",
    en="{reason}",
    nl="{reason_nl}",
)
def appointment(ctx: RuleContext) -> Iterator[Finding]:
    node = ctx.root.child("Appointment")
    if ctx.root.code("EventCode") == "AFH" and not node.present:
        yield ctx.finding(
            node,
            reason="EventCode AFH (tenant appointment) requires an Appointment",
            reason_nl="EventCode AFH (afspraak huurder) vereist een Appointment",
        )
    start = as_datetime(node.get("StartDateTime"))
    end_node = node.child("EndDateTime")
    end = as_datetime(end_node.obj)
    # A naive date-time cannot be compared; DICO-MS-06 reports it.
    if start is None or end is None or start.tzinfo is None or end.tzinfo is None:
        return
    if end < start:
        yield ctx.finding(
            end_node,
            value=end,
            reason=f"EndDateTime {end.isoformat()} is before StartDateTime {start.isoformat()}",
            reason_nl=f"EndDateTime {end.isoformat()} ligt voor StartDateTime {start.isoformat()}",
        )


@register(
    "DICO-MS-03",
    ERROR,
    STATUS,
    summary="EventCode VER requires ExpectedCompletionDate.",
    summary_nl="EventCode VER vereist een ExpectedCompletionDate.",
    en="EventCode VER (extend lead time) requires an ExpectedCompletionDate",
    nl="EventCode VER (verlengen doorlooptijd) vereist een ExpectedCompletionDate",
)
def extended_lead_time(ctx: RuleContext) -> Iterator[Finding]:
    node = ctx.root.child("ExpectedCompletionDate")
    if ctx.root.code("EventCode") == "VER" and not node.present:
        yield ctx.finding(node)


def _sender_role(ctx: RuleContext) -> str | None:
    """ "Buyer" or "Supplier": whose GLN the SenderGLN is (None when neither or both)."""
    sender = ctx.root.get("SenderGLN")
    buyer = ctx.root.child("Buyer").get("GLN")
    supplier = ctx.root.child("Supplier").get("GLN")
    if sender is None or buyer == supplier:
        return None
    return "Buyer" if sender == buyer else "Supplier" if sender == supplier else None


@register(
    "DICO-MS-04",
    ERROR,
    STATUS,
    summary="SenderGLN is the Buyer's or the Supplier's GLN.",
    summary_nl="SenderGLN is het GLN van de Buyer of van de Supplier.",
    en="SenderGLN {value} is neither the Buyer's nor the Supplier's GLN",
    nl="SenderGLN {value} is niet het GLN van de Buyer en niet dat van de Supplier",
)
def sender_is_party(ctx: RuleContext) -> Iterator[Finding]:
    node = ctx.root.child("SenderGLN")
    buyer = ctx.root.child("Buyer").get("GLN")
    supplier = ctx.root.child("Supplier").get("GLN")
    if node.obj is not None and node.obj not in (buyer, supplier):
        yield ctx.finding(node, value=node.obj)


def _may_send(role: str, code: str) -> bool:
    if code in SUPPLIER_ONLY:
        return role == "Supplier"
    if code in BUYER_ONLY:
        return role == "Buyer"
    return True


@register(
    "DICO-MS-05",
    ERROR,
    STATUS,
    summary="The sender may send the code: ONH, REX, VIN, VER, AFH, THD, ACC, WEI, TGE, AGE only "
    "the Supplier; AIN, VAN, QUA, QUR only the Buyer; REG, REV, REA, ANN either.",
    summary_nl="De afzender mag de code sturen: ONH, REX, VIN, VER, AFH, THD, ACC, WEI, TGE, AGE "
    "alleen de Supplier; AIN, VAN, QUA, QUR alleen de Buyer; REG, REV, REA, ANN beide.",
    en="{element} {value} may not be sent by the {role}",
    nl="{element} {value} mag niet door de {role_nl} worden verstuurd",
)
def sender_may_send(ctx: RuleContext) -> Iterator[Finding]:
    role = _sender_role(ctx)
    if role is None:
        return
    role_nl = "opdrachtgever (Buyer)" if role == "Buyer" else "opdrachtnemer (Supplier)"
    for name in ("StatusCode", "EventCode"):
        node = ctx.root.child(name)
        code = ctx.root.code(name)
        if code is not None and not _may_send(role, code):
            yield ctx.finding(node, value=code, element=name, role=role, role_nl=role_nl)


def _date_times(ctx: RuleContext) -> Iterator[Node]:
    yield ctx.root.child("StatusDateTime")
    appointment = ctx.root.child("Appointment")
    yield appointment.child("StartDateTime")
    yield appointment.child("EndDateTime")


@register(
    "DICO-MS-06",
    ERROR,
    STATUS,
    summary="On a message object: StatusDateTime and the Appointment's date-times carry a UTC "
    "offset (on bytes the XSD requires it).",
    summary_nl="Op een berichtobject: StatusDateTime en de datum-tijden van de Appointment hebben "
    "een UTC-offset (in XML eist de XSD dat).",
    en="{element} {value} has no UTC offset (use an aware datetime)",
    nl="{element} {value} heeft geen UTC-offset (gebruik een datetime met tijdzone)",
    object_only=True,
)
def aware_date_times(ctx: RuleContext) -> Iterator[Finding]:
    for node in _date_times(ctx):
        value = node.obj
        if value is None:
            continue
        offset = value.utcoffset() if hasattr(value, "utcoffset") else value.offset
        if offset is None:
            yield ctx.finding(node, value=value, element=node.name)


@register(
    "DICO-MS-09",
    WARNING,
    STATUS,
    summary="StatusCode TGE without CompletionDate.",
    summary_nl="StatusCode TGE zonder CompletionDate.",
    en="StatusCode TGE (technically completed) has no CompletionDate",
    nl="StatusCode TGE (technisch gereed) heeft geen CompletionDate",
)
def completion_date(ctx: RuleContext) -> Iterator[Finding]:
    node = ctx.root.child("CompletionDate")
    if ctx.root.code("StatusCode") == "TGE" and not node.present:
        yield ctx.finding(node)


# Applied by the codec while decoding (DecodeNote); registered for the documentation and so that
# validate() words the DICO-MS-08 warnings like every other issue.
describe(
    "DICO-MS-07",
    None,
    STATUS,
    scope=Scope.CODEC,
    summary="Reading the older status model (applied by the codec on decode, before XSD "
    "validation): StatusCode AIN, VIN, VER become EventCode; StatusCode OND becomes EventCode "
    "ONH; StatusDetailCode THD, AFH become EventCode; StatusDetailCode QUR becomes StatusCode "
    "QUR. Two EventCodes or two StatusCodes after mapping are a schema error.",
    summary_nl="Lezen van het oudere statusmodel (door de codec bij het decoderen, voor de "
    "XSD-validatie): StatusCode AIN, VIN, VER worden EventCode; StatusCode OND wordt EventCode "
    "ONH; StatusDetailCode THD, AFH worden EventCode; StatusDetailCode QUR wordt StatusCode QUR. "
    "Twee EventCodes of twee StatusCodes na omzetting zijn een schemafout.",
    en="{original} of the older status model was read as {mapped}",
    nl="{original} uit het oudere statusmodel is gelezen als {mapped}",
)
describe(
    "DICO-MS-08",
    WARNING,
    STATUS,
    scope=Scope.CODEC,
    summary="A code of the older status model was read and mapped (DICO-MS-07).",
    summary_nl="Een code uit het oudere statusmodel is gelezen en omgezet (DICO-MS-07).",
    en="{original} of the older status model was read as {mapped}",
    nl="{original} uit het oudere statusmodel is gelezen als {mapped}",
)
