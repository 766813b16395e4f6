"""Dialogs of the Học tập nghị quyết screen: a document, a study session, a Chỉ thị 05 registration.

Each collects a dataclass and hands it to ``on_save``; a UserError stays in the dialog, which stays open.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QWidget,
)

from models import vn
from models.commune.organisations import Organisation
from models.errors import UserError
from models.study import sessions as study
from models.study.sessions import Document, Session
from ui.common.form_dialog import FormDialog
from ui.common.pickers import Choice, SearchPicker, org_choices
from ui.common.widgets import DateEdit, limit_lengths


@dataclass(frozen=True)
class Ct05Entry:
    """What the Chỉ thị 05 dialog collects: one member or one organisation (the other is None)."""

    year: int
    member_id: int | None
    org_id: int | None
    commitment: str


class DocumentDialog(FormDialog[Document]):
    def __init__(self, on_save: Callable[[Document], object], current: Document | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__("Sửa văn bản học tập" if current else "Thêm văn bản học tập", parent, on_save)
        self.setMinimumWidth(560)
        self.doc_id = current.id if current else 0
        self.code = QLineEdit()
        self.code.setPlaceholderText("ví dụ 57-NQ/TW")
        self.kind = QComboBox()
        for key, name in study.document_kinds().items():
            self.kind.addItem(name, key)
        self.title = QLineEdit()
        self.title.setPlaceholderText("ví dụ Về đột phá phát triển khoa học, công nghệ")
        self.issuer = QLineEdit()
        self.issuer.setPlaceholderText("ví dụ Bộ Chính trị")
        self.issued_on = DateEdit("Ngày ban hành")
        self.form.addRow("&Số, ký hiệu:", self.code)
        self.form.addRow("Loại &văn bản:", self.kind)
        self.form.addRow("&Trích yếu:", self.title)
        self.form.addRow("&Cơ quan ban hành:", self.issuer)
        self.form.addRow("&Ngày ban hành:", self.issued_on)
        if current:
            self.code.setText(current.code)
            self.kind.setCurrentIndex(max(self.kind.findData(current.kind), 0))
            self.title.setText(current.title)
            self.issuer.setText(current.issuer)
            self.issued_on.set_date(current.issued_on)
        limit_lengths(study.MAX_LENGTHS, {"code": self.code, "title": self.title, "issuer": self.issuer})
        self.mark_unchanged()

    def collect(self) -> Document:
        return Document(self.code.text(), self.title.text(), self.issuer.text(), self.issued_on.date(),
                        str(self.kind.currentData()), self.doc_id)


_KEY_ROLE = Qt.ItemDataRole.UserRole + 1   # an organisation's name folded, for the filter line


class SessionDialog(FormDialog[Session]):
    """A study session: document, day, form, connection points, and the organisations invited."""

    def __init__(self, documents: list[Document], orgs: list[tuple[Organisation, int]],
                 on_save: Callable[[Session], object], current: Session | None = None,
                 preselect: list[int] | None = None, parent: QWidget | None = None) -> None:
        super().__init__("Sửa buổi học tập" if current else "Thêm buổi học tập nghị quyết", parent, on_save)
        self.setMinimumWidth(620)
        self.session_id = current.id if current else 0
        self.document = QComboBox()
        for doc in documents:
            self.document.addItem(doc.label, doc.id)
        self.document.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.document.setMinimumContentsLength(40)
        self.held_on = DateEdit("Ngày học tập")
        self.mode = QComboBox()
        for key, name in study.mode_names().items():
            self.mode.addItem(name, key)
        self.points = QSpinBox()
        self.points.setRange(1, 1000)
        self.place = QLineEdit()
        self.place.setPlaceholderText("ví dụ Hội trường Đảng ủy xã")
        self.form.addRow("&Văn bản học tập:", self.document)
        self.form.addRow("&Ngày học tập:", self.held_on)
        self.form.addRow("&Hình thức:", self.mode)
        self.form.addRow("Số điểm &cầu:", self.points)
        self.form.addRow("Địa đ&iểm:", self.place)
        self.body.addWidget(QLabel("Tổ chức đảng được triệu tập "
                                      "(đảng viên của các chi bộ trực thuộc cũng được tính):"))
        self.org_filter = QLineEdit()
        self.org_filter.setPlaceholderText("Lọc danh sách: gõ một phần tên tổ chức (không dấu cũng được)")
        self.org_filter.setClearButtonEnabled(True)
        self.org_filter.textChanged.connect(self._filter_orgs)
        self.body.addWidget(self.org_filter)
        self.orgs = QListWidget()
        self.orgs.setMinimumHeight(180)
        for org, depth in orgs:
            item = QListWidgetItem("      " * depth + org.name)
            item.setData(Qt.ItemDataRole.UserRole, org.id)
            item.setData(_KEY_ROLE, vn.fold(org.name))
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.orgs.addItem(item)
        self.body.addWidget(self.orgs)
        pick = QHBoxLayout()
        everyone = QPushButton("Chọn &tất cả")
        nobody = QPushButton("&Bỏ chọn")
        everyone.clicked.connect(lambda: self._check_all(True))
        nobody.clicked.connect(lambda: self._check_all(False))
        pick.addWidget(everyone)
        pick.addWidget(nobody)
        pick.addStretch(1)
        self.body.addLayout(pick)
        note = QLabel("Khi lưu, mọi đảng viên đang sinh hoạt ở các tổ chức đã chọn được ghi là có mặt; "
                      "sau đó bỏ dấu “Có mặt” của người vắng trong danh sách điểm danh.")
        note.setWordWrap(True)
        self.body.addWidget(note)
        self._show(current, preselect or [])
        limit_lengths(study.MAX_LENGTHS, {"place": self.place})
        self.mark_unchanged()

    def _show(self, current: Session | None, preselect: list[int]) -> None:
        chosen = set(current.org_ids) if current else set(preselect)
        for row in range(self.orgs.count()):
            item = self.orgs.item(row)
            if item.data(Qt.ItemDataRole.UserRole) in chosen:
                item.setCheckState(Qt.CheckState.Checked)
        if current is None:
            self.held_on.set_date(dt.date.today())
            return
        self.document.setCurrentIndex(max(self.document.findData(current.document_id), 0))
        self.held_on.set_date(current.held_on)
        self.mode.setCurrentIndex(max(self.mode.findData(current.mode), 0))
        self.points.setValue(current.connection_points)
        self.place.setText(current.place)

    def _filter_orgs(self, text: str) -> None:
        """Show only the organisations whose name holds every typed word; what was ticked stays ticked."""
        key = vn.fold(text)
        for row in range(self.orgs.count()):
            item = self.orgs.item(row)
            self.orgs.setRowHidden(row, bool(key) and not vn.words_match(key, str(item.data(_KEY_ROLE))))

    def _check_all(self, checked: bool) -> None:
        """Tick (or untick) every organisation shown: all of them, or those the filter leaves."""
        state = Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked
        for row in range(self.orgs.count()):
            if not self.orgs.isRowHidden(row):
                self.orgs.item(row).setCheckState(state)

    def checked_orgs(self) -> tuple[int, ...]:
        return tuple(int(self.orgs.item(r).data(Qt.ItemDataRole.UserRole)) for r in range(self.orgs.count())
                     if self.orgs.item(r).checkState() == Qt.CheckState.Checked)

    def collect(self) -> Session:
        if self.document.currentData() is None:
            raise UserError("Chưa có văn bản nào. Hãy thêm văn bản học tập trước (nút “Thêm văn bản…”).")
        held_on = self.held_on.date()
        if held_on is None:
            raise UserError("Hãy nhập ngày học tập (ngày/tháng/năm).")
        return Session(int(self.document.currentData()), held_on, self.checked_orgs(), str(self.mode.currentData()),
                       self.points.value(), self.place.text(), "", self.session_id)


PEOPLE_LOADING = "Đang tải danh sách đảng viên…"


class Ct05Dialog(FormDialog[Ct05Entry]):
    """A Chỉ thị 05 registration of one member or one organisation for a year.

    ``people`` None: the members are still being read (10,000 take about half a second, so the view reads them
    in a worker); the member picker says so until ``set_people`` gives them.
    """

    def __init__(self, year: int, people: list[Choice] | None, orgs: list[Organisation],
                 on_save: Callable[[Ct05Entry], object], parent: QWidget | None = None) -> None:
        super().__init__(f"Đăng ký học tập và làm theo Bác năm {year} (Chỉ thị 05)", parent, on_save)
        self.setMinimumWidth(560)
        self.year = year
        self.personal = QRadioButton("&Cá nhân (đảng viên)")
        self.collective = QRadioButton("&Tập thể (tổ chức đảng)")
        self.personal.setChecked(True)
        kinds = QHBoxLayout()
        kinds.addWidget(self.personal)
        kinds.addWidget(self.collective)
        kinds.addStretch(1)
        self.member = SearchPicker("đảng viên", placeholder=PEOPLE_LOADING)
        self.people_loaded = False
        self.member.refused.connect(self.error.show_error)
        self.org = SearchPicker("tổ chức đảng")
        self.org.set_choices(org_choices(orgs, lambda _: True), orgs[0].id if len(orgs) == 1 else None)
        self.org.refused.connect(self.error.show_error)
        self.commitment = QPlainTextEdit()
        self.commitment.setPlaceholderText("ví dụ: Gương mẫu vận động gia đình hiến đất làm đường thôn")
        self.commitment.setFixedHeight(90)
        self.form.addRow("Đăng ký của:", kinds)
        self.form.addRow("Đảng &viên:", self.member)
        self.form.addRow("Tổ c&hức:", self.org)
        self.form.addRow("&Nội dung đăng ký:", self.commitment)
        self.personal.toggled.connect(self._kind_changed)
        if people is not None:
            self.set_people(people)
        self._kind_changed()
        self.mark_unchanged()

    def set_people(self, people: list[Choice]) -> None:
        """The members the clerk may pick; nobody chosen in advance: the clerk picks the person."""
        self.member.set_choices(people)
        line = self.member.lineEdit()
        assert line is not None   # an editable combo box always has one
        line.setPlaceholderText("gõ một phần họ tên (không dấu cũng được) rồi chọn")
        self.people_loaded = True
        self._kind_changed()

    def _kind_changed(self) -> None:
        self.member.setEnabled(self.personal.isChecked() and self.people_loaded)
        self.org.setEnabled(not self.personal.isChecked())

    def collect(self) -> Ct05Entry:
        member_id, org_id = self._who()
        text = vn.nfc(self.commitment.toPlainText())
        if not text:
            raise UserError("Hãy nhập nội dung đăng ký làm theo (việc cụ thể sẽ làm trong năm), "
                            "ví dụ “Gương mẫu vận động gia đình hiến đất làm đường thôn”.")
        return Ct05Entry(self.year, member_id, org_id, text)

    def _who(self) -> tuple[int | None, int | None]:
        """(member id, None) for a personal registration, (None, organisation id) for a collective one."""
        if self.personal.isChecked():
            if not self.people_loaded:
                raise UserError("Danh sách đảng viên đang được tải, xin chờ giây lát rồi chọn đảng viên.")
            member_id = self.member.value()
            if member_id is None:
                raise UserError("Hãy chọn một đảng viên có trong danh sách (gõ một phần họ tên rồi chọn).")
            return int(member_id), None
        org_id = self.org.value()
        if org_id is None:
            raise UserError("Hãy chọn một tổ chức đảng.")
        return None, int(org_id)
