"""Hostile and broken submissions, each built here: every one ends as a named Problem, fast, never a hang."""

import csv
import json
import os
import re
import socket
import subprocess
import sys
import threading
import time
import zipfile
from dataclasses import FrozenInstanceError
from pathlib import Path

import openpyxl
import pytest

from conftest import validate
from partrack.catalogue import load_catalogue
from partrack.ingest import expand_paths, read_file
from partrack.ingest.readers import ReadLimits
from partrack.ingest.template import DATA_SHEET, HEADER_ROW, write_template
from partrack.periods import parse_period
from partrack.units import UnitRegistry, load_units

HEADER = "indicator;unit;period;value;source;note"
ROW = "dossiers_processed_online;36;2024-Q1;47;Sở Nội vụ;"


def _csv(path: Path, *lines: str) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _only(table, rule):
    """The table's one problem, which must have this rule; a refused file has no rows."""
    assert [p.rule for p in table.problems] == [rule], [p.message_en for p in table.problems]
    assert table.frame.empty
    return table.problems[0]


def _within(seconds, function):
    """Run function in a thread; fail if it has not returned in time (a FIFO opened for reading blocks)."""
    result, started = [], time.monotonic()
    worker = threading.Thread(target=lambda: result.append(function()), daemon=True)
    worker.start()
    worker.join(seconds)
    assert not worker.is_alive(), f"still running after {seconds} s"
    return result[0], time.monotonic() - started


@pytest.fixture
def fifo(tmp_path):
    path = tmp_path / "pipe.csv"
    os.mkfifo(path)
    yield path
    try:  # release a reader that blocked, should the test have failed that way
        os.close(os.open(path, os.O_WRONLY | os.O_NONBLOCK))
    except OSError:
        pass


# 1. Limits are data


def test_limits_are_a_frozen_value_with_excel_defaults():
    limits = ReadLimits()
    assert (limits.max_file_bytes, limits.max_cell_chars, limits.max_rows, limits.max_columns) == (
        200 * 1024 * 1024, 32_767, 2_000_000, 200
    )  # fmt: skip
    with pytest.raises(FrozenInstanceError):
        limits.max_rows = 1


def test_read_file_passes_the_limits_to_the_reader(tmp_path):
    path = _csv(tmp_path / "a.csv", HEADER, *[ROW] * 10)
    assert read_file(path).problems == []
    found = _only(read_file(path, limits=ReadLimits(max_rows=5)), "sheet_too_large")
    assert "> 5" in found.message_en and "dòng / rows" in found.message_vi


# 2. Only regular files


def test_a_fifo_is_refused_without_being_opened(fifo):
    table, elapsed = _within(10, lambda: read_file(fifo))
    found = _only(table, "not_regular_file")
    assert "FIFO" in found.message_en and "FIFO" in found.message_vi and found.file == str(fifo)
    assert elapsed < 5


def test_a_device_is_refused_without_being_read():
    table, elapsed = _within(10, lambda: read_file(Path("/dev/zero")))
    found = _only(table, "not_regular_file")
    assert "thiết bị / device" in found.message_vi and "device" in found.message_en
    assert elapsed < 5


def test_a_link_to_a_device_is_refused(tmp_path):
    link = tmp_path / "so_lieu.csv"
    link.symlink_to("/dev/zero")
    table, _ = _within(10, lambda: read_file(link))
    assert "device" in _only(table, "not_regular_file").message_en


def test_a_socket_is_refused(tmp_path):
    path = tmp_path / "s.csv"
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(path))
        assert "socket" in _only(read_file(path), "not_regular_file").message_en
    finally:
        server.close()


def test_a_folder_lists_a_fifo_so_that_it_is_reported(tmp_path, fifo):
    folder = fifo.parent
    _csv(folder / "data.csv", HEADER, ROW)
    for name in (".hidden.csv", "~$lock.xlsx", "README.txt", "readme.md", "photo.jpg"):
        (folder / name).write_text("x")
    (folder / "sub.csv").mkdir()
    assert [p.name for p in expand_paths([folder])] == ["data.csv", "pipe.csv"]
    assert expand_paths([fifo]) == [fifo]  # given by name, it is kept too
    result, _ = _within(30, lambda: validate([folder]))
    assert [p.rule for p in result.errors] == ["not_regular_file"]
    assert len(result.observations) == 1  # the regular file next to it is read


def test_a_file_over_the_size_limit_is_refused_unread(tmp_path):
    path = tmp_path / "big.csv"
    path.write_bytes(b"\xff" * (2 * 1024 * 1024))  # not UTF-8: read, it would be an encoding problem
    found = _only(read_file(path, limits=ReadLimits(max_file_bytes=1024 * 1024)), "file_too_large")
    assert "2.0 MiB > 1 MiB" in found.message_en and "2.0 MiB > 1 MiB" in found.message_vi


# 3. CSV


def test_a_zero_byte_csv_is_an_empty_file_error(tmp_path):
    path = tmp_path / "empty.csv"
    path.touch()
    [found] = validate([path]).errors
    assert found.rule == "empty_file" and found.severity == "error" and "0 byte" in found.message_en


def test_a_header_only_csv_is_an_empty_file_error(tmp_path):
    path = _csv(tmp_path / "header.csv", HEADER, ";;;;;")
    found = _only(read_file(path), "empty_file")
    assert found.severity == "error" and "header only" in found.message_en and "chỉ có dòng tiêu đề" in found.message_vi


@pytest.mark.parametrize("breaker", ["\x0b", "\x1c", "\u2028", "\x85"])
def test_the_header_is_found_by_the_csv_line_rules(tmp_path, breaker):
    """str.splitlines breaks at these characters, the csv module does not: the row numbers must not shift."""
    path = _csv(tmp_path / "title.csv", f"Báo cáo{breaker}quý 1;;;;;", HEADER, ROW)
    result = validate([path])
    assert result.ok, [p.message_en for p in result.problems]
    assert result.observations["source_row"].tolist() == [3]
    assert read_file(path).header_row == 2


def test_a_quoted_cell_over_two_lines_is_one_row(tmp_path):
    path = _csv(tmp_path / "a.csv", HEADER, 'dossiers_processed_online;36;2024-Q1;47;"Sở\nNội vụ";', ROW)
    assert read_file(path).frame["source_row"].tolist() == [2, 3]


def test_an_oversized_csv_cell_is_named_not_a_traceback(tmp_path):
    before = csv.field_size_limit()
    path = _csv(tmp_path / "long.csv", HEADER, ROW, ROW + "x" * 200_000)  # over the csv module's own 128 KiB
    found = _only(read_file(path), "cell_too_large")
    assert (found.row, found.column) == (3, "note")
    assert "200000 ký tự / characters > 32767" in found.message_en and found.value.startswith("xxx")
    assert csv.field_size_limit() == before  # the process-wide setting is put back


def test_csv_cell_limit_is_configurable(tmp_path):
    path = _csv(tmp_path / "a.csv", HEADER, ROW + "x" * 50)
    found = _only(read_file(path, limits=ReadLimits(max_cell_chars=40)), "cell_too_large")
    assert (found.row, found.column) == (2, "note") and "50 ký tự" in found.message_vi


@pytest.mark.parametrize(("header", "letters"), [(HEADER + ";Value", "D, G"), ("value;" + HEADER, "A, E")])
def test_duplicate_csv_columns_hold_the_file_back(tmp_path, header, letters):
    path = _csv(tmp_path / "dup.csv", header, ROW + ";1")
    found = _only(read_file(path), "duplicate_column")
    assert found.column == "value" and f"({letters})" in found.message_en and found.row == 1
    result = validate([path])
    assert [p.rule for p in result.errors] == ["duplicate_column"] and result.observations.empty


def test_a_row_longer_than_the_header_is_reported_never_shifted(tmp_path):
    """pandas took the first cell of such a row as an index and moved every value one column left."""
    path = _csv(tmp_path / "long_row.csv", HEADER, ROW + ";extra", ROW)
    table = read_file(path)
    assert table.frame["indicator"].tolist() == ["dossiers_processed_online"] * 2
    assert table.frame["column_7"].tolist()[0] == "extra"
    assert "unknown_column" in [p.rule for p in validate([path]).errors]


def test_empty_cells_padding_a_csv_are_not_columns(tmp_path):
    path = _csv(tmp_path / "padded.csv", HEADER + ";;;", ROW + ";;;")
    assert validate([path]).ok


def test_too_many_csv_columns(tmp_path):
    path = _csv(tmp_path / "wide.csv", HEADER, ROW + ";1" * 10)
    found = _only(read_file(path, limits=ReadLimits(max_columns=12)), "sheet_too_large")
    assert "16 cột / columns > 12" in found.message_en


# 4. XLSX


def _book(path, rows, edit=None):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "SoLieu"
    for row in rows:
        sheet.append(row)
    if edit:
        edit(sheet)
    book.save(path)
    return path


XLSX_HEADER = ["indicator", "unit", "period", "value", "source"]
XLSX_ROW = ["dossiers_processed_online", "36", "2024-Q1", 47.0, "Sở Nội vụ"]
SHEET_XML = "xl/worksheets/sheet1.xml"


def test_an_encrypted_workbook_is_named_as_such(tmp_path):
    """Office writes a password-protected .xlsx as an OLE2 file holding the encryption streams."""
    path = tmp_path / "matkhau.xlsx"
    directory = b"".join(name.encode("utf-16-le").ljust(64, b"\0") for name in ("EncryptionInfo", "EncryptedPackage"))
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504 + directory + b"\0" * 4096)
    found = _only(read_file(path), "encrypted_xlsx")
    assert "password" in found.message_en and "mật khẩu" in found.message_vi


def _rewrite(source, target, part, old, new, count=1):
    """Copy a workbook, replacing bytes in one of its XML parts (what a program other than Excel could write).

    ``old`` is a regular expression: openpyxl writes ``<dimension ref="A1:E2" />`` or ``…"A1:E2"/>`` depending on
    whether lxml is installed.
    """
    with zipfile.ZipFile(source) as before, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as after:
        for item in before.infolist():
            data = before.read(item.filename)
            if item.filename == part:
                data, replaced = re.subn(old, lambda _: new, data, count=count)
                assert replaced == count, (old, data[:300])
            after.writestr(item, data)
    return target


READ_IN_A_CAGE = """
import json, resource, sys, time
from pathlib import Path
from partrack.ingest import read_file
resource.setrlimit(resource.RLIMIT_AS, (2 * 2**30, 2 * 2**30))
started = time.monotonic()
table = read_file(Path(sys.argv[1]))
print(json.dumps({"rules": [p.rule for p in table.problems], "messages": [p.message_en for p in table.problems],
                  "rows": len(table.frame), "seconds": time.monotonic() - started,
                  "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


@pytest.mark.parametrize("far_cell", [False, True])
def test_a_declared_whole_sheet_is_read_by_its_real_cells(tmp_path, far_cell):
    """openpyxl used to pad to the declared 16384 columns × 1048576 rows (7.8 GB) from a 5 KB file."""
    source = _book(tmp_path / "src.xlsx", [XLSX_HEADER, XLSX_ROW])
    far = b'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>' if far_cell else b""
    declared = _rewrite(source, tmp_path / "declared.xlsx", SHEET_XML, rb'<dimension ref="A1:E2"\s*/>',
                        b'<dimension ref="A1:XFD1048576"/>')  # fmt: skip
    path = _rewrite(declared, tmp_path / "whole.xlsx", SHEET_XML, b"</sheetData>", far + b"</sheetData>")
    assert path.stat().st_size < 10_000
    done = subprocess.run([sys.executable, "-c", READ_IN_A_CAGE, str(path)], capture_output=True, text=True,
                          timeout=120, check=True)  # fmt: skip
    report = json.loads(done.stdout)
    if far_cell:
        assert report["rules"] == ["sheet_too_large"] and "XFD1048576" in report["messages"][0]
        assert "16384 cột / columns > 200" in report["messages"][0]
    else:
        assert report["rules"] == [] and report["rows"] == 1
    assert report["seconds"] < 30 and report["peak_mib"] < 1024


def test_styled_empty_cells_far_right_do_not_widen_every_row(tmp_path):
    """openpyxl pads each row to its last cell: a styled empty XFD cell per row cost 16384 cells a row (100 s)."""
    source = _book(tmp_path / "src.xlsx", [XLSX_HEADER, XLSX_ROW])
    styled = b"".join(b'<row r="%d"><c r="XFD%d" s="0"/></row>' % (n, n) for n in range(3, 20_003))
    path = _rewrite(source, tmp_path / "styled.xlsx", SHEET_XML, b"</sheetData>", styled + b"</sheetData>")
    table, elapsed = _within(60, lambda: read_file(path))
    assert table.problems == [] and len(table.frame) == 1
    assert elapsed < 10


def test_too_many_columns_stop_the_read(tmp_path):
    path = _book(tmp_path / "wide.xlsx", [XLSX_HEADER, XLSX_ROW + list(range(20))])
    found = _only(read_file(path, limits=ReadLimits(max_columns=10)), "sheet_too_large")
    assert found.sheet == "SoLieu" and "Y2: 25 cột / columns > 10" in found.message_en


def test_too_many_rows_stop_the_read(tmp_path):
    path = _book(tmp_path / "long.xlsx", [XLSX_HEADER, *[XLSX_ROW] * 20])
    found = _only(read_file(path, limits=ReadLimits(max_rows=10)), "sheet_too_large")
    assert "11 dòng / rows > 10" in found.message_en


def test_percent_formatted_cells_are_marked_not_scaled(tmp_path):
    def formats(sheet):
        sheet["D2"].number_format = "0.0%"
        sheet["D4"].number_format = '0.0"%"'  # a literal sign: Excel shows 65.4%, stores 65.4
        sheet["D5"].number_format = "0.0%"  # a percent format on text stays text

    rows = [XLSX_HEADER, *[[*XLSX_ROW[:3], v, "x"] for v in (0.654, 47.0, 65.4, "65,4")]]
    table = read_file(_book(tmp_path / "pct.xlsx", rows, formats))
    assert table.problems == []
    assert table.numbers["value"].tolist()[:3] == [0.654, 47.0, 65.4]  # as stored: validation scales
    assert table.percent_cells["value"].tolist() == [True, False, False, False]
    assert list(table.percent_cells.columns) == list(table.numbers.columns)
    assert not table.percent_cells.drop(columns="value").to_numpy().any()


def test_a_percent_cell_reaches_validation_as_the_percentage_excel_shows(tmp_path):
    def percent(sheet):
        sheet["D2"].number_format = "0.0%"

    path = _book(tmp_path / "pct.xlsx", [XLSX_HEADER, [*XLSX_ROW[:3], 0.654, "x"]], percent)
    result = validate([path])
    assert result.ok, [p.message_en for p in result.errors]
    assert result.observations["value"].tolist() == [pytest.approx(65.4)]


def test_an_oversized_xlsx_cell_is_named(tmp_path):
    """openpyxl cuts what it writes at Excel's limit, so the long text is put into the sheet by hand."""
    source = _book(tmp_path / "src.xlsx", [XLSX_HEADER, XLSX_ROW, [*XLSX_ROW[:4], "PLACEHOLDER"]])
    path = _rewrite(source, tmp_path / "long.xlsx", SHEET_XML, b"PLACEHOLDER", b"y" * 40_000)
    found = _only(read_file(path), "cell_too_large")
    assert (found.sheet, found.row, found.column) == ("SoLieu", 3, "source") and "40000 ký tự" in found.message_en


def test_duplicate_xlsx_columns_hold_the_file_back(tmp_path):
    path = _book(tmp_path / "dup.xlsx", [[*XLSX_HEADER, "Value "], [*XLSX_ROW, 48.0]])
    found = _only(read_file(path), "duplicate_column")
    assert (found.column, found.row) == ("value", 1) and "(D, F)" in found.message_en
    assert validate([path]).observations.empty


@pytest.mark.parametrize(("rows", "detail"), [([XLSX_HEADER], "header only"), ([], "empty sheet")])
def test_an_empty_xlsx_sheet_is_an_empty_file_error(tmp_path, rows, detail):
    found = _only(read_file(_book(tmp_path / "empty.xlsx", rows)), "empty_file")
    assert found.severity == "error" and detail in found.message_en


# 5. Formula injection in the template


def test_template_text_never_becomes_a_formula(tmp_path):
    catalogue = load_catalogue()
    first = next(i for i in catalogue.indicators if "province" in i.levels)
    hostile = first.model_copy(
        update={"name_vi": '=HYPERLINK("http://evil.example","Bấm")', "text_vi": "+cmd|'/C calc'!A0"}
    )
    catalogue = catalogue.model_copy(
        update={"indicators": [hostile if i is first else i for i in catalogue.indicators]}
    )
    units = UnitRegistry([u.model_copy(update={"name_vi": "@SUM(1)"}) if u.code == "36" else u for u in load_units()])
    path = tmp_path / "mau.xlsx"
    write_template(path, parse_period("2024"), "province", catalogue=catalogue, units=units)

    sheet = openpyxl.load_workbook(path)[DATA_SHEET]
    header = [c.value for c in sheet[HEADER_ROW]]
    row = next(r for r in sheet.iter_rows(min_row=HEADER_ROW + 1) if r[0].value == first.id and r[1].value == "36")
    cells = {name: row[header.index(name)] for name in ("indicator_name", "plan_text", "unit_name")}
    assert cells["indicator_name"].value == '\'=HYPERLINK("http://evil.example","Bấm")'
    assert cells["plan_text"].value == "'+cmd|'/C calc'!A0" and cells["unit_name"].value == "'@SUM(1)"
    assert all(cell.data_type == "s" for cell in cells.values())
    formulas = [c.coordinate for r in sheet.iter_rows() for c in r if c.data_type == "f"]
    assert formulas == []
