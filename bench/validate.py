"""Rules time for a 10,000-line invoice as a ratio to decoding the same document.

Run by ``make bench`` (never by the tests). Target (issue 3): the business rules add less than
25 % to decode. Prints the decode time, the time of the rules alone (on the decoded message, with
the source lines, as ``validate`` runs them), and, as ratios to decode, ``decode_detailed`` (which
``validate`` uses: it also maps every element's source line) and the whole ``validate(bytes)``.
"""

from __future__ import annotations

import dataclasses
import functools
import time
from collections.abc import Callable
from datetime import date
from decimal import Decimal

from dico_sdk import decode, encode, validate
from dico_sdk.calc import complete_invoice
from dico_sdk.codec import DecodeResult, decode_detailed
from dico_sdk.messages import invoice as inv
from dico_sdk.rules._run import run_rules
from dico_sdk.testing import full_invoice

TODAY = date(2026, 12, 1)
REPEAT = 5


def _invoice(lines: int) -> bytes:
    base = full_invoice()
    templates = base.invoice_line
    many = [
        dataclasses.replace(
            templates[n % len(templates)],
            line_number=n + 1,
            delivered_quantity=Decimal(n % 17 + 1),
            line_allowance=[inv.LineAllowanceCharge(amount=Decimal("0.25"))] if n % 5 == 0 else [],
        )
        for n in range(lines)
    ]
    return encode(complete_invoice(dataclasses.replace(base, invoice_line=many)))


def _best(action: Callable[[], object]) -> float:
    best = float("inf")
    for _ in range(REPEAT):
        start = time.perf_counter()
        action()
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    for lines in (100, 1_000, 10_000):
        data = _invoice(lines)
        result = decode_detailed(data)

        def rules(result: DecodeResult = result) -> object:
            line_of = functools.partial(result.line_of, nearest=True)
            return run_rules(result.message, today=TODAY, from_object=False, line_of=line_of)

        decode_s = _best(lambda data=data: decode(data))
        detailed_s = _best(lambda data=data: decode_detailed(data))
        rules_s = _best(rules)
        validate_s = _best(lambda data=data: validate(data, today=TODAY))
        assert validate(data, today=TODAY).ok
        print(
            f"{lines:>6} lines, {len(data) / 1e6:5.1f} MB: decode {decode_s * 1e3:8.1f} ms, "
            f"rules {rules_s * 1e3:7.1f} ms ({rules_s / decode_s:5.1%} of decode); "
            f"decode_detailed {detailed_s / decode_s:4.2f}x, "
            f"validate(bytes) {validate_s / decode_s:4.2f}x decode"
        )


if __name__ == "__main__":
    main()
