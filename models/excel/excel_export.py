"""Exporting a list of members to .xlsx the way office staff expect to open it in Excel.

Headers are Vietnamese in register order and are the very names the importer recognises, so an exported
file imports back cleanly. Dates are real Excel dates shown dd/mm/yyyy; card numbers are text so their
leading zeros stay. openpyxl writes the file (pure Python, no Excel needed).

Every text goes through put_value: text starting with = + - @ (or a tab or line break) is stored as a text
cell with Excel's quote prefix, so a name like "=HYPERLINK(…)" opens as the same characters and never as
a formula, not even after the cell is edited (formula injection). Real numbers stay numbers.
"""

from __future__ import annotations

import datetime as dt
import io
import sqlite3
from collections.abc import Callable, Sequence
from typing import Any

from models import vn
from models.commune import committee, organisations
from models.people.members import FIELD_LABELS, Member

Getter = Callable[[Member, dict[int, str]], object]

# (header, width in characters, value getter); the header must stay importable (see excel_columns).
COLUMNS: tuple[tuple[str, float, Getter], ...] = (
    ("STT", 5, lambda m, o: None),
    ("Họ và tên", 24, lambda m, o: m.details.full_name),
    ("Họ và tên khai sinh", 20, lambda m, o: m.details.birth_name),
    ("Ngày sinh", 12, lambda m, o: m.details.birth_date),
    ("Giới tính", 8, lambda m, o: m.details.gender),
    ("Dân tộc", 9, lambda m, o: m.details.ethnicity),
    ("Tôn giáo", 10, lambda m, o: m.details.religion),
    ("Nơi sinh", 18, lambda m, o: m.details.birth_place),
    ("Quê quán", 22, lambda m, o: m.details.hometown),
    ("Nơi cư trú", 22, lambda m, o: m.details.residence),
    (FIELD_LABELS["education"], 10, lambda m, o: m.details.education),
    (FIELD_LABELS["qualification"], 16, lambda m, o: m.details.qualification),
    (FIELD_LABELS["political_theory"], 12, lambda m, o: m.details.political_theory),
    (FIELD_LABELS["foreign_language"], 10, lambda m, o: m.details.foreign_language),
    (FIELD_LABELS["occupation_before"], 16, lambda m, o: m.details.occupation_before),
    (FIELD_LABELS["occupation_now"], 16, lambda m, o: m.details.occupation_now),
    ("Ngày vào Đảng", 12, lambda m, o: m.joined_on),
    ("Ngày chính thức", 12, lambda m, o: m.official_on),
    (FIELD_LABELS["card_number"], 14, lambda m, o: m.details.card_number),
    (FIELD_LABELS["biography_number"], 14, lambda m, o: m.details.biography_number),
    ("Chi bộ", 26, lambda m, o: o.get(m.org_id or 0, "")),
    ("Dự bị/chính thức", 10, lambda m, o: m.standing_name),
    ("Tình trạng", 16, lambda m, o: m.status_name),
    ("Ghi chú", 24, lambda m, o: m.details.notes),
)
TEXT_COLUMNS = {FIELD_LABELS["card_number"], FIELD_LABELS["biography_number"], FIELD_LABELS["education"]}
HEADER_ROW = 5
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


def put_value(cell: Any, value: object) -> None:
    """Write a value to an openpyxl cell; text that Excel could take for a formula stays text."""
    cell.value = value
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        cell.data_type = "s"        # openpyxl made "=…" a formula: written as text, it is never evaluated
        cell.quotePrefix = True     # and Excel keeps it text when the clerk edits the cell


def members_xlsx(conn: sqlite3.Connection, members: Sequence[Member], scope_name: str = "",
                 on: dt.date | None = None) -> bytes:
    """The members as an .xlsx file (bytes), with title rows, a bold frozen header and Excel dates."""
    from openpyxl import Workbook  # loaded only when a user exports

    on = on or dt.date.today()
    org_names = organisations.names_by_id(conn)
    book = Workbook()
    sheet = book.active
    sheet.title = "Danh sách đảng viên"
    _title(sheet, committee.get(conn).name, scope_name, on, len(members))
    _header(sheet)
    for index, member in enumerate(members, 1):
        _member_row(sheet, HEADER_ROW + index, index, member, org_names)
    sheet.freeze_panes = sheet.cell(row=HEADER_ROW + 1, column=3)
    if members:
        sheet.auto_filter.ref = f"A{HEADER_ROW}:{_letter(len(COLUMNS))}{HEADER_ROW + len(members)}"
    sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _letter(column: int) -> str:
    from openpyxl.utils import get_column_letter

    return str(get_column_letter(column))


def _title(sheet: object, committee_name: str, scope_name: str, on: dt.date, count: int) -> None:
    from openpyxl.styles import Alignment, Font

    last = _letter(len(COLUMNS))
    lines = [(vn.upper(committee_name or "Đảng bộ xã"), Font(bold=True, size=13)),
             ("DANH SÁCH ĐẢNG VIÊN" + (f" – {vn.upper(scope_name)}" if scope_name else ""), Font(bold=True, size=14)),
             (f"Tính đến ngày {vn.format_date(on)}: {vn.format_int(count)} đảng viên", Font(italic=True, size=12))]
    for row, (text, font) in enumerate(lines, 1):
        cell = sheet.cell(row=row, column=1)  # type: ignore[attr-defined]
        put_value(cell, text)
        cell.font = font
        cell.alignment = Alignment(horizontal="center")
        sheet.merge_cells(f"A{row}:{last}{row}")  # type: ignore[attr-defined]


def _header(sheet: object) -> None:
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

    thin = Side(style="thin")
    for column, (header, width, _) in enumerate(COLUMNS, 1):
        cell = sheet.cell(row=HEADER_ROW, column=column)  # type: ignore[attr-defined]
        put_value(cell, header)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.fill = PatternFill("solid", fgColor="DDE6F0")
        cell.border = Border(left=thin, right=thin, top=thin, bottom=thin)
        sheet.column_dimensions[_letter(column)].width = width  # type: ignore[attr-defined]
    sheet.row_dimensions[HEADER_ROW].height = 32  # type: ignore[attr-defined]


def _member_row(sheet: object, row: int, index: int, member: Member, org_names: dict[int, str]) -> None:
    for column, (header, _, getter) in enumerate(COLUMNS, 1):
        value = index if column == 1 else getter(member, org_names)
        cell = sheet.cell(row=row, column=column)  # type: ignore[attr-defined]
        if isinstance(value, dt.date):
            cell.value = value
            cell.number_format = "dd/mm/yyyy"
        elif header in TEXT_COLUMNS:
            put_value(cell, str(value or "") or None)
            cell.number_format = "@"   # text: leading zeros and "12/12" stay as typed
        else:
            put_value(cell, value if value not in ("", None) else None)
