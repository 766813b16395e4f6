"""Small dialogs for the organisation tree: create, rename, move, merge, dissolve, leadership.

Each collects a dataclass; the caller passes ``save`` which stores it, and a refusal (UserError)
keeps the dialog open with the Vietnamese reason under the form.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from models import vn
from models.commune import organisations
from models.commune.organisations import CATEGORIES, POSITIONS, UNIT_TYPES, NewOrganisation, Organisation, Position
from models.errors import UserError
from models.people import member_list
from models.people.member_list import MemberFilter
from ui.common.form_dialog import FormDialog, GuardedDialog
from ui.common.pickers import Choice, org_picker, person_picker
from ui.common.table_model import Column, TableModel, record_view
from ui.common.widgets import DateEdit, ErrorLabel, ask, limit_lengths


@dataclass(frozen=True)
class Rename:
    name: str


@dataclass(frozen=True)
class Move:
    parent_id: int | None


@dataclass(frozen=True)
class Dissolve:
    on: dt.date


@dataclass(frozen=True)
class Merge:
    target_id: int
    on: dt.date
    decision_no: str = ""


@dataclass(frozen=True)
class Appointment:
    member_id: int
    position: str
    start_on: dt.date
    decision_no: str = ""


_UNDER_COMMUNE = Choice("Trực thuộc Đảng bộ xã", None)


def _required_date(field: DateEdit, what: str) -> dt.date:
    value = field.date()
    if value is None:
        raise UserError(f"Hãy nhập {what} (ngày/tháng/năm).")
    return value


class NewOrgDialog(FormDialog[NewOrganisation]):
    def __init__(self, conn: sqlite3.Connection, parent: QWidget | None = None,
                 save: Callable[[NewOrganisation], object] | None = None, parent_id: int | None = None) -> None:
        super().__init__("Thêm tổ chức đảng", parent, save)
        self.name = QLineEdit()
        self.name.setPlaceholderText("ví dụ Chi bộ thôn Đông")
        self.form.addRow("Tên tổ chức *:", self.name)
        self.parent_org = org_picker(conn, lambda o: o.unit_type != "to_dang", first=_UNDER_COMMUNE, selected=parent_id)
        self.parent_org.refused.connect(self.error.show_error)
        self.form.addRow("Trực thuộc:", self.parent_org)
        self.unit_type = QComboBox()
        for key, label in UNIT_TYPES.items():
            self.unit_type.addItem(label, key)
        self.form.addRow("Loại tổ chức:", self.unit_type)
        self.category = QComboBox()
        for key, label in CATEGORIES.items():
            self.category.addItem(label, key)
        self.form.addRow("Loại hình:", self.category)
        self.founded_on = self.date_field("Ngày thành lập")
        self.note = QLineEdit()
        self.form.addRow("Ghi chú:", self.note)
        self.conn = conn
        self.parent_org.currentIndexChanged.connect(self._suggest_type)
        self._suggest_type()
        limit_lengths(organisations.MAX_LENGTHS, {"name": self.name, "note": self.note})
        self.mark_unchanged()

    def _suggest_type(self, *_: object) -> None:
        parent_id = self.parent_org.currentData()
        parent_type = organisations.get(self.conn, parent_id).unit_type if parent_id else None
        suggestion = {None: "chi_bo_co_so", "dang_bo_co_so": "chi_bo_truc_thuoc"}.get(parent_type, "to_dang")
        self.unit_type.setCurrentIndex(self.unit_type.findData(suggestion))

    def collect(self) -> NewOrganisation:
        return NewOrganisation(name=vn.nfc(self.name.text()), unit_type=str(self.unit_type.currentData()),
                               category=str(self.category.currentData()), parent_id=self.parent_org.value(),
                               founded_on=self.founded_on.date(), note=vn.nfc(self.note.text()))


class RenameDialog(FormDialog[Rename]):
    def __init__(self, org: Organisation, parent: QWidget | None = None,
                 save: Callable[[Rename], object] | None = None) -> None:
        super().__init__("Đổi tên tổ chức", parent, save, f"Tên cũ: {org.name}. Tên cũ vẫn được ghi trong nhật ký.")
        self.name = QLineEdit(org.name)
        self.name.selectAll()
        self.form.addRow("Tên mới *:", self.name)
        limit_lengths(organisations.MAX_LENGTHS, {"name": self.name})
        self.mark_unchanged()

    def collect(self) -> Rename:
        name = vn.nfc(self.name.text())
        if not name:
            raise UserError("Tên tổ chức đảng không được để trống.")
        return Rename(name)


class MoveDialog(FormDialog[Move]):
    def __init__(self, conn: sqlite3.Connection, org: Organisation, parent: QWidget | None = None,
                 save: Callable[[Move], object] | None = None) -> None:
        super().__init__("Chuyển tổ chức sang đơn vị khác", parent, save,
                         f"Chuyển {org.name} về trực thuộc đơn vị khác. Chi bộ đặt vào một đảng bộ cơ sở sẽ thành "
                         "chi bộ trực thuộc; đưa ra trực thuộc Đảng bộ xã sẽ thành chi bộ cơ sở.")
        inside = set(organisations.descendants(conn, org.id))
        self.parent_org = org_picker(conn, lambda o: o.id not in inside and o.unit_type != "to_dang",
                                     first=_UNDER_COMMUNE, selected=org.parent_id)
        self.parent_org.refused.connect(self.error.show_error)
        self.form.addRow("Trực thuộc mới:", self.parent_org)
        self.mark_unchanged()

    def collect(self) -> Move:
        return Move(self.parent_org.value())


class DissolveDialog(FormDialog[Dissolve]):
    def __init__(self, org: Organisation, parent: QWidget | None = None,
                 save: Callable[[Dissolve], object] | None = None) -> None:
        super().__init__("Giải thể tổ chức", parent, save,
                         f"Giải thể {org.name}. Lịch sử sinh hoạt, biên bản và đảng viên cũ vẫn được giữ. "
                         "Đảng viên còn sinh hoạt phải được chuyển đi trước (hoặc dùng Hợp nhất).")
        self.on = self.date_field("Ngày giải thể", dt.date.today())
        self.mark_unchanged()

    def collect(self) -> Dissolve:
        return Dissolve(_required_date(self.on, "ngày giải thể"))


class MergeDialog(FormDialog[Merge]):
    def __init__(self, conn: sqlite3.Connection, org: Organisation, parent: QWidget | None = None,
                 save: Callable[[Merge], object] | None = None) -> None:
        super().__init__("Hợp nhất tổ chức", parent, save,
                         f"Hợp nhất {org.name} vào một tổ chức khác: đảng viên được chuyển sinh hoạt sang tổ chức "
                         "nhận (ghi thành sự kiện), đơn vị cũ được ghi giải thể; biên bản cũ vẫn giữ nguyên.")
        def fits(other: Organisation) -> bool:   # a cell merges into a cell, a đảng bộ into a đảng bộ
            same_kind = other.unit_type == org.unit_type or (other.is_cell and org.is_cell)
            return other.id != org.id and same_kind

        # No preselected target: merging into the wrong unit moves every member there.
        self.target = org_picker(conn, fits,
                                 placeholder="— gõ tên tổ chức nhận (không dấu cũng được) hoặc bấm mũi tên —")
        self.target.refused.connect(self.error.show_error)
        self.form.addRow("Hợp nhất vào *:", self.target)
        self.on = self.date_field("Ngày hợp nhất", dt.date.today())
        self.decision_no = QLineEdit()
        self.decision_no.setPlaceholderText("ví dụ 45-QĐ/ĐU")
        self.form.addRow("Số quyết định:", self.decision_no)
        limit_lengths(organisations.MAX_LENGTHS, {"decision_no": self.decision_no})
        self.mark_unchanged()

    def collect(self) -> Merge:
        target = self.target.value()
        if target is None and self.target.count() == 0:
            raise UserError("Không có tổ chức cùng loại để hợp nhất vào. Hãy tạo tổ chức nhận trước.")
        if target is None:
            raise UserError("Hãy chọn tổ chức nhận trong ô “Hợp nhất vào”.")
        return Merge(int(target), _required_date(self.on, "ngày hợp nhất"), vn.nfc(self.decision_no.text()))


POSITION_COLUMNS: tuple[Column[Position], ...] = (
    Column("position", "Chức vụ", lambda p: p.position_name),
    Column("member", "Họ và tên", lambda p: p.member_name),
    Column("start_on", "Từ ngày", lambda p: vn.format_date(p.start_on)),
    Column("end_on", "Đến ngày", lambda p: vn.format_date(p.end_on) if p.end_on else "đang giữ"),
    Column("decision_no", "Số quyết định", lambda p: p.decision_no),
)


class PositionTableModel(TableModel[Position]):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(POSITION_COLUMNS, parent)


class PositionsDialog(GuardedDialog):
    """The leadership of one organisation over time, with appointing and ending terms.

    Closing with an appointment typed but not recorded asks first; “Lưu” there is “Ghi bổ nhiệm”.
    """

    def __init__(self, conn: sqlite3.Connection, org: Organisation, parent: QWidget | None = None,
                 appoint: Callable[[Appointment], object] | None = None,
                 end: Callable[[int, dt.date], object] | None = None) -> None:
        super().__init__(parent)
        self.conn, self.org = conn, org
        self._appoint = appoint or (lambda a: organisations.set_position(
            conn, org.id, a.member_id, a.position, a.start_on, a.decision_no))
        self._end = end or (lambda pid, day: organisations.end_position(conn, pid, day))
        self.setWindowTitle(f"Cấp ủy – {org.name}")
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Bí thư, phó bí thư, chi ủy viên qua các thời kỳ (không xóa lịch sử):"))
        self.model = PositionTableModel(self)
        self.table = record_view(self.model)
        self.table.horizontalHeader().setStretchLastSection(True)
        for column, width in enumerate((110, 190, 90, 90)):
            self.table.horizontalHeader().resizeSection(column, width)
        layout.addWidget(self.table, 1)
        layout.addWidget(self._appoint_box())
        self.error = ErrorLabel()
        self.error.show_error("")
        layout.addWidget(self.error)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.button(QDialogButtonBox.StandardButton.Close).setText("Đóng")
        close.rejected.connect(self.reject)
        layout.addWidget(close)
        self.resize(680, 480)
        self.reload()
        self.mark_unchanged()

    def _appoint_box(self) -> QGroupBox:
        box = QGroupBox("Bổ nhiệm / bầu mới")
        form = QFormLayout(box)
        # nobody preselected: a quick click must not appoint the first name
        self.member = person_picker(member_list.load(
            self.conn, member_list.find_ids(self.conn, MemberFilter(org_id=self.org.id))))
        form.addRow("Đảng viên:", self.member)
        self.position = QComboBox()
        for key, label in POSITIONS.items():
            self.position.addItem(label, key)
        form.addRow("Chức vụ:", self.position)
        self.start_on = DateEdit("Ngày")
        self.start_on.set_date(dt.date.today())
        self.start_on.error_changed.connect(lambda text: self.error.show_error(text))
        # one date serves both buttons: the day of the appointment, or the day the selected term ends
        self.start_on.setToolTip("Ngày bắt đầu giữ chức (Ghi bổ nhiệm) hoặc ngày thôi chức (Thôi chức vụ)")
        form.addRow("Ngày bổ nhiệm / thôi:", self.start_on)
        self.decision_no = QLineEdit()
        limit_lengths(organisations.MAX_LENGTHS, {"decision_no": self.decision_no})
        form.addRow("Số quyết định:", self.decision_no)
        row = QHBoxLayout()
        add = QPushButton("Ghi bổ nhiệm")
        add.clicked.connect(self.add)
        self.end_button = QPushButton("Thôi chức vụ (dòng đang chọn)…")
        self.end_button.clicked.connect(self.end_selected)
        row.addWidget(add)
        row.addWidget(self.end_button)
        row.addStretch(1)
        form.addRow(row)
        return box

    def reload(self) -> None:
        self.model.set_rows(organisations.positions(self.conn, self.org.id))

    def collect(self) -> Appointment:
        member_id = self.member.value()
        if member_id is None:
            raise UserError("Hãy chọn một đảng viên của tổ chức này trong danh sách.")
        start = _required_date(self.start_on, "ngày bắt đầu giữ chức vụ")
        return Appointment(int(member_id), str(self.position.currentData()), start, vn.nfc(self.decision_no.text()))

    def add(self) -> bool:
        try:
            self._appoint(self.collect())
        except UserError as error:
            self.error.show_error(error.message)
            return False
        self.error.show_error("")
        self.reload()
        self.mark_unchanged()   # recorded: what the fields still show is no longer unsaved work
        return True

    def unsaved_changes(self) -> str:
        return "" if not super().unsaved_changes() else f"Bổ nhiệm vừa nhập ({self.windowTitle()}) chưa được ghi"

    def save_typed(self) -> bool:
        return self.add()

    def end_selected(self) -> None:
        row = self.table.currentIndex().row()
        if not 0 <= row < len(self.model.rows) or self.model.rows[row].end_on is not None:
            self.error.show_error("Hãy chọn một dòng chức vụ đang giữ trong bảng.")
            return
        held = self.model.rows[row]
        try:
            day = _required_date(self.start_on, "ngày thôi chức vụ (ô “Ngày bổ nhiệm / thôi”)")
            if day < held.start_on:
                raise UserError("Ngày thôi chức vụ phải sau ngày bắt đầu giữ chức vụ.")
        except UserError as error:
            self.error.show_error(error.message)
            return
        if not ask.confirm(self, "Thôi chức vụ", f"{held.member_name} thôi giữ chức {held.position_name.lower()} "
                                                  f"từ ngày {vn.format_date(day)}?"):
            return
        self._end(held.id, day)
        self.error.show_error("")
        self.reload()
        self.mark_unchanged()
