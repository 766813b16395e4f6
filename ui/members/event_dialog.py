"""Recording the next step in a member's history: only the kinds that are valid now are offered."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable
from dataclasses import replace

from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QWidget,
)

from models import vn
from models.errors import UserError
from models.people import member_events, members
from models.people.member_events import DISCIPLINE_LEVELS, EVENT_KINDS, Event
from ui.common.form_dialog import FormDialog
from ui.common.pickers import org_picker
from ui.common.widgets import DateEdit, ask_text, limit_lengths

# Kinds that name the organisation the member belongs to afterwards (chosen from the commune's cells).
_ORG_KINDS = ("chuyen_den", "tam_den", "ket_nap_lai")
# Kinds that name a place outside the commune (free text).
_PLACE_KINDS = {"tam_di": "Nơi sinh hoạt tạm thời", "chuyen_den": "Chuyển từ (nơi đi)",
                "tam_den": "Từ (nơi sinh hoạt chính thức)"}


def ask_reason(parent: QWidget | None, title: str, text: str) -> str | None:
    """Ask for a short text (the reason of a correction); None when the user cancels. Tests replace this."""
    return ask_text(parent, title, text, "Đồng ý", "Hủy")


class EventDialog(FormDialog[Event]):
    """Collects one Event. ``save`` (given by the caller) stores it; a refusal keeps the dialog open."""

    def __init__(self, conn: sqlite3.Connection, member_id: int, parent: QWidget | None = None,
                 save: Callable[[Event], object] | None = None) -> None:
        member = members.get(conn, member_id)
        state = members.state(conn, member_id)
        super().__init__(f"Ghi sự kiện – {member.full_name}", parent, save,
                         f"<b>{member.full_name}</b> – hiện nay: {state.status_name.lower()}"
                         + (f", {state.standing_name.lower()}" if state.standing else ""))
        self.conn = conn
        self.member_id = member_id
        self.state = state
        self._build()
        self._kind_changed()
        self.mark_unchanged()

    # ------------------------------------------------------------ layout

    def _build(self) -> None:
        form = self.form
        self.kind = QComboBox()
        allowed = member_events.allowed_kinds(self.state)
        if allowed:   # no preselected kind: Enter on a fresh dialog must not record an exemption by accident
            self.kind.addItem("— Chọn sự kiện cần ghi —", None)
        for kind in allowed:
            self.kind.addItem(EVENT_KINDS[kind], kind)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        form.addRow("Sự kiện:", self.kind)
        self.date = DateEdit("Ngày")
        self.date.set_date(dt.date.today())
        form.addRow("Ngày:", self.date)
        self.decision_no = QLineEdit()
        self.decision_no.setPlaceholderText("ví dụ 125-QĐ/ĐU")
        form.addRow("Số quyết định:", self.decision_no)
        self.decision_date = DateEdit("Ngày quyết định")
        form.addRow("Ngày quyết định:", self.decision_date)
        self._build_transfer(form)
        self.level = QComboBox()
        for key, label in DISCIPLINE_LEVELS.items():
            self.level.addItem(label, key)
        form.addRow("Hình thức kỷ luật:", self.level)
        self.detail = QLineEdit()
        self.detail.setPlaceholderText("lý do, ghi chú (nếu có)")
        form.addRow("Ghi chú:", self.detail)
        for date_field in (self.date, self.decision_date):
            date_field.error_changed.connect(self.error.show_error)
        self.setMinimumWidth(560)   # the longest kind names and places stay readable
        limit_lengths(member_events.EVENT_MAX_LENGTHS,
                      {"decision_no": self.decision_no, "other_place": self.place, "detail": self.detail})
        if self.kind.count() == 0:
            self.error.show_error("Không còn sự kiện nào có thể ghi cho đảng viên này "
                                  f"(tình trạng: {self.state.status_name.lower()}).")

    def _build_transfer(self, form: QFormLayout) -> None:
        self.inside = QRadioButton("Trong xã (chọn tổ chức)")
        self.outside = QRadioButton("Ra ngoài xã (ghi nơi đến)")
        self.inside.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.inside)
        group.addButton(self.outside)
        self.inside.toggled.connect(self._kind_changed)
        box = QWidget()
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.inside)
        row.addWidget(self.outside)
        row.addStretch(1)
        form.addRow("Chuyển đi:", box)
        self.direction_box = box
        # never a silent first cell: members would land there
        self.org = org_picker(self.conn, lambda org: org.is_cell)
        self.org.refused.connect(self.error.show_error)
        form.addRow("Tổ chức:", self.org)
        self.place = QLineEdit()
        self.place.setPlaceholderText("ví dụ Chi bộ Công ty ABC, Đảng bộ phường X, tỉnh Y")
        form.addRow("Nơi:", self.place)

    def _kind_changed(self, *_: object) -> None:
        kind = self.current_kind()
        transfer_out = kind == "chuyen_di"
        self._show_row(self.direction_box, transfer_out)
        self._show_row(self.org, kind in _ORG_KINDS or (transfer_out and self.inside.isChecked()))
        self._show_row(self.place, kind in _PLACE_KINDS or (transfer_out and self.outside.isChecked()))
        label = self.form.labelForField(self.place)
        if isinstance(label, QLabel):
            label.setText(_PLACE_KINDS.get(kind, "Nơi chuyển đến") + ":")
        self._show_row(self.level, kind == "ky_luat")
        self.adjustSize()

    def _show_row(self, field: QWidget, visible: bool) -> None:
        self.form.setRowVisible(field, visible)

    def current_kind(self) -> str:
        return str(self.kind.currentData() or "")

    # ------------------------------------------------------------ result

    def collect(self) -> Event:
        """The event as entered; raises UserError when something is missing or unreadable."""
        kind = self.current_kind()
        if not kind and self.kind.count() > 0:
            raise UserError("Hãy chọn sự kiện cần ghi trong ô “Sự kiện”.")
        if not kind:
            raise UserError("Không còn sự kiện nào có thể ghi cho đảng viên này.")
        day = self.date.date()
        if day is None:
            raise UserError("Hãy nhập ngày của sự kiện (ngày/tháng/năm).")
        org_id: int | None = None
        place = ""
        if kind in _ORG_KINDS or (kind == "chuyen_di" and self.inside.isChecked()):
            org_id = self.org.value()
            if org_id is None:
                raise UserError("Hãy chọn tổ chức đảng trong ô “Tổ chức”.")
        if kind in _PLACE_KINDS or (kind == "chuyen_di" and self.outside.isChecked()):
            place = vn.nfc(self.place.text())
            if kind == "chuyen_di" and not place:
                raise UserError("Hãy ghi nơi chuyển đến (tổ chức đảng ngoài xã).")
        detail = str(self.level.currentData()) if kind == "ky_luat" else vn.nfc(self.detail.text())
        return Event(kind=kind, event_date=day, decision_no=vn.nfc(self.decision_no.text()),
                     decision_date=self.decision_date.date(), org_id=org_id, other_place=place, detail=detail)

    def store(self, event: Event) -> object:
        if self._save is None:   # no saver: still refuse what the history would not accept
            member_events.replay([*members.events(self.conn, self.member_id), _probe(event)])
        return super().store(event)


def _probe(event: Event) -> Event:
    return replace(event, id=2**62)
