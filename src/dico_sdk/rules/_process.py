"""The process rules (DICO-PRC-*): checked by the order tracker across the messages of an order.

Single-message validation does not run them; they are registered so that their ids, severities
and texts live in one place and appear in the generated documentation.
"""

from __future__ import annotations

from dico_sdk.rules._registry import ALL_MESSAGES, Scope, Severity, describe

__all__: list[str] = []

_PROCESS_RULES = (
    (
        "DICO-PRC-01",
        Severity.ERROR,
        "A status or invoice refers to an InstructionNumber the tracker does not know for that "
        "Buyer.",
        "Een status of factuur verwijst naar een InstructionNumber dat de tracker voor die Buyer "
        "niet kent.",
    ),
    (
        "DICO-PRC-02",
        Severity.ERROR,
        "A message about an order arrives after its AGE (administratively completed).",
        "Een bericht over een opdracht komt binnen na de AGE (administratief gereed).",
    ),
    (
        "DICO-PRC-03",
        Severity.WARNING,
        "An invoice arrives before TGE (technically completed).",
        "Een factuur komt binnen voor TGE (technisch gereed).",
    ),
    (
        "DICO-PRC-04",
        Severity.WARNING,
        "The order's invoices add up (TotalVATBaseAmount; credit invoices negative, corrections "
        "replacing what they correct) to more than its MaximumAmount.",
        "De facturen van de opdracht tellen op (TotalVATBaseAmount; creditfacturen negatief, "
        "correcties in plaats van wat ze corrigeren) tot meer dan het MaximumAmount.",
    ),
    (
        "DICO-PRC-05",
        Severity.ERROR,
        "A main-status change the status model does not allow (ACC after WEI or ANN, anything "
        "after AGE ...).",
        "Een wijziging van de hoofdstatus die het statusmodel niet toestaat (ACC na WEI of ANN, "
        "iets na AGE ...).",
    ),
    (
        "DICO-PRC-06",
        Severity.WARNING,
        "The same StatusNumber or InvoiceNumber arrives twice from one sender with different "
        "content.",
        "Hetzelfde StatusNumber of InvoiceNumber komt twee keer van een afzender binnen, met "
        "verschillende inhoud.",
    ),
)

for _id, _severity, _summary, _summary_nl in _PROCESS_RULES:
    describe(
        _id, _severity, ALL_MESSAGES, scope=Scope.TRACKER, summary=_summary, summary_nl=_summary_nl
    )
