"""Importing members from an office's .xlsx list, with a preview that changes nothing.

Decisions (shown to the clerk in the preview and on the command line, cli/excel.py):
- A row that matches a member already in the register (same card number, or same name and birth date)
  is reported as "đã có" and skipped: the existing record is never changed, so a blank cell can never
  wipe out what the register holds. Re-importing the same file therefore adds nothing.
- A row without a "Ngày chính thức" is imported as a probationary member (dự bị); the preview says so.
- Every row is created through members.create (which records the admission and confirmation events).
  The preview runs the very same creation on a private copy of the register (db_scratch), so what the
  preview accepts is exactly what the import will do, while the register itself is only read: a preview
  takes no write lock and can run in a worker while the clerk (or another window) keeps working.
  The import commits all accepted rows in one transaction; stopped half-way, it imports nobody.
- A formula saved without its computed value (a file written by another program) is never imported as a
  blank: a row with one in an imported column is refused, naming the cell, and the clerk is told to open
  and save the file in Excel (which stores the computed values) and import it again.
- When some rows are rejected, the accepted rows are still imported; the command line then exits with 1.
  Rows that are only "đã có" are not errors (exit 0).
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import dataclass, field, replace
from pathlib import Path

from models import rules, vn
from models.commune import organisations
from models.commune.organisations import Organisation
from models.errors import UserError
from models.excel import excel_columns as cols
from models.excel.excel_scan import Progress
from models.excel.excel_sheet import Sheet, read_sheet
from models.people import members
from models.people.members import Admission, MemberDetails
from models.storage import audit
from models.storage import scratch as db_scratch
from models.storage.db import transaction

__all__ = ["Sheet", "read_sheet", "RowNote", "ImportResult", "preview", "commit",
           "ERROR", "EXISTS", "NOTE", "Progress"]

ERROR, EXISTS, NOTE = "loi", "da_co", "luu_y"
NOTE_KINDS = {ERROR: "Lỗi, không nhập", EXISTS: "Đã có, bỏ qua", NOTE: "Lưu ý, vẫn nhập"}


@dataclass(frozen=True)
class RowNote:
    """Something to tell the clerk about one Excel row."""

    row: int
    name: str
    kind: str        # ERROR, EXISTS or NOTE
    reason: str

    @property
    def kind_name(self) -> str:
        return NOTE_KINDS[self.kind]


@dataclass(frozen=True)
class ImportResult:
    """What an import did (or, for a preview, would do)."""

    sheet: Sheet
    mapping: tuple[str, ...]
    accepted_rows: tuple[int, ...]
    notes: tuple[RowNote, ...]
    probationary: int          # accepted rows without an official date, imported as dự bị
    committed: bool = False

    @property
    def accepted(self) -> int:
        return len(self.accepted_rows)

    @property
    def rejected(self) -> tuple[RowNote, ...]:
        return tuple(n for n in self.notes if n.kind == ERROR)

    @property
    def existing(self) -> tuple[RowNote, ...]:
        return tuple(n for n in self.notes if n.kind == EXISTS)

    def summary(self) -> str:
        """One Vietnamese sentence for the clerk."""
        verb = "Đã nhập" if self.committed else "Sẽ nhập"
        parts = [f"{verb} {vn.format_int(self.accepted)} đảng viên"]
        if self.probationary:
            parts.append(f"trong đó {vn.format_int(self.probationary)} người không có ngày chính thức "
                         "nên được ghi là dự bị")
        if self.rejected:
            parts.append(f"{vn.format_int(len(self.rejected))} dòng bị từ chối (không nhập)")
        if self.existing:
            parts.append(f"{vn.format_int(len(self.existing))} dòng đã có trong sổ (bỏ qua, giữ nguyên dữ liệu cũ)")
        return "; ".join(parts) + "."


# ---------------------------------------------------------------- converting one row

@dataclass
class _Row:
    number: int
    name: str
    values: dict[str, object] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    bad: set[str] = field(default_factory=set)      # fields whose cell could not be read


def _collect(sheet: Sheet, number: int, cells: tuple[object, ...], mapping: tuple[str, ...]) -> _Row:
    raw = {f: cells[i] for i, f in enumerate(mapping) if f != cols.SKIP and i < len(cells)}
    row = _Row(number, "")
    uncomputed = [i for i, f in enumerate(mapping)
                  if f != cols.SKIP and i < len(cells) and cells[i] is cols.UNCOMPUTED]
    if uncomputed:
        row.errors.append(_uncomputed_reason(sheet, number, uncomputed))
        row.bad.update(mapping[i] for i in uncomputed)
    for name, value in raw.items():
        if name in row.bad:
            continue
        if name in cols.DATE_FIELDS or name == "gender":
            try:
                row.values[name] = (cols.gender_value(value) if name == "gender"
                                    else cols.date_value(value, cols.FIELDS[name]))
            except UserError as error:
                row.errors.append(error.message)
                row.bad.add(name)
        elif name == "card_number":
            row.values[name], warning = cols.card_value(value)
            if warning:
                row.notes.append(warning)
        elif name == "education" and isinstance(value, dt.datetime):
            # "12/12" typed in a General cell: Excel turned it into 12 December
            row.values[name] = f"{value.day}/{value.month}"
            row.notes.append(f"Ô giáo dục phổ thông bị Excel đổi thành ngày; đã đọc là {value.day}/{value.month}, "
                             "hãy kiểm tra lại (nên định dạng cột này là Văn bản).")
        elif name in ("full_name", "birth_name"):
            row.values[name], remark = cols.name_value(value)
            if remark:
                row.notes.append(remark)
        elif name == "notes":
            row.values[name] = cols.text_value(value)
        else:   # one line, single spaces: "Trần  Văn Bình" and "Trần Văn Bình" are one name
            row.values[name] = " ".join(cols.text_value(value).split())
    row.name = str(row.values.get("full_name", ""))
    if not row.name and "full_name" not in row.bad:
        row.errors.insert(0, "Thiếu họ và tên.")
    if row.values.get("joined_on") is None and "joined_on" not in row.bad:
        row.errors.append("Thiếu ngày vào Đảng (cần để ghi sự kiện kết nạp); hãy ghi ngày vào Đảng.")
    return row


def _uncomputed_reason(sheet: Sheet, number: int, columns: list[int]) -> str:
    cells = ", ".join(f"{cols.column_letter(i)}{number} (cột “{sheet.headers[i] or cols.column_letter(i)}”)"
                      for i in columns)
    which = "các ô" if len(columns) > 1 else "ô"
    return (f"Trang “{sheet.sheet_name}”, {which} {cells} là công thức chưa có giá trị đã tính (tệp do chương "
            "trình khác ghi ra, chưa mở bằng Excel) nên không biết ô ghi gì; dòng này không được nhập. Hãy mở tệp "
            "bằng Excel, lưu lại (Excel sẽ tính và lưu giá trị của công thức) rồi nhập lại tệp.")


def _details(row: _Row) -> MemberDetails:
    given = {k: v for k, v in row.values.items()
             if k in members.DETAIL_FIELDS and v not in ("", None)}   # blanks keep the form's defaults
    return MemberDetails(**given)  # type: ignore[arg-type]


class _Orgs:
    """Chi bộ names as offices write them ("Chi bộ thôn Đông", "thôn Đông", "Thon Dong"), resolved once."""

    def __init__(self, conn: sqlite3.Connection, default_org_id: int | None) -> None:
        self.conn = conn
        self.default = organisations.get(conn, default_org_id) if default_org_id is not None else None
        self.by_key = {vn.fold(o.name): o for o in organisations.all_organisations(conn)}
        self.cache: dict[str, Organisation | str] = {}

    def resolve(self, text: str) -> Organisation | str:
        """The organisation a row names, or the reason it cannot be used."""
        if not text:
            return self.default or ("Không ghi chi bộ; hãy ghi tên chi bộ vào cột “Chi bộ” "
                                    "hoặc chọn chi bộ cho các dòng không ghi chi bộ.")
        if text not in self.cache:
            self.cache[text] = self._find(text)
        return self.cache[text]

    def _find(self, text: str) -> Organisation | str:
        key = vn.fold(text)
        org = self.by_key.get(key) or self.by_key.get("chi bo " + key)
        if org is None:
            try:
                org = organisations.find(self.conn, text)
            except UserError:
                return f"Không có chi bộ “{text}” trong sổ; hãy ghi đúng tên chi bộ hoặc thêm chi bộ trước."
        if not org.is_cell:
            return (f"“{org.name}” là {org.unit_type_name.lower()}, không phải chi bộ; "
                    "hãy ghi chi bộ nơi đảng viên sinh hoạt.")
        if org.dissolved_on:
            return f"{org.name} đã giải thể ngày {vn.format_date(org.dissolved_on)}; hãy ghi chi bộ hiện nay."
        return org


# ---------------------------------------------------------------- duplicates

class _Seen:
    """Members already in the register and rows already read, by card number and by name + birth date."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.cards: dict[str, str] = {}
        self.people: dict[tuple[str, str], str] = {}
        for r in conn.execute("SELECT id, full_name, birth_date, card_number FROM members"):
            label = f"{r['full_name']} (mã {r['id']})"
            if r["card_number"]:
                self.cards[r["card_number"]] = label
            if r["birth_date"]:
                self.people[(vn.fold(r["full_name"]), r["birth_date"])] = label
        self.file_cards: dict[str, int] = {}
        self.file_people: dict[tuple[str, str], int] = {}

    def check(self, row: _Row, details: MemberDetails) -> tuple[str, str]:
        """(ERROR, reason) for a repeat within the file, (EXISTS, reason) for a member on record."""
        card = details.card_number
        person = (vn.fold(details.full_name), vn.iso(details.birth_date) or "")
        if card and card in self.file_cards:
            return ERROR, f"Trùng số thẻ {card} với dòng {self.file_cards[card]} trong tệp; hãy kiểm tra lại."
        if details.birth_date and person in self.file_people:
            return ERROR, f"Trùng họ tên và ngày sinh với dòng {self.file_people[person]} trong tệp."
        if card and card in self.cards:
            return EXISTS, f"Trùng với {self.cards[card]} đã có trong sổ (cùng số thẻ {card}); dữ liệu cũ giữ nguyên."
        if details.birth_date and person in self.people:
            return EXISTS, (f"Trùng với {self.people[person]} đã có trong sổ (cùng họ tên và ngày sinh); "
                            "dữ liệu cũ giữ nguyên.")
        return "", ""

    def remember(self, row: _Row, details: MemberDetails) -> None:
        if details.card_number:
            self.file_cards[details.card_number] = row.number
        if details.birth_date:
            self.file_people[(vn.fold(details.full_name), details.birth_date.isoformat())] = row.number


# ---------------------------------------------------------------- the import itself

def _import_rows(conn: sqlite3.Connection, sheet: Sheet, mapping: tuple[str, ...],
                 default_org_id: int | None, progress: Progress, doing: str) -> ImportResult:
    if "full_name" not in mapping:
        raise UserError("Chưa chọn cột “Họ và tên”. Hãy chọn cột chứa họ và tên đảng viên.")
    orgs, seen = _Orgs(conn, default_org_id), _Seen(conn)
    probation = rules.for_date(dt.date.today()).probation_months
    accepted: list[int] = []
    notes = _column_warnings(sheet, mapping)
    probationary = 0
    for done, (number, cells) in enumerate(sheet.rows, 1):
        progress(doing, done - 1, len(sheet.rows))
        row = _collect(sheet, number, cells, mapping)
        outcome = _import_row(conn, row, orgs, seen, probation)
        notes.extend(RowNote(row.number, row.name, kind, reason) for kind, reason in outcome)
        if not any(kind in (ERROR, EXISTS) for kind, _ in outcome):
            accepted.append(number)
            probationary += row.values.get("official_on") is None
    progress(doing, len(sheet.rows), len(sheet.rows))
    return ImportResult(sheet, mapping, tuple(accepted), tuple(notes), probationary)


def _column_warnings(sheet: Sheet, mapping: tuple[str, ...]) -> list[RowNote]:
    """Remarks about whole columns, shown against the header row."""
    notes = []
    for column, name in enumerate(mapping):
        if name in cols.DATE_FIELDS:
            warning = cols.swapped_dates_warning([cells[column] for _, cells in sheet.rows], sheet.headers[column])
            if warning:
                notes.append(RowNote(sheet.header_row, "", NOTE, warning))
    return notes


def _import_row(conn: sqlite3.Connection, row: _Row, orgs: _Orgs, seen: _Seen,
                probation: int) -> list[tuple[str, str]]:
    org = orgs.resolve(cols.text_value(row.values.get("org")))
    if isinstance(org, str):
        row.errors.append(org)
    if row.errors:
        return [(ERROR, " ".join(row.errors))]
    assert isinstance(org, Organisation)
    try:
        details = members.clean_details(_details(row))
    except UserError as error:
        return [(ERROR, error.message)]
    kind, reason = seen.check(row, details)
    if kind:
        return [(kind, reason)]
    joined = row.values["joined_on"]
    official = row.values.get("official_on")
    assert isinstance(joined, dt.date) and (official is None or isinstance(official, dt.date))
    try:
        with transaction(conn):
            members.create(conn, details, Admission(joined_on=joined, org_id=org.id, official_on=official))
    except UserError as error:
        return [(ERROR, error.message)]
    seen.remember(row, details)
    notes = [(NOTE, n) for n in row.notes]
    if official is None and vn.add_months(joined, probation) <= dt.date.today():
        notes.append((NOTE, f"Không có ngày chính thức nên được ghi là dự bị, dù vào Đảng đã hơn {probation} tháng; "
                            "nếu đã chính thức, hãy ghi thêm sự kiện chuyển chính thức sau khi nhập."))
    return notes


def _quiet(text: str, done: int, total: int) -> None:
    """No one to tell (the command line)."""


def preview(conn: sqlite3.Connection, sheet: Sheet, mapping: tuple[str, ...] | None = None,
            default_org_id: int | None = None, progress: Progress | None = None) -> ImportResult:
    """What importing the sheet would do: the import itself, run on a private copy of the register.

    ``conn`` is only read (no write lock); ``progress(text, done, total)`` may raise to stop the preview.
    """
    copy = db_scratch.scratch_copy(conn)
    try:
        with transaction(copy):
            return _import_rows(copy, sheet, mapping or sheet.guessed, default_org_id, progress or _quiet,
                                "Đang kiểm tra từng dòng…")
    finally:
        copy.close()


def commit(conn: sqlite3.Connection, sheet: Sheet, mapping: tuple[str, ...] | None = None,
           default_org_id: int | None = None, expected_rows: tuple[int, ...] | None = None,
           progress: Progress | None = None) -> ImportResult:
    """Import every acceptable row in one transaction (all of them or, on any failure, none).

    With ``expected_rows`` (the preview's accepted rows) nothing is imported if the outcome differs.
    An exception raised by ``progress`` (the clerk pressed Dừng) rolls everything back.
    """
    with transaction(conn):
        result = _import_rows(conn, sheet, mapping or sheet.guessed, default_org_id, progress or _quiet,
                              "Đang nhập vào sổ…")
        if expected_rows is not None and result.accepted_rows != expected_rows:
            raise UserError("Dữ liệu trong sổ đã thay đổi từ lúc xem trước nên kết quả không còn như cũ. "
                            "Chưa nhập gì; hãy xem trước lại rồi nhập.")
        audit.record(conn, "nhập Excel", "member", None,
                     {"file": Path(sheet.path).name, "rows": result.accepted, "sheet": sheet.sheet_name})
    return replace(result, committed=True)
