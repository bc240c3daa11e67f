"""Codec speed and memory on invoices of 10, 1,000 and 10,000 lines (run by `make bench`).

Times are the best of several runs, as ratios to a raw ``lxml.etree.fromstring`` of the same
bytes measured in the same run:

- ``decode``: our hardened parse + XSD validation + binding (``dico_sdk.decode``);
- ``xsdata``: plain xsdata parsing of the bytes (its own lxml parser, no hardening, no
  validation), with a shared ``XmlContext`` as in ours;
- ``encode``: ``dico_sdk.encode`` (serialise + XSD validation; the business rules, measured by
  ``bench/validate.py``, are skipped); ``encode-nv``: without XSD validation either.

``decode/xsdata`` is the target of issue 2 (<= 1.2). Peak memory is the growth of the
process's peak resident set (Linux VmHWM, reset just before) while one operation runs, in a
fresh subprocess.
"""

from __future__ import annotations

import dataclasses
import pickle
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

from lxml import etree
from xsdata.formats.dataclass.parsers import XmlParser

from dico_sdk import decode, encode
from dico_sdk.codec._binding import CONTEXT
from dico_sdk.messages import Invoice
from dico_sdk.testing import full_invoice

SIZES = (10, 1_000, 10_000)
REPEATS = {10: 200, 1_000: 8, 10_000: 2}


def invoice_of(lines: int) -> Invoice:
    template = full_invoice()
    body = [
        dataclasses.replace(
            template.invoice_line[i % len(template.invoice_line)],
            line_number=i + 1,
            description=f"Regel {i + 1}: arbeid en materiaal",
            delivered_quantity=Decimal(i % 7 + 1),
        )
        for i in range(lines)
    ]
    return dataclasses.replace(template, invoice_line=body)


def best_of(functions: dict[str, Callable[[], Any]], repeats: int) -> dict[str, float]:
    """The best time of each function, the functions interleaved so that load on the machine
    (shared CPUs) hits them alike."""
    for fn in functions.values():
        fn()  # warm caches (schema compile, class metadata)
    times: dict[str, list[float]] = {name: [] for name in functions}
    for _ in range(repeats):
        for name, fn in functions.items():
            start = time.perf_counter()
            fn()
            times[name].append(time.perf_counter() - start)
    return {name: min(values) for name, values in times.items()}


def peak_mib(operation: str, payload: Path) -> float:
    """The growth of peak RSS while one operation runs, in a fresh process (Linux)."""
    code = f"""
import pickle, sys
from pathlib import Path

def hwm():  # peak RSS of this process in KiB (not inherited across exec, unlike ru_maxrss)
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])

from dico_sdk import decode, encode
from dico_sdk.codec._binding import CONTEXT
from dico_sdk.messages import Invoice
from xsdata.formats.dataclass.parsers import XmlParser
from lxml import etree
op = {operation!r}
raw = Path({str(payload)!r}).read_bytes()
obj = pickle.loads(Path({str(payload) + ".pickle"!r}).read_bytes()) if op == "encode" else None
Path("/proc/self/clear_refs").write_text("5")  # reset the peak to the current RSS
before = hwm()
if op == "lxml": etree.fromstring(raw)
elif op == "decode": decode(raw)
elif op == "xsdata": XmlParser(context=CONTEXT).from_bytes(raw, Invoice)
elif op == "encode": encode(obj, check_rules=False)
after = hwm()
print((after - before) / 1024)
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return float(out.stdout.strip())


def measure(lines: int, folder: Path) -> dict[str, float]:
    message = invoice_of(lines)
    data = encode(message, check_rules=False)
    payload = folder / f"invoice-{lines}.xml"
    payload.write_bytes(data)
    Path(str(payload) + ".pickle").write_bytes(pickle.dumps(message))
    parser = XmlParser(context=CONTEXT)
    t = best_of(
        {
            "lxml": lambda: etree.fromstring(data),
            "decode": lambda: decode(data),
            "xsdata": lambda: parser.from_bytes(data, Invoice),
            "encode": lambda: encode(message, check_rules=False),
            "encode_nv": lambda: encode(message, validate=False, check_rules=False),
        },
        REPEATS[lines],
    )
    row = {"lines": lines, "kib": len(data) / 1024, "lxml_ms": t["lxml"] * 1000}
    row |= {name: t[name] / t["lxml"] for name in ("decode", "xsdata", "encode", "encode_nv")}
    for op in ("lxml", "decode", "xsdata", "encode"):
        row[f"mem_{op}"] = peak_mib(op, payload)
    return row


def main() -> None:
    print(f"python {sys.version.split()[0]}, lxml {etree.__version__}")
    header = (
        "| lines | KiB | lxml ms | decode x | xsdata x | decode/xsdata | encode x | encode-nv x "
        "| peak MiB lxml / decode / xsdata / encode |"
    )
    print(header)
    print("|" + "---|" * 10)
    with tempfile.TemporaryDirectory() as tmp:
        for lines in SIZES:
            r = measure(lines, Path(tmp))
            print(
                f"| {r['lines']:,} | {r['kib']:,.0f} | {r['lxml_ms']:.3f} | {r['decode']:.1f} "
                f"| {r['xsdata']:.1f} | {r['decode'] / r['xsdata']:.2f} | {r['encode']:.1f} "
                f"| {r['encode_nv']:.1f} | {r['mem_lxml']:.1f} / {r['mem_decode']:.1f} / "
                f"{r['mem_xsdata']:.1f} / {r['mem_encode']:.1f} |",
                flush=True,
            )


if __name__ == "__main__":
    main()
