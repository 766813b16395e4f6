"""The periodic report's figures as an .xlsx workbook: the totals, one row per organisation, one per month.

The figures are those of models.reporting's period_figures (the PDF's and ``report --json``'s); counts and amounts
are real numbers and rates the numbers vn.rate gives (97.2), so the office can sort and sum in Excel.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from models import vn
from models.excel.excel_export import put_value

ORG_COLUMNS: tuple[tuple[str, float], ...] = (
    ("STT", 5), ("Tổ chức đảng", 38), ("Trực thuộc", 28), ("Loại tổ chức", 16), ("Đảng viên", 10),
    ("Chính thức", 10), ("Dự bị", 8), ("Miễn sinh hoạt", 10), ("Sinh hoạt đã họp", 10), ("Sinh hoạt phải họp", 10),
    ("Lượt có mặt", 10), ("Lượt phải dự", 10), ("Tỷ lệ dự họp (%)", 10), ("Lượt học tập", 10),
    ("Lượt triệu tập học tập", 12), ("Tỷ lệ học tập (%)", 10), ("Đảng phí phải thu (đồng)", 16),
    ("Đảng phí đã thu (đồng)", 16), ("Tỷ lệ thu (%)", 10), ("Đảng viên còn nợ đảng phí", 12),
)
MONTH_COLUMNS: tuple[tuple[str, float], ...] = (
    ("Tháng", 10), ("Lượt có mặt", 12), ("Lượt phải dự", 12), ("Tỷ lệ dự họp (%)", 12), ("Đảng phí đã thu (đồng)", 18),
)


def _org_values(index: int | None, row: dict[str, Any]) -> list[object]:
    people, m, s, d = row["members"], row["meetings"], row["study"], row["dues"]
    return [index, row["name"], row.get("parent") or "", row.get("unit_type_name", ""), people["total"],
            people["chinh_thuc"], people["du_bi"], people["mien_sinh_hoat"], m["held"], m["expected"],
            m["present"], m["should_attend"], m["attendance_rate"], s["participants"], s["expected"],
            s["participation_rate"], d["due"], d["collected"], d["collection_rate"], d.get("members_unpaid", 0)]


def report_xlsx(data: dict[str, Any], total_rows: Sequence[tuple[str, str, str]]) -> bytes:
    """The workbook of a period's figures (``reports.period_figures``); ``total_rows``: its lines as the report
    writes them (``reports.year_report_rows``), for the first sheet."""
    from openpyxl import Workbook  # loaded only when a user exports

    book = Workbook()
    totals = book.active
    totals.title = "Tổng hợp"
    where = data.get("scope") or data.get("committee") or "Đảng bộ xã"
    title = f"SỐ LIỆU {str(data['period']).upper()} – {vn.upper(where)}"
    _table(totals, title, (("Phần", 22), ("Chỉ tiêu", 50), ("Số liệu", 34)),
           [list(row) for row in total_rows])
    by_org = book.create_sheet("Theo tổ chức")
    rows = [_org_values(i, row) for i, row in enumerate(data["by_organisation"], 1)]
    rows.append(_org_values(None, {"name": "Cộng", **{k: data[k] for k in ("members", "meetings", "dues")},
                                   "study": data["study"]}))
    _table(by_org, f"SỐ LIỆU TỪNG TỔ CHỨC ĐẢNG {str(data['period']).upper()}", ORG_COLUMNS, rows)
    months = book.create_sheet("Theo tháng")
    _table(months, f"SỐ LIỆU THEO THÁNG {str(data['period']).upper()}", MONTH_COLUMNS,
           [[f"Tháng {m['month']}", m["present"], m["should_attend"], m["attendance_rate"], m["dues_collected"]]
            for m in data["by_month"]])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _table(sheet: Any, title: str, columns: Sequence[tuple[str, float]], rows: Sequence[Sequence[object]]) -> None:
    """A title row, a bold frozen header, then the rows; thousands shown 6.042 by Excel's own format."""
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    put_value(sheet.cell(row=1, column=1), title)
    sheet.cell(row=1, column=1).font = Font(bold=True, size=13)
    for column, (header, width) in enumerate(columns, 1):
        cell = sheet.cell(row=3, column=column)
        put_value(cell, header)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.fill = PatternFill("solid", fgColor="DDE6F0")
        sheet.column_dimensions[get_column_letter(column)].width = width
    for r, values in enumerate(rows, 4):
        for column, value in enumerate(values, 1):
            cell = sheet.cell(row=r, column=column)
            put_value(cell, value)
            if isinstance(value, int):
                cell.number_format = "#,##0"
            elif isinstance(value, float):
                cell.number_format = "0.0"
    sheet.freeze_panes = sheet.cell(row=4, column=3 if len(columns) > 5 else 1)
