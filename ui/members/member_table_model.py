"""The member list as a table model: only ids in memory, rows loaded a page at a time.

Filtering and sorting run in SQL (models.member_list); a 10,000-member commune keeps 10,000 ints
plus the few pages the user has scrolled through.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor

from models import vn
from models.access.session import mask_identifier
from models.commune import organisations
from models.people import member_list
from models.people.member_events import ON_ROLL_STATUSES
from models.people.member_list import MemberFilter
from models.people.members import Member
from models.storage import db
from ui.common.table_model import RIGHT, Column, TableModel, column_index


@dataclass(frozen=True)
class MemberRow:
    """One line of the list as a page loads it: the member, tuổi đảng on the day shown, the organisation's name."""

    member: Member
    seniority: int | None
    org_name: str
    card: str = ""       # the card number as shown: masked until revealed when the list masks identifiers


def _status_text(r: MemberRow) -> str:
    """The standing says most for those active; otherwise the status."""
    m = r.member
    if m.status == "dang_sinh_hoat" and m.standing:
        return m.standing_name
    return m.status_name + (f" ({m.standing_name.lower()})" if m.standing == "du_bi" else "")


def _status_tip(r: MemberRow) -> str:
    m = r.member
    return m.status_name + (f", {m.standing_name.lower()}" if m.standing else "")


def _seniority_text(r: MemberRow) -> str:
    return "" if r.seniority is None or r.member.joined_on is None else str(r.seniority)


def _column(key: str, label: str, text: Callable[[MemberRow], str], width: int, sort: str, *,
            tooltip: Callable[[MemberRow], str | None] | None = None, **more: Any) -> Column[MemberRow]:
    """A member column: sorted in SQL by ``sort`` (a key of member_list.SORTS); the tooltip repeats the text."""
    return Column(key, label, text, tooltip=tooltip or (lambda r: text(r) or None), sort=sort, width=width, **more)


MEMBER_COLUMNS: tuple[Column[MemberRow], ...] = (
    _column("name", "Họ và tên", lambda r: r.member.details.full_name, 180, "name"),
    _column("birth_date", "Ngày sinh", lambda r: vn.format_date(r.member.details.birth_date), 85, "birth_date"),
    _column("gender", "Giới tính", lambda r: r.member.details.gender, 55, "gender"),
    _column("org", "Chi bộ", lambda r: r.org_name, 185, "org"),
    _column("status", "Tình trạng", _status_text, 120, "status", tooltip=_status_tip),
    _column("joined_on", "Ngày vào Đảng", lambda r: vn.format_date(r.member.joined_on), 105, "joined_on"),
    _column("official_on", "Ngày chính thức", lambda r: vn.format_date(r.member.official_on), 110, "official_on"),
    _column("card_number", "Số thẻ", lambda r: r.card, 90, "card_number"),
    # tuổi đảng grows as ngày vào Đảng falls: the same SQL order, run the other way
    _column("seniority", "Tuổi đảng", _seniority_text, 70, "joined_on", sort_reversed=True, align=RIGHT),
)
COL_NAME, COL_BIRTH, COL_GENDER, COL_ORG, COL_STATUS, COL_JOINED, COL_OFFICIAL, COL_CARD, COL_SENIORITY = (
    column_index(MEMBER_COLUMNS, key) for key in ("name", "birth_date", "gender", "org", "status", "joined_on",
                                                  "official_on", "card_number", "seniority"))

MEMBER_ID_ROLE = Qt.ItemDataRole.UserRole + 1
# A page is what one read loads: the first paint after a change of scope waits for one, so a page is a few
# screens of rows (at 10,000 members a page of 200 took 50–80 ms of the GUI thread, one of 50 a quarter of it).
PAGE_SIZE = 50
MAX_PAGES = 160         # pages kept in memory (8,000 rows); older ones are dropped and reloaded on demand
FOUND_KEPT = 4          # id lists kept for filters and orders shown a moment ago, while the data is unchanged
_GREY = QBrush(QColor("#7f8c8d"))
_ON_ROLL = set(ON_ROLL_STATUSES)


class MemberTableModel(TableModel[MemberRow]):
    """The shared table model over ids in SQL order: ``rows`` stays empty, lines come from the page cache."""

    def __init__(self, conn: sqlite3.Connection, parent: Any = None, *, load: bool = True) -> None:
        """``load`` False: empty until the first ``set_filter`` (a screen that sets its filter and sort as it is
        built reads the 10,000 ids once, not once per step)."""
        super().__init__(MEMBER_COLUMNS, parent)
        self.conn = conn
        self._filter = MemberFilter()
        self._sort_column = COL_NAME
        self._descending = False
        self._ids: list[int] = []
        self._pages: OrderedDict[int, list[MemberRow]] = OrderedDict()
        self._last_page_no = -1
        self._last_page: list[MemberRow] = []
        self._org_names: dict[int, str] = {}
        self._found: OrderedDict[tuple[MemberFilter, str, bool], list[int]] = OrderedDict()   # see _find_ids
        self.mask_cards = False          # set by the screen for a logged-in account (ui.access)
        self.revealed: set[int] = set()  # members whose card number was revealed (each reveal is audited)
        self.today = dt.date.today()
        self._loaded_at: tuple[int, int] | None = None   # db.change_marker when the ids were last found
        if load:
            self.reload()

    # ------------------------------------------------------------ what the view asks

    def row_count(self) -> int:
        return len(self._ids)

    def row_at(self, number: int) -> MemberRow | None:
        return self._row(number) if 0 <= number < len(self._ids) else None

    def row_label(self, number: int) -> str:
        return vn.format_int(number + 1)

    def row_look(self, row: MemberRow, role: int) -> Any:
        if role == MEMBER_ID_ROLE:
            return row.member.id
        if role == Qt.ItemDataRole.ForegroundRole and row.member.status not in _ON_ROLL:
            return _GREY
        return None

    def _row(self, row: int) -> MemberRow | None:
        page_no, offset = divmod(row, PAGE_SIZE)
        if page_no == self._last_page_no:      # the view asks a dozen roles of each cell of the same page
            page = self._last_page
        else:
            cached = self._pages.get(page_no)
            page = self._load_page(page_no) if cached is None else cached
            self._pages.move_to_end(page_no)
            self._last_page_no, self._last_page = page_no, page
        return page[offset] if offset < len(page) else None

    def _load_page(self, page_no: int) -> list[MemberRow]:
        ids = self._ids[page_no * PAGE_SIZE:(page_no + 1) * PAGE_SIZE]
        by_id: dict[int, Member] = {m.id: m for m in member_list.load(self.conn, ids)}
        seniority = member_list.seniority_of(self.conn, ids, self.today)
        # keep the page aligned with the id list even if a row vanished meanwhile
        page = [MemberRow(by_id[i], seniority.get(i), self._org_names.get(by_id[i].org_id or 0, ""),
                          self._card(by_id[i])) for i in ids if i in by_id]
        self._pages[page_no] = page
        while len(self._pages) > MAX_PAGES:
            self._pages.popitem(last=False)
        return page

    def _card(self, member: Member) -> str:
        card = member.details.card_number or ""
        return mask_identifier(card) if self.mask_cards and member.id not in self.revealed else card

    # ------------------------------------------------------------ what the screen tells it

    def set_masking(self, masked: bool) -> None:
        self.mask_cards, self.revealed = masked, set()
        self.reload()

    def reveal(self, member_id: int) -> None:
        """Show one member's card number in full (the caller has recorded it)."""
        self.revealed.add(member_id)
        self._pages.clear()
        self._last_page_no = -1
        if self.row_count():
            self.dataChanged.emit(self.index(0, COL_CARD), self.index(self.row_count() - 1, COL_CARD))

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sorting runs in SQL: the column's ``sort`` names the order, and the ids are found again."""
        if not 0 <= column < len(self.columns) or not isinstance(self.columns[column].sort, str):
            return
        descending = (order == Qt.SortOrder.DescendingOrder) != self.columns[column].sort_reversed
        if (column, descending) == (self._sort_column, self._descending) and self._loaded_at is not None:
            return   # the view setting the order the list already has
        self._sort_column, self._descending = column, descending
        if self._loaded_at is not None:
            self.reload()

    def set_filter(self, flt: MemberFilter) -> None:
        """Show the members ``flt`` finds; the same filter on unchanged data keeps the list as it is."""
        if flt == self._filter and self._loaded_at == db.change_marker(self.conn):
            return
        self._filter = flt
        self.reload()

    @property
    def member_filter(self) -> MemberFilter:
        return self._filter

    def reload(self) -> None:
        """Find the ids again (after a filter, a sort or an edit) and drop every loaded page."""
        self.beginResetModel()
        marker = db.change_marker(self.conn)
        if self._loaded_at != marker:   # a new scope or order over the same data: same names, same lists
            self._org_names = {o.id: o.name for o in organisations.all_organisations(self.conn)}
            self._found.clear()
        sort_key = self.columns[self._sort_column].sort
        sort_key = sort_key if isinstance(sort_key, str) else "name"
        self._ids = self._find_ids(sort_key)
        self._loaded_at = marker
        self._pages.clear()
        self._last_page_no = -1
        self.endResetModel()

    def _find_ids(self, sort_key: str) -> list[int]:
        """The ids of the filter in this order: found again, or as found a moment ago over the same data
        (back from a cell to the whole commune: the 10,000 ids took 40–70 ms of the GUI thread to find)."""
        key = (self._filter, sort_key, self._descending)
        ids = self._found.pop(key, None)
        if ids is None:
            ids = member_list.find_ids(self.conn, self._filter, sort_key, self._descending)
        self._found[key] = ids            # the newest last
        while len(self._found) > FOUND_KEPT:
            self._found.popitem(last=False)
        return ids

    def member_id(self, row: int) -> int | None:
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def row_of(self, member_id: int) -> int | None:
        try:
            return self._ids.index(member_id)
        except ValueError:
            return None

    def ids(self) -> list[int]:
        return list(self._ids)

    def loaded_pages(self) -> int:
        return len(self._pages)
