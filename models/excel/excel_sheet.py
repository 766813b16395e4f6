"""Reading a member list out of an .xlsx file: find the sheet and the header row, keep the data rows.

openpyxl is the right tool for .xlsx (pure Python, reads real Excel dates and text cells as typed, so
card numbers keep their leading zeros). Offices put a title, the commune's name and blank rows above the
header, so the header is the row among the first ``HEADER_SEARCH_ROWS`` that names the most known columns.

A file is read whole or refused, with the reason, before anything is imported; nothing is ever cut off.
Memory stays bounded whatever the file claims: openpyxl runs in read-only mode and is asked only for the
rows and columns that excel_scan found holding values. The limits, all refused with a message saying
what to do:
- ``MAX_ROWS`` rows holding data in the sheet (a commune's list is a few thousand): split the file;
- a value beyond column ``MAX_COLUMNS``, or after ``BLANK_RUN`` empty rows (the list ends at the first
  such run): delete the stray cells;
- a part of the file that unpacks to more than ``MAX_PART_BYTES`` (parts openpyxl reads whole: shared
  strings, styles) or a sheet over ``MAX_SHEET_BYTES`` (sheets are streamed): a damaged or hostile file.
A formula saved without its computed value is kept as cols.UNCOMPUTED, never as a blank.
"""

from __future__ import annotations

import bisect
import re
import xml.etree.ElementTree as ET
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.parsers import expat

from models.errors import UserError
from models.excel import excel_columns as cols
from models.excel import excel_scan
from models.excel.excel_scan import Layout, Limits, Merged, Progress

HEADER_SEARCH_ROWS = 20
MAX_ROWS = 50_000
MAX_COLUMNS = 200
BLANK_RUN = 1_000
MAX_MERGES = 100_000
MAX_PART_BYTES = 256 << 20
MAX_SHEET_BYTES = 1 << 30
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"   # a password-protected .xlsx, or an old .xls, is an OLE file
_COLUMN_NUMBER = re.compile(r"^\(?\d{1,2}\)?$")
_UNREADABLE = (zipfile.BadZipFile, zlib.error, ET.ParseError, expat.ExpatError, KeyError, ValueError, TypeError,
               EOFError, OSError)
Row = tuple[int, tuple[object, ...]]   # Excel's row number (1-based), cell values


@dataclass(frozen=True)
class Sheet:
    """The part of a workbook that holds the member list."""

    path: str
    sheet_name: str
    header_row: int                                   # Excel's row number (1-based)
    headers: tuple[str, ...]                          # header text of each column, as typed
    guessed: tuple[str, ...]                          # the field each column seems to hold (cols.SKIP: none)
    rows: tuple[Row, ...]                             # the data rows; blank rows left out

    def sample(self, column: int) -> str:
        """The first value of a column, to show the clerk what it holds."""
        for _, values in self.rows:
            if column < len(values) and not cols.is_blank(values[column]):
                return cols.text_value(values[column])
        return ""


def read_sheet(path: str | Path, progress: Progress | None = None) -> Sheet:
    """The member list of an .xlsx file; UserError (in Vietnamese) when the file cannot be used whole.

    ``progress(text, done, total)`` is called as the file is read; an exception it raises stops the reading.
    """
    file = Path(path)
    _check_file(file)
    from openpyxl import load_workbook  # loaded only when a user imports

    try:
        with zipfile.ZipFile(file) as archive:
            _check_parts(archive, file.name, progress)
            workbook = load_workbook(file, read_only=True, data_only=True)
            try:
                title, worksheet = _choose_sheet(archive, workbook, file.name)
                where = f"trang “{title}” của tệp “{file.name}”"
                layout = _scan(archive, worksheet, where, progress)
                rows = _values(worksheet, layout, progress)
            finally:
                workbook.close()
    except UserError:
        raise
    except _UNREADABLE as error:
        raise UserError(f"Không đọc được tệp Excel “{file.name}” ({error or type(error).__name__}). Chưa nhập gì. "
                        "Hãy mở tệp bằng Excel, lưu lại dạng .xlsx rồi thử lại.") from None
    return _sheet_from_rows(str(file), title, rows, layout.merged)


def _limits(until_row: int) -> Limits:
    """The limits of the sheet to import; with ``until_row``, only what a well-formed sheet respects
    (used to look at other sheets, which never refuse a file for their own layout)."""
    if until_row:
        return Limits(rows=until_row, columns=excel_scan.EXCEL_COLUMNS, blank_run=excel_scan.EXCEL_ROWS,
                      merges=MAX_MERGES)
    return Limits(rows=MAX_ROWS, columns=MAX_COLUMNS, blank_run=BLANK_RUN, merges=MAX_MERGES)


def _check_parts(archive: zipfile.ZipFile, name: str, progress: Progress | None) -> None:
    """Refuse, before openpyxl opens the file, what it would unpack or parse without bound.

    zipfile holds a part to its stated size, so the stated size is an upper bound. Sheets are streamed,
    so only their reading time is at stake; a sheet that does not state its size is scanned first.
    """
    for info in archive.infolist():
        part = info.filename.lower()
        if not part.endswith((".xml", ".rels")):
            continue
        limit = MAX_SHEET_BYTES if part.startswith("xl/worksheets/") else MAX_PART_BYTES
        if info.file_size > limit:
            raise UserError(f"Tệp “{name}” quá lớn hoặc bị hỏng: phần “{info.filename}” bung ra hơn "
                            f"{limit >> 20} MB. Chưa nhập gì. Hãy mở bằng Excel, chép riêng danh sách "
                            "đảng viên sang một tệp mới, lưu lại rồi nhập tệp đó.")
        with archive.open(info) as stream:
            sized = excel_scan.states_its_size(stream)
        if not sized:
            with archive.open(info) as stream:
                excel_scan.scan(stream, info.file_size, _limits(excel_scan.EXCEL_ROWS),
                                f"phần “{info.filename}” của tệp “{name}”", progress)


def _sheet_part(archive: zipfile.ZipFile, worksheet: Any) -> zipfile.ZipInfo:
    return archive.getinfo(str(worksheet._worksheet_path).lstrip("/"))


def _choose_sheet(archive: zipfile.ZipFile, workbook: Any, name: str) -> tuple[str, Any]:
    """The sheet whose first rows name the most known columns (the first such sheet on a tie)."""
    best: tuple[int, str, Any] | None = None
    for worksheet in workbook.worksheets:
        head = _scan(archive, worksheet, f"trang “{worksheet.title}” của tệp “{name}”", None, HEADER_SEARCH_ROWS)
        rows = _values(worksheet, head, None)
        score = max((cols.header_score(values) for _, values in rows), default=0)
        if best is None or score > best[0]:
            best = (score, worksheet.title, worksheet)
    if best is None:
        raise UserError(f"Tệp “{name}” không có trang tính nào.")
    return best[1], best[2]


def _scan(archive: zipfile.ZipFile, worksheet: Any, where: str, progress: Progress | None,
          until_row: int = 0) -> Layout:
    part = _sheet_part(archive, worksheet)
    with archive.open(part) as stream:
        return excel_scan.scan(stream, part.file_size, _limits(until_row), where, progress, until_row)


def _values(worksheet: Any, layout: Layout, progress: Progress | None) -> list[Row]:
    """The rows holding data, read by openpyxl over exactly the range the scan found (never the claimed one)."""
    if not layout.last_row:
        return []
    worksheet.reset_dimensions()
    rows: list[Row] = []
    cells = worksheet.iter_rows(max_row=layout.last_row, max_col=layout.last_column, values_only=True)
    for number, values in enumerate(cells, 1):
        if progress is not None and (number % 200 == 0 or number == layout.last_row):
            progress("Đang đọc các ô trong tệp…", number, layout.last_row)
        if number not in layout.rows:      # empty as the scan saw it: nothing to look at
            continue
        mask = layout.uncomputed.get(number)
        if mask:
            values = tuple(cols.UNCOMPUTED if mask >> i & 1 else v for i, v in enumerate(values))
        if not all(cols.is_blank(v) for v in values):
            rows.append((number, tuple(values)))
    return rows


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


def _sheet_from_rows(path: str, title: str, rows: list[Row], merged: list[Merged]) -> Sheet:
    header_index = _header_index(rows)
    if header_index is None:
        raise UserError(f"Không tìm thấy dòng tiêu đề trong {HEADER_SEARCH_ROWS} dòng đầu của tệp “{Path(path).name}”. "
                        "Dòng tiêu đề cần có ít nhất cột “Họ và tên” và một cột khác như “Ngày sinh”, "
                        "“Ngày vào Đảng”, “Số thẻ”, “Chi bộ”. Hãy thêm dòng tiêu đề vào tệp rồi thử lại.")
    header_row = rows[header_index][0]
    _fill_merged(rows, merged, below=header_row)
    width = max((_last_filled(values) for _, values in rows[header_index:]), default=0)
    headers = [cols.text_value(c) for c in _pad(rows[header_index][1], width)]
    guessed = list(cols.guess_mapping(headers))
    first_data = header_index + 1
    if (first_data < len(rows) and rows[first_data][0] == header_row + 1
            and _is_sub_header(rows[first_data][1], guessed)):
        _merge_sub_header(headers, guessed, _pad(rows[first_data][1], width))
        first_data += 1
    data = []
    for number, cells in rows[first_data:]:
        values = _pad(cells, width)
        if all(cols.is_blank(v) for v in values) or _is_column_numbers(values):
            continue
        data.append((number, values))
    return Sheet(path, title, header_row, tuple(headers), tuple(guessed), tuple(data))


def _fill_merged(rows: list[Row], merged: list[Merged], below: int) -> None:
    """Give every cell of a merged block under the header its top-left value ("Chi bộ thôn Đông" merged
    over the rows of its members belongs to each of them). Merges within the header rows are left alone,
    and so are rows that hold nothing but the block (they are blank, not members)."""
    numbers = [number for number, _ in rows]
    for min_row, min_col, max_row, max_col in merged:
        top = bisect.bisect_left(numbers, min_row)
        if min_row <= below or top == len(numbers) or numbers[top] != min_row:
            continue
        cells = rows[top][1]
        if min_col > len(cells) or cols.is_blank(cells[min_col - 1]):
            continue
        value, last_col = cells[min_col - 1], min(max_col, len(cells))
        for index in range(top, bisect.bisect_right(numbers, max_row)):
            number, values = rows[index]
            rows[index] = (number, values[:min_col - 1] + (value,) * (last_col - min_col + 1) + values[last_col:])


def _header_index(rows: list[Row]) -> int | None:
    best, best_score = None, 1
    for index, (number, values) in enumerate(rows):
        if number > HEADER_SEARCH_ROWS:
            break
        score = cols.header_score(values)
        if score > best_score and "full_name" in cols.guess_mapping(values):
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
