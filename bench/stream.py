"""Streaming memory: a generated 300 MB invoice validates and iterates with flat memory.

Writes an invoice of about ``--mb`` megabytes to a temporary folder, then, in a
fresh subprocess, runs ``iter_invoice_lines`` over it (every part validated and bound; the
skeleton checked at the end) and reports the growth of the process's peak resident set
(Linux VmHWM, reset just before) and the time taken. The file is deleted afterwards.
Target (issue 7): peak RSS growth under 50 MiB for 300 MB. Not part of ``make test``;
``make bench`` runs it on 30 MB (the default), the acceptance run (a few minutes) is
``.venv/bin/python bench/stream.py --mb 300``.
"""

from __future__ import annotations

import argparse
import dataclasses
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from dico_sdk import encode
from dico_sdk.testing import full_invoice

CHILD = """
import sys, time
from pathlib import Path

def hwm():  # peak RSS of this process in KiB
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])

from dico_sdk.codec import InvoiceTrailer, iter_invoice_lines
import dico_sdk.codec._stream  # noqa: F401  (imports done before the measurement)
Path("/proc/self/clear_refs").write_text("5")  # reset the peak to the current RSS
before = hwm()
start = time.perf_counter()
lines = 0
for part in iter_invoice_lines(Path(sys.argv[1])):
    if isinstance(part, InvoiceTrailer):
        lines = part.lines
seconds = time.perf_counter() - start
print(lines, seconds, (hwm() - before) / 1024)
"""


def write_invoice(path: Path, megabytes: int) -> int:
    """Write a schema-valid invoice of about ``megabytes`` MB; return its number of lines."""
    template = full_invoice()
    text = encode(
        dataclasses.replace(template, invoice_line=template.invoice_line[:1]), check_rules=False
    ).decode()
    start = text.index("<InvoiceLine>")
    end = text.rindex("</InvoiceLine>") + len("</InvoiceLine>")
    head, line, tail = text[:start], text[start:end], text[end:]
    line = re.sub(r"<LineNumber>\d+</LineNumber>", "<LineNumber>{}</LineNumber>", line)
    target = megabytes * 1_000_000
    count = 0
    with path.open("w", encoding="utf-8") as out:
        out.write(head)
        written = len(head)
        while written < target:
            chunk = "\n".join(line.format(count + i + 1) for i in range(1000)) + "\n"
            out.write(chunk)
            written += len(chunk)
            count += 1000
        out.write(tail)
    return count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=int, default=30, help="size of the invoice in MB")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "huge-invoice.xml"
        begin = time.perf_counter()
        count = write_invoice(path, args.mb)
        size = path.stat().st_size
        print(f"wrote {size / 1e6:,.0f} MB, {count:,} lines in {time.perf_counter() - begin:.1f} s")
        out = subprocess.run(
            [sys.executable, "-c", CHILD, str(path)], capture_output=True, text=True, check=True
        )
        lines, seconds, growth = out.stdout.split()
    assert int(lines) == count, (lines, count)
    print("| invoice MB | lines | iterate + validate s | MB/s | peak RSS growth MiB |")
    print("|---|---|---|---|---|")
    print(
        f"| {size / 1e6:,.0f} | {count:,} | {float(seconds):.1f} "
        f"| {size / 1e6 / float(seconds):.1f} | {float(growth):.1f} |"
    )


if __name__ == "__main__":
    main()
