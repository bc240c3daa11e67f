"""Write the rule test documents ``tests/rules/<rule-id>/{pass,fail}_*.xml``.

Each case is a base document (``_base/``) with a few edits; every dependent amount is restated by
hand below so that a ``fail`` document breaks exactly one rule. The expectations go into the
document as comments, read by ``test_rule_cases.py``::

    <!-- expect RULE-ID SEVERITY XPATH [EXPECTED] -->   one issue the report must contain
    <!-- allow RULE-ID -->                              another rule that may report too

Run ``python tests/rules/build_cases.py`` after changing a case; the files are committed.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from lxml import etree

HERE = Path(__file__).resolve().parent
BASE = HERE / "_base"
OUT = HERE

Op = tuple[str, ...]

NET2 = "/Invoice/InvoiceLine[2]/NetLineAmount"
NET3 = "/Invoice/InvoiceLine[3]/NetLineAmount"
SUB1, SUB2 = "/Invoice/VATSubTotal[1]", "/Invoice/VATSubTotal[2]"
TOT = "/Invoice/InvoiceTotals"


def totals(**values: str) -> list[Op]:
    """Restate InvoiceTotals children (TotalInvoiceAmount=..., PayableAmount=...)."""
    return [("set", f"{TOT}/{name}", value) for name, value in values.items()]


def line4(rate: str, percentage: str) -> list[Op]:
    """A fourth, free line (amount 0.00) with its own VAT rate: totals stay as they are."""
    return [
        (
            "after",
            "/Invoice/InvoiceLine[3]",
            "<InvoiceLine><LineNumber>4</LineNumber><Description>Inspection, free</Description>"
            "<DeliveredQuantity>1</DeliveredQuantity><MeasureUnit>PCE</MeasureUnit>"
            "<NetPrice>0.0000</NetPrice><NetLineAmount>0.00</NetLineAmount><VATInformation>"
            f"<VATRate>{rate}</VATRate><VATPercentage>{percentage}</VATPercentage>"
            "</VATInformation></InvoiceLine>",
        )
    ]


def subtotal3(rate: str, percentage: str) -> list[Op]:
    """A third VATSubTotal of 0.00 for ``rate``."""
    return [
        (
            "after",
            SUB2,
            f"<VATSubTotal><VATRate>{rate}</VATRate><VATPercentage>{percentage}</VATPercentage>"
            "<VATBaseAmount>0.00</VATBaseAmount><VATAmount>0.00</VATAmount></VATSubTotal>",
        )
    ]


CREDIT = [
    ("del", "/Invoice/InvoiceLine[3]"),
    ("del", "/Invoice/InvoiceLine[2]"),
    ("del", "/Invoice/InvoiceAllowance"),
    ("del", "/Invoice/InvoiceCharge"),
    ("del", SUB2),
    ("del", f"{TOT}/TotalAllowanceAmount"),
    ("del", f"{TOT}/TotalChargeAmount"),
    ("set", "/Invoice/InvoiceLine[1]/DeliveredQuantity", "-1"),
    ("set", "/Invoice/InvoiceLine[1]/NetPrice", "10.1250"),
    # -10.125 rounds half away from zero to -10.13 (half-even would give -10.12)
    ("set", "/Invoice/InvoiceLine[1]/NetLineAmount", "-10.13"),
    ("set", f"{SUB1}/VATBaseAmount", "-10.13"),
    ("set", f"{SUB1}/VATAmount", "-2.13"),  # -2.1273
    *totals(
        TotalNetLineAmount="-10.13",
        TotalVATBaseAmount="-10.13",
        TotalVATAmount="-2.13",
        TotalInvoiceAmount="-12.26",
        PayableAmount="-12.26",
    ),
]

MI = "/MaintenanceInstruction"
MS = "/MaintenanceStatus"
SUPPLIER_GLN, BUYER_GLN, OTHER_GLN = "8712345000028", "8712345000011", "8719999000015"

# DICO-MS-07 is the codec's mapping: what breaks it is a schema error (two EventCodes ...).
REPORTED_AS = {"DICO-MS-07": "XSD"}

# rule id -> case name -> (base, edits, expectations, allowed other rules)
Case = tuple[str, list[Op], list[str], list[str]]
CASES: dict[str, dict[str, Case]] = {
    "DICO-GLN-01": {
        "pass_base": ("invoice", [], [], []),
        "fail_check_digit": (
            "invoice",
            [("set", "/Invoice/Invoicee/GLN", "8712345000036")],
            ["error /Invoice/Invoicee/GLN 8712345000035"],
            [],
        ),
        "fail_sender_and_supplier": (
            "status",
            [
                ("set", f"{MS}/SenderGLN", "8712345000020"),
                ("set", f"{MS}/Supplier/GLN", "8712345000020"),
            ],
            [f"error {MS}/SenderGLN 8712345000028", f"error {MS}/Supplier/GLN 8712345000028"],
            [],
        ),
    },
    "DICO-GEN-01": {
        "pass_base": ("instruction", [], [], []),
        "fail_same_gln": (
            "instruction",
            [("set", f"{MI}/Supplier/GLN", BUYER_GLN)],
            [f"error {MI}/Supplier/GLN"],
            [],
        ),
    },
    "DICO-GEN-05": {
        "pass_base": ("invoice", [], [], []),
        "fail_duplicate": (
            "invoice",
            [("set", "/Invoice/InvoiceLine[3]/LineNumber", "2")],
            ["error /Invoice/InvoiceLine[3]/LineNumber"],
            [],
        ),
        "fail_instruction": (
            "instruction",
            [("set", f"{MI}/InstructionLine[2]/LineNumber", "1")],
            [f"error {MI}/InstructionLine[2]/LineNumber"],
            [],
        ),
    },
    "DICO-MI-01": {
        "pass_same_day": (
            "instruction",
            [("set", f"{MI}/RequestedPeriod/LatestCompletionDate", "2026-12-01")],
            [],
            [],
        ),
        "fail_reversed": (
            "instruction",
            [("set", f"{MI}/RequestedPeriod/LatestCompletionDate", "2026-11-28")],
            [f"error {MI}/RequestedPeriod/LatestCompletionDate"],
            [],
        ),
    },
    "DICO-MI-02": {
        "pass_tomorrow": ("instruction", [("set", f"{MI}/InstructionDate", "2026-12-02")], [], []),
        "fail_future": (
            "instruction",
            [("set", f"{MI}/InstructionDate", "2026-12-03")],
            [f"warning {MI}/InstructionDate"],
            [],
        ),
    },
    "DICO-MI-03": {
        "pass_rounded": ("instruction", [], [], []),  # 1.5 x 45.3350 = 68.0025 -> 68.00
        "fail_amount": (
            "instruction",
            [("set", f"{MI}/InstructionLine[1]/LineAmount", "68.01")],
            [f"error {MI}/InstructionLine[1]/LineAmount 68.00"],
            [],
        ),
        # 1 x 10.1250 = 10.125: half up gives 10.13 (half-even, banker's rounding, 10.12)
        "pass_half_up": (
            "instruction",
            [
                ("set", f"{MI}/InstructionLine[1]/Quantity", "1"),
                ("set", f"{MI}/InstructionLine[1]/UnitPrice", "10.1250"),
                ("set", f"{MI}/InstructionLine[1]/LineAmount", "10.13"),
            ],
            [],
            [],
        ),
        "fail_half_even": (
            "instruction",
            [
                ("set", f"{MI}/InstructionLine[1]/Quantity", "1"),
                ("set", f"{MI}/InstructionLine[1]/UnitPrice", "10.1250"),
                ("set", f"{MI}/InstructionLine[1]/LineAmount", "10.12"),
            ],
            [f"error {MI}/InstructionLine[1]/LineAmount 10.13"],
            [],
        ),
    },
    "DICO-MI-04": {
        "pass_equal": ("instruction", [("set", f"{MI}/MaximumAmount", "103.00")], [], []),
        "fail_over": (
            "instruction",
            [("set", f"{MI}/MaximumAmount", "100.00")],
            [f"warning {MI}/MaximumAmount"],
            [],
        ),
    },
    "DICO-MI-05": {
        "pass_warranty": (
            "instruction",
            [("set", f"{MI}/PaymentMethod", "GAR"), ("set", f"{MI}/ChargeTo", "GAR")],
            [],
            [],
        ),
        "pass_warranty_no_charge_to": (
            "instruction",
            [("set", f"{MI}/PaymentMethod", "GAR"), ("del", f"{MI}/ChargeTo")],
            [],
            [],
        ),
        "fail_warranty_to_tenant": (
            "instruction",
            [("set", f"{MI}/PaymentMethod", "GAR")],
            [f"error {MI}/ChargeTo"],
            [],
        ),
        "fail_charged_to_warranty": (
            "instruction",
            [("set", f"{MI}/ChargeTo", "GAR")],
            [f"error {MI}/ChargeTo"],
            [],
        ),
    },
    "DICO-MS-01": {
        "pass_event_only": (
            "status",
            [("set", f"{MS}/StatusCode", "ONH"), ("rename", f"{MS}/StatusCode", "EventCode")],
            [],
            [],
        ),
        "fail_neither": ("status", [("del", f"{MS}/StatusCode")], [f"error {MS}/StatusCode"], []),
    },
    "DICO-MS-02": {
        "pass_appointment": (
            "status",
            [
                ("set", f"{MS}/StatusCode", "AFH"),
                ("rename", f"{MS}/StatusCode", "EventCode"),
                (
                    "after",
                    f"{MS}/EventCode",
                    "<Appointment><StartDateTime>2026-12-03T08:00:00+01:00</StartDateTime>"
                    "<EndDateTime>2026-12-03T10:00:00+01:00</EndDateTime></Appointment>",
                ),
            ],
            [],
            [],
        ),
        "fail_no_appointment": (
            "status",
            [("set", f"{MS}/StatusCode", "AFH"), ("rename", f"{MS}/StatusCode", "EventCode")],
            [f"error {MS}/Appointment"],
            [],
        ),
        "fail_ends_before_start": (
            "status",
            [
                (
                    "after",
                    f"{MS}/StatusCode",
                    # 08:30+01:00 reads later than 08:00Z but is 07:30 UTC: before the start
                    "<Appointment><StartDateTime>2026-12-03T08:00:00Z</StartDateTime>"
                    "<EndDateTime>2026-12-03T08:30:00+01:00</EndDateTime></Appointment>",
                ),
            ],
            [f"error {MS}/Appointment/EndDateTime"],
            [],
        ),
    },
    "DICO-MS-03": {
        "pass_with_date": (
            "status",
            [
                ("set", f"{MS}/StatusCode", "VER"),
                ("rename", f"{MS}/StatusCode", "EventCode"),
                (
                    "after",
                    f"{MS}/EventCode",
                    "<ExpectedCompletionDate>2026-12-20</ExpectedCompletionDate>",
                ),
            ],
            [],
            [],
        ),
        "fail_without_date": (
            "status",
            [("set", f"{MS}/StatusCode", "VER"), ("rename", f"{MS}/StatusCode", "EventCode")],
            [f"error {MS}/ExpectedCompletionDate"],
            [],
        ),
    },
    "DICO-MS-04": {
        "pass_base": ("status", [], [], []),
        "fail_third_party": (
            "status",
            [("set", f"{MS}/SenderGLN", OTHER_GLN)],
            [f"error {MS}/SenderGLN"],
            [],
        ),
    },
    "DICO-MS-05": {
        "pass_buyer_awards": (
            "status",
            [("set", f"{MS}/SenderGLN", BUYER_GLN), ("set", f"{MS}/StatusCode", "QUA")],
            [],
            [],
        ),
        "pass_either_sends_response": (
            "status",
            [
                ("set", f"{MS}/SenderGLN", BUYER_GLN),
                ("set", f"{MS}/StatusCode", "REA"),
                ("after", f"{MS}/StatusCode", "<EventCode>AIN</EventCode>"),
            ],
            [],
            [],
        ),
        "fail_supplier_cancels": (
            "status",
            [("set", f"{MS}/StatusCode", "VAN")],
            [f"error {MS}/StatusCode"],
            [],
        ),
        "fail_buyer_accepts": (
            "status",
            [("set", f"{MS}/SenderGLN", BUYER_GLN)],
            [f"error {MS}/StatusCode"],
            [],
        ),
        "fail_buyer_event": (
            "status",
            [
                ("set", f"{MS}/SenderGLN", BUYER_GLN),
                ("set", f"{MS}/StatusCode", "REV"),
                ("after", f"{MS}/StatusCode", "<EventCode>THD</EventCode>"),
            ],
            [f"error {MS}/EventCode"],
            [],
        ),
    },
    "DICO-MS-07": {
        "pass_mapped": ("status", [("set", f"{MS}/StatusCode", "OND")], [], ["DICO-MS-08"]),
        "fail_two_event_codes": (
            "status",
            [
                ("set", f"{MS}/StatusCode", "VIN"),  # maps to EventCode VIN, beside EventCode ONH
                ("after", f"{MS}/StatusCode", "<EventCode>ONH</EventCode>"),
            ],
            [f"error {MS}/EventCode"],
            [],
        ),
    },
    "DICO-MS-08": {
        "pass_current_model": ("status", [], [], []),
        "fail_older_on_hold": (
            "status",
            [("set", f"{MS}/StatusCode", "OND")],
            [f"warning {MS}/EventCode"],
            [],
        ),
        "fail_older_detail_codes": (
            "status",
            [
                ("set", f"{MS}/StatusCode", "REA"),
                ("after", f"{MS}/StatusCode", "<StatusDetailCode>THD</StatusDetailCode>"),
            ],
            [f"warning {MS}/EventCode"],
            [],
        ),
    },
    "DICO-MS-09": {
        "pass_with_date": (
            "status",
            [
                ("set", f"{MS}/StatusCode", "TGE"),
                ("after", f"{MS}/StatusCode", "<CompletionDate>2026-11-30</CompletionDate>"),
            ],
            [],
            [],
        ),
        "fail_without_date": (
            "status",
            [("set", f"{MS}/StatusCode", "TGE")],
            [f"warning {MS}/CompletionDate"],
            [],
        ),
    },
    "DICO-INV-01": {
        "pass_correction": (
            "invoice",
            [
                ("set", "/Invoice/InvoiceType", "384"),
                (
                    "after",
                    "/Invoice/ExpirationDate",
                    "<InvoiceNumberToBeCorrected>F2026-0400</InvoiceNumberToBeCorrected>",
                ),
            ],
            [],
            [],
        ),
        "fail_correction_without_number": (
            "invoice",
            [("set", "/Invoice/InvoiceType", "384")],
            ["error /Invoice/InvoiceNumberToBeCorrected"],
            [],
        ),
        "fail_invoice_with_number": (
            "invoice",
            [
                (
                    "after",
                    "/Invoice/ExpirationDate",
                    "<InvoiceNumberToBeCorrected>F2026-0400</InvoiceNumberToBeCorrected>",
                )
            ],
            ["error /Invoice/InvoiceNumberToBeCorrected"],
            [],
        ),
    },
    "DICO-INV-02": {
        "pass_base": ("invoice", [], [], []),
        "pass_credit_rounding": ("invoice", CREDIT, [], ["DICO-INV-15"]),
        "fail_line": (
            "invoice",
            [
                ("set", NET2, "23.70"),
                ("set", f"{SUB1}/VATBaseAmount", "155.20"),  # VAT 32.592 -> 32.59 unchanged
                *totals(
                    TotalNetLineAmount="185.18",
                    TotalVATBaseAmount="187.68",
                    TotalInvoiceAmount="223.19",
                    PayableAmount="223.19",
                ),
            ],
            [f"error {NET2} 23.69"],
            [],
        ),
        "fail_price_basis_truncated": (
            "invoice",
            [
                ("set", NET3, "24.97"),  # 250 x 8.99 / 100 = 22.475 -> 22.48, + 2.50
                ("set", f"{SUB2}/VATBaseAmount", "32.47"),  # VAT 2.9223 -> 2.92 unchanged
                *totals(
                    TotalNetLineAmount="185.16",
                    TotalVATBaseAmount="187.66",
                    TotalInvoiceAmount="223.17",
                    PayableAmount="223.17",
                ),
            ],
            [f"error {NET3} 24.98"],
            [],
        ),
    },
    "DICO-INV-03": {
        "pass_base": ("invoice", [], [], []),
        "fail_total": (
            "invoice",
            totals(
                TotalNetLineAmount="185.18", TotalInvoiceAmount="223.19", PayableAmount="223.19"
            ),
            [f"error {TOT}/TotalNetLineAmount 185.17"],
            [],
        ),
    },
    "DICO-INV-04": {
        "pass_base": ("invoice", [], [], []),
        "fail_unused_subtotal": (
            "invoice",
            subtotal3("Z", "0.00"),
            ["error /Invoice/VATSubTotal[3]"],
            [],
        ),
        "fail_missing_subtotal": (
            "invoice",
            line4("Z", "0.00"),
            ["error /Invoice/InvoiceLine[4]/VATInformation"],
            [],
        ),
        # a second subtotal for S 9 % (written 9.0): its base of 0.00 also breaks DICO-INV-05
        "fail_second_subtotal": (
            "invoice",
            subtotal3("S", "9.0"),
            ["error /Invoice/VATSubTotal[3]"],
            ["DICO-INV-05"],
        ),
    },
    "DICO-INV-05": {
        "pass_base": ("invoice", [], [], []),
        "fail_base": (
            "invoice",
            [
                ("set", f"{SUB2}/VATBaseAmount", "32.49"),  # VAT 2.9241 -> 2.92 unchanged
                *totals(TotalVATBaseAmount="187.68"),
            ],
            [f"error {SUB2}/VATBaseAmount 32.48"],
            [],
        ),
    },
    "DICO-INV-06": {
        "pass_base": ("invoice", [], [], []),  # 155.19 x 21 % = 32.5899 -> 32.59
        "fail_vat": (
            "invoice",
            [
                ("set", f"{SUB1}/VATAmount", "32.58"),
                *totals(
                    TotalVATAmount="35.50", TotalInvoiceAmount="223.17", PayableAmount="223.17"
                ),
            ],
            [f"error {SUB1}/VATAmount 32.59"],
            [],
        ),
    },
    "DICO-INV-07": {
        "pass_base": ("invoice", [], [], []),
        "fail_total": (
            "invoice",
            totals(
                TotalAllowanceAmount="4.00", TotalInvoiceAmount="224.18", PayableAmount="224.18"
            ),
            [f"error {TOT}/TotalAllowanceAmount 5.00"],
            [],
        ),
        "fail_absent": (
            "invoice",
            [
                ("del", f"{TOT}/TotalAllowanceAmount"),
                *totals(TotalInvoiceAmount="228.18", PayableAmount="228.18"),
            ],
            [f"error {TOT}/TotalAllowanceAmount 5.00"],
            [],
        ),
    },
    "DICO-INV-08": {
        "pass_base": ("invoice", [], [], []),
        "fail_base_total": (
            "invoice",
            totals(TotalVATBaseAmount="187.66"),
            [f"error {TOT}/TotalVATBaseAmount 187.67"],
            [],
        ),
        "fail_vat_total": (
            "invoice",
            totals(TotalVATAmount="35.52", TotalInvoiceAmount="223.19", PayableAmount="223.19"),
            [f"error {TOT}/TotalVATAmount 35.51"],
            [],
        ),
    },
    "DICO-INV-09": {
        "pass_base": ("invoice", [], [], []),
        "fail_total": (
            "invoice",
            totals(TotalInvoiceAmount="223.19", PayableAmount="223.19"),
            [f"error {TOT}/TotalInvoiceAmount 223.18"],
            [],
        ),
    },
    "DICO-INV-10": {
        "pass_prepaid": (
            "invoice",
            [
                ("after", f"{TOT}/TotalInvoiceAmount", "<PrepaidAmount>100.00</PrepaidAmount>"),
                *totals(PayableAmount="123.18"),
            ],
            [],
            [],
        ),
        "fail_payable": (
            "invoice",
            totals(PayableAmount="223.00"),
            [f"error {TOT}/PayableAmount 223.18"],
            [],
        ),
        "fail_prepaid_ignored": (
            "invoice",
            [("after", f"{TOT}/TotalInvoiceAmount", "<PrepaidAmount>100.00</PrepaidAmount>")],
            [f"error {TOT}/PayableAmount 123.18"],
            [],
        ),
    },
    "DICO-INV-11": {
        "pass_zero_rate": ("invoice", [*line4("Z", "0.00"), *subtotal3("Z", "0")], [], []),
        "fail_exempt_with_percentage": (
            "invoice",
            [*line4("E", "9.00"), *subtotal3("E", "9.00")],
            [
                "error /Invoice/InvoiceLine[4]/VATInformation/VATPercentage 0",
                "error /Invoice/VATSubTotal[3]/VATPercentage 0",
            ],
            [],
        ),
        "fail_standard_zero": (
            "invoice",
            [*line4("S", "0.00"), *subtotal3("S", "0.00")],
            [
                "error /Invoice/InvoiceLine[4]/VATInformation/VATPercentage",
                "error /Invoice/VATSubTotal[3]/VATPercentage",
            ],
            [],
        ),
    },
    "DICO-INV-12": {
        "pass_reverse_charge": (
            "invoice",
            [
                *line4("AE", "0.00"),
                *subtotal3("AE", "0.00"),
                (
                    "after",
                    "/Invoice/Invoicee/Name",
                    "<VATRegistrationNumber>NL009876543B01</VATRegistrationNumber>",
                ),
            ],
            [],
            [],
        ),
        "fail_reverse_charge": (
            "invoice",
            [*line4("AE", "0.00"), *subtotal3("AE", "0.00")],
            ["error /Invoice/Invoicee/VATRegistrationNumber"],
            [],
        ),
    },
    "DICO-INV-13": {
        "pass_same_day": ("invoice", [("set", "/Invoice/ExpirationDate", "2026-11-30")], [], []),
        "fail_before": (
            "invoice",
            [("set", "/Invoice/ExpirationDate", "2026-11-29")],
            ["error /Invoice/ExpirationDate"],
            [],
        ),
    },
    "DICO-INV-14": {
        "pass_euro": ("invoice", [], [], []),
        "fail_dollars": (
            "invoice",
            [("set", "/Invoice/Currency", "USD")],
            ["warning /Invoice/Currency"],
            [],
        ),
    },
    "DICO-INV-15": {
        "pass_corrected_negative": (
            "invoice",
            [
                *CREDIT,
                ("set", "/Invoice/InvoiceType", "384"),
                (
                    "after",
                    "/Invoice/ExpirationDate",
                    "<InvoiceNumberToBeCorrected>F2026-0400</InvoiceNumberToBeCorrected>",
                ),
            ],
            [],
            [],
        ),
        "fail_credit_invoice": ("invoice", CREDIT, [f"warning {TOT}/TotalInvoiceAmount"], []),
    },
    "DICO-INV-16": {
        "pass_base": ("invoice", [], [], []),
        "fail_total": (
            "invoice",
            totals(TotalChargeAmount="7.00", TotalInvoiceAmount="222.68", PayableAmount="222.68"),
            [f"error {TOT}/TotalChargeAmount 7.50"],
            [],
        ),
        "fail_absent": (
            "invoice",
            [
                ("del", f"{TOT}/TotalChargeAmount"),
                *totals(TotalInvoiceAmount="215.68", PayableAmount="215.68"),
            ],
            [f"error {TOT}/TotalChargeAmount 7.50"],
            [],
        ),
    },
    "DICO-INV-17": {
        "pass_base": ("invoice", [], [], []),
        "fail_canary_islands": (
            "invoice",
            [*line4("L", "7.00"), *subtotal3("L", "7.00")],
            [
                "warning /Invoice/InvoiceLine[4]/VATInformation/VATRate",
                "warning /Invoice/VATSubTotal[3]/VATRate",
            ],
            [],
        ),
    },
}


def _find(root: etree._Element, xpath: str) -> etree._Element:
    namespace = etree.QName(root).namespace
    steps = xpath.strip("/").split("/")[1:]
    query = "/".join(["."] + [f"d:{step}" for step in steps])
    found = root.xpath(query, namespaces={"d": namespace})
    assert isinstance(found, list), xpath
    assert len(found) == 1, (xpath, found)
    element = found[0]
    assert isinstance(element, etree._Element)
    return element


def _fragment(root: etree._Element, xml: str) -> etree._Element:
    namespace = etree.QName(root).namespace
    wrapper = etree.fromstring(f'<w xmlns="{namespace}">{xml}</w>')
    return wrapper[0]


def _apply(root: etree._Element, op: Op) -> None:
    kind, xpath, *rest = op
    element = _find(root, xpath)
    if kind == "set":
        element.text = rest[0]
    elif kind == "del":
        element.getparent().remove(element)  # type: ignore[union-attr]
    elif kind == "rename":
        element.tag = etree.QName(etree.QName(element).namespace, rest[0]).text
    elif kind == "after":
        element.addnext(_fragment(root, rest[0]))
    else:
        raise ValueError(kind)


def render(rule_id: str, name: str, case: Case) -> str:
    """The text of one case document."""
    base, ops, expectations, allowed = case
    root = etree.parse(str(BASE / f"{base}.xml")).getroot()
    for op in ops:
        _apply(root, op)
    etree.indent(root, space="  ")
    comments = [f"<!-- case {rule_id} {name} -->"]
    reported_as = REPORTED_AS.get(rule_id, rule_id)
    comments += [f"<!-- expect {reported_as} {line} -->" for line in expectations]
    comments += [f"<!-- allow {other} -->" for other in allowed]
    body = etree.tostring(root, encoding="unicode")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + "\n".join(comments) + "\n" + body + "\n"


def main() -> None:
    for folder in OUT.iterdir():
        if folder.is_dir() and folder.name in CASES:
            shutil.rmtree(folder)
    for rule_id, cases in CASES.items():
        folder = OUT / rule_id
        folder.mkdir(parents=True, exist_ok=True)
        for name, case in cases.items():
            (folder / f"{name}.xml").write_text(render(rule_id, name, case), encoding="utf-8")


if __name__ == "__main__":
    main()
