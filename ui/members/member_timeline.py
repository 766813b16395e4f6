"""A member's history as a small table: every event as recorded, mistakes visibly voided, never hidden."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont

from models import vn
from models.people import member_events
from models.people.member_events import DISCIPLINE_LEVELS, Event
from ui.common.table_model import Column, TableModel

EVENT_ID_ROLE = Qt.ItemDataRole.UserRole + 1
_GREY = QBrush(QColor("#7f8c8d"))
_CORRECTION = QBrush(QColor("#8e44ad"))


class EventTableModel(TableModel[Event]):
    """Events in date order; a voided event is struck through and says “đã đính chính”."""

    def __init__(self, parent: Any = None) -> None:
        self._org_names: dict[int, str] = {}
        self._voided: dict[int, Event] = {}
        super().__init__(self._columns(), parent)

    def _columns(self) -> tuple[Column[Event], ...]:
        def column(key: str, label: str, text: Callable[[Event], str], width: int = 0) -> Column[Event]:
            return Column(key, label, text, tooltip=text, width=width)
        return (
            column("event_date", "Ngày", lambda e: vn.format_date(e.event_date), 85),
            column("kind", "Sự kiện", lambda e: e.kind_name if e.kind != "dinh_chinh" else "Đính chính", 230),
            column("decision", "Số quyết định", _decision, 140),
            column("place", "Tổ chức / nơi", self._place, 200),
            column("note", "Ghi chú", self._note),      # the last column stretches
        )

    def set_events(self, events: list[Event], org_names: dict[int, str]) -> None:
        self._org_names = dict(org_names)
        self._voided = {e.corrects_event_id: e for e in events if e.kind == "dinh_chinh" and e.corrects_event_id}
        self.set_rows(events)

    def event_at(self, row: int) -> Event | None:
        return self.row_at(row)

    def is_voided(self, event_id: int) -> bool:
        return event_id in self._voided

    def row_look(self, row: Event, role: int) -> Any:
        voided = row.id in self._voided
        if role == EVENT_ID_ROLE:
            return row.id
        if role == Qt.ItemDataRole.ForegroundRole:
            return _GREY if voided else (_CORRECTION if row.kind == "dinh_chinh" else None)
        if role == Qt.ItemDataRole.FontRole and voided:
            font = QFont()
            font.setStrikeOut(True)
            return font
        return None

    def _place(self, event: Event) -> str:
        return self._org_names.get(event.org_id, "") if event.org_id else event.other_place

    def _note(self, event: Event) -> str:
        if event.kind == "dinh_chinh":
            target = next((e for e in self.rows if e.id == event.corrects_event_id), None)
            what = f"hủy “{target.kind_name}” ngày {vn.format_date(target.event_date)}" if target else "hủy một sự kiện"
            return f"{what}. Lý do: {event.detail}"
        parts = []
        if event.id in self._voided:
            reason = self._voided[event.id].detail
            parts.append(f"ĐÃ ĐÍNH CHÍNH ngày {vn.format_date(self._voided[event.id].event_date)} ({reason})")
        if event.detail and not (event.kind == "ky_luat" and event.detail in DISCIPLINE_LEVELS):
            parts.append(event.detail)
        return "; ".join(parts)


def _decision(event: Event) -> str:
    when = f" ngày {vn.format_date(event.decision_date)}" if event.decision_date else ""
    return event.decision_no + when if event.decision_no else ""


def kind_label(kind: str) -> str:
    return member_events.EVENT_KINDS.get(kind, kind)
