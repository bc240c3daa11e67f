"""Codec speed and memory on invoices of 10, 1,000 and 10,000 lines (run by `make bench`).

Times are medians of at least 7 interleaved rounds, as ratios to a raw
``lxml.etree.fromstring`` of the same bytes measured in the same run:

- ``decode``: our hardened parse + XSD validation + compiled binding (``dico_sdk.decode``);
- ``decode-xs``: the same with xsdata's binding (``Codec(binder="xsdata")``);
- ``xsdata``: plain xsdata parsing of the bytes (its own lxml parser, no hardening, no
  validation), with a shared ``XmlContext`` as in ours;
- ``encode``: ``dico_sdk.encode`` (compiled writer + XSD validation; the business rules,
  measured by ``bench/validate.py``, are skipped); ``encode-xs``: the same with xsdata's
  serializer (``Codec(writer="xsdata")``); ``encode-nv``: compiled, no XSD validation either.

Targets: issue 2, ``decode-xs/xsdata`` <= 1.2; issue 7, ``decode`` <= 10 (aim 6) at 1,000 and
10,000 lines, ``encode`` <= 10, and a small status message (the last row) <= 15. Peak memory
is the growth of the process's peak resident set (Linux VmHWM, reset just before) while one
operation runs, in a fresh subprocess. ``--lines 10000`` measures one size only (each size
takes under a minute on the shared machine).
"""

from __future__ import annotations

import argparse
import dataclasses
import gc
import pickle
import statistics
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

from dico_sdk import Codec, decode, encode
from dico_sdk.codec._binding import CONTEXT
from dico_sdk.messages import Invoice, MaintenanceStatus
from dico_sdk.testing import full_invoice, minimal_maintenance_status

SIZES = (10, 1_000, 10_000)
REPEATS = {10: 201, 1_000: 9, 10_000: 7}
XSDATA_BINDER = Codec(binder="xsdata")
XSDATA_WRITER = Codec(writer="xsdata")


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


def median_of(functions: dict[str, Callable[[], Any]], repeats: int) -> dict[str, float]:
    """The median time of each function, the functions interleaved so that load on the
    machine (shared CPUs) hits them alike. As ``timeit`` does, the cyclic garbage collector is
    off while a call is timed, so that one call does not pay for another's garbage."""
    for fn in functions.values():
        fn()  # warm caches (schema compile, class metadata)
    times: dict[str, list[float]] = {name: [] for name in functions}
    for _ in range(repeats):
        for name, fn in functions.items():
            gc.disable()
            try:
                start = time.perf_counter()
                fn()
                times[name].append(time.perf_counter() - start)
            finally:
                gc.enable()
    return {name: statistics.median(values) for name, values in times.items()}


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
    row = {"lines": lines, "kib": len(data) / 1024}
    row |= ratios(message, data, Invoice, REPEATS[lines])
    for op in ("lxml", "decode", "xsdata", "encode"):
        row[f"mem_{op}"] = peak_mib(op, payload)
    return row


def ratios(message: Any, data: bytes, cls: type[Any], repeats: int) -> dict[str, float]:
    parser = XmlParser(context=CONTEXT)
    t = median_of(
        {
            "lxml": lambda: etree.fromstring(data),
            "decode": lambda: decode(data),
            "decode_xs": lambda: XSDATA_BINDER.decode(data),
            "xsdata": lambda: parser.from_bytes(data, cls),
            "encode": lambda: encode(message, check_rules=False),
            "encode_xs": lambda: XSDATA_WRITER.encode(message, check_rules=False),
            "encode_nv": lambda: encode(message, validate=False, check_rules=False),
        },
        repeats,
    )
    names = ("decode", "decode_xs", "xsdata", "encode", "encode_xs", "encode_nv")
    return {"lxml_ms": t["lxml"] * 1000} | {name: t[name] / t["lxml"] for name in names}


def main() -> None:
    options = argparse.ArgumentParser(description="codec speed and memory")
    options.add_argument("--lines", type=int, choices=SIZES, action="append")
    sizes = options.parse_args().lines or SIZES
    print(f"python {sys.version.split()[0]}, lxml {etree.__version__}")
    header = (
        "| lines | KiB | lxml ms | decode x | decode-xs x | xsdata x | decode-xs/xsdata "
        "| encode x | encode-xs x | encode-nv x | peak MiB lxml / decode / xsdata / encode |"
    )
    print(header)
    print("|" + "---|" * 11)
    with tempfile.TemporaryDirectory() as tmp:
        for lines in sizes:
            r = measure(lines, Path(tmp))
            print(
                f"| {r['lines']:,} | {r['kib']:,.0f} | {r['lxml_ms']:.3f} | {r['decode']:.1f} "
                f"| {r['decode_xs']:.1f} | {r['xsdata']:.1f} | {r['decode_xs'] / r['xsdata']:.2f} "
                f"| {r['encode']:.1f} | {r['encode_xs']:.1f} | {r['encode_nv']:.1f} "
                f"| {r['mem_lxml']:.1f} / {r['mem_decode']:.1f} / "
                f"{r['mem_xsdata']:.1f} / {r['mem_encode']:.1f} |",
                flush=True,
            )
    status = minimal_maintenance_status()
    data = encode(status, pretty=True, check_rules=False)
    r = ratios(status, data, MaintenanceStatus, 501)
    text_lines = len(data.splitlines())
    print(
        f"| status ({text_lines} lines) | {len(data) / 1024:.1f} | {r['lxml_ms']:.3f} "
        f"| {r['decode']:.1f} | {r['decode_xs']:.1f} | {r['xsdata']:.1f} "
        f"| {r['decode_xs'] / r['xsdata']:.2f} | {r['encode']:.1f} | {r['encode_xs']:.1f} "
        f"| {r['encode_nv']:.1f} | - |"
    )


if __name__ == "__main__":
    main()
