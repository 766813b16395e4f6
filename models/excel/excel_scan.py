"""Where a worksheet really holds values, read straight from its XML without trusting what it claims.

A sheet states its own size (``<dimension ref="A1:XFD1048576"/>``) and may keep a formatted blank cell at the
far corner; asked for that size, openpyxl builds every cell in between (gigabytes for an 11 KB file). This
scan feeds the sheet's XML to expat in chunks and builds no elements at all, so its memory does not grow
with the sheet; it learns:
- which rows hold a value, and the last row and column that do (openpyxl is then asked for exactly those);
- which formulas were saved without the value Excel computes, cell by cell;
- the merged blocks (they come after the cells, at the very end of the XML).
It refuses, in Vietnamese and before anything is imported, what cannot be read whole: more rows than the
limit, a value beyond the column limit, data resuming after a long run of empty rows, rows out of order.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import IO
from xml.parsers import expat

from models import vn
from models.errors import UserError
from models.excel.excel_columns import column_letter

Progress = Callable[[str, int, int], None]     # (what is being done, done, total); may raise to stop the work
Merged = tuple[int, int, int, int]              # min_row, min_col, max_row, max_col (1-based, as openpyxl)
EXCEL_COLUMNS = 16384                           # XFD: no real sheet has a cell beyond it
EXCEL_ROWS = 1_048_576
_RANGE = re.compile(r"^\$?([A-Z]{1,3})\$?(\d+)(?::\$?([A-Z]{1,3})\$?(\d+))?$")
_CHUNK = 1 << 16


@dataclass(frozen=True)
class Limits:
    rows: int          # rows holding a value (title and header rows included)
    columns: int       # the last column a value may be in
    blank_run: int     # this many empty rows in a row end the list; a value after them refuses the file
    merges: int        # merged blocks


@dataclass
class Layout:
    """What the scan found."""

    rows: set[int] = field(default_factory=set)               # the rows holding a value
    last_row: int = 0                                        # 0: the sheet holds no value at all
    last_column: int = 0
    uncomputed: dict[int, int] = field(default_factory=dict)  # row → bit mask of 0-based columns
    merged: list[Merged] = field(default_factory=list)


def scan(stream: IO[bytes], size: int, limits: Limits, where: str, progress: Progress | None = None,
         until_row: int = 0) -> Layout:
    """Stream one worksheet's XML (``size`` bytes unpacked); ``until_row`` stops after that row.

    ``where`` names the sheet and file in messages ("trang “Danh sách” của tệp “ds.xlsx”").
    Raises UserError for a sheet that cannot be imported whole, expat.ExpatError for broken XML.
    """
    state = _Scan(limits, where, until_row)
    parser = _parser(state)
    done = 0
    try:
        while chunk := stream.read(_CHUNK):
            parser.Parse(chunk, False)
            done += len(chunk)
            if progress is not None:
                progress("Đang đọc tệp Excel…", min(done, size), max(size, 1))
        parser.Parse(b"", True)
    except _Enough:
        pass
    return state.layout


def states_its_size(stream: IO[bytes]) -> bool:
    """False for a worksheet without a <dimension> before its cells (True for any other part).

    openpyxl, opening such a sheet read-only, parses all of it at once to learn its size, keeping an
    element per row: scan() it first, so that this whole parse is known to be bounded.
    """
    found: list[bool] = []

    def start(name: str, attributes: dict[str, str]) -> None:
        local = name.rpartition(" ")[2]
        if not found and local != "worksheet":
            found.append(True)
        elif local in ("dimension", "sheetData"):
            found.append(local == "dimension")
        else:
            return
        raise _Enough

    parser = expat.ParserCreate(namespace_separator=" ")
    parser.StartElementHandler = start
    try:
        while chunk := stream.read(_CHUNK):
            parser.Parse(chunk, False)
        parser.Parse(b"", True)
    except _Enough:
        pass
    return found[-1] if found else True


class _Enough(Exception):
    """Raised from a parser callback: what was needed is known, stop reading."""


def _parser(state: _Scan) -> expat.XMLParserType:
    """Callbacks that follow worksheet / sheetData / row / c (f, v, is/t) and mergeCells / mergeCell."""
    depth = 0
    in_data = False
    text_of = ""         # "v" or "t" while inside one

    def start(name: str, attributes: dict[str, str]) -> None:
        nonlocal depth, in_data, text_of
        depth += 1
        local = name.rpartition(" ")[2]
        if depth == 2:
            in_data = local == "sheetData"
        elif depth == 3 and in_data and local == "row":
            state.start_row(attributes.get("r"))
        elif depth == 3 and local == "mergeCell":
            state.merge(attributes.get("ref", ""))
        elif depth == 4 and in_data and local == "c":
            state.start_cell(attributes.get("r"), attributes.get("t"))
        elif depth == 5 and in_data and local in ("f", "v", "is"):
            state.cell_part(local)
            text_of = "v" if local == "v" else ""
        elif depth >= 6 and in_data and local == "t":
            text_of = "t"

    def end(name: str) -> None:
        nonlocal depth, text_of
        text_of = ""
        if in_data and depth == 4:
            state.end_cell()
        elif in_data and depth == 3 and state.end_row():
            raise _Enough
        depth -= 1

    def text(data: str) -> None:
        if text_of and data.strip():
            state.cell_text(text_of)

    parser = expat.ParserCreate(namespace_separator=" ")
    parser.buffer_text = True
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = text
    return parser


class _Scan:
    def __init__(self, limits: Limits, where: str, until_row: int) -> None:
        self.limits, self.where, self.until_row = limits, where, until_row
        self.layout = Layout()
        self.row = self.column = self.cells = 0
        self.row_first_value = self.row_last_value = self.row_mask = 0
        self.kind = "n"
        self.formula = self.value = self.inline = False

    def start_row(self, number: str | None) -> None:
        row = _number(number) if number else self.row + 1
        if row <= self.row or row > EXCEL_ROWS:
            raise UserError(f"Các dòng trong {self.where} không theo thứ tự (dòng {vn.format_int(row)} đứng sau "
                            f"dòng {vn.format_int(self.row)}), có lẽ tệp do một chương trình khác ghi ra. "
                            "Chưa nhập gì. Hãy mở tệp bằng Excel, lưu lại rồi nhập lại.")
        self.row, self.column, self.cells = row, 0, 0
        self.row_first_value = self.row_last_value = self.row_mask = 0

    def start_cell(self, reference: str | None, kind: str | None) -> None:
        self.column = _column(reference) if reference else self.column + 1
        self.cells += 1
        if self.column > EXCEL_COLUMNS or self.cells > EXCEL_COLUMNS:
            raise UserError(f"Dòng {vn.format_int(self.row)} trong {self.where} có ô ngoài giới hạn của Excel: "
                            "tệp bị hỏng. Chưa nhập gì. Hãy mở tệp bằng Excel, lưu lại rồi nhập lại.")
        self.kind = kind or "n"
        self.formula = self.value = self.inline = False

    def cell_part(self, part: str) -> None:
        if part == "f":
            self.formula = True

    def cell_text(self, part: str) -> None:
        if part == "v":
            self.value = True
        else:
            self.inline = True

    def end_cell(self) -> None:
        # Excel stores a formula giving "" as text with an empty value; an empty number is no value at all
        uncomputed = self.formula and not self.value and self.kind != "str"
        if not (self.formula or self.value or self.inline):
            return
        if self.column > self.limits.columns:
            raise UserError(f"{vn.upper(self.where[0])}{self.where[1:]} có dữ liệu ở ô {self._address()}, "
                            f"ngoài {vn.format_int(self.limits.columns)} cột đầu tiên. Chưa nhập gì. Danh sách đảng "
                            "viên chỉ cần vài chục cột: hãy xóa nội dung ô đó (hoặc chép danh sách sang một trang "
                            "mới), lưu tệp rồi nhập lại.")
        self.row_first_value = self.row_first_value or self.column
        self.row_last_value = max(self.row_last_value, self.column)
        if uncomputed:
            self.row_mask |= 1 << (self.column - 1)

    def end_row(self) -> bool:
        """Book the row just read; True when the scan should stop."""
        layout = self.layout
        if self.until_row and self.row > self.until_row:
            return True
        if self.row_last_value:
            if layout.last_row and self.row - layout.last_row - 1 >= self.limits.blank_run:
                raise UserError(f"Trong {self.where}, sau dòng {vn.format_int(layout.last_row)} có hơn "
                                f"{vn.format_int(self.limits.blank_run)} dòng trống rồi lại có dữ liệu ở dòng "
                                f"{vn.format_int(self.row)} (ô {self._address(self.row_first_value)}). "
                                "Chưa nhập gì. Danh sách cần liền một khối: nếu dòng đó thuộc danh sách, hãy xóa "
                                "các dòng trống ở giữa; nếu không, hãy xóa dòng đó. Lưu tệp rồi nhập lại.")
            layout.rows.add(self.row)
            if len(layout.rows) > self.limits.rows:
                raise UserError(f"{vn.upper(self.where[0])}{self.where[1:]} có hơn "
                                f"{vn.format_int(self.limits.rows)} dòng có dữ liệu, mà mỗi lần chỉ nhập được tối "
                                f"đa {vn.format_int(self.limits.rows)} dòng. Chưa nhập gì. Hãy tách danh sách thành "
                                "nhiều tệp nhỏ hơn (ví dụ mỗi chi bộ một tệp) rồi nhập lần lượt từng tệp.")
            layout.last_row = self.row
            layout.last_column = max(layout.last_column, self.row_last_value)
            if self.row_mask:
                layout.uncomputed[self.row] = self.row_mask
        return bool(self.until_row) and self.row >= self.until_row

    def merge(self, reference: str) -> None:
        found = _RANGE.match(reference.upper())
        if not found:
            return
        first_col, first_row = _column(found[1]), int(found[2])
        last_col, last_row = (_column(found[3]), int(found[4])) if found[3] else (first_col, first_row)
        self.layout.merged.append((first_row, first_col, last_row, last_col))
        if len(self.layout.merged) > self.limits.merges:
            raise UserError(f"{vn.upper(self.where[0])}{self.where[1:]} có hơn {vn.format_int(self.limits.merges)} "
                            "khối ô gộp. Chưa nhập gì. Hãy bỏ gộp ô (chọn cả trang, bấm “Gộp và căn giữa” để bỏ), "
                            "lưu tệp rồi nhập lại.")

    def _address(self, column: int = 0) -> str:
        return f"{column_letter((column or self.column) - 1)}{self.row}"


def _column(reference: str) -> int:
    number = 0
    for char in reference:
        if "A" <= char <= "Z":
            number = number * 26 + ord(char) - 64
        elif "a" <= char <= "z":
            number = number * 26 + ord(char) - 96
        else:
            break
    return number


def _number(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        return 0
