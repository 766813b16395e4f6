"""The meeting editor: record a cell meeting keyboard-first, with live counts and warnings beside it.

Warnings never block saving. Saving is one transaction (models.meeting_store.save); adopting takes the
document numbers and locks the record; reopening asks for a reason, which the audit trail keeps.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from models import vn
from models.conflicts import EditConflict
from models.errors import UserError
from models.meetings import meeting_overview, meeting_store, meeting_warnings
from models.meetings.records import Meeting, count_attendance
from ui.common import unsaved
from ui.common.conflict_dialog import ConflictDialog
from ui.common.read_only import account_may_write
from ui.common.widgets import ErrorLabel, ask, ask_text, exec_modal, run_action
from ui.meetings import meeting_conflict, meeting_print
from ui.meetings.meeting_tabs import AttendancePage, DiscussionPage, GeneralPage, Page, ReportsPage, TasksPage


def ask_reason(parent: QWidget | None, title: str, label: str) -> str | None:
    """Why an approved record is reopened (None: cancelled). Tests replace this seam."""
    return ask_text(parent, title, label, "Mở lại", "Thôi")


def _adopt_question(found: list[meeting_warnings.MeetingWarning]) -> str:
    """The adopt question, with the side panel's warnings repeated: the clerk may not have looked there."""
    question = ("Chi bộ đã nghe đọc lại và thông qua biên bản này? Sau khi thông qua, biên bản được cấp số và "
                "không sửa được nữa (trừ khi mở lại).")
    if not found:
        return question
    return "Biên bản còn cảnh báo:\n\n" + "\n\n".join(f"⚠ {w.message}" for w in found) + "\n\n" + question


class MeetingEditor(QDialog):
    """Edit one meeting (new or saved). ``saved`` fires after every write so the overview can refresh."""

    saved = Signal(int)

    def __init__(self, conn: sqlite3.Connection, meeting: Meeting, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.conn = conn
        self.meeting = meeting
        self.base: Meeting | None = None   # the stored version being edited (None: not saved yet)
        self.exec_dialog: Callable[[QDialog], int] = exec_modal   # the seam tests replace
        self.dirty = False
        self._loading = False
        self.view_only = not account_may_write()   # a read-only account reads the record, changes nothing
        self.setWindowTitle("Biên bản sinh hoạt chi bộ")
        self.setSizeGripEnabled(True)
        self._build()
        self._load(meeting)
        self._fit_screen()

    # ------------------------------------------------------------ layout

    def _fit_screen(self, width: int = 1240, height: int = 700) -> None:
        """1240×700, but never taller or wider than the screen left by the taskbar (1366×768 office PCs)."""
        owner = self.parentWidget()
        screen = (owner if owner is not None else self).screen()
        if screen is not None:
            room = screen.availableGeometry()
            width, height = min(width, room.width() - 16), min(height, room.height() - 48)   # window frame
        self.resize(width, height)

    def _build(self) -> None:
        outer = QVBoxLayout(self)
        outer.setContentsMargins(6, 6, 6, 6)
        self.banner = QLabel()
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet("font-weight: bold; padding: 4px;")
        outer.addWidget(self.banner)
        body = QHBoxLayout()
        self.tabs = QTabWidget()
        self.general, self.attendance, self.reports = GeneralPage(), AttendancePage(), ReportsPage()
        self.discussion, self.tasks = DiscussionPage(), TasksPage()
        self.pages: list[Page] = [self.general, self.attendance, self.reports, self.discussion, self.tasks]
        for title, page in zip(("&1. Thông tin chung", "&2. Điểm danh", "&3. Báo cáo, thông tin",
                                "&4. Thảo luận, kết luận", "&5. Nhiệm vụ, biểu quyết"), self.pages, strict=True):
            self.tabs.addTab(page, title)
            page.changed.connect(self._changed)
        self.general.date_changed.connect(self._date_changed)
        self.general.months_changed.connect(self._months_changed)
        self.attendance.model.changed.connect(self._people_changed)
        body.addWidget(self.tabs, 1)
        body.addWidget(self._side_panel())
        outer.addLayout(body, 1)
        self.error = ErrorLabel()
        self.error.setVisible(False)
        outer.addWidget(self.error)
        outer.addLayout(self._buttons())
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(250)
        self._refresh_timer.timeout.connect(self.refresh_side)

    def _side_panel(self) -> QWidget:
        panel = QWidget()
        panel.setFixedWidth(300)
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(4, 0, 0, 0)
        title = QLabel("Số người dự")
        title.setStyleSheet("font-weight: bold;")
        self.counts = QLabel()
        self.counts.setWordWrap(True)
        self.counts.setTextFormat(Qt.TextFormat.PlainText)
        warn_title = QLabel("Cảnh báo (không chặn việc lưu)")
        warn_title.setStyleSheet("font-weight: bold;")
        self.warnings = QLabel()
        self.warnings.setWordWrap(True)
        self.warnings.setTextFormat(Qt.TextFormat.PlainText)
        self.warnings.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.warnings.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.warnings)
        layout.addWidget(title)
        layout.addWidget(self.counts)
        layout.addSpacing(8)
        layout.addWidget(warn_title)
        layout.addWidget(scroll, 1)
        return panel

    def _buttons(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.save_button = QPushButton("&Lưu (Ctrl+S)")
        self.adopt_button = QPushButton("&Thông qua biên bản")
        self.reopen_button = QPushButton("&Mở lại biên bản…")
        self.print_minutes_button = QPushButton("In &biên bản")
        self.print_resolution_button = QPushButton("In &nghị quyết")
        self.print_signin_button = QPushButton("In danh sách &ký tên")
        self.close_button = QPushButton("Đón&g (Esc)")
        for button in (self.adopt_button, self.reopen_button, self.print_minutes_button,
                       self.print_resolution_button, self.print_signin_button, self.close_button):
            button.setAutoDefault(False)
        self.save_button.setDefault(True)
        self.adopt_button.setToolTip("Chi bộ đã nghe đọc lại và thông qua: lấy số biên bản, số nghị quyết và khóa "
                                     "biên bản lại")
        row.addWidget(self.save_button)
        row.addWidget(self.adopt_button)
        row.addWidget(self.reopen_button)
        row.addStretch(1)
        for button in (self.print_minutes_button, self.print_resolution_button, self.print_signin_button,
                       self.close_button):
            row.addWidget(button)
        self.save_button.clicked.connect(self.save)
        self.adopt_button.clicked.connect(self.adopt)
        self.reopen_button.clicked.connect(self.reopen)
        self.print_minutes_button.clicked.connect(lambda: self.print_document("minutes"))
        self.print_resolution_button.clicked.connect(lambda: self.print_document("resolution"))
        self.print_signin_button.clicked.connect(lambda: self.print_document("signin"))
        self.close_button.clicked.connect(self.reject)
        QShortcut(QKeySequence.StandardKey.Save, self, self.save)
        return row

    # ------------------------------------------------------------ loading and collecting

    def _load(self, meeting: Meeting) -> None:
        self._loading = True
        self.meeting = meeting
        self.base = meeting if meeting.id is not None else None
        for page in self.pages:
            page.load(meeting)
        self._people_changed()
        self._loading = False
        self.dirty = False
        self._show_state()
        self.refresh_side()

    def _show_state(self) -> None:
        meeting = self.meeting
        org = meeting_store.org_name(self.conn, meeting.org_id)
        when = vn.format_date(meeting.held_on)
        if self.view_only:
            self.banner.setText(f"{org} – {meeting.kind_name.lower()} ngày {when}: chỉ xem (tài khoản này không "
                                "sửa được biên bản).")
            self.banner.setStyleSheet("font-weight: bold; padding: 4px; background: #eceff1;")
        elif meeting.adopted:
            self.banner.setText(f"{org} – {meeting.kind_name.lower()} ngày {when}: biên bản ĐÃ THÔNG QUA (số "
                                f"{meeting.minutes_no or ''}), chỉ xem. Muốn sửa, bấm “Mở lại biên bản…”.")
            self.banner.setStyleSheet("font-weight: bold; padding: 4px; background: #e8f5e9;")
        else:
            state = "chưa lưu" if meeting.id is None else "bản nháp"
            self.banner.setText(f"{org} – ngày {when}: {state}. Ghi xong, đọc lại trước chi bộ rồi bấm "
                                "“Thông qua biên bản”.")
            self.banner.setStyleSheet("font-weight: bold; padding: 4px; background: #fff4d6;")
        self.setWindowTitle(f"Biên bản sinh hoạt chi bộ – {org} – {when}")
        read_only = meeting.adopted or self.view_only
        for page in self.pages:
            page.set_read_only(read_only)
        self.save_button.setEnabled(not read_only)
        self.adopt_button.setEnabled(not read_only)
        self.reopen_button.setEnabled(meeting.adopted and not self.view_only)
        for button in (self.save_button, self.adopt_button, self.reopen_button):
            button.setVisible(not self.view_only)
        self.close_button.setDefault(self.view_only)
        for button in (self.print_minutes_button, self.print_resolution_button, self.print_signin_button):
            button.setEnabled(True)

    def collect(self, strict: bool = True) -> Meeting:
        """The meeting as the form now shows it; strict raises UserError on bad typing."""
        meeting = self.meeting
        for page in self.pages:
            meeting = page.apply(meeting, strict)
        return meeting

    def _changed(self) -> None:
        if self._loading:
            return
        self.dirty = True
        self._refresh_timer.start()

    def _people_changed(self) -> None:
        names = [a.name for a in self.attendance.model.rows]
        self.general.set_people(names)
        self.discussion.set_people(names)
        self._show_counts()

    def _months_changed(self) -> None:
        reviewed, planned = self.general.months.months()
        self.reports.show_month(reviewed)
        self.tasks.show_month(planned)

    def _date_changed(self) -> None:
        """A new meeting moved to another day: take the roster of that day (if the roll call is untouched)."""
        if self.meeting.id is not None or self._loading:
            return
        try:
            day = self.general.date.date()
        except UserError:
            return
        if day is None or day == self.meeting.held_on:
            return
        untouched = list(self.attendance.model.rows) == list(self.meeting.attendance)
        fresh = replace(self.collect(strict=False), held_on=day)
        if untouched:
            fresh = replace(fresh, attendance=meeting_store.roster_attendance(self.conn, fresh.org_id, day),
                            followups=meeting_store.followups_from_previous(self.conn, fresh.org_id, day))
        self._load(fresh)
        self.dirty = True

    # ------------------------------------------------------------ the side panel

    def _show_counts(self) -> None:
        c = count_attendance(self.attendance.model.rows)
        self.counts.setText(
            f"Tổng số đảng viên: {c.total}\n"
            f"Phải dự: {c.should_attend}\n"
            f"Có mặt: {c.present} (chính thức {c.present_full}, dự bị {c.present_probationary})\n"
            f"Vắng: {c.absent} (có lý do {c.absent_with_reason}, không lý do {c.absent_without_reason})\n"
            f"Miễn sinh hoạt: {c.excused}" + (f" (có dự {c.excused_attended})" if c.excused_attended else "") + "\n"
            f"Tạm thời nơi khác: {c.away}\n"
            f"Nơi khác đến dự: {c.visitors}\n"
            f"Có quyền biểu quyết: {c.entitled_to_vote} (trừ dự bị)\n"
            f"Tỷ lệ dự: {vn.format_percent(c.attendance_rate)}")

    def refresh_side(self) -> None:
        self._show_counts()
        found = meeting_overview.editor_warnings(self.conn, self.collect(strict=False))
        self.warnings.setText("\n\n".join(f"⚠ {w.message}" for w in found) if found else "Không có cảnh báo.")
        self.warnings.setStyleSheet("color: #8e2b20;" if found else "color: #1e7d32;")

    # ------------------------------------------------------------ actions

    def save(self) -> bool:
        """Write the form (one transaction); a problem is shown in Vietnamese and nothing is written."""
        if self.meeting.adopted or self.view_only:
            return True

        conflicts: list[EditConflict] = []

        def write() -> None:
            try:
                saved = meeting_store.save(self.conn, self.collect(), expected=self.base)
            except EditConflict as conflict:   # not a plain warning: the clerk chooses between two versions
                conflicts.append(conflict)
                return
            self._load(saved)
            self.saved.emit(saved.id or 0)

        ok = run_action(self, write)
        if conflicts:
            return self._settle_conflict(conflicts[0])
        self.error.show_error("" if ok else "Chưa lưu được – xem thông báo vừa hiện.")
        return ok

    def _settle_conflict(self, conflict: EditConflict) -> bool:
        """Saved in another window meanwhile: both versions side by side; keep mine, take theirs, or stay."""
        dialog = ConflictDialog(conflict, meeting_conflict.LABELS, self, meeting_conflict.describe)
        self.exec_dialog(dialog)
        if dialog.choice == "mine":
            self.base = conflict.stored   # overwrite on purpose: exactly the version the clerk has just seen
            return self.save()
        if dialog.choice == "theirs":   # False all the same: the clerk looks at the reloaded form before going on
            self._load(conflict.stored)
            self.error.show_error("")
            return False
        self.error.show_error("Chưa lưu: biên bản trong tệp đã khác bản bạn mở. Sửa tiếp rồi bấm “Lưu” để xem "
                              "lại hai bản và chọn.")
        return False

    def adopt(self) -> None:
        """Refuse at once what adoption would refuse; otherwise ask, repeating every warning beside the form."""
        meeting = self.collect(strict=False)
        refusals = meeting_warnings.adoption_refusals(meeting)
        if refusals:
            ask.warn(self, "Chưa thông qua được biên bản", "\n\n".join(w.message for w in refusals))
            return
        if not ask.confirm(self, "Thông qua biên bản", _adopt_question(meeting_overview.editor_warnings(
                self.conn, meeting))):
            return
        if not self.save():
            return

        def adopt() -> None:
            adopted = meeting_store.adopt(self.conn, self.meeting.id or 0)
            self._load(adopted)
            self.saved.emit(adopted.id or 0)

        run_action(self, adopt, "Không thông qua được")

    def reopen(self) -> None:
        reason = ask_reason(self, "Mở lại biên bản đã thông qua", "Lý do mở lại (được ghi vào nhật ký):")
        if reason is None:
            return

        def reopen() -> None:
            self._load(meeting_store.reopen(self.conn, self.meeting.id or 0, reason))
            self.saved.emit(self.meeting.id or 0)

        run_action(self, reopen, "Không mở lại được")

    def print_document(self, document: str) -> None:
        """Print a document of this meeting; a draft with changes is saved first."""
        if (self.meeting.id is None or self.dirty) and not self.save():
            return
        run_action(self, lambda: meeting_print.print_meeting(self, self.conn, self.meeting.id or 0, document),
                   "Không in được")

    def done(self, result: int) -> None:
        self._refresh_timer.stop()   # closed: no late refresh may reach a database closed after us
        super().done(result)

    def dispose(self) -> None:
        """The dialog has closed: stop the pending side-panel refresh and free the widgets."""
        self._refresh_timer.stop()
        self.deleteLater()

    # ------------------------------------------------------------ unsaved edits (ui.unsaved protocol)

    def unsaved_changes(self) -> str:
        if not self.dirty or self.meeting.adopted or self.view_only:
            return ""
        return "Biên bản mới có nội dung chưa lưu" if self.meeting.id is None else "Biên bản có thay đổi chưa lưu"

    def save_unsaved(self) -> bool:
        return self.save()

    def discard_unsaved(self) -> None:
        """Closing drops the form; nothing to undo in the file."""

    def reject(self) -> None:
        if unsaved.settle(self, self, "đóng biên bản"):
            super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        event.ignore()
        self.reject()
