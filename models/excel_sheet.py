"""Reading a member list out of an .xlsx file: find the sheet and the header row, keep the data rows.

openpyxl is the right tool for .xlsx (pure Python, reads real Excel dates and text cells as typed, so
card numbers keep their leading zeros). Offices put a title, the commune's name and blank rows above the
header, so the header is the row among the first ``HEADER_SEARCH_ROWS`` that names the most known columns.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from models import excel_columns as cols
from models.errors import UserError

HEADER_SEARCH_ROWS = 20
MAX_ROWS = 50000
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"   # a password-protected .xlsx, or an old .xls, is an OLE file
Merged = tuple[int, int, int, int]   # min_row, min_col, max_row, max_col (1-based, as openpyxl gives them)
_COLUMN_NUMBER = re.compile(r"^\(?\d{1,2}\)?$")


@dataclass(frozen=True)
class Sheet:
    """The part of a workbook that holds the member list."""

    path: str
    sheet_name: str
    header_row: int                                   # Excel's row number (1-based)
    headers: tuple[str, ...]                          # header text of each column, as typed
    guessed: tuple[str, ...]                          # the field each column seems to hold (cols.SKIP: none)
    rows: tuple[tuple[int, tuple[object, ...]], ...]  # (Excel row number, cell values); blank rows left out

    def sample(self, column: int) -> str:
        """The first value of a column, to show the clerk what it holds."""
        for _, values in self.rows:
            if column < len(values) and not cols.is_blank(values[column]):
                return cols.text_value(values[column])
        return ""


def read_sheet(path: str | Path) -> Sheet:
    """The member list of an .xlsx file; UserError (in Vietnamese) when the file cannot be used."""
    file = Path(path)
    _check_file(file)
    from openpyxl import load_workbook  # loaded only when a user imports

    try:
        # not read_only: only a full load tells which cells are merged (a chi bộ merged down its members)
        workbook = load_workbook(file, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise UserError(f"Không đọc được tệp Excel “{file.name}” ({error}). Hãy mở tệp bằng Excel, "
                        "lưu lại dạng .xlsx rồi thử lại.") from None
    try:
        best: tuple[int, str, list[tuple[object, ...]], list[Merged]] | None = None
        for sheet in workbook.worksheets:
            # stop at the sheet's own last row: asking for MAX_ROWS makes openpyxl build 50,000 empty rows
            last = min(MAX_ROWS, sheet.max_row or 0)
            rows = [tuple(r) for r in sheet.iter_rows(max_row=last, values_only=True)] if last else []
            score = max((cols.header_score(r) for r in rows[:HEADER_SEARCH_ROWS]), default=0)
            if best is None or score > best[0]:
                merged = [(m.min_row, m.min_col, m.max_row, m.max_col) for m in sheet.merged_cells.ranges]
                best = (score, sheet.title, rows, merged)
    finally:
        workbook.close()
    if best is None:
        raise UserError(f"Tệp “{file.name}” không có trang tính nào.")
    return _sheet_from_rows(str(file), best[1], best[2], best[3])


def _check_file(file: Path) -> None:
    if not file.exists():
        raise UserError(f"Không tìm thấy tệp “{file}”. Hãy kiểm tra lại tên và thư mục của tệp.")
    if file.suffix.lower() == ".xls":
        raise UserError(f"Tệp “{file.name}” là định dạng Excel cũ (.xls). Hãy mở bằng Excel, chọn "
                        "Tệp > Lưu thành > Sổ làm việc Excel (.xlsx), rồi nhập tệp .xlsx đó.")
    if file.suffix.lower() not in (".xlsx", ".xlsm"):
        raise UserError(f"Tệp “{file.name}” không phải tệp Excel .xlsx. Hãy chọn tệp danh sách có đuôi .xlsx.")
    try:
        with file.open("rb") as handle:
            magic = handle.read(4)
    except OSError as error:
        raise UserError(f"Không mở được tệp “{file.name}”: {error.strerror}. "
                        "Tệp có đang mở ở máy khác không?") from None
    if magic == _OLE_MAGIC:
        raise UserError(f"Tệp “{file.name}” có đặt mật khẩu (hoặc là tệp .xls cũ đổi tên). Hãy mở bằng Excel, "
                        "bỏ mật khẩu (Tệp > Thông tin > Bảo vệ sổ làm việc), lưu lại dạng .xlsx rồi thử lại.")
    if not magic.startswith(b"PK"):
        raise UserError(f"Tệp “{file.name}” không phải tệp Excel .xlsx (nội dung không đúng định dạng). "
                        "Hãy mở bằng Excel và lưu lại dạng .xlsx.")


def _sheet_from_rows(path: str, title: str, rows: list[tuple[object, ...]], merged: list[Merged]) -> Sheet:
    header_index = _header_index(rows)
    if header_index is None:
        raise UserError(f"Không tìm thấy dòng tiêu đề trong {HEADER_SEARCH_ROWS} dòng đầu của tệp “{Path(path).name}”. "
                        "Dòng tiêu đề cần có ít nhất cột “Họ và tên” và một cột khác như “Ngày sinh”, "
                        "“Ngày vào Đảng”, “Số thẻ”, “Chi bộ”. Hãy thêm dòng tiêu đề vào tệp rồi thử lại.")
    _fill_merged(rows, merged, below=header_index + 1)
    width = max((_last_filled(r) for r in rows[header_index:]), default=0)
    headers = [cols.text_value(c) for c in _pad(rows[header_index], width)]
    guessed = list(cols.guess_mapping(headers))
    first_data = header_index + 1
    if first_data < len(rows) and _is_sub_header(rows[first_data], guessed):
        _merge_sub_header(headers, guessed, _pad(rows[first_data], width))
        first_data += 1
    data = []
    for index in range(first_data, len(rows)):
        values = _pad(rows[index], width)
        if all(cols.is_blank(v) for v in values) or _is_column_numbers(values):
            continue
        data.append((index + 1, values))
    return Sheet(path, title, header_index + 1, tuple(headers), tuple(guessed), tuple(data))


def _fill_merged(rows: list[tuple[object, ...]], merged: list[Merged], below: int) -> None:
    """Give every cell of a merged block under the header its top-left value ("Chi bộ thôn Đông" merged
    over the rows of its members belongs to each of them). Merges within the header rows are left alone."""
    for min_row, min_col, max_row, max_col in merged:
        if min_row <= below or min_row > len(rows):
            continue
        value = rows[min_row - 1][min_col - 1] if min_col <= len(rows[min_row - 1]) else None
        for r in range(min_row, min(max_row, len(rows)) + 1):
            cells = list(_pad(rows[r - 1], max_col))
            for c in range(min_col, max_col + 1):
                cells[c - 1] = value
            rows[r - 1] = tuple(cells)


def _header_index(rows: list[tuple[object, ...]]) -> int | None:
    best, best_score = None, 1
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        score = cols.header_score(row)
        if score > best_score and "full_name" in cols.guess_mapping(row):
            best, best_score = index, score
    return best


def _pad(row: tuple[object, ...], width: int) -> tuple[object, ...]:
    return tuple(row[:width]) + (None,) * max(0, width - len(row))


def _last_filled(row: tuple[object, ...]) -> int:
    for index in range(len(row) - 1, -1, -1):
        if not cols.is_blank(row[index]):
            return index + 1
    return 0


def _is_sub_header(row: tuple[object, ...], guessed: list[str]) -> bool:
    """A second header row under merged cells ("Trình độ" over "Văn hóa | Chuyên môn | Lý luận")."""
    below = cols.guess_mapping(row)
    name_column = guessed.index("full_name")
    new = [f for i, f in enumerate(below) if f != cols.SKIP and i < len(guessed) and guessed[i] != f]
    return bool(new) and (name_column >= len(row) or cols.is_blank(row[name_column]))


def _merge_sub_header(headers: list[str], guessed: list[str], row: tuple[object, ...]) -> None:
    taken = set(guessed)
    for index, value in enumerate(row):
        field = cols.guess_field(value)
        if field and field != cols.SKIP and field not in taken:
            if guessed[index] in (cols.SKIP, "education"):   # a merged "Trình độ" guessed as education
                taken.discard(guessed[index])
            headers[index] = cols.text_value(value)
            guessed[index] = field
            taken.add(field)


def _is_column_numbers(values: tuple[object, ...]) -> bool:
    """The row of column numbers (1) (2) (3) … that forms put under their header."""
    filled = [cols.text_value(v) for v in values if not cols.is_blank(v)]
    return len(filled) >= 3 and all(_COLUMN_NUMBER.match(v) for v in filled)
