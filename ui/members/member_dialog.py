"""The member editor: every register field (Mẫu 7-HSĐV) on one screen, and the admission for a new member.

Two columns of group boxes so nothing hides behind a tab and it fits 1366×768; Enter saves, Esc cancels.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from models import rules, vn
from models.access.session import mask_identifier
from models.commune import organisations
from models.conflicts import EditConflict
from models.errors import UserError
from models.people import member_events, members
from models.people.members import FIELD_LABELS, Admission, Member, MemberDetails
from ui.common.conflict_dialog import ConflictDialog
from ui.common.form_dialog import FormDialog
from ui.common.pickers import org_picker
from ui.common.widgets import DateEdit, exec_modal, reloading

_CHOICES = {
    "gender": ("", "Nam", "Nữ"),
    "education": ("12/12", "10/10", "9/12", "7/10", ""),
    "political_theory": ("", "Sơ cấp", "Trung cấp", "Cao cấp", "Cử nhân"),
    "armed_forces": ("", "Quân đội", "Công an", "Nghỉ hưu"),
}
_GROUPS = (
    ("Lý lịch", ("full_name", "birth_name", "gender", "birth_date", "ethnicity", "religion", "birth_place",
                 "hometown", "residence")),
    ("Thẻ đảng viên, ghi chú", ("card_number", "biography_number", "badge_number", "notes")),
    ("Trình độ, nghề nghiệp", ("education", "qualification", "political_theory", "foreign_language",
                               "occupation_before", "occupation_now", "armed_forces", "works_in_political_system")),
)
# Masked in a read-only record until revealed (as in the list and the printed register).
IDENTIFIERS = ("card_number", "biography_number", "badge_number")


def _title(member: Member | None, read_only: bool) -> str:
    if member is None:
        return "Thêm đảng viên mới"
    return f"Hồ sơ đảng viên – {member.full_name} (chỉ xem)" if read_only else \
        "Sửa hồ sơ đảng viên – " + member.full_name


@dataclass(frozen=True)
class MemberForm:
    """What the editor collected: the register fields, and the admission for a new member."""

    details: MemberDetails
    admission: Admission | None = None
    expected: MemberDetails | None = None   # what the file held when editing began: pass to members.update


class MemberDialog(FormDialog[MemberForm]):
    """Edit ``member`` (or a new one when None). ``save`` stores the form; a UserError keeps the dialog open.

    ``read_only`` (by default: the logged-in account may not write) shows the full record with Đóng only; with
    ``masked`` (the list masks them too) its card, biography and badge numbers are masked, and ``reveal``, when
    given, is what “Hiện số thẻ” calls first (it records who saw them) before they show in full.
    """

    def __init__(self, conn: sqlite3.Connection, member: Member | None = None, parent: QWidget | None = None,
                 save: Callable[[MemberForm], object] | None = None, default_org_id: int | None = None, *,
                 read_only: bool | None = None, masked: bool = True,
                 reveal: Callable[[], object] | None = None) -> None:
        super().__init__("", parent, save, read_only=read_only)
        self.setWindowTitle(_title(member, self.read_only))
        self.conn = conn
        self.masked = masked and self.read_only and member is not None   # an editable record shows what it edits
        self._reveal = reveal
        self.member = member
        self.base = member.details if member else None   # the stored version this form is editing
        self.exec_dialog: Callable[[QDialog], int] = exec_modal   # the seam tests replace
        self.fields: dict[str, Any] = {}
        self.field_errors: dict[str, QLabel] = {}
        self._build(default_org_id)
        self._load(member.details if member else MemberDetails(full_name=""))
        if self.masked:
            self._mask_identifiers()
        self.mark_unchanged()

    # ------------------------------------------------------------ layout

    def _build(self, default_org_id: int | None) -> None:
        if self.member is not None:
            self.body.addLayout(self._state_row(self.member))
        grid = QGridLayout()
        left, right = QVBoxLayout(), QVBoxLayout()
        left.addWidget(self._group(*_GROUPS[0]))
        left.addWidget(self._group(*_GROUPS[1]))
        right.addWidget(self._group(*_GROUPS[2]))
        if self.member is None:
            right.addWidget(self._admission_group(default_org_id))
        left.addStretch(1)
        right.addStretch(1)
        grid.addLayout(left, 0, 0)
        grid.addLayout(right, 0, 1)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        grid.setColumnMinimumWidth(0, 470)   # addresses are long: give the left column room
        self.body.addLayout(grid)
        self.fields["full_name"].setFocus()
        self.setMinimumWidth(1040)   # both columns readable; still fits a 1366×768 screen

    def _state_row(self, member: Member) -> QHBoxLayout:
        """Where the member stands, read-only: status changes go through events, not this form. A read-only
        record has “Hiện số thẻ” beside it when the account may see the numbers."""
        org = organisations.get(self.conn, member.org_id).name if member.org_id else "chưa có chi bộ"
        parts = [org, member.status_name + (f", {member.standing_name.lower()}" if member.standing else "")]
        if member.joined_on:
            parts.append(f"vào Đảng {vn.format_date(member.joined_on)}")
        hint = ("  <i>Chỉ xem, không sửa được ở đây.</i>" if self.read_only else
                "  <i>Chuyển sinh hoạt, chuyển chính thức, kỷ luật…: dùng “Ghi sự kiện” ở danh sách.</i>")
        label = QLabel(" · ".join(parts) + "." + hint)
        label.setStyleSheet("color: #333;")
        label.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(label, 1)
        self.reveal_button = QPushButton("Hiện số thẻ")
        self.reveal_button.setToolTip("Hiện đủ số thẻ, số lý lịch, số huy hiệu (việc này được ghi vào nhật ký)")
        self.reveal_button.setAutoDefault(False)
        self.reveal_button.clicked.connect(lambda *_: self.reveal_identifiers())
        self.reveal_button.setVisible(self.masked and self._reveal is not None)
        row.addWidget(self.reveal_button)
        return row

    def _mask_identifiers(self) -> None:
        for name in IDENTIFIERS:
            self.fields[name].setText(mask_identifier(getattr(self.base, name, "")))

    def reveal_identifiers(self) -> None:
        """“Hiện số thẻ”: recorded first (who saw whose numbers), then shown in full."""
        if self._reveal is None or self.base is None:
            return
        self._reveal()
        for name in IDENTIFIERS:
            self.fields[name].setText(getattr(self.base, name))
        self.reveal_button.setEnabled(False)

    def _group(self, title: str, names: tuple[str, ...]) -> QGroupBox:
        box = QGroupBox(title)
        form = QFormLayout(box)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for name in names:
            widget = self._field(name)
            self.fields[name] = widget
            label = FIELD_LABELS[name] + (" *" if name == "full_name" else "") + ":"
            if name == "works_in_political_system":
                form.addRow("", widget)
                continue
            form.addRow(label, widget)
            if name in ("full_name", "birth_date", "card_number"):
                error = QLabel()
                error.setStyleSheet("color: #c0392b;")
                error.hide()
                self.field_errors[name] = error
                form.addRow("", error)
        return box

    def _field(self, name: str) -> QWidget:
        if name == "birth_date":
            date = DateEdit(FIELD_LABELS[name])
            date.error_changed.connect(lambda text: self._field_error("birth_date", text))
            date.editingFinished.connect(self._check_birth_date)
            return date
        if name == "works_in_political_system":
            return QCheckBox("Đang công tác trong hệ thống chính trị")
        if name in _CHOICES:
            combo = QComboBox()
            combo.addItems(list(_CHOICES[name]))
            combo.setEditable(name != "gender")
            return combo
        edit = QLineEdit()
        if name == "full_name":
            edit.setPlaceholderText("ví dụ Nguyễn Văn An")
            edit.editingFinished.connect(self._check_name)
        elif name == "card_number":
            edit.setMaxLength(members.CARD_MAX_LENGTH)
            edit.setPlaceholderText("8 chữ số (thẻ cũ) hoặc số thẻ mới")
            edit.editingFinished.connect(self._check_card)
        return edit

    def _admission_group(self, default_org_id: int | None) -> QGroupBox:
        box = QGroupBox("Vào Đảng")
        form = QFormLayout(box)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        # No silent default: a member saved into the first cell of the list by mistake is hard to notice.
        self.org = org_picker(self.conn, lambda org: org.is_cell, selected=default_org_id,
                              placeholder="— gõ tên chi bộ (không dấu cũng được) hoặc bấm mũi tên để chọn —")
        self.org.refused.connect(self.error.show_error)
        form.addRow("Chi bộ sinh hoạt *:", self.org)
        self.joined_on = DateEdit("Ngày vào Đảng")
        self.joined_on.editingFinished.connect(self._suggest_official)
        form.addRow("Ngày vào Đảng *:", self.joined_on)
        self.decision_no = QLineEdit()
        self.decision_no.setPlaceholderText("số quyết định kết nạp")
        form.addRow("Số quyết định:", self.decision_no)
        self.official_on = DateEdit("Ngày chính thức")
        form.addRow("Ngày chính thức:", self.official_on)
        self.official_hint = QLabel()
        self.official_hint.setWordWrap(True)
        self.official_hint.setStyleSheet("color: #555;")
        self.official_hint.hide()
        form.addRow("", self.official_hint)
        self.official_decision_no = QLineEdit()
        form.addRow("Số QĐ chính thức:", self.official_decision_no)
        self.elsewhere = QCheckBox("Kết nạp nơi khác, chuyển đến")
        self.elsewhere.toggled.connect(self._elsewhere_toggled)
        form.addRow("", self.elsewhere)
        self.elsewhere_place = QLineEdit()
        self.elsewhere_place.setPlaceholderText("nơi kết nạp / nơi chuyển đi")
        form.addRow("Nơi kết nạp:", self.elsewhere_place)
        self.arrived_on = DateEdit("Ngày chuyển đến")
        form.addRow("Ngày chuyển đến:", self.arrived_on)
        self.admission_form = form
        limits = member_events.EVENT_MAX_LENGTHS   # these become the admission events' texts
        for line, name in ((self.decision_no, "decision_no"), (self.official_decision_no, "decision_no"),
                           (self.elsewhere_place, "other_place")):
            line.setMaxLength(limits[name])
        for date in (self.joined_on, self.official_on, self.arrived_on):
            date.error_changed.connect(self.error_or_clear)
        self._elsewhere_toggled(False)
        return box

    def error_or_clear(self, text: str) -> None:
        self.error.show_error(text)

    def _elsewhere_toggled(self, on: bool) -> None:
        self.admission_form.setRowVisible(self.elsewhere_place, on)
        self.admission_form.setRowVisible(self.arrived_on, on)

    # ------------------------------------------------------------ values in and out

    def _load(self, details: MemberDetails) -> None:
        typed = {name: widget for name, widget in self.fields.items() if name in members.MAX_LENGTHS}
        with reloading(members.MAX_LENGTHS, typed):   # limits the register holds, an older longer text shown whole
            self._show_details(details)

    def _show_details(self, details: MemberDetails) -> None:
        for name, widget in self.fields.items():
            value = getattr(details, name)
            if isinstance(widget, DateEdit):
                widget.set_date(value)
            elif isinstance(widget, QCheckBox):
                widget.setChecked(bool(value))
            elif isinstance(widget, QComboBox):
                if widget.findText(value) < 0:
                    widget.addItem(value)
                widget.setCurrentText(value)
            else:
                widget.setText(value)

    def details(self) -> MemberDetails:
        """The register fields as typed; raises UserError for a date that is not a date."""
        values: dict[str, Any] = {}
        for name, widget in self.fields.items():
            if isinstance(widget, DateEdit):
                values[name] = widget.date()
            elif isinstance(widget, QCheckBox):
                values[name] = widget.isChecked()
            elif isinstance(widget, QComboBox):
                values[name] = vn.nfc(widget.currentText())
            else:
                values[name] = vn.nfc(widget.text())
        return MemberDetails(**values)

    def admission(self) -> Admission | None:
        if self.member is not None:
            return None
        joined = self.joined_on.date()
        if joined is None:
            raise UserError("Hãy nhập ngày vào Đảng (ngày ký quyết định kết nạp), dạng ngày/tháng/năm.")
        org_id = self.org.value()
        if org_id is None and self.org.count() == 0:
            raise UserError("Chưa có chi bộ nào. Hãy tạo chi bộ trong menu Tổ chức trước khi thêm đảng viên.")
        if org_id is None:
            raise UserError("Hãy chọn chi bộ sinh hoạt của đảng viên (ô “Chi bộ sinh hoạt”).")
        official = self.official_on.date()
        if official and official > dt.date.today():
            raise UserError(f"Ngày chính thức {vn.format_date(official)} chưa đến. Hãy để trống; đến ngày đó hãy "
                            "ghi sự kiện “Chuyển đảng viên chính thức”.")
        place = vn.nfc(self.elsewhere_place.text()) if self.elsewhere.isChecked() else ""
        if self.elsewhere.isChecked() and not place:
            raise UserError("Hãy ghi nơi kết nạp (đảng bộ, chi bộ nơi đảng viên được kết nạp).")
        return Admission(joined_on=joined, org_id=int(org_id), decision_no=vn.nfc(self.decision_no.text()),
                         official_on=official, official_decision_no=vn.nfc(self.official_decision_no.text()),
                         admitted_elsewhere=place,
                         arrived_on=self.arrived_on.date() if self.elsewhere.isChecked() else None)

    # ------------------------------------------------------------ inline checks

    def _field_error(self, name: str, text: str) -> None:
        """One short line beside the field (the first sentence); the whole message as a tooltip."""
        label = self.field_errors[name]
        label.setText(text.split(". ")[0])
        label.setToolTip(text)
        label.setVisible(bool(text))
        if text:
            self.error.show_error(text)

    def _check_name(self) -> None:
        name = vn.nfc(self.fields["full_name"].text())
        self._field_error("full_name", "" if len(name.split()) >= 2 or not name
                          else "Hãy nhập đủ họ và tên (ít nhất hai chữ).")

    def _check_birth_date(self) -> None:
        try:
            born = self.fields["birth_date"].date()
        except UserError:
            return  # the field already shows why
        if born is not None:
            self._field_error("birth_date", members.birth_date_problem(born, dt.date.today()))

    def _check_card(self) -> None:
        card = vn.nfc(self.fields["card_number"].text())
        problem = members.card_owner(self.conn, card, self.member.id if self.member else None) if card else None
        self._field_error("card_number", problem or "")

    def _suggest_official(self) -> None:
        try:
            joined = self.joined_on.date()
        except UserError:
            return
        self.official_hint.setVisible(joined is not None)
        if joined is None:
            self.official_hint.setText("")
            return
        due = members.default_official_on(joined)
        if due <= dt.date.today():
            if not self.official_on.text():
                self.official_on.set_date(due)
            months = rules.for_date(joined).probation_months
            self.official_hint.setText(f"Đủ {months} tháng dự bị ngày {vn.format_date(due)}.")
        else:
            self.official_hint.setText(f"Còn dự bị; dự kiến chính thức ngày {vn.format_date(due)}.")

    # ------------------------------------------------------------ closing

    def collect(self) -> MemberForm:
        details = members.clean_details(self.details())
        admission = self.admission()
        problem = members.card_owner(self.conn, details.card_number, self.member.id if self.member else None)
        if problem:
            raise UserError(problem)
        return MemberForm(details=details, admission=admission, expected=self.base)

    def refused(self, error: UserError) -> None:
        if isinstance(error, EditConflict):
            self._settle_conflict(error)
        else:
            self._show_problem(error.message)

    def _show_problem(self, message: str) -> None:
        self.error.show_error(message)
        for name, label in FIELD_LABELS.items():
            if message.startswith(label) or (name == "card_number" and message.startswith("Số thẻ")):
                self.fields[name].setFocus()
                break

    def _settle_conflict(self, conflict: EditConflict) -> None:
        """Saved elsewhere meanwhile: the clerk sees both versions and keeps theirs, takes the stored one or stays."""
        dialog = ConflictDialog(conflict, FIELD_LABELS, self)
        self.exec_dialog(dialog)
        if dialog.choice == "mine":
            self.base = conflict.stored   # overwrite on purpose: exactly the version the clerk has just seen
            self.accept()
        elif dialog.choice == "theirs":
            self.base = conflict.stored
            self._load(conflict.stored)
            self.mark_unchanged()
            self.error.show_error("")
        else:
            self.error.show_error("Chưa lưu: hồ sơ trong tệp đã khác bản bạn mở. Sửa tiếp rồi bấm “Lưu” "
                                  "để xem lại hai bản và chọn.")

    # ------------------------------------------------------------ unsaved edits (ui.unsaved protocol)

    def unsaved_changes(self) -> str:
        whose = f"Hồ sơ đảng viên {self.member.full_name}" if self.member else "Hồ sơ đảng viên mới"
        return f"{whose} có thay đổi chưa lưu" if self.has_changes() else ""
