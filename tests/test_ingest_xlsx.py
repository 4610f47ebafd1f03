"""XLSX submissions, real files built with openpyxl: good, broken and hostile."""

import io
import tracemalloc
import unicodedata
import zipfile

import openpyxl
import openpyxl.xml
import pytest

from conftest import validate
from partrack.ingest.read_xlsx import check_container

HEADER = ["indicator", "unit", "period", "value", "numerator", "denominator", "rank", "rank_of", "assessment",
          "source", "note"]  # fmt: skip


def _book(path, rows, title_rows=0, sheet="SoLieu", extra=None):
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = sheet
    for _ in range(title_rows):
        ws.append(["Báo cáo số liệu cải cách hành chính"])
    ws.append(HEADER)
    for row in rows:
        ws.append(row)
    if extra:
        extra(book, ws)
    book.save(path)
    return path


def _rules(result):
    return [(p.rule, p.row, p.column) for p in result.problems]


def test_numbers_typed_as_numbers_and_as_text(tmp_path):
    path = _book(
        tmp_path / "a.xlsx",
        [
            ["dossiers_processed_online", "36", "2024-Q1", 47.0],
            ["dossiers_processed_online", "356", "2024-Q1", "65,4%"],
            ["dossiers_processed_online", "358", "2024-Q1", 1.234],  # a real number cell is never ambiguous
            ["public_service_units", "36", "2021", 812],
        ],
        title_rows=2,
    )
    result = validate([path])
    assert result.ok, _rules(result)
    values = result.observations.set_index("unit")["value"].to_dict()
    assert values == {"36": 812.0, "356": 65.4, "358": 1.234} or values["358"] == 1.234
    rows = result.observations.set_index(["indicator", "unit"])["source_row"]
    assert rows[("dossiers_processed_online", "36")] == 4  # two title rows, then the header on row 3
    assert set(result.observations["source_sheet"]) == {"SoLieu"}


def test_a_numeric_unit_code_cell_stays_a_code(tmp_path):
    path = _book(tmp_path / "a.xlsx", [["dossiers_processed_online", 36, "2024-Q1", 47.0]])
    result = validate([path])
    assert result.ok and result.observations["unit"].tolist() == ["36"]


def test_broken_cell_in_xlsx_names_sheet_row_and_column(tmp_path):
    path = _book(tmp_path / "a.xlsx", [["dossiers_processed_online", "36", "2024-Q1", 147.0]])
    [found] = validate([path]).errors
    assert (found.rule, found.sheet, found.row, found.column, found.value) == (
        "percent_out_of_range", "SoLieu", 2, "value", "147"
    )  # fmt: skip


def test_formula_without_cached_value_is_an_error(tmp_path):
    path = _book(tmp_path / "a.xlsx", [["dossiers_processed_online", "36", "2024-Q1", "=40+7"]])
    assert ("formula_without_value", 2, "value") in _rules(validate([path]))


def test_merged_cells_in_the_data_area_are_an_error_not_a_misread(tmp_path):
    def merge(book, ws):
        ws.merge_cells("A2:A3")

    path = _book(
        tmp_path / "a.xlsx",
        [["dossiers_processed_online", "36", "2024-Q1", 47.0], [None, "356", "2024-Q1", 40.0]],
        extra=merge,
    )
    result = validate([path])
    assert ("merged_cells", 2, None) in _rules(result)
    assert result.observations.empty or "356" not in set(result.observations["unit"])


def test_hidden_rows_and_extra_sheets_are_reported(tmp_path):
    def hide(book, ws):
        ws.row_dimensions[3].hidden = True
        book.create_sheet("Nhap")["A1"] = "ghi chép"

    path = _book(
        tmp_path / "a.xlsx",
        [["dossiers_processed_online", "36", "2024-Q1", 47.0], ["dossiers_processed_online", "356", "2024-Q1", 40.0]],
        extra=hide,
    )
    result = validate([path])
    assert result.ok
    assert ("hidden_row", 3, None) in _rules(result)
    assert any(p.rule == "extra_sheet" and p.sheet == "Nhap" for p in result.warnings)
    assert len(result.observations) == 2  # the hidden row was read, not dropped


def test_a_named_sheet_can_be_chosen(tmp_path):
    def second(book, ws):
        other = book.create_sheet("Quy2")
        other.append(HEADER)
        other.append(["dossiers_processed_online", "36", "2024-Q2", 49.0])

    path = _book(tmp_path / "a.xlsx", [["dossiers_processed_online", "36", "2024-Q1", 47.0]], extra=second)
    assert validate([path], sheet="Quy2").observations["period"].tolist() == ["2024-Q2"]


@pytest.mark.parametrize(
    ("name", "content", "detail"),
    [
        ("old.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504, "Excel 97-2003"),
        ("renamed.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504, "Excel 97-2003"),
        ("page.xlsx", b"<html><body>not a workbook</body></html>", "not an Office Open XML file"),
    ],
)
def test_non_xlsx_content_is_refused_with_save_as_advice(tmp_path, name, content, detail):
    path = tmp_path / name
    path.write_bytes(content)
    [found] = validate([path]).errors
    assert found.rule == "not_xlsx" and detail in found.message_en and "Save As .xlsx" in found.message_en
    assert "Lưu thành" in found.message_vi


def _bomb(path, unpacked_mib=64):
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as member:
            chunk = b"\0" * (1024 * 1024)
            for _ in range(unpacked_mib):
                member.write(chunk)
    return path


def test_zip_bomb_is_refused_before_inflating_with_bounded_memory(tmp_path):
    path = _bomb(tmp_path / "bomb.xlsx")
    assert path.stat().st_size < 1024 * 1024
    tracemalloc.start()
    result = validate([path])
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    [found] = result.errors
    assert found.rule == "zip_bomb" and "ratio" in found.message_en
    assert peak < 16 * 1024 * 1024  # the 64 MiB member was never inflated


def test_total_unpacked_size_limit(tmp_path, monkeypatch):
    from partrack.ingest import read_xlsx

    path = _book(tmp_path / "a.xlsx", [["dossiers_processed_online", "36", "2024-Q1", 47.0]])
    monkeypatch.setattr(read_xlsx, "MAX_UNPACKED_BYTES", 1000)
    with pytest.raises(read_xlsx.XlsxRefused, match="unpacked"):
        check_container(path)


def test_xml_entity_expansion_is_refused_by_defusedxml(tmp_path):
    assert openpyxl.xml.DEFUSEDXML
    good = _book(tmp_path / "good.xlsx", [["dossiers_processed_online", "36", "2024-Q1", "x"]])
    doctype = b'<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;">]>'
    hostile = tmp_path / "hostile.xlsx"
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(hostile, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"<worksheet", doctype + b"<worksheet", 1).replace(b"<t>x</t>", b"<t>&lol2;</t>")
            target.writestr(item, data)
    result = validate([hostile])
    assert [p.rule for p in result.errors] == ["file_unreadable"]
    assert "Entities" in result.errors[0].message_en or "entit" in result.errors[0].message_en.lower()
    assert result.observations.empty


def test_non_utf8_csv_is_refused_with_a_hint(tmp_path):
    path = tmp_path / "cp1258.csv"
    text = "indicator,unit,period,value,source\ndossiers_processed_online,36,2024-Q1,47,UBND tỉnh Nam Định\n"
    path.write_bytes(unicodedata.normalize("NFD", text).encode("cp1258"))  # Excel's "CSV" on Vietnamese Windows
    [found] = validate([path]).errors
    assert found.rule == "encoding" and "CSV UTF-8" in found.message_en


def test_utf16_csv_is_refused(tmp_path):
    path = tmp_path / "u16.csv"
    path.write_bytes("indicator,unit,period,value\n".encode("utf-16"))
    assert [p.rule for p in validate([path]).errors] == ["encoding"]


def test_damaged_zip(tmp_path):
    path = tmp_path / "cut.xlsx"
    buffer = io.BytesIO()
    _book(buffer, [["dossiers_processed_online", "36", "2024-Q1", 47.0]])
    path.write_bytes(buffer.getvalue()[:300])
    assert [p.rule for p in validate([path]).errors] == ["not_xlsx"]
