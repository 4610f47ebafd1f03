"""Benchmark: read and validate 1,000,000 observation rows (CSV), clean and half broken, and a 100,000-row XLSX.

Prints rows per second and the ratio to a baseline measured in the same run: the bare parse of the
same file (pandas.read_csv of text; openpyxl's read-only iteration), so that the cost of validation
itself is visible. Validation should stay within a small multiple of parsing (no per-row Python loop).

The half-broken CSV (every other row has a bad number, an unknown unit or a bad period) must stay within
2× the time and the peak memory of the clean one: broken data is what validation is for. Each CSV case
runs in a fresh child process, so that the peak RSS it reports is its own.

Run: .venv/bin/python benchmarks/bench_ingest.py [--rows 1000000] [--xlsx-rows 100000]
"""

import argparse
import multiprocessing
import resource
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
import synthetic

from partrack.ingest.validate import validate

COLUMNS = ["indicator", "unit", "period", "value", "numerator", "denominator", "rank", "rank_of", "assessment",
           "source", "note"]  # fmt: skip
PER_COMMUNE = 35 * 3  # indicators × periods in synthetic.observations


def _timed(function):
    started = time.perf_counter()
    result = function()
    return result, time.perf_counter() - started


def _frame(rows: int) -> pd.DataFrame:
    communes = max(1, -(-rows // PER_COMMUNE))
    obs = synthetic.observations(communes)[["indicator", "unit", "period", "value"]].head(rows)
    text = obs.assign(value=obs["value"].map("{:.1f}".format).str.replace(".", ",", regex=False))
    text = text.assign(source="Sở Nội vụ tổng hợp", note="")
    return text.reindex(columns=COLUMNS, fill_value=""), communes


def _half_broken(frame: pd.DataFrame, communes: int) -> pd.DataFrame:
    """Every other row with one fault, in turn: a bad or ambiguous number, an unknown unit, a bad period."""
    broken = frame.copy()
    rows = np.arange(0, len(frame), 2)
    numbers, units, periods = rows[0::3], rows[1::3], rows[2::3]
    broken.iloc[numbers, COLUMNS.index("value")] = np.resize(["n/a", "1.234", "12,5,3", "—"], len(numbers))
    broken.iloc[units, COLUMNS.index("unit")] = [f"{communes + i % 1000:05d}" for i in range(len(units))]
    broken.iloc[periods, COLUMNS.index("period")] = np.resize(["2024-Q5", "Q2/2024", "2024-13"], len(periods))
    return broken


def _measure(path: Path, communes: int) -> dict:
    """Validate one file (in a child process): seconds, peak RSS in MB and what was found."""
    catalogue, units = synthetic.catalogue(), synthetic.units(communes)
    result, seconds = _timed(lambda: validate([path], catalogue=catalogue, units=units))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    return {"seconds": seconds, "peak_mb": peak, "valid": len(result.observations), "errors": len(result.errors),
            "held": len(result.quarantine), "first_errors": [p.message_en for p in result.errors[:3]]}  # fmt: skip


def _in_child(path: Path, communes: int) -> dict:
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        return pool.apply(_measure, (path, communes))


def _csv_cases(folder: Path, rows: int) -> None:
    frame, communes = _frame(rows)
    clean_path, broken_path = folder / "big.csv", folder / "big_half_broken.csv"
    frame.to_csv(clean_path, sep=";", index=False)
    _half_broken(frame, communes).to_csv(broken_path, sep=";", index=False)
    _, parse = _timed(lambda: pd.read_csv(clean_path, sep=";", dtype=str, keep_default_na=False))
    clean = _in_child(clean_path, communes)
    assert clean["errors"] == 0 and clean["valid"] == len(frame), clean["first_errors"]
    print(f"CSV  {len(frame):>9,} rows clean:       parse only {parse:6.2f} s | read + validate "
          f"{clean['seconds']:6.2f} s = {len(frame) / clean['seconds']:>9,.0f} rows/s | ratio to parse "
          f"{clean['seconds'] / parse:4.1f}× | peak {clean['peak_mb']:6,.0f} MB")  # fmt: skip
    broken = _in_child(broken_path, communes)
    bad_rows = (len(frame) + 1) // 2
    assert broken["errors"] == broken["held"] == bad_rows and broken["valid"] == len(frame) - bad_rows, broken
    print(f"CSV  {len(frame):>9,} rows half broken: {bad_rows:,} rows held back | read + validate "
          f"{broken['seconds']:6.2f} s = {len(frame) / broken['seconds']:>9,.0f} rows/s | "
          f"peak {broken['peak_mb']:6,.0f} MB")  # fmt: skip
    print(f"half broken / clean: time {broken['seconds'] / clean['seconds']:.2f}×, "
          f"peak memory {broken['peak_mb'] / clean['peak_mb']:.2f}× (both should stay ≤ 2×)")  # fmt: skip


def _xlsx_case(folder: Path, rows: int) -> None:
    catalogue = synthetic.catalogue()
    small, communes = _frame(rows)
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


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--xlsx-rows", type=int, default=100_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="partrack-bench-") as folder:  # 250 MB of files: removed after
        _csv_cases(Path(folder), args.rows)
        _xlsx_case(Path(folder), args.xlsx_rows)


if __name__ == "__main__":
    main()
