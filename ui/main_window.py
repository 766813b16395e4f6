"""The main window: the commune's tree on the left, the sections as tabs, menus, toolbar and status bar.

Each section's widget is created the first time its tab is shown, so opening a file stays quick; one that
fails while being built shows a short Vietnamese placeholder so the rest of the program keeps working.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from PySide6.QtCore import QByteArray, QObject, QSettings, Qt, QThreadPool, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QLabel, QTabWidget, QToolBar, QWidget

from models import vn
from models.access.session import FULL, Access
from models.commune import committee, organisations
from models.storage import db, file_lock
from models.storage.file_lock import FileLock
from ui.access import window_access
from ui.backup_actions import BackupActions
from ui.common.app_identity import APP_NAME
from ui.common.qt_vietnamese import install_qt_vietnamese
from ui.common.section import SectionView, is_section, section_class
from ui.common.unsaved import HoldsUnsavedEdits, settle
from ui.common.widgets import ask, run_action, two_panes
from ui.common.workers import share_the_interpreter_with_the_window
from ui.organisations.org_panel import OrgPanel

if TYPE_CHECKING:
    from models.reporting.todo_items import Target
    from ui.common.job_progress import JobDialog
    from ui.members.members_view import MembersView


@runtime_checkable
class FollowsScope(Protocol):
    """A section that shows one organisation and its sub-units (None: the whole commune)."""

    def set_scope(self, org_id: int | None) -> None: ...


HOME = "ui.home.home_view:HomeView"
MEMBERS = "ui.members.members_view:MembersView"
MEETINGS = "ui.meetings.meetings_view:MeetingsView"
STUDY = "ui.study.study_view:StudyView"
REVIEWS = "ui.reviews.reviews_view:ReviewsView"
SETTINGS = "ui.settings.settings_view:SettingsView"

# (tab title, "module:Class"), in tab order; Ctrl+1 … Ctrl+8 follow this order. The window opens on the first.
# A section's module is imported when its tab is first shown (section_class): importing every screen, and most
# of models and printing with them, before the window could show was half of the start-up time (issue 13).
SECTIONS: tuple[tuple[str, str], ...] = (
    ("Việc cần làm", HOME),
    ("Đảng viên", MEMBERS),
    ("Sinh hoạt chi bộ", MEETINGS),
    ("Học tập nghị quyết", STUDY),
    ("Đảng phí", "ui.dues.dues_view:DuesView"),
    ("Đánh giá xếp loại", REVIEWS),
    ("Báo cáo", "ui.reports.reports_view:ReportsView"),
    ("Cài đặt", SETTINGS),
)

SHORTCUTS_HELP = """Phím tắt:
Ctrl+F  – tìm đảng viên (gõ tên hoặc số thẻ, không dấu cũng được)
Ctrl+N  – thêm đảng viên
F2 hoặc Enter – sửa (tài khoản chỉ xem: xem) hồ sơ đảng viên đang chọn
Ctrl+E  – ghi sự kiện (chuyển chính thức, chuyển sinh hoạt, kỷ luật…)
Ctrl+P  – in sổ danh sách đảng viên
Ctrl+O  – mở tệp dữ liệu khác
Ctrl+L  – khóa màn hình khi rời máy (khi đăng nhập bằng tài khoản)
Ctrl+1 – Việc cần làm (màn hình đầu); Enter hoặc nhấn đúp một việc để mở hồ sơ cần xử lý
Ctrl+2 … Ctrl+8 – Đảng viên, Sinh hoạt chi bộ, Học tập nghị quyết, Đảng phí, Đánh giá xếp loại, Báo cáo, Cài đặt
Ctrl+Q  – thoát"""


def section_index(section: str | type) -> int:
    """Where a section ("module:Class", or the class itself) stands in SECTIONS (read each time: the tuple is the
    one registry of tabs)."""
    spec = section if isinstance(section, str) else f"{section.__module__}:{section.__qualname__}"
    return next(index for index, (_title, made_by) in enumerate(SECTIONS) if made_by == spec)


def placeholder(text: str) -> QLabel:
    label = QLabel(text)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setWordWrap(True)
    label.setStyleSheet("color: #555; font-size: 14px;")
    return label


def _shows_scope(widget: QWidget, scope: int | None) -> bool:
    """A plain section just built already shows ``scope`` (the whole commune): reading it again would double
    the time of a first open."""
    return (isinstance(widget, SectionView) and type(widget).set_scope is SectionView.set_scope
            and widget.scope == scope)


class MainWindow(BackupActions):
    user_label: QLabel | None = None   # who is logged in, on the status bar (ui.access.window_access)
    idle_lock: QObject | None = None   # hides the content after the idle minutes (ui.access.idle_lock)

    def __init__(self, conn: sqlite3.Connection, db_path: Path, settings: QSettings | None = None,
                 check_setup: bool = True, *, lock: FileLock | None = None, read_only: bool = False,
                 owns_connection: bool = False, access: Access = FULL) -> None:
        """``owns_connection``: the window closes the file (and its lock) when it closes; tests keep theirs.
        ``access``: who logged in (ui.access.window_access applies the role to every screen and action)."""
        super().__init__()
        install_qt_vietnamese()
        share_the_interpreter_with_the_window()
        self.conn = conn
        self.access = access
        self.db_path = Path(db_path)
        self.settings = settings or QSettings()
        self.lock, self.read_only, self.owns_connection = lock, read_only, owns_connection
        self._heartbeat = QTimer(self)
        self._heartbeat.setInterval(file_lock.HEARTBEAT_SECONDS * 1000)
        self._heartbeat.timeout.connect(self._refresh_lock)
        self._heartbeat.start()
        self._changes_at_open = db.change_marker(self.conn)
        self._closed = False
        self._close_backup_started = self._close_backup_over = False
        self.scope: int | None = None
        self.sections: dict[int, QWidget] = {}
        self._scoped: dict[int, int | None] = {}   # the scope each loaded section last received
        self._build_actions()
        self._build_menus()
        self._build_toolbar()
        self._build_status()
        self._build_central()
        self.resize(1280, 720)
        self._restore_layout()
        self._remember_file()
        if owns_connection and not read_only:
            QTimer.singleShot(0, self._backup_on_open)
        # the first-start dialog's module is imported when it is needed (ui.first_start.is_needed says the same)
        if check_setup and not read_only and not committee.get(conn).is_set_up:
            QTimer.singleShot(0, self.run_first_start)

    # ------------------------------------------------------------ central area

    def _build_central(self) -> None:
        self.org_panel = OrgPanel(self.conn, access=self.access)
        self.org_panel.setMinimumWidth(200)
        self.org_panel.scope_changed.connect(self.set_scope)
        self.org_panel.changed.connect(self.refresh)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.sections = {}
        self._scoped = {}
        self.scope = self.access.scoped_org(None)   # a bí thư starts (and stays) within their organisation
        for title, _cls in SECTIONS:
            self.tabs.addTab(placeholder("Đang tải…"), title)
        self.tabs.currentChanged.connect(self._show_section)
        self.splitter = two_panes(self.org_panel, self.tabs, stretch=(0, 1), sizes=(290, 990))
        self.setCentralWidget(self.splitter)
        self.org_menu.clear()
        self.org_menu.addActions(self.org_panel.actions_list())
        self.org_menu.addSeparator()
        self.org_menu.addAction(self.show_dissolved_action)
        self.org_menu.addAction(self.committee_action)
        self._ensure_section(0)
        self._update_title()
        self.update_status()
        QTimer.singleShot(0, self, self.show_last_backup)   # reads the backup folder: once the window is shown
        for action in (self.backup_action, self.restore_action):
            action.setEnabled(not self.read_only)
        window_access.apply(self)

    def _show_section(self, index: int) -> None:
        self._ensure_section(index)
        self._apply_scope(index)

    def _ensure_section(self, index: int) -> QWidget | None:
        """Create the section at ``index`` the first time it is shown (None: it failed, a placeholder says so)."""
        if index in self.sections or not 0 <= index < len(SECTIONS):
            return self.sections.get(index)
        title, spec = SECTIONS[index]
        try:
            widget = section_class(spec)(self.conn, self)
            if isinstance(widget, FollowsScope) and not _shows_scope(widget, self.scope):
                widget.set_scope(self.scope)
        except Exception as error:  # noqa: BLE001 - one screen failing must not take the window down
            logging.exception("Không mở được phần %s", title)
            self._put_tab(index, placeholder(f"Phần “{title}” gặp lỗi khi mở. Các phần khác vẫn dùng được.\n"
                                             f"Chi tiết: {error}"))
            return None   # not remembered: showing the tab again tries once more
        self._scoped[index] = self.scope
        self._put_tab(index, widget)
        self.sections[index] = widget
        self._connect_section(widget)
        return widget

    def _put_tab(self, index: int, widget: QWidget) -> None:
        """Put ``widget`` in the tab at ``index`` without the tab bar seeing a change of tab."""
        current = self.tabs.currentIndex()
        self.tabs.blockSignals(True)
        self.tabs.removeTab(index)
        self.tabs.insertTab(index, widget, SECTIONS[index][0])
        self.tabs.setCurrentIndex(current)
        self.tabs.blockSignals(False)

    def _connect_section(self, widget: QWidget) -> None:
        """Wire the sections the window itself listens to."""
        # Each class is imported only when ``widget`` is one of its kind: its module is loaded already then.
        if is_section(widget, HOME):
            from ui.home.home_view import HomeView

            assert isinstance(widget, HomeView)
            widget.open_requested.connect(self.open_target)
        window_access.apply_to_section(self, widget)
        if is_section(widget, MEMBERS):
            from ui.members.members_view import MembersView

            assert isinstance(widget, MembersView)
            widget.counts_changed.connect(lambda *_: self.update_status())
            widget.restore_state(self.settings)
        if is_section(widget, SETTINGS):
            from ui.settings.settings_view import SettingsView

            assert isinstance(widget, SettingsView)
            widget.saved.connect(self._committee_changed)
            widget.backed_up.connect(self.show_last_backup)
            widget.restore_requested.connect(self.restore_backup)
            widget.set_data_file(None if self.read_only else self.db_path)
            widget.paths_box.show_places(self.db_path, self.settings)

    def _committee_changed(self) -> None:
        """The names in Cài đặt were saved: the title and the tree's root follow at once."""
        self.org_panel.refresh()
        self._update_title()

    def go_to_section(self, index: int) -> None:
        """Show the section at ``index`` (the tabs are rebuilt when the file changes, so looked up each time)."""
        self.tabs.setCurrentIndex(index)

    def members_view(self) -> MembersView:
        from ui.members.members_view import MembersView

        view = self._ensure_section(section_index(MEMBERS))
        assert isinstance(view, MembersView)
        return view

    def show_members(self) -> MembersView:
        self.tabs.setCurrentIndex(section_index(MEMBERS))
        return self.members_view()

    def show_section(self, section: str | type) -> QWidget | None:
        """Go to the section ("module:Class" or the class) and return it (None when it failed to build)."""
        index = section_index(section)
        self.tabs.setCurrentIndex(index)
        return self.sections.get(index)

    def open_target(self, target: Target) -> None:
        """Open the record a to-do item is about: the member, the meeting, the organisation's month…"""
        if target.section == "members" and target.member_id is not None:
            self._open_member(target.member_id)
            return
        if target.section == "meetings" and target.meeting_id is not None:
            self._open_meeting(target.meeting_id)
            return
        if target.org_id is not None and target.org_id != self.scope:
            self.org_panel.select_org(target.org_id)       # the tree and every section follow
            if self.scope != target.org_id:                # the clerk kept unsaved work: stay
                return
        sections = {"members": MEMBERS, "meetings": MEETINGS, "study": STUDY, "reviews": REVIEWS}
        view = self.show_section(sections.get(target.section, MEMBERS))
        if is_section(view, MEETINGS) and target.year is not None and target.month is not None:
            from ui.meetings.meetings_view import MeetingsView

            assert isinstance(view, MeetingsView)
            view.set_month(target.year, target.month)
        if is_section(view, REVIEWS) and target.year is not None:
            from ui.reviews.reviews_view import ReviewsView

            assert isinstance(view, ReviewsView)
            if view.year_combo.findData(target.year) >= 0:
                view.year_combo.setCurrentIndex(view.year_combo.findData(target.year))

    def _open_member(self, member_id: int) -> None:
        """The member selected in the list, their history beside it; filters that hide them are cleared."""
        view = self.show_members()
        if view.model.row_of(member_id) is None:
            view.clear_filters()
        view.select_member(member_id)
        view.table.setFocus()

    def _open_meeting(self, meeting_id: int) -> None:
        """The meeting's month in Sinh hoạt chi bộ, the meeting selected and opened in the editor."""
        from models.meetings import meeting_store
        from ui.meetings.meetings_view import MeetingsView

        held_on = meeting_store.get(self.conn, meeting_id).held_on
        view = self.show_section(MEETINGS)
        if not isinstance(view, MeetingsView):
            return
        view.set_month(held_on.year, held_on.month)
        found = view.select_meeting(meeting_id)
        if not found and self.scope is not None:
            self.org_panel.select_org(None)                # outside the tree's choice: show the commune
            found = view.select_meeting(meeting_id)
        if found:
            view.open_selected()

    def set_scope(self, org_id: int | None) -> None:
        """Scope every section to an organisation and its sub-units (None: the whole commune).

        The visible section follows at once; the others when they are next shown, so one slow
        section does not make every click in the tree wait.
        """
        if org_id != self.scope and not self.confirm_leave("chuyển sang tổ chức khác", scope_change=True):
            self.org_panel.blockSignals(True)   # stay: the tree goes back to what the sections show
            self.org_panel.select_org(self.scope)
            self.org_panel.blockSignals(False)
            return
        self.scope = org_id
        self._scoped = {}
        self._apply_scope(self.tabs.currentIndex())
        self._update_title()
        self.update_status()

    def _apply_scope(self, index: int) -> None:
        widget = self.sections.get(index)
        if not isinstance(widget, FollowsScope) or self._scoped.get(index, object()) == self.scope:
            return
        try:
            widget.set_scope(self.scope)
        except Exception as error:  # noqa: BLE001 - another area's screen must not take the window down
            logging.warning("Phần %s không đổi được phạm vi: %r", SECTIONS[index][0], error)
        self._scoped[index] = self.scope

    def refresh(self) -> None:
        """Reload the tree and the member list after a change (organisations, import)."""
        self.org_panel.refresh()
        if is_section(self.sections.get(section_index(MEMBERS)), MEMBERS):
            self.members_view().refresh()
        self.update_status()

    # ------------------------------------------------------------ actions, menus, toolbar

    def _action(self, text: str, slot: Callable[[], object], shortcut: str | QKeySequence.StandardKey | None = None,
                tip: str = "") -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.setStatusTip(tip or text.rstrip("…"))
        action.triggered.connect(lambda *_: slot())
        return action

    def _build_actions(self) -> None:
        self.open_action = self._action("Mở tệp dữ liệu khác…", self.open_other, "Ctrl+O")
        self.demo_action = self._action("Tạo và mở dữ liệu mẫu…", self.open_demo)
        self.import_action = self._action("Nhập đảng viên từ Excel…", self.import_excel)
        self.export_action = self._action("Xuất danh sách ra Excel…", self.export_excel, None,
                                          "Xuất danh sách đang lọc ra tệp Excel, theo thứ tự sổ")
        self.export_sealed_action = self._action("Xuất danh sách ra Excel có mật khẩu (mang ra ngoài)…",
                                                 lambda: self.export_excel(encrypt=True))
        self.decrypt_action = self._action("Giải mã tệp đã mã hóa…", self.decrypt_file)
        self.print_action = self._action("In sổ danh sách đảng viên…", self.print_register, "Ctrl+P")
        self.quit_action = self._action("Thoát", self.close, "Ctrl+Q")
        self.backup_action = self._action("Sao lưu ngay", self.backup_now, None,
                                          "Sao lưu tệp dữ liệu vào thư mục sao lưu cạnh nó")
        self.restore_action = self._action("Khôi phục từ bản sao lưu…", self.restore_backup, None,
                                           "Xem các bản sao lưu và khôi phục một bản (có thể hoàn tác)")
        self.find_action = self._action("Tìm đảng viên", self.focus_search, "Ctrl+F")
        self.new_member_action = self._action("Thêm đảng viên…", lambda: self.show_members().new_member(), "Ctrl+N")
        self.edit_member_action = self._action("Sửa hồ sơ…", lambda: self.show_members().edit_member(), "F2")
        self.event_action = self._action("Ghi sự kiện…", lambda: self.show_members().add_event(), "Ctrl+E")
        self.correct_action = self._action("Đính chính sự kiện…", lambda: self.show_members().correct_event())
        self.shortcuts_action = self._action("Phím tắt", lambda: ask.info(self, "Phím tắt", SHORTCUTS_HELP), "F1")
        self.about_action = self._action("Giới thiệu", self.about)
        self.committee_action = self._action("Thông tin Đảng bộ xã (tên, địa danh, nhiệm kỳ)…", self.edit_committee)
        self.show_dissolved_action = QAction("Hiện tổ chức đã giải thể", self)
        self.show_dissolved_action.setCheckable(True)
        self.show_dissolved_action.toggled.connect(lambda on: self.org_panel.show_dissolved.setChecked(on))
        self.section_actions: list[QAction] = []
        for index, (title, _cls) in enumerate(SECTIONS):
            action = self._action(title, partial(self.go_to_section, index), f"Ctrl+{index + 1}")
            self.section_actions.append(action)
            self.addAction(action)

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&Tệp")
        file_menu.addActions([self.open_action, self.demo_action])
        file_menu.addSeparator()
        file_menu.addActions([self.backup_action, self.restore_action])
        file_menu.addSeparator()
        file_menu.addActions([self.import_action, self.export_action, self.export_sealed_action,
                              self.decrypt_action, self.print_action])
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        member_menu = bar.addMenu("Đảng &viên")
        member_menu.addActions([self.find_action, self.new_member_action, self.edit_member_action])
        member_menu.addSeparator()
        member_menu.addActions([self.event_action, self.correct_action])
        self.org_menu = bar.addMenu("Tổ &chức")
        view_menu = bar.addMenu("&Xem")
        view_menu.addActions(self.section_actions)
        help_menu = bar.addMenu("Trợ &giúp")
        help_menu.addActions([self.shortcuts_action, self.about_action])

    def _build_toolbar(self) -> None:
        bar = QToolBar("Thao tác thường dùng")
        bar.setObjectName("main_toolbar")
        bar.setMovable(False)
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        bar.addActions([self.find_action, self.new_member_action, self.edit_member_action, self.event_action])
        bar.addSeparator()
        bar.addActions([self.import_action, self.export_action, self.print_action])
        self.addToolBar(bar)

    def _build_status(self) -> None:
        self.file_label = QLabel()
        self.count_label = QLabel()
        self._counts_for: tuple[object, ...] | None = None   # the data the kept counts were read from
        self._counts_shown: dict[int | None, str] = {}        # the status bar's text of each scope shown
        self.backup_label = QLabel()
        status = self.statusBar()
        status.addWidget(self.file_label, 1)
        status.addPermanentWidget(self.count_label)
        status.addPermanentWidget(self.backup_label)

    def update_status(self) -> None:
        self.file_label.setText(f"Tệp: {self.db_path}")
        self.file_label.setToolTip(str(self.db_path))
        # A change of scope tells the window twice (the member list's new counts, then the tree's choice), and
        # a clerk goes back and forth between a cell and the commune: over unchanged data the counts of a scope
        # shown before are kept (at 10,000 members each count took 30–40 ms of the GUI thread).
        data = (self.db_path, self.access, self.conn, db.change_marker(self.conn))
        if data != self._counts_for:
            self._counts_for, self._counts_shown = data, {}
        text = self._counts_shown.get(self.scope)
        if text is None:
            text = self._counts_shown[self.scope] = self._count_text()
        self.count_label.setText(text)

    def _count_text(self) -> str:
        """“Where: N đảng viên | M tổ chức” of the scope, as the status bar shows it."""
        scope_ids: list[int] | None = (list(organisations.descendants(self.conn, self.scope))
                                       if self.scope is not None else None)
        counts = self.org_panel.on_roll_counts()   # the tree's counts: one read of the members for both
        on_roll = sum(counts.values()) if scope_ids is None else sum(counts.get(org_id, 0) for org_id in scope_ids)
        active_orgs = len([o for o in self.org_panel.all_organisations() if self.access.can_see(o.id)])
        where = organisations.get(self.conn, self.scope).name if self.scope is not None else "Toàn Đảng bộ"
        return f"{where}: {vn.format_int(on_roll)} đảng viên  |  {vn.format_int(active_orgs)} tổ chức"

    def _update_title(self) -> None:
        info = committee.get(self.conn)
        suffix = " (chỉ xem: tệp đang được mở ở nơi khác)" if self.read_only else ""
        # The program's name last, as desktops show a document's window; ending with the application's display
        # name also stops Qt on Linux from adding it a second time.
        self.setWindowTitle(f"{info.name or 'Chưa đặt tên Đảng bộ'}{suffix} – {APP_NAME}")

    # ------------------------------------------------------------ what the actions do

    def focus_search(self) -> None:
        self.show_members().focus_search()

    def export_excel(self, encrypt: bool = False) -> JobDialog | None:
        """Export the member list as filtered, with a password when it leaves the office (a job with progress;
        None when nothing was started)."""
        from ui import main_actions  # imported on first use: it brings Excel and printing, not needed to start

        flt = self.members_view().current_filter()
        started: list[JobDialog | None] = []
        run_action(self, lambda: started.append(main_actions.export_members(self, self.conn, flt, self.access,
                                                                            encrypt=encrypt)),
                   "Không xuất được Excel")
        return started[0] if started else None

    def decrypt_file(self) -> None:
        from ui import main_actions

        run_action(self, lambda: main_actions.decrypt_file(self), "Không giải mã được")

    def import_excel(self) -> None:
        from ui import main_actions

        done: list[bool] = []
        run_action(self, lambda: done.append(main_actions.import_members(self, self.conn)), "Không nhập được Excel")
        if done and done[0]:
            self.refresh()

    def print_register(self) -> JobDialog | None:
        """Print the register of the scope (a job with progress; None when nothing was started)."""
        from ui import main_actions

        started: list[JobDialog | None] = []
        run_action(self, lambda: started.append(main_actions.print_register(self, self.conn, self.scope, self.access)),
                   "Không in được sổ")
        return started[0] if started else None

    def open_other(self) -> None:
        from ui.common import files

        path = files.ask_open_path(self, "Mở tệp dữ liệu", files.DB_FILTER)
        if path is not None and self.confirm_leave("mở tệp khác"):
            self.open_path(path)

    def open_path(self, path: Path) -> bool:
        """Work on ``path`` from now on, after the clerk has resolved any problem with it (in use, damaged…)."""
        from ui import opening

        opened = opening.open_data_file(self, path)
        if opened is None:
            return False
        self.switch_database(opened.conn, opened.path, lock=opened.lock, read_only=opened.read_only,
                             access=opened.access)
        return True

    def open_demo(self) -> None:
        from ui.common import files

        path = files.ask_save_path(self, "Chọn nơi lưu tệp dữ liệu mẫu", "so-chi-bo-mau.sqlite", files.DB_FILTER)
        if path is not None and self.confirm_leave("mở dữ liệu mẫu"):
            self._make_demo(path)

    def _make_demo(self, path: Path) -> None:
        self.statusBar().showMessage("Đang tạo dữ liệu mẫu, xin chờ một chút…")
        self.repaint()

        def build() -> None:
            from ui import main_actions

            conn, summary = main_actions.make_demo(path)
            self.switch_database(conn, path, lock=file_lock.acquire(path))
            ask.info(self, "Dữ liệu mẫu", f"Đã tạo dữ liệu mẫu: {summary}")

        run_action(self, build, "Không tạo được dữ liệu mẫu")
        self.statusBar().clearMessage()

    def switch_database(self, conn: sqlite3.Connection, path: Path, *, lock: FileLock | None = None,
                        read_only: bool = False, access: Access = FULL) -> None:
        """Work on another file from now on: the old file is closed (and released), every screen rebuilt."""
        self._save_layout()
        old, old_lock = self.conn, self.lock
        self.conn, self.db_path, self.lock, self.read_only = conn, Path(path), lock, read_only
        self.access = access
        self._rebuild_screens(save_layout=False)
        if old is not conn:
            db.close(old)
        if old_lock is not None and old_lock is not lock:
            old_lock.release()
        self.owns_connection = True
        self._changes_at_open = db.change_marker(self.conn)
        self._remember_file()

    def _rebuild_screens(self, save_layout: bool = True) -> None:
        """Every screen anew over the current file (after switching file or restoring a backup)."""
        if save_layout:
            self._save_layout()
        old_central = self.centralWidget()
        for section in self.sections.values():
            if isinstance(section, SectionView):
                section.close_down()
        self._build_central()
        if old_central is not None:
            old_central.deleteLater()
        self._restore_layout()

    def _remember_file(self) -> None:
        """The next start opens this file again (an in-memory test database is not a file to reopen)."""
        if self.owns_connection:
            self.settings.setValue("last_db", str(self.db_path))

    def _refresh_lock(self) -> None:
        if self.lock is not None:
            self.lock.refresh()

    def run_first_start(self) -> None:
        from ui import first_start

        dialog = first_start.FirstStartDialog(committee.get(self.conn), self)
        if not dialog.exec() or dialog.choice is None:
            return
        choice = dialog.choice
        if (chosen := choice.committee) is not None:
            if run_action(self, lambda: committee.save(self.conn, chosen)):
                self.refresh()
                self._update_title()
            if choice.admin is not None:
                window_access.create_first_admin(self, *choice.admin)
        elif choice.demo_path is not None:
            self._make_demo(choice.demo_path)
        elif choice.open_path is not None:
            self.open_path(choice.open_path)

    def edit_committee(self) -> None:
        from ui import first_start

        dialog = first_start.FirstStartDialog(committee.get(self.conn), self, editing=True)
        if dialog.exec() and dialog.choice is not None and dialog.choice.committee is not None:
            value = dialog.choice.committee
            if run_action(self, lambda: committee.save(self.conn, value)):
                self.refresh()
                self._update_title()

    def about(self) -> None:
        from ui.about_dialog import AboutDialog

        self.exec_dialog(AboutDialog(self.conn, self.db_path, self.settings, self))

    # ------------------------------------------------------------ remembered layout

    def _restore_layout(self) -> None:
        geometry = self.settings.value("main/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        elif self.screen() is not None:   # first run: use the whole of a small office screen
            available = self.screen().availableGeometry()
            self.setGeometry(available)
        state = self.settings.value("main/state")
        if isinstance(state, QByteArray):
            self.restoreState(state)
        splitter = self.settings.value("main/splitter")
        if isinstance(splitter, QByteArray):
            self.splitter.restoreState(splitter)

    def _save_layout(self) -> None:
        self.settings.setValue("main/geometry", self.saveGeometry())
        self.settings.setValue("main/state", self.saveState())
        self.settings.setValue("main/splitter", self.splitter.saveState())
        if is_section(self.sections.get(section_index(MEMBERS)), MEMBERS):
            self.members_view().save_state(self.settings)
        self.settings.sync()

    def confirm_leave(self, doing: str = "thoát", scope_change: bool = False) -> bool:
        """Before something drops the sections' typed work: Lưu / Không lưu / Hủy for each that holds some.

        True: go on (everything was saved or dropped as the clerk chose). False: the clerk chose Hủy, or a
        save was refused; do nothing. ``scope_change`` skips sections that keep their edits across a scope.
        """
        for index, section in sorted(self.sections.items()):
            if not isinstance(section, HoldsUnsavedEdits):
                continue
            if scope_change and not getattr(section, "follows_scope", True):
                continue
            if not settle(section, self, doing, where=SECTIONS[index][0]):
                self.tabs.setCurrentIndex(index)   # show the clerk the screen in question
                return False
        return True

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        if self._closed:   # closed once already: the file is released
            super().closeEvent(event)
            return
        if self._close_backup_started and not self._close_backup_over:
            event.ignore()   # the backup before closing is being taken; the window closes when it is done
            return
        if not self.confirm_leave("thoát"):
            event.ignore()
            return
        from ui.common.job_progress import stop_all_jobs

        stop_all_jobs()   # a print or an export left running stops: it leaves no partial file
        if self.owns_connection and not self._close_backup_started and self._needs_close_backup():
            self._close_backup_started = True
            event.ignore()
            self._backup_before_close(self._close_after_backup)
            return
        self._save_layout()
        self._heartbeat.stop()
        self._closed = True
        QThreadPool.globalInstance().waitForDone(60000)   # a backup being written finishes first
        if self.owns_connection:
            db.close(self.conn)
            if self.lock is not None:
                self.lock.release()
        super().closeEvent(event)

    def _close_after_backup(self) -> None:
        self._close_backup_over = True
        self.close()
