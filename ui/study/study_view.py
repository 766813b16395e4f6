"""Học tập nghị quyết: study sessions and who took part (with reflection grades), documents, Chỉ thị 05."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import cast

from PySide6.QtCore import QAbstractItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from models import vn
from models.commune import organisations
from models.commune.organisations import Organisation
from models.errors import UserError
from models.people import member_list
from models.people.member_list import MemberFilter
from models.study import sessions as study
from ui.common.loader import Loader
from ui.common.pickers import Choice, person_choices
from ui.common.section import SectionView
from ui.common.table_model import record_view
from ui.common.widgets import ask, run_action, two_panes, year_box
from ui.study.study_dialogs import Ct05Dialog, Ct05Entry, DocumentDialog, SessionDialog
from ui.study.study_models import (
    ChoiceDelegate,
    Ct05TableModel,
    DocumentTableModel,
    NameFilterProxy,
    ParticipantTableModel,
    SessionTableModel,
)


def _table(model: QAbstractItemModel, widths: tuple[int, ...], stretch: int) -> QTableView:
    table = record_view(model)
    for column, width in enumerate(widths):
        table.setColumnWidth(column, width)
    table.horizontalHeader().setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return table


@dataclass(frozen=True)
class _YearLists:
    """What the screen shows for a year and scope, read together off the GUI thread."""

    sessions: list[study.SessionRow]
    documents: list[study.DocumentRow]
    ct05: list[study.Ct05Registration]
    stats: study.StudyStats


def _key(scope: list[int] | None) -> tuple[int, ...] | None:
    return None if scope is None else tuple(scope)


class StudyView(SectionView):
    """The study section; ``set_scope`` follows the organisation chosen in the main window's tree."""

    def __init__(self, conn: sqlite3.Connection, parent: QWidget | None = None) -> None:
        super().__init__(conn, parent)
        self.sessions = SessionTableModel(study.mode_names(), self)
        self.participants = ParticipantTableModel(self)
        self.participants.warn_parent = self
        self.participants.grades = study.reflection_grades()
        self.participants.saved.connect(self._participation_changed)
        self.documents = DocumentTableModel(self)
        self.ct05 = Ct05TableModel(self)
        self.ct05.warn_parent = self
        self.ct05.set_result = lambda reg_id, result: study.set_ct05_result(self.conn, reg_id, result)
        self.ct05.saved.connect(self._refresh_ct05_stats)
        self.loader = Loader(conn, self)          # the lists and the year's summary
        self.stats_loader = Loader(conn, self)    # the Chỉ thị 05 rates (seconds for a whole commune)
        self.people_loader = Loader(conn, self)   # the members the Chỉ thị 05 dialog offers
        self._build()
        self.refresh()

    # ------------------------------------------------------------ layout

    def _build(self) -> None:
        layout = self.body
        top = QHBoxLayout()
        self.year_box = year_box()
        self.year_box.valueChanged.connect(self.refresh)
        self.summary = QLabel()
        self.summary.setStyleSheet("font-weight: bold;")
        self.summary.setWordWrap(True)
        top.addWidget(QLabel("Năm:"))
        top.addWidget(self.year_box)
        top.addSpacing(12)
        top.addWidget(self.summary, 1)
        layout.addLayout(top)
        self.tabs = QTabWidget()
        self.tabs.addTab(self._sessions_tab(), "Buổi học tập, quán triệt")
        self.tabs.addTab(self._documents_tab(), "Văn bản")
        self.tabs.addTab(self._ct05_tab(), "Chỉ thị 05")
        layout.addWidget(self.tabs, 1)

    def _sessions_tab(self) -> QWidget:
        tab = QWidget()
        layout = QVBoxLayout(tab)
        buttons = QHBoxLayout()
        self.add_session_button = QPushButton("Thêm &buổi học tập…")
        self.edit_session_button = QPushButton("&Sửa buổi học tập…")
        self.add_session_button.clicked.connect(self.add_session)
        self.edit_session_button.clicked.connect(self.edit_session)
        buttons.addWidget(self.add_session_button)
        buttons.addWidget(self.edit_session_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        # Sessions above (a few a year, full titles readable), the roll call below (it can be long).
        self.session_table = _table(self.sessions, (90, 400, 190, 75, 170), 1)
        self.session_table.selectionModel().currentRowChanged.connect(lambda *_: self.show_participants())
        self.session_table.doubleClicked.connect(lambda *_: self.edit_session())
        layout.addWidget(two_panes(self.session_table, self._participants_panel(), vertical=True,
                                   sizes=(170, 400)), 1)
        return tab

    def _participants_panel(self) -> QWidget:
        panel = QWidget()
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(0, 0, 0, 0)
        self.participants_title = QLabel("Chọn một buổi học tập ở trên để điểm danh.")
        self.participants_title.setWordWrap(True)
        self.participants_title.setStyleSheet("font-weight: bold;")
        tools = QHBoxLayout()
        tools.addWidget(self.participants_title, 1)
        self.search = QLineEdit()
        self.search.setMinimumWidth(260)
        self.search.setMaximumWidth(320)
        self.search.setPlaceholderText("Tìm tên (gõ không dấu cũng được)")
        self.search.setClearButtonEnabled(True)
        self.all_present_button = QPushButton("Tất cả có &mặt")
        self.all_present_button.clicked.connect(self.mark_all_present)
        tools.addWidget(self.search)
        tools.addWidget(self.all_present_button)
        self.proxy = NameFilterProxy(ParticipantTableModel.NAME, self)
        self.proxy.setSourceModel(self.participants)
        self.search.textChanged.connect(self.proxy.set_text)
        self.participant_table = _table(self.proxy, (45, 260, 300, 70, 150), 1)
        self.participant_table.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                               | QAbstractItemView.EditTrigger.SelectedClicked
                                               | QAbstractItemView.EditTrigger.EditKeyPressed)
        self.participant_table.setItemDelegateForColumn(
            ParticipantTableModel.GRADE, ChoiceDelegate(lambda: self.participants.grades, self.participant_table))
        self.participant_count = QLabel()
        help_line = QLabel("Bỏ dấu ở cột “Có mặt” cho người vắng (nhấn chuột hoặc phím cách). "
                           "Nhấn đúp ở cột “Bài thu hoạch” để xếp loại. Mọi thay đổi được lưu ngay.")
        help_line.setWordWrap(True)
        help_line.setStyleSheet("color: #555;")
        layout.addLayout(tools)
        layout.addWidget(self.participant_table, 1)
        layout.addWidget(self.participant_count)
        layout.addWidget(help_line)
        return panel

    def _documents_tab(self) -> QWidget:
        tab = QWidget()
        layout = QVBoxLayout(tab)
        buttons = QHBoxLayout()
        self.add_document_button = QPushButton("Thêm văn &bản…")
        self.edit_document_button = QPushButton("&Sửa văn bản…")
        self.add_document_button.clicked.connect(self.add_document)
        self.edit_document_button.clicked.connect(self.edit_document)
        buttons.addWidget(self.add_document_button)
        buttons.addWidget(self.edit_document_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.document_table = _table(self.documents, (100, 330, 130, 95, 60, 170), 1)
        self.document_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.document_table.doubleClicked.connect(lambda *_: self.edit_document())
        layout.addWidget(self.document_table, 1)
        return tab

    def _ct05_tab(self) -> QWidget:
        tab = QWidget()
        layout = QVBoxLayout(tab)
        top = QHBoxLayout()
        self.ct05_stats = QLabel()
        self.ct05_stats.setWordWrap(True)
        self.ct05_stats.setStyleSheet("font-weight: bold;")
        self.register_button = QPushButton("Đăng &ký…")
        self.register_button.clicked.connect(self.register_ct05)
        top.addWidget(self.ct05_stats, 1)
        top.addWidget(self.register_button)
        layout.addLayout(top)
        self.ct05_table = _table(self.ct05, (200, 70, 400, 120), 2)
        self.ct05_table.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                        | QAbstractItemView.EditTrigger.EditKeyPressed)
        self.ct05_table.setItemDelegateForColumn(
            Ct05TableModel.RESULT, ChoiceDelegate(lambda: self.ct05.results, self.ct05_table, "(chưa đánh giá)"))
        layout.addWidget(self.ct05_table, 1)
        layout.addWidget(QLabel("Nhấn đúp ở cột “Kết quả” để ghi kết quả thực hiện cuối năm."))
        return tab

    # ------------------------------------------------------------ state

    def year(self) -> int:
        return self.year_box.value()

    def scope_ids(self) -> list[int] | None:
        return None if self.scope is None else list(organisations.descendants(self.conn, self.scope))

    def is_loading(self) -> bool:
        return self.loader.loading() or self.stats_loader.loading()

    def refresh(self) -> None:
        """Read the year's lists for the scope in the background; the screen says "Đang tải…" meanwhile."""
        year, scope = self.year(), self.scope_ids()
        chosen = self.selected_session()
        self.summary.setText("Đang tải…")
        self.ct05.results = study.ct05_results(year)

        def read(conn: sqlite3.Connection, _progress: object) -> _YearLists:
            return _YearLists(study.sessions(conn, year, scope), study.document_rows(conn, scope),
                              study.ct05_registrations(conn, year, scope), study.year_stats(conn, year, scope))

        self.loader.load(("lists", year, _key(scope)), read, lambda lists: self._show_lists(lists, chosen),
                         lambda message: self.summary.setText(f"Chưa tải được danh sách: {message}"))
        self._refresh_ct05_stats()

    def _show_lists(self, result: object, chosen: int | None) -> None:
        lists = cast(_YearLists, result)
        self.sessions.set_rows(lists.sessions)
        before = self.selected_session()
        self._select_session(chosen)
        if self.selected_session() == before:   # else the new selection read the participants already
            self.show_participants()            # (thousands for a whole commune: read once, not twice)
        self.documents.set_rows(lists.documents)
        self.ct05.set_rows(lists.ct05)
        self._show_summary(lists.stats)

    def _refresh_summary(self) -> None:
        self._show_summary(study.year_stats(self.conn, self.year(), self.scope_ids()))

    def _show_summary(self, stats: study.StudyStats) -> None:
        where = "Toàn Đảng bộ" if self.scope is None else organisations.get(self.conn, self.scope).name
        if not stats.sessions:
            self.summary.setText(f"{where} – năm {self.year()}: chưa có buổi học tập nào.")
            return
        self.summary.setText(f"{where} – năm {self.year()}: {vn.format_int(stats.sessions)} buổi học tập; "
                             f"lượt đảng viên tham gia {stats.participation_text}.")

    def _refresh_ct05_stats(self) -> None:
        year, scope = self.year(), self.scope_ids()
        self.ct05_stats.setText(f"Năm {year}: đang tính số đã đăng ký…")
        self.stats_loader.load(("ct05", year, _key(scope)), lambda conn, _p: study.ct05_stats(conn, year, scope),
                               lambda stats: self._show_ct05_stats(year, cast(study.Ct05Stats, stats)),
                               lambda message: self.ct05_stats.setText(f"Chưa tính được số đã đăng ký: {message}"))

    def _show_ct05_stats(self, year: int, stats: study.Ct05Stats) -> None:
        self.ct05_stats.setText(
            f"Năm {year} đã đăng ký: tập thể {vn.format_ratio(stats.orgs_registered, stats.orgs_total)}; "
            f"cá nhân {vn.format_ratio(stats.members_registered, stats.members_on_roll)}.")

    def selected_session(self) -> int | None:
        index = self.session_table.currentIndex()
        return self.sessions.rows[index.row()].id if index.isValid() and index.row() < len(self.sessions.rows) else None

    def _select_session(self, session_id: int | None) -> None:
        for number, row in enumerate(self.sessions.rows):
            if row.id == session_id:
                self.session_table.selectRow(number)
                return
        if self.sessions.rows:
            self.session_table.selectRow(0)

    def show_participants(self) -> None:
        session_id = self.selected_session()
        self.all_present_button.setEnabled(session_id is not None)
        self.edit_session_button.setEnabled(session_id is not None)
        if session_id is None:
            self.participants.set_rows([])
            self.participants_title.setText("Chọn một buổi học tập ở trên để điểm danh.")
            self.participant_count.setText("")
            return
        session = study.get_session(self.conn, session_id)
        scope = self.scope_ids()
        rows = [p for p in study.participants(self.conn, session_id) if scope is None or p.org_id in scope]
        self.participants.org_names = {o.id: o.name for o in organisations.all_organisations(self.conn)}
        self.participants.grades = study.reflection_grades(session.held_on)
        self.participants.mark = lambda member_id, present: study.set_attendance(
            self.conn, session_id, {member_id: present})
        self.participants.grade = lambda member_id, grade: study.record_grades(
            self.conn, session_id, {member_id: grade})
        self.participants.set_rows(rows)
        self.participant_table.setColumnHidden(ParticipantTableModel.ORG, scope is not None and len(scope) == 1)
        doc = study.get_document(self.conn, session.document_id)
        self.participants_title.setText(f"Điểm danh: {doc.code}, ngày {vn.format_date(session.held_on)}")
        self._show_count()

    def _show_count(self) -> None:
        rows = self.participants.rows
        graded = sum(1 for p in rows if p.grade)
        self.participant_count.setText(f"Có mặt {vn.format_ratio(self.participants.attended(), len(rows))}; "
                                       f"đã xếp loại bài thu hoạch {vn.format_int(graded)} người.")

    def _participation_changed(self) -> None:
        self._show_count()
        chosen = self.selected_session()
        self.sessions.set_rows(study.sessions(self.conn, self.year(), self.scope_ids()))
        self.session_table.blockSignals(True)
        self._select_session(chosen)
        self.session_table.blockSignals(False)
        self.documents.set_rows(study.document_rows(self.conn, self.scope_ids()))
        self._refresh_summary()

    # ------------------------------------------------------------ actions

    def _org_choices(self) -> list[tuple[Organisation, int]]:
        """Organisations that can be invited, in tree order with their depth (tổ đảng left out)."""
        depth: dict[int, int] = {}
        found = []
        for org in organisations.all_organisations(self.conn, include_dissolved=False):
            depth[org.id] = depth.get(org.parent_id, -1) + 1 if org.parent_id else 0
            if org.unit_type != "to_dang":
                found.append((org, depth[org.id]))
        return found

    def add_session(self) -> None:
        docs = study.documents(self.conn)
        if not docs:
            ask.info(self, "Thêm buổi học tập", "Chưa có văn bản nào. Hãy thêm văn bản học tập trước "
                     "(thẻ “Văn bản”, nút “Thêm văn bản…”).")
            return
        dialog = SessionDialog(docs, self._org_choices(), lambda s: study.create_session(self.conn, s),
                               preselect=[self.scope] if self.scope else [], parent=self)
        if self.exec_dialog(dialog) == QDialog.DialogCode.Accepted:
            self.refresh()
            self._select_session(getattr(dialog.saved, "id", None))

    def edit_session(self) -> None:
        session_id = self.selected_session()
        if session_id is None:
            return
        dialog = SessionDialog(study.documents(self.conn), self._org_choices(),
                               self._save_changed_session,
                               current=study.get_session(self.conn, session_id), parent=self)
        if self.exec_dialog(dialog) == QDialog.DialogCode.Accepted:
            self.refresh()

    def _save_changed_session(self, session: study.Session) -> object:
        """Save an edited session; first say who would leave the roll call (their marks and grades go too)."""
        if session.org_ids:
            staying = {m for m, _ in study.invited_roster(self.conn, session.org_ids, session.held_on)}
            leaving = [p for p in study.participants(self.conn, session.id) if p.member_id not in staying]
            graded = sum(1 for p in leaving if p.grade)
            if leaving and not ask.confirm(
                    self, "Bớt người khỏi danh sách",
                    f"Sau khi sửa, {vn.format_int(len(leaving))} đảng viên không còn trong danh sách điểm danh "
                    f"của buổi học tập này (ví dụ {leaving[0].full_name})"
                    + (f"; {vn.format_int(graded)} người trong số đó đã có xếp loại bài thu hoạch, "
                       "xếp loại ấy sẽ bị xóa" if graded else "") + ".\n\nVẫn lưu?"):
                raise UserError("Chưa lưu: danh sách điểm danh giữ nguyên. Hãy kiểm tra lại tổ chức được triệu tập.")
        return study.update_session(self.conn, session)

    def mark_all_present(self) -> None:
        session_id = self.selected_session()
        if session_id is None:
            return
        ids = {p.member_id for p in self.participants.rows}
        absent = sum(1 for p in self.participants.rows if not p.attended)
        if absent and not ask.confirm(self, "Tất cả có mặt",
                                      f"Đang có {vn.format_int(absent)} người được ghi vắng. "
                                      "Ghi lại tất cả là có mặt (bỏ các dấu vắng đã ghi)?"):
            return
        run_action(self, lambda: study.set_attendance(self.conn, session_id, {m: True for m in ids}))
        self.show_participants()
        self._participation_changed()

    def add_document(self) -> None:
        dialog = DocumentDialog(lambda d: study.create_document(self.conn, d), parent=self)
        if self.exec_dialog(dialog) == QDialog.DialogCode.Accepted:
            self.refresh()

    def edit_document(self) -> None:
        index = self.document_table.currentIndex()
        if not index.isValid():
            ask.info(self, "Sửa văn bản", "Hãy chọn một văn bản trong danh sách trước.")
            return
        current = self.documents.rows[index.row()].document
        dialog = DocumentDialog(lambda d: study.update_document(self.conn, d), current, self)
        if self.exec_dialog(dialog) == QDialog.DialogCode.Accepted:
            self.refresh()

    def register_ct05(self) -> None:
        """The dialog opens at once; the members it offers are read in a worker (0.5–0.9 s for 10,000, which
        froze the window) and fill its picker when they come."""
        scope = self.scope_ids()
        orgs = [o for o, _ in self._org_choices() if scope is None or o.id in scope]
        dialog = Ct05Dialog(self.year(), None, orgs, self._save_ct05, self)
        org_id = self.scope
        self.people_loader.load(("ct05-people", org_id), lambda conn, _progress: _people(conn, org_id),
                                lambda people: dialog.set_people(cast(list[Choice], people)),
                                dialog.error.show_error)
        accepted = self.exec_dialog(dialog) == QDialog.DialogCode.Accepted
        self.people_loader.cancel()   # closed before the list came: its answer is dropped
        if accepted:
            self.refresh()

    def _save_ct05(self, entry: Ct05Entry) -> object:
        """Register; a second registration of the same member or unit replaces the first only when confirmed,
        and keeps the result already recorded for the year."""
        earlier = next((r for r in study.ct05_registrations(self.conn, entry.year)
                        if (r.member_id == entry.member_id if entry.member_id is not None
                            else r.org_id == entry.org_id)), None)
        result = ""
        if earlier is not None:
            if not ask.confirm(self, "Đã đăng ký", f"{earlier.name} đã đăng ký năm {earlier.year}:\n"
                               f"“{earlier.commitment}”.\n\nThay bằng nội dung mới?"):
                raise UserError(f"{earlier.name} đã đăng ký năm {earlier.year}; chưa lưu nội dung mới. "
                                "Muốn sửa, hãy bấm “Lưu” lại và chọn “Có”.")
            result = earlier.result
        return study.register_ct05(self.conn, entry.year, member_id=entry.member_id, org_id=entry.org_id,
                                   commitment=entry.commitment, result=result)


def _people(conn: sqlite3.Connection, scope: int | None) -> list[Choice]:
    """Members on the roll of the scope, labelled with their cell (and the birth year of namesakes)."""
    people = member_list.load(conn, member_list.find_ids(conn, MemberFilter(org_id=scope)))
    return person_choices(people, organisations.names_by_id(conn))
