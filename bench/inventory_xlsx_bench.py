"""Which library writes the inventory's XLSX: openpyxl or XlsxWriter, by measurement.

Writes the same synthetic inventory (ROWS rows of the inventory's columns) with each library,
twice, and prints the time per run, the file size, and whether two runs give byte-identical
files (the inventory, like every output, must be deterministic). Run:

    python bench/inventory_xlsx_bench.py [ROWS]
"""

from __future__ import annotations

import io
import sys
import time
from datetime import UTC, datetime
from typing import Any

from assess.inventory import COLUMNS

ROWS = int(sys.argv[1]) if len(sys.argv) > 1 else 20_000
FIXED = datetime(2026, 11, 1, tzinfo=UTC).replace(tzinfo=None)
HEADER = list(COLUMNS)


def rows() -> list[list[Any]]:
    return [
        [
            "secret",
            f"secret-{i}",
            f"kv-app-{i % 40}",
            "contoso-prod",
            "production",
            True,
            "2027-01-01",
            61,
            "2026-01-01",
            304,
            f"{i % 7} identities",
            "SE09-5.1 fail",
            i % 3,
            f"/subscriptions/x/resourceGroups/rg/providers/v/kv/secrets/s{i}",
        ]
        for i in range(ROWS)
    ]


def with_openpyxl(data: list[list[Any]]) -> bytes:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    book.properties.created = FIXED
    book.properties.modified = FIXED
    sheet = book.create_sheet("inventory")
    sheet.append(HEADER)
    for row in data:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def with_xlsxwriter(data: list[list[Any]]) -> bytes:
    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "constant_memory": False})
    book.set_properties({"created": FIXED})
    sheet = book.add_worksheet("inventory")
    sheet.write_row(0, 0, HEADER)
    for n, row in enumerate(data, start=1):
        sheet.write_row(n, 0, row)
    book.close()
    return buffer.getvalue()


def main() -> None:
    data = rows()
    print(f"{ROWS} rows x {len(HEADER)} columns")
    for name, write in (("openpyxl", with_openpyxl), ("XlsxWriter", with_xlsxwriter)):
        times, outputs = [], []
        for _ in range(2):
            start = time.perf_counter()
            outputs.append(write(data))
            times.append(time.perf_counter() - start)
        identical = outputs[0] == outputs[1]
        print(
            f"{name:11} best {min(times):.2f} s  size {len(outputs[0]) / 1024:.0f} KiB  "
            f"two runs byte-identical: {'yes' if identical else 'NO'}"
        )


if __name__ == "__main__":
    main()
