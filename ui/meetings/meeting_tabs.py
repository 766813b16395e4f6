"""The pages of the meeting editor, each loading from and writing back to a ``Meeting``.

Pages follow the steps of a meeting (Hướng dẫn 42-HD/BTCTW): general information, roll call, reports,
discussion, tasks and vote. Each page has ``load(meeting)`` and ``apply(meeting, strict)``; with
``strict=False`` bad typing is skipped (for live warnings) instead of raising.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from PySide6.QtCore import QAbstractItemModel, Qt, Signal
from PySide6.QtGui import QIntValidator, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from models import rules, vn
from models.errors import UserError
from models.meetings import meeting_store
from models.meetings import records as meetings
from models.meetings.records import KINDS, Followup, Meeting, Speech, Task
from ui.common.pickers import SearchPicker, name_choices
from ui.common.table_model import record_view
from ui.common.widgets import DateEdit, limit_lengths, reloading
from ui.meetings.meeting_models import AttendanceTableModel, LinesTableModel
from ui.meetings.month_fields import MeetingMonths


def text_box(placeholder: str, height: int = 70) -> QPlainTextEdit:
    box = QPlainTextEdit()
    box.setPlaceholderText(placeholder)
    box.setTabChangesFocus(True)       # Tab moves on, as in every other field: keyboard-first
    box.setMinimumHeight(height)
    return box


def table_view(model: QAbstractItemModel, stretch: int) -> QTableView:
    """A grid typed into in place; ``stretch`` is the column that takes the spare width."""
    view = record_view(model, numbered=True, editable=True)
    view.horizontalHeader().setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return view


def parse_int(text: str, label: str, strict: bool) -> int | None:
    """'150.000' → 150000; '' → None; anything else raises (strict) or gives None."""
    value = vn.nfc(text).replace(".", "").replace(",", "").replace(" ", "").removesuffix("đồng").removesuffix("đ")
    if not value:
        return None
    if value.isdigit():
        return int(value)
    if strict:
        raise UserError(f"{label}: “{text}” không phải là số. Hãy gõ một số nguyên, ví dụ 150000.")
    return None


def hidden_id(row: list[str]) -> int | None:
    """The id a line carries after its visible columns (see LinesTableModel), None for a new line."""
    return int(row[3]) if len(row) > 3 and row[3] else None


class Page(QWidget):
    changed = Signal()

    def load(self, meeting: Meeting) -> None:
        raise NotImplementedError

    def apply(self, meeting: Meeting, strict: bool) -> Meeting:
        raise NotImplementedError

    def set_read_only(self, read_only: bool) -> None:
        editors: list[QLineEdit | QPlainTextEdit] = [*self.findChildren(QLineEdit), *self.findChildren(QPlainTextEdit)]
        for editor in editors:
            editor.setReadOnly(read_only)
        controls: list[QWidget] = [*self.findChildren(QComboBox), *self.findChildren(QSpinBox),
                                   *self.findChildren(QPushButton)]
        for control in controls:
            control.setEnabled(not read_only)


class GeneralPage(Page):
    """Kind, date, months reviewed and planned, times, place, theme, chair, minute-taker, supervisor, guests."""

    date_changed = Signal()
    months_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        form = QFormLayout(self)
        self.kind = QComboBox()
        for code, name in KINDS.items():
            self.kind.addItem(name, code)
        self.date = DateEdit("Ngày sinh hoạt")
        self.start = QLineEdit()
        self.start.setPlaceholderText("07:30")
        self.end = QLineEdit()
        self.end.setPlaceholderText("09:30")
        self.duration = QLabel()
        times = QHBoxLayout()
        for label, widget in (("bắt đầu", self.start), ("kết thúc", self.end)):
            widget.setMaximumWidth(80)
            times.addWidget(QLabel(label))
            times.addWidget(widget)
        times.addWidget(self.duration, 1)
        self.place = QLineEdit()
        self.theme = QLineEdit()
        self.theme.setPlaceholderText("Tên chuyên đề (với sinh hoạt chuyên đề)")
        # anyone may chair or take the minutes (a committee member from above): a name not in the list is kept
        self.chair = SearchPicker("người dự", free_text=True, placeholder="gõ tên (không dấu cũng được) hoặc chọn")
        self.secretary = SearchPicker("người dự", free_text=True, placeholder="gõ tên (không dấu cũng được) hoặc chọn")
        self.supervisor = QLineEdit()
        self.supervisor.setPlaceholderText("Đồng chí cấp ủy cấp trên theo dõi chi bộ (nếu dự)")
        self.guests = QLineEdit()
        self.agenda = text_box("Mục đích, chương trình buổi sinh hoạt")
        # Alt+letters: none of L T M B N K G, which the editor's buttons at the bottom use
        fields: tuple[tuple[str, QWidget | QLayout], ...] = (
            ("L&oại buổi sinh hoạt:", self.kind), ("Ngà&y:", self.date), ("Giờ:", times),
            ("Đị&a điểm:", self.place), ("Ch&uyên đề:", self.theme), ("&Chủ trì:", self.chair),
            ("T&hư ký (ghi biên bản):", self.secretary), ("Cấp ủy cấp trên &dự:", self.supervisor),
            ("Khách mờ&i:", self.guests), ("Chương t&rình:", self.agenda))
        for label, field in fields:
            form.addRow(label, field)
        self.months = MeetingMonths()
        months_label = QLabel("Đánh giá kết &quả tháng:")
        months_label.setBuddy(self.months.reviewed.month)
        form.insertRow(2, months_label, self.months)
        chain = (self.date, self.months.reviewed.month, self.months.reviewed.year, self.months.planned.month,
                 self.months.planned.year, self.start)
        for before, after in zip(chain, chain[1:], strict=False):   # Tab goes down the page as it reads
            QWidget.setTabOrder(before, after)
        self.months.changed.connect(self.changed)
        self.months.changed.connect(self.months_changed)
        # before date_changed: the editor reloading a new meeting on its new day collects the months offered for it
        self.date.editingFinished.connect(self._date_edited)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        for edit in (self.start, self.end, self.place, self.theme, self.supervisor, self.guests):
            edit.textChanged.connect(self.changed)
        self.start.textChanged.connect(self._show_duration)
        self.end.textChanged.connect(self._show_duration)
        self.date.editingFinished.connect(self.date_changed)
        self.agenda.textChanged.connect(self.changed)
        self.chair.currentTextChanged.connect(self.changed)
        self.secretary.currentTextChanged.connect(self.changed)

    def _date_edited(self) -> None:
        try:
            day = self.date.date()
        except UserError:
            return   # the field shows what is wrong; the months wait for a date
        if day is not None:
            self.months.follow_date(day)

    def set_people(self, names: list[str]) -> None:
        for combo in (self.chair, self.secretary):
            text = combo.currentText()
            combo.blockSignals(True)
            combo.set_choices(name_choices(names))
            combo.setCurrentText(text)
            combo.blockSignals(False)

    def _kind_changed(self) -> None:
        self.theme.setEnabled(self.kind.currentData() in ("chuyen_de", "ghep") and not self.place.isReadOnly())
        self.changed.emit()

    def _show_duration(self) -> None:
        minutes = meetings.duration_minutes(self.start.text(), self.end.text())
        self.duration.setText(f"Thời lượng: {meetings.format_duration(minutes)}" if minutes and minutes > 0 else "")

    def _typed_fields(self) -> dict[str, QLineEdit | QComboBox]:
        return {"start_time": self.start, "end_time": self.end, "place": self.place, "theme": self.theme,
                "chair_name": self.chair, "secretary_name": self.secretary, "supervisor_name": self.supervisor,
                "guests": self.guests}

    def load(self, meeting: Meeting) -> None:
        self.kind.setCurrentIndex(max(0, self.kind.findData(meeting.kind)))
        self.date.set_date(meeting.held_on)
        self.months.load(meeting.months, meeting.held_on)
        # What the minutes hold; an older longer text is shown whole, and saving asks to shorten it.
        with reloading(meeting_store.MAX_LENGTHS, self._typed_fields()):
            for name, field in self._typed_fields().items():
                if isinstance(field, QComboBox):
                    field.setCurrentText(getattr(meeting, name))
                else:
                    field.setText(getattr(meeting, name))
        self.agenda.setPlainText(meeting.agenda)
        self._kind_changed()
        self._show_duration()

    def apply(self, meeting: Meeting, strict: bool) -> Meeting:
        try:
            held_on = self.date.date()
        except UserError:
            if strict:
                raise
            held_on = None
        if held_on is None:
            if strict:
                raise UserError("Hãy nhập ngày sinh hoạt (ngày/tháng/năm), ví dụ 05/11/2026.")
            held_on = meeting.held_on
        reviewed, planned = self.months.months()
        return replace(meeting, kind=str(self.kind.currentData()), held_on=held_on, reviewed_month=reviewed,
                       planned_month=planned, start_time=self.start.text(),
                       end_time=self.end.text(), place=self.place.text(), theme=self.theme.text(),
                       chair_name=self.chair.currentText(), secretary_name=self.secretary.currentText(),
                       supervisor_name=self.supervisor.text(), guests=self.guests.text(),
                       agenda=self.agenda.toPlainText())


class AttendanceTable(QTableView):
    """Keys mark the selected lines: C có mặt, L vắng có lý do, K vắng không lý do, M miễn, T tạm thời nơi khác."""

    KEYS = {Qt.Key.Key_C: "co_mat", Qt.Key.Key_L: "vang_co_ly_do", Qt.Key.Key_K: "vang_khong_ly_do",
            Qt.Key.Key_M: "mien_sinh_hoat", Qt.Key.Key_T: "tam_vang"}

    def keyPressEvent(self, event: QKeyEvent) -> None:
        model = self.model()
        status = self.KEYS.get(Qt.Key(event.key()))
        if status and isinstance(model, AttendanceTableModel) and not model.read_only \
                and event.modifiers() in (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.ShiftModifier) \
                and self.state() != QAbstractItemView.State.EditingState:
            model.set_status(sorted({i.row() for i in self.selectionModel().selectedRows()}), status)
            return
        super().keyPressEvent(event)


class AttendancePage(Page):
    """The roll call: buttons (or one key) mark the selected members; reasons typed in the table."""

    BUTTONS = (("&Có mặt (C)", "co_mat"), ("Vắng có lý &do (L)", "vang_co_ly_do"),
               ("&Vắng không lý do (K)", "vang_khong_ly_do"), ("Miễn sinh hoạt (M)", "mien_sinh_hoat"),
               ("Tạm thời nơi khác (T)", "tam_vang"))

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = AttendanceTableModel(self)
        layout = QVBoxLayout(self)
        hint = QLabel("Mọi người mặc định có mặt. Chọn người vắng (giữ Ctrl để chọn nhiều) rồi bấm nút hoặc gõ phím "
                      "C / L / K / M / T. Lý do vắng: chọn ô ở cột “Lý do, ghi chú” rồi bấm F2 (hoặc bấm đúp).")
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #555;")
        layout.addWidget(hint)
        self.table = record_view(self.model, numbered=True, editable=True, view=AttendanceTable())
        # several people are marked at once, and a typed letter marks them instead of starting an edit
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                   | QAbstractItemView.EditTrigger.EditKeyPressed)
        for column, width in enumerate((205, 112, 175, 200, 110)):
            self.table.setColumnWidth(column, width)
        self.table.horizontalHeader().setSectionResizeMode(AttendanceTableModel.REASON, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table, 1)
        buttons = QHBoxLayout()
        self.status_buttons: dict[str, QPushButton] = {}
        for label, status in self.BUTTONS:
            button = QPushButton(label)
            button.setAutoDefault(False)
            button.clicked.connect(lambda _=False, s=status: self.mark(s))
            self.status_buttons[status] = button
            buttons.addWidget(button)
        layout.addLayout(buttons)
        visitors = QHBoxLayout()
        self.visitor_name = QLineEdit()
        self.visitor_name.setPlaceholderText("Họ tên đảng viên nơi khác đến sinh hoạt tạm thời")
        limit_lengths(meeting_store.MAX_LENGTHS, {"attendance.name": self.visitor_name})
        self.add_visitor_button = QPushButton("T&hêm người dự")
        self.add_visitor_button.setAutoDefault(False)
        self.remove_visitor_button = QPushButton("Bỏ người dự đã thêm")
        self.remove_visitor_button.setAutoDefault(False)
        visitors.addWidget(self.visitor_name, 1)
        visitors.addWidget(self.add_visitor_button)
        visitors.addWidget(self.remove_visitor_button)
        layout.addLayout(visitors)
        self.add_visitor_button.clicked.connect(self.add_visitor)
        self.visitor_name.returnPressed.connect(self.add_visitor)
        self.remove_visitor_button.clicked.connect(self.remove_visitor)
        self.model.changed.connect(self.changed)

    def selected_rows(self) -> list[int]:
        return sorted({i.row() for i in self.table.selectionModel().selectedRows()})

    def mark(self, status: str) -> None:
        self.model.set_status(self.selected_rows(), status)
        self.table.setFocus()

    def add_visitor(self) -> None:
        name = vn.nfc(self.visitor_name.text())
        if name:
            self.model.add_visitor(name)
            self.visitor_name.clear()

    def remove_visitor(self) -> None:
        for row in reversed(self.selected_rows()):
            self.model.remove_visitor(row)

    def load(self, meeting: Meeting) -> None:
        self.model.set_rows(meeting.attendance)

    def apply(self, meeting: Meeting, strict: bool) -> Meeting:
        return replace(meeting, attendance=tuple(self.model.rows))

    def set_read_only(self, read_only: bool) -> None:
        super().set_read_only(read_only)
        self.model.read_only = read_only


class ReportsPage(Page):
    """Results of last month (prefilled from the previous meeting's tasks), news and policy, Chỉ thị 05."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        self.followups = LinesTableModel(("Nhiệm vụ đã giao kỳ trước", "Người thực hiện", "Kết quả thực hiện"), (2,),
                                         self)
        self.followups_view = table_view(self.followups, 2)
        self.followups_view.setColumnWidth(0, 300)
        self.followups_view.setColumnWidth(1, 150)
        self.followups_view.setMinimumHeight(110)
        self.results = text_box("Đánh giá chung kết quả thực hiện nhiệm vụ tháng trước")
        self.results_label = QLabel("Đánh giá chung tháng trước:")
        self.news = text_box("Thông tin thời sự, chủ trương, chính sách, pháp luật")
        self.ct05 = text_box("Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh")
        for label, widget in (("Kết quả các nhiệm vụ kỳ trước (gõ kết quả ở cột cuối):", self.followups_view),
                              (self.results_label, self.results),
                              ("Thông tin thời sự, chính sách:", self.news),
                              ("Chỉ thị 05:", self.ct05)):
            layout.addWidget(label if isinstance(label, QLabel) else QLabel(label))
            layout.addWidget(widget, 2 if widget is self.followups_view else 1)
        self.followups.changed.connect(self.changed)
        for box in (self.results, self.news, self.ct05):
            box.textChanged.connect(self.changed)

    def load(self, meeting: Meeting) -> None:
        # a hidden fourth value keeps the task each line follows up
        self.followups.set_rows([[f.content, f.owner, f.result, str(f.task_id or "")] for f in meeting.followups])
        self.show_month(meeting.months[0])
        self.results.setPlainText(meeting.last_month_results)
        self.news.setPlainText(meeting.news_policy)
        self.ct05.setPlainText(meeting.ct05_content)

    def show_month(self, reviewed: dt.date) -> None:
        """Name the month reviewed (the one chosen on the first page)."""
        self.results_label.setText(f"Đánh giá chung kết quả thực hiện nhiệm vụ tháng {reviewed.month}/{reviewed.year}:")

    def apply(self, meeting: Meeting, strict: bool) -> Meeting:
        followups = tuple(Followup(row[0], row[1], row[2], hidden_id(row)) for row in self.followups.rows)
        return replace(meeting, followups=followups, last_month_results=self.results.toPlainText(),
                       news_policy=self.news.toPlainText(), ct05_content=self.ct05.toPlainText())


class DiscussionPage(Page):
    """Each speaker's opinion by name (type a name, Tab, the opinion, Ctrl+Enter), then the conclusion."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        entry = QGroupBox("Thêm ý kiến phát biểu")
        grid = QGridLayout(entry)
        self.speaker = SearchPicker("người dự", free_text=True, placeholder="gõ tên (không dấu cũng được)")
        self.speaker.setMinimumWidth(220)
        limit_lengths(meeting_store.MAX_LENGTHS, {"speech.speaker_name": self.speaker})
        self.opinion = text_box("Nội dung ý kiến (Ctrl+Enter để thêm)", 60)
        self.add_button = QPushButton("T&hêm ý kiến (Ctrl+Enter)")
        self.add_button.setAutoDefault(False)
        self.remove_button = QPushButton("Xóa ý kiến đang chọn")
        self.remove_button.setAutoDefault(False)
        grid.addWidget(QLabel("Người phát biểu:"), 0, 0)
        grid.addWidget(self.speaker, 0, 1)
        grid.addWidget(self.add_button, 0, 2)
        grid.addWidget(self.remove_button, 0, 3)
        grid.addWidget(self.opinion, 1, 0, 1, 4)
        layout.addWidget(entry)
        self.speeches = LinesTableModel(("Người phát biểu", "Ý kiến"), (0, 1), self)
        self.speeches_view = table_view(self.speeches, 1)
        self.speeches_view.setColumnWidth(0, 200)
        layout.addWidget(self.speeches_view, 2)
        layout.addWidget(QLabel("Kết luận của đồng chí chủ trì:"))
        self.conclusion = text_box("Kết luận, nghị quyết của buổi sinh hoạt")
        layout.addWidget(self.conclusion, 1)
        self.add_button.clicked.connect(self.add_speech)
        self.remove_button.clicked.connect(lambda: self.speeches.remove(self.speeches_view.currentIndex().row()))
        QShortcut(QKeySequence("Ctrl+Return"), self.opinion, self.add_speech)
        self.speeches.changed.connect(self.changed)
        self.conclusion.textChanged.connect(self.changed)

    def set_people(self, names: list[str]) -> None:
        text = self.speaker.currentText()
        self.speaker.set_choices(name_choices(names))
        self.speaker.setCurrentText(text)

    def add_speech(self) -> None:
        name, text = vn.nfc(self.speaker.currentText()), self.opinion.toPlainText().strip()
        if not name:
            self.speaker.setFocus()
            return
        self.speeches.append([name, text])
        self.opinion.clear()
        self.speaker.setFocus()
        typed = self.speaker.lineEdit()   # the speaker box is editable, so it has one
        if typed is not None:
            typed.selectAll()

    def load(self, meeting: Meeting) -> None:
        self.speeches.set_rows([[s.speaker_name, s.content] for s in meeting.speeches])
        self.conclusion.setPlainText(meeting.conclusion)

    def apply(self, meeting: Meeting, strict: bool) -> Meeting:
        return replace(meeting, speeches=tuple(Speech(r[0], r[1]) for r in self.speeches.rows),
                       conclusion=self.conclusion.toPlainText())


class TasksPage(Page):
    """Tasks for next month (owner, deadline), the vote, dues collected, and the quality self-score."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        self.tasks = LinesTableModel(("Nhiệm vụ tháng tới", "Người thực hiện", "Thời hạn (ngày/tháng/năm)"),
                                     (0, 1, 2), self)
        self.tasks_view = table_view(self.tasks, 0)
        self.tasks_view.setColumnWidth(1, 170)
        self.tasks_view.setColumnWidth(2, 170)
        row = QHBoxLayout()
        self.add_task_button = QPushButton("T&hêm nhiệm vụ")
        self.remove_task_button = QPushButton("Xóa nhiệm vụ đang chọn")
        for button in (self.add_task_button, self.remove_task_button):
            button.setAutoDefault(False)
            row.addWidget(button)
        row.addStretch(1)
        layout.addWidget(self.tasks_view, 2)
        layout.addLayout(row)
        lower = QHBoxLayout()
        lower.addWidget(self._vote_box())
        self.quality_box = QGroupBox("Tự đánh giá chất lượng buổi sinh hoạt")
        self.quality_form = QFormLayout(self.quality_box)
        self.quality_total = QLabel()
        self.quality_spins: dict[str, QSpinBox] = {}
        lower.addWidget(self.quality_box, 1)
        layout.addLayout(lower, 1)
        self.add_task_button.clicked.connect(self.add_task)
        self.remove_task_button.clicked.connect(lambda: self.tasks.remove(self.tasks_view.currentIndex().row()))
        self.tasks.changed.connect(self.changed)

    def _vote_box(self) -> QGroupBox:
        box = QGroupBox("Biểu quyết và đảng phí")
        form = QFormLayout(box)
        self.votes_for, self.votes_against, self.votes_abstain, self.dues = (QLineEdit() for _ in range(4))
        for edit in (self.votes_for, self.votes_against, self.votes_abstain):
            edit.setValidator(QIntValidator(0, 9999, edit))
            edit.setMaximumWidth(80)
            edit.textChanged.connect(self.changed)
        self.dues.setPlaceholderText("ví dụ 150.000")
        self.dues.textChanged.connect(self.changed)
        form.addRow("Tán thành:", self.votes_for)
        form.addRow("Không tán thành:", self.votes_against)
        form.addRow("Không biểu quyết:", self.votes_abstain)
        form.addRow("Đảng phí thu (đồng):", self.dues)
        return box

    def add_task(self) -> None:
        row = self.tasks.append(["", "", ""])
        index = self.tasks.index(row, 0)
        self.tasks_view.setCurrentIndex(index)
        self.tasks_view.edit(index)

    def _build_quality(self, held_on: dt.date) -> None:
        while self.quality_form.rowCount():
            self.quality_form.removeRow(0)
        self.quality_spins = {}
        for criterion in rules.for_date(held_on).quality.criteria:
            spin = QSpinBox()
            spin.setRange(-1, criterion.max)
            spin.setSpecialValueText("–")       # -1: not scored
            spin.setSuffix(f" / {criterion.max}")
            spin.setMaximumWidth(90)
            spin.valueChanged.connect(self._show_quality)
            label = QLabel(criterion.name)
            label.setWordWrap(True)
            label.setMinimumWidth(330)      # one line each where the window allows, not three narrow ones
            self.quality_form.addRow(label, spin)
            self.quality_spins[criterion.code] = spin
        self.quality_total = QLabel()
        self.quality_form.addRow("Tổng điểm:", self.quality_total)
        self._held_on = held_on

    def _show_quality(self) -> None:
        scored = [s.value() for s in self.quality_spins.values() if s.value() >= 0]
        if scored:
            total = sum(scored)
            self.quality_total.setText(f"{total} điểm – {rules.for_date(self._held_on).quality_grade(total)}")
        else:
            self.quality_total.setText("chưa chấm")
        self.changed.emit()

    def load(self, meeting: Meeting) -> None:
        # a hidden fourth value keeps the task's id, so next month's follow-ups still point at it
        self.tasks.set_rows([[t.content, t.owner, vn.format_date(t.deadline), str(t.id or "")] for t in meeting.tasks])
        self.show_month(meeting.months[1])
        for edit, value in ((self.votes_for, meeting.votes_for), (self.votes_against, meeting.votes_against),
                            (self.votes_abstain, meeting.votes_abstain)):
            edit.setText("" if value is None else str(value))
        self.dues.setText("" if meeting.dues_collected is None else vn.format_int(meeting.dues_collected))
        self._build_quality(meeting.held_on)
        points = dict(meeting.quality)
        for code, spin in self.quality_spins.items():
            spin.setValue(points.get(code, -1))
        self._show_quality()

    def show_month(self, planned: dt.date) -> None:
        """Name the month the tasks are for (the one chosen on the first page)."""
        self.tasks.set_column_title(0, f"Nhiệm vụ tháng {planned.month}/{planned.year}")

    def apply(self, meeting: Meeting, strict: bool) -> Meeting:
        tasks = []
        for row in self.tasks.rows:
            content, owner, deadline = row[:3]
            try:
                due = vn.parse_date(deadline, f"Thời hạn của nhiệm vụ “{content[:40]}”")
            except UserError:
                if strict:
                    raise
                due = None
            tasks.append(Task(content, owner, due, hidden_id(row)))
        quality = tuple((code, spin.value()) for code, spin in self.quality_spins.items() if spin.value() >= 0)
        return replace(meeting, tasks=tuple(tasks), quality=quality,
                       votes_for=parse_int(self.votes_for.text(), "Tán thành", strict),
                       votes_against=parse_int(self.votes_against.text(), "Không tán thành", strict),
                       votes_abstain=parse_int(self.votes_abstain.text(), "Không biểu quyết", strict),
                       dues_collected=parse_int(self.dues.text(), "Đảng phí thu", strict))
