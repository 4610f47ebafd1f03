"""Validation problems: one structured record per fault, with its place and a message in vi and en.

Every rule has an id, a severity and two message templates. Validation code never prints; it appends
Problems, and the report, the quarantine table and the briefs' appendix all read the same records.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Literal

Severity = Literal["error", "warning"]

# rule id: (severity, Vietnamese template, English template). Placeholders: {value} {column} {detail}.
RULES: dict[str, tuple[Severity, str, str]] = {
    # whole-file problems
    "file_unreadable": ("error", "Không đọc được tệp: {detail}", "Cannot read the file: {detail}"),
    "not_xlsx": (
        "error",
        "Tệp không phải định dạng .xlsx ({detail}). Hãy mở trong Excel và chọn Lưu thành (Save As) .xlsx",
        "Not an .xlsx workbook ({detail}). Open it in Excel and Save As .xlsx",
    ),
    "zip_bomb": (
        "error",
        "Tệp bị từ chối vì kích thước giải nén bất thường ({detail})",
        "File refused: its unpacked size is abnormal ({detail})",
    ),
    "encoding": (
        "error",
        "Tệp CSV không phải UTF-8 ({detail}). Hãy lưu lại dạng 'CSV UTF-8 (Comma delimited)'",
        "The CSV is not UTF-8 ({detail}). Save it again as 'CSV UTF-8 (Comma delimited)'",
    ),
    "no_header": (
        "error",
        "Không tìm thấy dòng tiêu đề (cần các cột indicator, unit, period, value)",
        "No header row found (columns indicator, unit, period, value are needed)",
    ),
    "missing_column": ("error", "Thiếu cột bắt buộc '{column}'", "Required column '{column}' is missing"),
    "unknown_column": (
        "error",
        "Cột không xác định '{column}' (các cột hợp lệ: {detail})",
        "Unknown column '{column}' (valid columns: {detail})",
    ),
    "formula_without_value": (
        "error",
        "Ô chứa công thức nhưng chưa có giá trị tính sẵn: hãy mở tệp trong Excel và lưu lại",
        "The cell holds a formula without a computed value: open the file in Excel and save it",
    ),
    "merged_cells": (
        "error",
        "Ô gộp {detail} trong vùng số liệu: hãy bỏ gộp và ghi giá trị vào từng ô",
        "Merged cells {detail} in the data area: unmerge them and fill every cell",
    ),
    "hidden_row": (
        "warning",
        "Dòng bị ẩn trong Excel nhưng vẫn được đọc",
        "The row is hidden in Excel; it was read all the same",
    ),
    "hidden_column": (
        "warning",
        "Cột '{column}' bị ẩn trong Excel nhưng vẫn được đọc",
        "Column '{column}' is hidden in Excel; it was read all the same",
    ),
    "extra_sheet": (
        "warning",
        "Trang tính '{detail}' không được đọc (chỉ đọc trang số liệu)",
        "Sheet '{detail}' was not read (only the data sheet is)",
    ),
    "empty_file": (
        "error",
        "Tệp không có dòng số liệu nào ({detail}): đơn vị chưa gửi số liệu",
        "The file has no data rows ({detail}): nothing was sent",
    ),
    "not_regular_file": (
        "error",
        "Không phải tệp thông thường ({detail}): chỉ đọc tệp .csv hoặc .xlsx",
        "Not a regular file ({detail}): only .csv or .xlsx files are read",
    ),
    "file_too_large": (
        "error",
        "Tệp quá lớn ({detail}): hãy chia thành nhiều tệp hoặc tăng giới hạn --max-file-mb",
        "File too large ({detail}): split it, or raise the limit with --max-file-mb",
    ),
    "cell_too_large": (
        "error",
        "Ô quá dài ({detail}): có thể tệp bị hỏng hoặc dán nhầm nội dung",
        "Cell too long ({detail}): the file may be damaged or text was pasted by mistake",
    ),
    "duplicate_column": (
        "error",
        "Cột '{column}' xuất hiện nhiều lần ({detail}): chỉ giữ một cột",
        "Column '{column}' appears more than once ({detail}): keep one",
    ),
    "sheet_too_large": (
        "error",
        "Trang tính khai báo vùng dữ liệu quá lớn ({detail}): hãy xóa các dòng, cột trống rồi lưu lại",
        "The sheet declares an oversized data area ({detail}): delete empty rows and columns and save again",
    ),
    "encrypted_xlsx": (
        "error",
        "Tệp Excel được đặt mật khẩu (mã hóa): hãy bỏ mật khẩu (File > Info > Protect Workbook) rồi lưu lại .xlsx",
        "The workbook is password-protected (encrypted): remove the password and save it again as .xlsx",
    ),
    "percent_format_mismatch": (
        "error",
        "Ô định dạng phần trăm ({value}) ở chỉ tiêu không phải tỷ lệ: ghi số thường, không dùng định dạng %",
        "A percent-formatted cell ({value}) for a goal that is not a percentage: type a plain number",
    ),
    "future_period": (
        "error",
        "Kỳ báo cáo '{value}' chưa bắt đầu (ngày kiểm tra {detail})",
        "Period '{value}' has not started yet (checked on {detail})",
    ),
    "control_characters": (
        "warning",
        "Ô chứa ký tự điều khiển không in được; đã bỏ các ký tự này",
        "The cell held non-printing control characters; they were removed",
    ),
    # row problems (errors)
    "missing_field": ("error", "Thiếu giá trị ở cột '{column}'", "Column '{column}' is empty"),
    "unknown_indicator": (
        "error",
        "Mã chỉ tiêu '{value}' không có trong Kế hoạch (xem: partrack targets)",
        "Indicator '{value}' is not in the plan (see: partrack targets)",
    ),
    "unknown_unit": (
        "error",
        "Mã đơn vị '{value}' không có trong danh mục đơn vị hành chính",
        "Unit code '{value}' is not in the unit registry",
    ),
    "unit_not_in_period": (
        "error",
        "Đơn vị '{value}' không tồn tại trong kỳ {detail}",
        "Unit '{value}' did not exist in period {detail}",
    ),
    "level_not_applicable": (
        "error",
        "Chỉ tiêu này không áp dụng cho cấp {detail}",
        "This indicator does not apply at the {detail} level",
    ),
    "bad_period": (
        "error",
        "Kỳ báo cáo '{value}' không hợp lệ; dạng đúng: {detail}",
        "Invalid period '{value}'; accepted: {detail}",
    ),
    "not_a_number": ("error", "'{value}' không phải là số", "'{value}' is not a number"),
    "ambiguous_number": (
        "error",
        "'{value}' không rõ nghĩa (dấu chấm là phân cách hàng nghìn hay thập phân?): ghi 1,234 hoặc 1234",
        "'{value}' is ambiguous (thousands separator or decimal point?): write 1,234 or 1234",
    ),
    "percent_out_of_range": (
        "error",
        "Tỷ lệ {value} nằm ngoài khoảng 0–100",
        "Percentage {value} is outside 0–100",
    ),
    "negative_count": ("error", "Số lượng âm: {value}", "Negative count: {value}"),
    "not_whole": ("error", "'{value}' phải là số nguyên", "'{value}' must be a whole number"),
    "numerator_gt_denominator": (
        "error",
        "Tử số ({detail}) lớn hơn mẫu số",
        "The numerator ({detail}) is larger than the denominator",
    ),
    "value_disagrees": (
        "error",
        "Giá trị {value} không khớp với tử số/mẫu số ({detail})",
        "Value {value} does not match numerator/denominator ({detail})",
    ),
    "rank_out_of_range": (
        "error",
        "Thứ hạng {value} ngoài khoảng 1–{detail}",
        "Rank {value} is outside 1–{detail}",
    ),
    "missing_rank": (
        "error",
        "Chỉ tiêu xếp hạng cần cả 'rank' và 'rank_of'",
        "A ranking indicator needs both 'rank' and 'rank_of'",
    ),
    "bad_assessment": (
        "error",
        "Đánh giá '{value}' không hợp lệ; chọn một trong: {detail}",
        "Assessment '{value}' is not valid; use one of: {detail}",
    ),
    "missing_assessment": (
        "error",
        "Chỉ tiêu định tính cần cột 'assessment' (hoặc giá trị)",
        "A qualitative goal needs an 'assessment' (or a value)",
    ),
    "bad_done_value": (
        "error",
        "Chỉ tiêu hoàn thành/chưa hoàn thành nhận giá trị 1 hoặc 0, không phải {value}",
        "A yes/no goal takes 1 or 0, not {value}",
    ),
    "conflicting_duplicate": (
        "error",
        "Trùng (chỉ tiêu, đơn vị, kỳ) với giá trị khác trong cùng tệp: các dòng {detail}",
        "The same (indicator, unit, period) appears with different values in this file: rows {detail}",
    ),
    # row problems (warnings)
    "no_figure": (
        "warning",
        "Dòng chưa có số liệu: ghi nhận là chưa báo cáo",
        "The row has no figure: recorded as not reported",
    ),
    "identical_duplicate": (
        "warning",
        "Dòng trùng lặp hoàn toàn với dòng {detail}; chỉ giữ một dòng",
        "Exact duplicate of row {detail}; kept once",
    ),
    "revision": (
        "warning",
        "Số liệu điều chỉnh: thay giá trị {detail} (tệp sau được ưu tiên)",
        "Revised figure: replaces {detail} (the later file wins)",
    ),
    "repeated_value": (
        "warning",
        "Giá trị {value} lặp lại đúng như kỳ trước ({detail}); kiểm tra có phải chép lại không",
        "Value {value} is exactly the previous period's ({detail}); check it was not copied over",
    ),
    "jump": (
        "warning",
        "Thay đổi lớn so với kỳ trước: {detail}",
        "Large change since the previous period: {detail}",
    ),
    "stale_series": (
        "warning",
        "Chưa có số liệu mới: lần báo cáo gần nhất là {detail}",
        "No recent figure: the latest is for {detail}",
    ),
    "leading_zero_code": (
        "warning",
        "Mã đơn vị '{value}' có thể đã bị Excel bỏ số 0 ở đầu (định dạng ô là Text)",
        "Unit code '{value}' may have lost a leading zero in Excel (format the column as Text)",
    ),
}


@dataclass(frozen=True)
class Problem:
    """One fault: where (file, sheet, row, column), the raw text, the rule, and what to do, in vi and en."""

    severity: Severity
    rule: str
    file: str
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    value: str | None = None
    message_vi: str = ""
    message_en: str = ""

    def message(self, lang: str = "vi") -> str:
        """The message in the requested language (a field per language, so no language is a special case)."""
        return getattr(self, f"message_{lang}")

    def as_dict(self) -> dict:
        """JSON-ready form (for ``--format json`` and the manifest)."""
        return asdict(self)


def problem(
    rule: str,
    file: str,
    *,
    sheet: str | None = None,
    row: int | None = None,
    column: str | None = None,
    value: object = None,
    detail: object = "",
) -> Problem:
    """Build a Problem from a rule id, filling both message templates."""
    severity, vi, en = RULES[rule]
    text = "" if value is None else str(value)
    fill = {"value": text, "column": column or "", "detail": detail}
    return Problem(
        severity=severity,
        rule=rule,
        file=file,
        sheet=sheet,
        row=row,
        column=column,
        value=None if value is None else text,
        message_vi=vi.format(**fill),
        message_en=en.format(**fill),
    )
