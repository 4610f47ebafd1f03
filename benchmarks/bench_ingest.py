"""Benchmark: read and validate 1,000,000 observation rows (CSV) and a 100,000-row XLSX.

Prints rows per second and the ratio to a baseline measured in the same run: the bare parse of the
same file (pandas.read_csv of text; openpyxl's read-only iteration), so that the cost of validation
itself is visible. Validation should stay within a small multiple of parsing (no per-row Python loop).

Run: .venv/bin/python benchmarks/bench_ingest.py [--rows 1000000] [--xlsx-rows 100000]
"""

import argparse
import sys
import tempfile
import time
from pathlib import Path

import openpyxl
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
import synthetic

from partrack.ingest.validate import validate

COLUMNS = ["indicator", "unit", "period", "value", "numerator", "denominator", "rank", "rank_of", "assessment",
           "source", "note"]  # fmt: skip


def _timed(function):
    started = time.perf_counter()
    result = function()
    return result, time.perf_counter() - started


def _frame(rows: int) -> pd.DataFrame:
    communes = max(1, rows // (35 * 3))
    obs = synthetic.observations(communes)[["indicator", "unit", "period", "value"]].head(rows)
    text = obs.assign(value=obs["value"].map("{:.1f}".format).str.replace(".", ",", regex=False))
    text = text.assign(source="Sở Nội vụ tổng hợp", note="")
    return text.reindex(columns=COLUMNS, fill_value=""), communes


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--xlsx-rows", type=int, default=100_000)
    args = parser.parse_args()
    catalogue = synthetic.catalogue()
    folder = Path(tempfile.mkdtemp(prefix="partrack-bench-"))

    frame, communes = _frame(args.rows)
    units = synthetic.units(communes)
    csv_path = folder / "big.csv"
    frame.to_csv(csv_path, sep=";", index=False)
    _, parse = _timed(lambda: pd.read_csv(csv_path, sep=";", dtype=str, keep_default_na=False))
    result, check = _timed(lambda: validate([csv_path], catalogue=catalogue, units=units))
    assert result.ok and len(result.observations) == len(frame), result.errors[:3]
    print(f"CSV  {len(frame):>9,} rows: parse only {parse:6.2f} s | read + validate {check:6.2f} s "
          f"= {len(frame) / check:>9,.0f} rows/s | ratio to parse {check / parse:4.1f}×")  # fmt: skip

    small, communes = _frame(args.xlsx_rows)
    units = synthetic.units(communes)
    xlsx_path = folder / "big.xlsx"
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("SoLieu")
    sheet.append(COLUMNS)
    for row in small.itertuples(index=False):
        sheet.append(list(row))
    book.save(xlsx_path)

    def bare_iteration():
        workbook = openpyxl.load_workbook(xlsx_path, read_only=True, data_only=True)
        count = sum(1 for _ in workbook["SoLieu"].iter_rows(values_only=True))
        workbook.close()
        return count

    _, parse = _timed(bare_iteration)
    result, check = _timed(lambda: validate([xlsx_path], catalogue=catalogue, units=units))
    assert result.ok and len(result.observations) == len(small), result.errors[:3]
    print(f"XLSX {len(small):>9,} rows: parse only {parse:6.2f} s | read + validate {check:6.2f} s "
          f"= {len(small) / check:>9,.0f} rows/s | ratio to parse {check / parse:4.1f}×")  # fmt: skip


if __name__ == "__main__":
    main()
