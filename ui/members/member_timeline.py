"""A member's history as a small table: every event as recorded, mistakes visibly voided, never hidden."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from models import vn
from models.people import member_events
from models.people.member_events import DISCIPLINE_LEVELS, Event

Index = QModelIndex | QPersistentModelIndex
HEADERS = ("Ngày", "Sự kiện", "Số quyết định", "Tổ chức / nơi", "Ghi chú")
EVENT_ID_ROLE = Qt.ItemDataRole.UserRole + 1
_GREY = QBrush(QColor("#7f8c8d"))
_CORRECTION = QBrush(QColor("#8e44ad"))


class EventTableModel(QAbstractTableModel):
    """Events in date order; a voided event is struck through and says “đã đính chính”."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._events: list[Event] = []
        self._org_names: dict[int, str] = {}
        self._voided: dict[int, Event] = {}

    def set_events(self, events: list[Event], org_names: dict[int, str]) -> None:
        self.beginResetModel()
        self._events = list(events)
        self._org_names = dict(org_names)
        self._voided = {e.corrects_event_id: e for e in events if e.kind == "dinh_chinh" and e.corrects_event_id}
        self.endResetModel()

    def event_at(self, row: int) -> Event | None:
        return self._events[row] if 0 <= row < len(self._events) else None

    def is_voided(self, event_id: int) -> bool:
        return event_id in self._voided

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._events)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal \
                and 0 <= section < len(HEADERS):
            return HEADERS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._events):
            return None
        event = self._events[index.row()]
        voided = event.id in self._voided
        if role == EVENT_ID_ROLE:
            return event.id
        if role == Qt.ItemDataRole.ForegroundRole:
            return _GREY if voided else (_CORRECTION if event.kind == "dinh_chinh" else None)
        if role == Qt.ItemDataRole.FontRole and voided:
            font = QFont()
            font.setStrikeOut(True)
            return font
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._text(event, index.column(), voided)
        return None

    def _text(self, event: Event, column: int, voided: bool) -> str:
        if column == 0:
            return vn.format_date(event.event_date)
        if column == 1:
            return event.kind_name if event.kind != "dinh_chinh" else "Đính chính"
        if column == 2:
            when = f" ngày {vn.format_date(event.decision_date)}" if event.decision_date else ""
            return event.decision_no + when if event.decision_no else ""
        if column == 3:
            return self._org_names.get(event.org_id, "") if event.org_id else event.other_place
        return self._note(event, voided)

    def _note(self, event: Event, voided: bool) -> str:
        if event.kind == "dinh_chinh":
            target = next((e for e in self._events if e.id == event.corrects_event_id), None)
            what = f"hủy “{target.kind_name}” ngày {vn.format_date(target.event_date)}" if target else "hủy một sự kiện"
            return f"{what}. Lý do: {event.detail}"
        parts = []
        if voided:
            reason = self._voided[event.id].detail
            parts.append(f"ĐÃ ĐÍNH CHÍNH ngày {vn.format_date(self._voided[event.id].event_date)} ({reason})")
        if event.detail and not (event.kind == "ky_luat" and event.detail in DISCIPLINE_LEVELS):
            parts.append(event.detail)
        return "; ".join(parts)


def kind_label(kind: str) -> str:
    return member_events.EVENT_KINDS.get(kind, kind)
