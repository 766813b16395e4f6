"""Đảng viên: the searchable member list, the selected member's history, and the actions on them."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from PySide6.QtCore import QPoint, QSettings, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from models import vn
from models.access.session import FULL, Access
from models.commune import organisations
from models.people import members
from models.people.member_events import LEFT_STATUSES, ON_ROLL_STATUSES, STATUSES
from models.people.member_list import MemberFilter
from models.storage import audit
from ui.common.section import SectionView
from ui.common.table_model import record_view, size_columns
from ui.common.widgets import ask, run_action, two_panes
from ui.members import event_dialog
from ui.members.event_dialog import EventDialog
from ui.members.member_dialog import MemberDialog, MemberForm
from ui.members.member_table_model import COL_ORG, MemberTableModel
from ui.members.member_timeline import EventTableModel

SEARCH_DELAY_MS = 200
_ALL_ON_ROLL = "__roll__"
_EVERYONE = "__all__"


class MembersView(SectionView):
    """The member list of the chosen organisation (with its sub-units), filtered as the user types."""

    counts_changed = Signal(int)

    def __init__(self, conn: sqlite3.Connection, parent: QWidget | None = None) -> None:
        super().__init__(conn, parent)
        self.access: Access = FULL
        self.file_writable = True   # False: the file is open elsewhere, so records open read-only (ui.access)
        self.model = MemberTableModel(conn, self, load=False)   # read once, by apply_filter below
        self.events_model = EventTableModel(self)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.apply_filter)
        self._build()
        self.apply_filter()

    # ------------------------------------------------------------ layout

    def _build(self) -> None:
        layout = self.body
        layout.addLayout(self._filter_row())
        layout.addLayout(self._button_row())
        self.table = record_view(self.model, numbered=True, sortable=True)
        self.table.horizontalHeader().setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)   # a bold header on selection no longer fits its column
        size_columns(header, self.model.columns)
        # Chi bộ takes whatever width is left, so the list never scrolls sideways at 1366×768
        header.setStretchLastSection(False)
        header.setSectionResizeMode(COL_ORG, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(40)
        self.table.activated.connect(lambda *_: self.edit_member())   # Enter or double-click
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._member_menu)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._show_history())
        self.history = record_view(self.events_model, row_height=22)
        self.history.horizontalHeader().setStretchLastSection(True)
        size_columns(self.history.horizontalHeader(), self.events_model.columns)
        self.history.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.history.customContextMenuRequested.connect(self._history_menu)
        self.history_title = QLabel("Lịch sử: chọn một đảng viên trong danh sách")
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        row.addWidget(self.history_title, 1)
        self.add_event_button = QPushButton("Ghi sự kiện…")
        self.add_event_button.setToolTip("Kết nạp lại, chuyển chính thức, chuyển sinh hoạt, kỷ luật… (Ctrl+E)")
        self.add_event_button.clicked.connect(self.add_event)
        self.correct_button = QPushButton("Đính chính…")
        self.correct_button.setToolTip("Hủy sự kiện đang chọn vì ghi nhầm; sự kiện vẫn được giữ trong lịch sử")
        self.correct_button.clicked.connect(self.correct_event)
        row.addWidget(self.add_event_button)
        row.addWidget(self.correct_button)
        lower_layout.addLayout(row)
        lower_layout.addWidget(self.history)
        self.splitter = two_panes(self.table, lower, vertical=True, stretch=(3, 1), sizes=(460, 130))
        layout.addWidget(self.splitter, 1)

    def _filter_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.search = QLineEdit()
        # short enough to be read whole at 1366×768 beside the filters; the tooltip says the rest
        self.search.setPlaceholderText("Tìm họ tên, số thẻ – gõ không dấu cũng được")
        self.search.setToolTip("Gõ họ tên hoặc số thẻ; không cần dấu, không phân biệt hoa thường. "
                               "Enter: về người đầu tiên tìm thấy. Phím tắt: Ctrl+F.")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(lambda *_: self._timer.start())
        self.search.returnPressed.connect(self._search_done)
        row.addWidget(self.search, 3)
        self.status = QComboBox()
        self.status.addItem("Đang trong danh sách", _ALL_ON_ROLL)
        for key in ON_ROLL_STATUSES + LEFT_STATUSES[:5]:
            self.status.addItem(STATUSES[key], key)
        self.status.addItem("Tất cả (kể cả đã chuyển đi, từ trần…)", _EVERYONE)
        self.status.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.status.setMinimumContentsLength(19)
        self.standing = self._combo((("Dự bị và chính thức", None), ("Dự bị", "du_bi"), ("Chính thức", "chinh_thuc")))
        self.gender = self._combo((("Nam và nữ", None), ("Nam", "Nam"), ("Nữ", "Nữ")))
        for combo in (self.status, self.standing, self.gender):
            combo.currentIndexChanged.connect(lambda *_: self.apply_filter())
            row.addWidget(combo)
        row.addWidget(QLabel("Tuổi"))
        self.age_min, self.age_max = QSpinBox(), QSpinBox()
        for spin, text in ((self.age_min, "từ"), (self.age_max, "đến")):
            spin.setRange(0, 120)
            spin.setSpecialValueText(text)
            spin.setFixedWidth(62)
            spin.valueChanged.connect(lambda *_: self._timer.start())
            row.addWidget(spin)
        self.count_label = QLabel()
        self.count_label.setMinimumWidth(110)
        self.count_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        row.addWidget(self.count_label)
        return row

    def _combo(self, items: tuple[tuple[str, str | None], ...]) -> QComboBox:
        combo = QComboBox()
        for text, data in items:
            combo.addItem(text, data)
        return combo

    def _button_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        buttons = []
        for text, tip, slot in (("Thêm đảng viên…", "Ctrl+N", self.new_member),
                                ("Sửa hồ sơ…", "Enter hoặc nháy đúp vào một dòng", self.edit_member)):
            button = QPushButton(text)
            button.setToolTip(tip)
            button.clicked.connect(slot)
            row.addWidget(button)
            buttons.append(button)
        self.add_member_button, self.edit_member_button = buttons
        row.addStretch(1)
        self.scope_label = QLabel()
        self.scope_label.setStyleSheet("color: #555;")
        row.addWidget(self.scope_label)
        return row

    # ------------------------------------------------------------ filtering

    def current_filter(self) -> MemberFilter:
        status = self.status.currentData()
        return MemberFilter(
            text=self.search.text(), org_id=self.scope,
            status=None if status in (_ALL_ON_ROLL, _EVERYONE) else status, include_left=status == _EVERYONE,
            gender=self.gender.currentData(), standing=self.standing.currentData(),
            age_min=self.age_min.value() or None, age_max=self.age_max.value() or None)

    def apply_filter(self) -> None:
        self._timer.stop()
        selected = self.selected_member_id()
        self.model.set_filter(self.current_filter())
        self.count_label.setText(f"{vn.format_int(self.model.rowCount())} đảng viên")
        self.counts_changed.emit(self.model.rowCount())
        self.select_member(selected)
        self._show_history()

    def set_scope(self, org_id: int | None) -> None:
        self.scope = org_id
        name = organisations.get(self.conn, org_id).name if org_id else "toàn Đảng bộ"
        self.scope_label.setText("Phạm vi: " + name)
        self.apply_filter()

    def clear_filters(self) -> None:
        """Show every member on the roll of the scope again (the search and the filters emptied)."""
        for box in (self.status, self.standing, self.gender):
            box.blockSignals(True)
            box.setCurrentIndex(0)
            box.blockSignals(False)
        for spin in (self.age_min, self.age_max):
            spin.blockSignals(True)
            spin.setValue(0)
            spin.blockSignals(False)
        self.search.blockSignals(True)
        self.search.clear()
        self.search.blockSignals(False)
        self.apply_filter()

    def _search_done(self) -> None:
        """Enter in the search box: filter now and go to the first match, ready for Enter to open it."""
        self.apply_filter()
        if self.model.rowCount():
            self.table.setFocus()
            self.table.setCurrentIndex(self.model.index(0, 0))
            self.table.selectRow(0)

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    # ------------------------------------------------------------ selection and history

    def selected_member_id(self) -> int | None:
        index = self.table.currentIndex() if hasattr(self, "table") else None
        return self.model.member_id(index.row()) if index is not None and index.isValid() else None

    def select_member(self, member_id: int | None) -> None:
        row = self.model.row_of(member_id) if member_id is not None else None
        if row is None:
            self.table.clearSelection()
            self.table.setCurrentIndex(self.model.index(-1, -1))
            return
        self.table.selectRow(row)
        self.table.scrollTo(self.model.index(row, 0))

    def _show_history(self) -> None:
        member_id = self.selected_member_id()
        enabled = member_id is not None
        self.add_event_button.setEnabled(enabled)
        self.correct_button.setEnabled(enabled)
        if member_id is None:
            self.events_model.set_events([], {})
            self.history_title.setText("Lịch sử: chọn một đảng viên trong danh sách")
            return
        member = members.get(self.conn, member_id)
        names: dict[int, str] = {o.id: o.name for o in organisations.all_organisations(self.conn)}
        self.events_model.set_events(members.events(self.conn, member_id), names)
        self.history_title.setText(f"<b>Lịch sử của {member.full_name}</b> – {member.status_name.lower()}"
                                   + (f", {member.standing_name.lower()}" if member.standing else ""))

    # ------------------------------------------------------------ actions

    def _member_menu(self, point: QPoint) -> None:
        index = self.table.indexAt(point)
        if index.isValid():
            self.table.selectRow(index.row())
        menu = QMenu(self)
        writes = self.access.may_write()
        menu.addAction(self.record_text(), self.edit_member).setEnabled(index.isValid())
        if writes:   # a read-only account is not offered what it cannot do
            menu.addAction("Ghi sự kiện…", self.add_event).setEnabled(index.isValid())
        if self.access.may_reveal_identifiers():
            menu.addAction("Hiện số thẻ", self.reveal_card).setEnabled(index.isValid() and self.model.mask_cards)
        if writes:
            menu.addSeparator()
            menu.addAction("Thêm đảng viên…", self.new_member)
        menu.exec(self.table.viewport().mapToGlobal(point))

    def record_text(self) -> str:
        """What opening a member's full record does for this account: edit it, or only read it."""
        return "Sửa hồ sơ…" if self.access.may_write() and self.file_writable else "Xem hồ sơ…"

    def set_access(self, access: Access) -> None:
        """The logged-in account: card numbers masked in the list (revealed one by one, each recorded), and
        no changing buttons for a read-only account."""
        self.access = access
        for button in (self.add_member_button, self.add_event_button, self.correct_button):
            button.setVisible(access.may_write())
        self.edit_member_button.setText(self.record_text())   # a read-only account reads the full record
        self.model.set_masking(True)

    def reveal_card(self) -> None:
        member_id = self.selected_member_id()
        if member_id is None or not self.access.may_reveal_identifiers():
            return
        audit.record_event(self.conn, "hiện số thẻ", "member", member_id)
        self.model.reveal(member_id)

    def _history_menu(self, point: QPoint) -> None:
        index = self.history.indexAt(point)
        if not index.isValid():
            return
        self.history.selectRow(index.row())
        if not self.access.may_write():
            return
        menu = QMenu(self)
        menu.addAction("Đính chính sự kiện này (ghi nhầm)…", self.correct_event)
        menu.exec(self.history.viewport().mapToGlobal(point))

    def new_member(self) -> None:
        default_org = self.scope if self.scope and organisations.get(self.conn, self.scope).is_cell else None
        saved: list[int] = []

        def save(form: MemberForm) -> None:
            assert form.admission is not None
            saved.append(members.create(self.conn, form.details, form.admission).id)

        dialog = MemberDialog(self.conn, None, self, save=save, default_org_id=default_org)
        if dialog.exec() and saved:
            self._after_change(saved[0])

    def edit_member(self) -> None:
        """The selected member's full record: editable when the account may change it (a bí thư: within their
        organisation), else read-only with the numbers masked. Either way the opening is recorded."""
        member_id = self.selected_member_id()
        if member_id is None:
            ask.info(self, "Hồ sơ đảng viên", "Hãy chọn một đảng viên trong danh sách trước.")
            return
        member = members.get(self.conn, member_id)
        if not run_action(self, lambda: self.access.require_org(member.org_id, "xem hồ sơ của đảng viên này"),
                          "Không mở được hồ sơ"):
            return
        audit.record_event(self.conn, "xem hồ sơ", "member", member_id)   # who opened whose full record
        dialog = MemberDialog(self.conn, member, self,
                              save=lambda form: members.update(self.conn, member_id, form.details,
                                                               expected=form.expected),
                              read_only=not (self.file_writable and self.access.can_edit(member.org_id)),
                              masked=self.model.mask_cards, reveal=self._reveal_for(member_id))
        if self.exec_dialog(dialog) and not dialog.read_only:
            self._after_change(member_id)

    def _reveal_for(self, member_id: int) -> Callable[[], object] | None:
        """What “Hiện số thẻ” in the full record does: record the reveal (None: the account may not reveal)."""
        if not self.access.may_reveal_identifiers():
            return None
        return lambda: audit.record_event(self.conn, "hiện số thẻ", "member", member_id)

    def add_event(self) -> None:
        member_id = self.selected_member_id()
        if member_id is None:
            ask.info(self, "Ghi sự kiện", "Hãy chọn một đảng viên trong danh sách trước.")
            return
        dialog = EventDialog(self.conn, member_id, self,
                             save=lambda event: members.add_event(self.conn, member_id, event))
        if dialog.exec():
            self._after_change(member_id)

    def correct_event(self) -> None:
        member_id = self.selected_member_id()
        event = self.events_model.event_at(self.history.currentIndex().row())
        if member_id is None or event is None:
            ask.info(self, "Đính chính", "Hãy chọn sự kiện ghi nhầm trong bảng lịch sử trước.")
            return
        if event.kind == "dinh_chinh" or self.events_model.is_voided(event.id):
            ask.info(self, "Đính chính", "Sự kiện này đã là một đính chính hoặc đã được đính chính rồi.")
            return
        reason = event_dialog.ask_reason(
            self, "Đính chính sự kiện",
            f"Hủy “{event.kind_name}” ngày {vn.format_date(event.event_date)} vì ghi nhầm.\n"
            "Sự kiện vẫn giữ trong lịch sử, có ghi “đã đính chính”. Lý do đính chính:")
        if reason is None:
            return
        if run_action(self, lambda: members.correct_event(self.conn, member_id, event.id, reason),
                      "Không đính chính được"):
            self._after_change(member_id)

    def _after_change(self, member_id: int) -> None:
        self.model.reload()
        self.count_label.setText(f"{vn.format_int(self.model.rowCount())} đảng viên")
        self.counts_changed.emit(self.model.rowCount())
        self.select_member(member_id)
        self._show_history()

    def refresh(self) -> None:
        """Reload after changes made elsewhere (import, organisation changes)."""
        self.apply_filter()

    # ------------------------------------------------------------ remembered layout

    def save_state(self, settings: QSettings) -> None:
        settings.setValue("members/header", self.table.horizontalHeader().saveState())
        settings.setValue("members/splitter", self.splitter.saveState())

    def restore_state(self, settings: QSettings) -> None:
        header = settings.value("members/header")
        if header is not None:
            self.table.horizontalHeader().restoreState(header)
        splitter = settings.value("members/splitter")
        if splitter is not None:
            self.splitter.restoreState(splitter)
