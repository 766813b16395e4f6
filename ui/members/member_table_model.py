"""The member list as a table model: only ids in memory, rows loaded a page at a time.

Filtering and sorting run in SQL (models.member_list); a 10,000-member commune keeps 10,000 ints
plus the few pages the user has scrolled through.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections import OrderedDict
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from models import vn
from models.commune import organisations
from models.people import member_list
from models.people.member_events import ON_ROLL_STATUSES
from models.people.member_list import MemberFilter
from models.people.members import Member

Index = QModelIndex | QPersistentModelIndex

# (header, sort key in member_list.SORTS or None, sort inverted: tuổi đảng grows as ngày vào Đảng falls)
COLUMNS: tuple[tuple[str, str | None, bool], ...] = (
    ("Họ và tên", "name", False),
    ("Ngày sinh", "birth_date", False),
    ("Giới tính", "gender", False),
    ("Chi bộ", "org", False),
    ("Tình trạng", "status", False),
    ("Ngày vào Đảng", "joined_on", False),
    ("Ngày chính thức", "official_on", False),
    ("Số thẻ", "card_number", False),
    ("Tuổi đảng", "joined_on", True),
)
COL_NAME, COL_BIRTH, COL_GENDER, COL_ORG, COL_STATUS, COL_JOINED, COL_OFFICIAL, COL_CARD, COL_SENIORITY = range(9)

MEMBER_ID_ROLE = Qt.ItemDataRole.UserRole + 1
PAGE_SIZE = 200
MAX_PAGES = 40          # pages kept in memory; older ones are dropped and reloaded on demand
_GREY = QBrush(QColor("#7f8c8d"))
_ON_ROLL = set(ON_ROLL_STATUSES)


class MemberTableModel(QAbstractTableModel):
    def __init__(self, conn: sqlite3.Connection, parent: Any = None) -> None:
        super().__init__(parent)
        self.conn = conn
        self._filter = MemberFilter()
        self._sort_column = COL_NAME
        self._descending = False
        self._ids: list[int] = []
        self._pages: OrderedDict[int, tuple[list[Member], dict[int, int | None]]] = OrderedDict()
        self._org_names: dict[int, str] = {}
        self.today = dt.date.today()
        self.reload()

    # ------------------------------------------------------------ what the view asks

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section][0] if 0 <= section < len(COLUMNS) else None
        return vn.format_int(section + 1) if 0 <= section < len(self._ids) else None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._ids):
            return None
        if role == MEMBER_ID_ROLE:
            return self._ids[index.row()]
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.ForegroundRole,
                        Qt.ItemDataRole.TextAlignmentRole):
            return None
        member, seniority = self._row(index.row())
        if member is None:
            return None
        if role == Qt.ItemDataRole.ForegroundRole:
            return None if member.status in _ON_ROLL else _GREY
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if index.column() in (COL_SENIORITY,):
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            return None
        text = self._text(member, seniority, index.column())
        if role == Qt.ItemDataRole.ToolTipRole:
            if index.column() == COL_STATUS:
                return member.status_name + (f", {member.standing_name.lower()}" if member.standing else "")
            return text or None
        return text

    def _text(self, member: Member, seniority: int | None, column: int) -> str:
        d = member.details
        if column == COL_NAME:
            return d.full_name
        if column == COL_BIRTH:
            return vn.format_date(d.birth_date)
        if column == COL_GENDER:
            return d.gender
        if column == COL_ORG:
            return self._org_names.get(member.org_id or 0, "")
        if column == COL_STATUS:   # the standing says most for those active; otherwise the status
            if member.status == "dang_sinh_hoat" and member.standing:
                return member.standing_name
            standing = f" ({member.standing_name.lower()})" if member.standing == "du_bi" else ""
            return member.status_name + standing
        if column == COL_JOINED:
            return vn.format_date(member.joined_on)
        if column == COL_OFFICIAL:
            return vn.format_date(member.official_on)
        if column == COL_CARD:
            return d.card_number
        if column == COL_SENIORITY:
            return "" if seniority is None or member.joined_on is None else str(seniority)
        return ""

    def _row(self, row: int) -> tuple[Member | None, int | None]:
        page_no = row // PAGE_SIZE
        page = self._pages.get(page_no)
        if page is None:
            page = self._load_page(page_no)
        else:
            self._pages.move_to_end(page_no)
        members, seniority = page
        offset = row - page_no * PAGE_SIZE
        if offset >= len(members):
            return None, None
        member = members[offset]
        return member, seniority.get(member.id)

    def _load_page(self, page_no: int) -> tuple[list[Member], dict[int, int | None]]:
        ids = self._ids[page_no * PAGE_SIZE:(page_no + 1) * PAGE_SIZE]
        loaded = member_list.load(self.conn, ids)
        by_id: dict[int, Member] = {m.id: m for m in loaded}
        # keep the page aligned with the id list even if a row vanished meanwhile
        members = [by_id[i] for i in ids if i in by_id]
        page = (members, member_list.seniority_of(self.conn, ids, self.today))
        self._pages[page_no] = page
        while len(self._pages) > MAX_PAGES:
            self._pages.popitem(last=False)
        return page

    # ------------------------------------------------------------ what the screen tells it

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(COLUMNS) or COLUMNS[column][1] is None:
            return
        self._sort_column = column
        self._descending = (order == Qt.SortOrder.DescendingOrder) != COLUMNS[column][2]
        self.reload()

    def set_filter(self, flt: MemberFilter) -> None:
        self._filter = flt
        self.reload()

    @property
    def member_filter(self) -> MemberFilter:
        return self._filter

    def reload(self) -> None:
        """Find the ids again (after a filter, a sort or an edit) and drop every loaded page."""
        self.beginResetModel()
        self._org_names = {o.id: o.name for o in organisations.all_organisations(self.conn)}
        sort_key = COLUMNS[self._sort_column][1] or "name"
        self._ids = member_list.find_ids(self.conn, self._filter, sort_key, self._descending)
        self._pages.clear()
        self.endResetModel()

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
