"""The navigation tree of the commune: Đảng bộ xã → đảng bộ cơ sở → chi bộ, with the organisation actions."""

from __future__ import annotations

import functools
import sqlite3
from collections.abc import Callable
from typing import Any, TypeVar, cast

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, Signal
from PySide6.QtGui import QAction, QBrush, QColor, QFont, QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from models import vn
from models.access.session import FULL, Access
from models.commune import committee, organisations
from models.commune.organisations import Organisation
from models.people import member_list
from models.storage import db
from ui.common.widgets import ask

_T = TypeVar("_T")
ORG_ROLE = Qt.ItemDataRole.UserRole + 1
KEY_ROLE = Qt.ItemDataRole.UserRole + 2    # the unit's name, for the search box (folded by _folded)


@functools.cache
def _dissolved_brush() -> QBrush:
    """The grey of a dissolved unit, made when one is first shown (ui.home.todo_table.overdue_brush says why)."""
    return QBrush(QColor("#95a5a6"))


class OrgPanel(QWidget):
    """Emits ``scope_changed(org_id or None)`` when the user picks a unit, ``changed`` after an edit."""

    scope_changed = Signal(object)
    changed = Signal()

    def __init__(self, conn: sqlite3.Connection, parent: QWidget | None = None, *, access: Access = FULL) -> None:
        super().__init__(parent)
        self.conn = conn
        self.access = access   # a bí thư's tree holds their organisation and its sub-units only
        self._kept_at: tuple[int, int] | None = None   # the data _kept_reads were read from (db.change_marker)
        self._kept_reads: dict[str, Any] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Tìm chi bộ (gõ không dấu cũng được)")
        self.search.setToolTip("Gõ một phần tên, ví dụ “thon dong” hay “so 12”; Enter chọn tổ chức khớp nhất, "
                               "mũi tên xuống đi vào cây, Esc xóa ô tìm.")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(lambda *_: self._apply_search())
        self.search.returnPressed.connect(self.select_best_match)
        self.search.installEventFilter(self)
        layout.addWidget(self.search)
        self.tree = QTreeWidget()
        self.tree.setHeaderHidden(True)
        self.tree.setTextElideMode(Qt.TextElideMode.ElideMiddle)   # keep the distinctive end and the count
        self.tree.setIndentation(14)   # three levels deep, long cell names: every pixel goes to the name
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.tree.customContextMenuRequested.connect(self._context_menu)
        self.tree.currentItemChanged.connect(lambda *_: self._selection_changed())
        layout.addWidget(self.tree, 1)
        self.no_match = QLabel()
        self.no_match.setWordWrap(True)
        self.no_match.setStyleSheet("color: #555;")
        self.no_match.hide()
        layout.addWidget(self.no_match)
        self.empty_hint = QLabel("Chưa có tổ chức đảng nào. Hãy thêm các đảng bộ cơ sở và chi bộ "
                                 "(hoặc nhập đảng viên từ Excel kèm tên chi bộ).")
        self.empty_hint.setWordWrap(True)
        self.empty_hint.setStyleSheet("color: #555;")
        layout.addWidget(self.empty_hint)
        self.add_button = QPushButton("Thêm tổ chức đảng…")
        self.add_button.clicked.connect(lambda *_: self.new_org())
        layout.addWidget(self.add_button)
        self.show_dissolved = QCheckBox("Hiện tổ chức đã giải thể")
        self.show_dissolved.toggled.connect(lambda *_: self.refresh())
        layout.addWidget(self.show_dissolved)
        self._make_actions()
        self.refresh()

    # ------------------------------------------------------------ the tree

    def all_organisations(self, include_dissolved: bool = False) -> list[Organisation]:
        """Every organisation in tree order (read once for each state of the data, see _kept)."""
        return self._kept(f"organisations {include_dissolved}", lambda: organisations.all_organisations(
            self.conn, include_dissolved=include_dissolved))

    def on_roll_counts(self) -> dict[int | None, int]:
        """Members on the roll of each organisation, None: of none (read once for each state of the data)."""
        return self._kept("on roll", lambda: member_list.counts_by_org(self.conn))

    def _kept(self, what: str, read: Callable[[], _T]) -> _T:
        """``read()`` once for each state of the data (db.change_marker): the tree and the window's status bar
        show the same organisations and counts, and reading them twice was ~7 ms of every start (issue 13)."""
        marker = db.change_marker(self.conn)
        if marker != self._kept_at:
            self._kept_at, self._kept_reads = marker, {}
        if what not in self._kept_reads:
            self._kept_reads[what] = read()
        return cast(_T, self._kept_reads[what])

    def refresh(self) -> None:
        """Rebuild the tree from the database, keeping the chosen unit when it is still shown."""
        keep = self.current_org_id()
        self.tree.blockSignals(True)
        self.tree.clear()
        info = committee.get(self.conn)
        counts = self.on_roll_counts()
        root = self._root(info.name)
        items: dict[int, QTreeWidgetItem] = {}
        every = self.all_organisations(include_dissolved=self.show_dissolved.isChecked())
        orgs = [org for org in every if self.access.can_see(org.id)]
        totals = self._totals(orgs, counts)
        for org in orgs:
            parent = items.get(org.parent_id or 0, root)
            item = QTreeWidgetItem(parent, [self._label(org, totals.get(org.id, 0))])
            item.setData(0, ORG_ROLE, int(org.id))
            item.setData(0, KEY_ROLE, org.name)
            item.setToolTip(0, self._tooltip(org, totals.get(org.id, 0)))
            if org.dissolved_on:
                item.setForeground(0, _dissolved_brush())
            items[org.id] = item
        self.empty_hint.setVisible(not orgs)
        self.tree.expandToDepth(0)
        if self.search.text():   # a search in progress filters the new tree too; an empty box leaves it as built
            self._apply_search()
        first = root if self.access.whole_commune() else items.get(self.access.org_id or 0)
        target = items.get(keep, first) if keep is not None else first
        if target is not None:
            self.tree.setCurrentItem(target)
        self.tree.blockSignals(False)
        if keep is not None and keep not in items:
            self._selection_changed()
        self._update_actions()

    def _root(self, name: str) -> QTreeWidgetItem:
        """The commune at the top; for an account limited to one organisation, none (its unit is the top)."""
        if not self.access.whole_commune():
            return self.tree.invisibleRootItem()
        root = QTreeWidgetItem([name or "Đảng bộ xã (chưa đặt tên)"])
        root.setData(0, ORG_ROLE, None)
        root.setData(0, KEY_ROLE, "")   # a string, not None: the commune is no unit the search box matches
        font = QFont()
        font.setBold(True)
        root.setFont(0, font)
        self.tree.addTopLevelItem(root)
        return root

    @staticmethod
    def _totals(orgs: list[Organisation], counts: dict[int | None, int]) -> dict[int, int]:
        """Members on the roll of each unit and its sub-units (orgs come parents first)."""
        totals: dict[int, int] = {o.id: counts.get(o.id, 0) for o in orgs}
        for org in reversed(orgs):
            if org.parent_id in totals:
                totals[org.parent_id] += totals[org.id]
        return totals

    @staticmethod
    def _label(org: Organisation, members: int) -> str:
        if org.dissolved_on:
            return f"{org.name} (giải thể {vn.format_date(org.dissolved_on)})"
        return f"{org.name} ({vn.format_int(members)})"

    @staticmethod
    def _tooltip(org: Organisation, members: int) -> str:
        lines = [org.name, f"{org.unit_type_name} – {org.category_name}", f"{vn.format_int(members)} đảng viên"]
        if org.founded_on:
            lines.append(f"Thành lập {vn.format_date(org.founded_on)}")
        if org.dissolved_on:
            lines.append(f"Giải thể {vn.format_date(org.dissolved_on)}")
        return "\n".join(lines)

    # ------------------------------------------------------------ the search box

    def _apply_search(self) -> None:
        """Show only the units whose name holds every typed word (diacritics aside), with the units above them."""
        key = vn.fold(self.search.text())
        root = self.tree.topLevelItem(0)
        if root is None:
            return
        shown = self._show_matching(root, key) if key else self._show_all(root)
        root.setHidden(False)   # the commune heads the tree whatever is typed
        if key:
            self.tree.expandAll()
        else:
            self.tree.collapseAll()
            self.tree.expandToDepth(0)
        self.no_match.setText(f"Không có tổ chức đảng nào khớp với “{vn.clean_text(self.search.text())}”. "
                              "Hãy gõ ít chữ hơn, hoặc bấm dấu × để xóa.")
        self.no_match.setVisible(bool(key) and shown == 0)
        current = self.tree.currentItem()
        if current is not None and not current.isHidden():
            self.tree.scrollToItem(current)

    def _show_matching(self, item: QTreeWidgetItem, key: str) -> int:
        """Hide what does not match under ``item``; the number of matching units shown (``item`` included)."""
        found = sum(self._show_matching(child, key) for child in self._children(item))
        matches = self._matches(item, key)
        item.setHidden(not (matches or found))
        return found + matches

    @staticmethod
    def _matches(item: QTreeWidgetItem, key: str) -> bool:
        name = _folded(str(item.data(0, KEY_ROLE) or ""))
        return bool(name) and vn.words_match(key, name)

    def _show_all(self, item: QTreeWidgetItem) -> int:
        item.setHidden(False)
        for child in self._children(item):
            self._show_all(child)
        return 0

    @staticmethod
    def _children(item: QTreeWidgetItem) -> list[QTreeWidgetItem]:
        return [child for child in (item.child(i) for i in range(item.childCount())) if child is not None]

    def matches(self) -> list[QTreeWidgetItem]:
        """The units the search box matches, in tree order (empty when the box is empty)."""
        key = vn.fold(self.search.text())
        if not key:
            return []
        return [item for item in self._all_items() if self._matches(item, key)]

    def select_best_match(self) -> None:
        """Enter: choose the unit the text names best ("thon dong" → Chi bộ thôn Đông, not Đông Hòa)."""
        found = self.matches()
        if not found:
            return
        best = vn.named_by(self.search.text(), [(_folded(str(item.data(0, KEY_ROLE))),) for item in found])
        self.tree.setCurrentItem(found[best[0]] if best else found[0])

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Down goes from the search box to the first match in the tree; Esc empties the box."""
        if watched is self.search and isinstance(event, QKeyEvent) and event.type() == QEvent.Type.KeyPress:
            if event.key() == Qt.Key.Key_Down:
                found = self.matches()
                if found:
                    self.tree.setCurrentItem(found[0])
                self.tree.setFocus()
                return True
            if event.key() == Qt.Key.Key_Escape and self.search.text():
                self.search.clear()
                return True
        return super().eventFilter(watched, event)

    def current_org_id(self) -> int | None:
        item = self.tree.currentItem()
        value = item.data(0, ORG_ROLE) if item is not None else None
        return int(value) if value is not None else None

    def select_org(self, org_id: int | None) -> None:
        for item in self._all_items():
            if item.data(0, ORG_ROLE) == org_id:
                self.tree.setCurrentItem(item)
                return

    def _all_items(self) -> list[QTreeWidgetItem]:
        """Every item, parents before children, as the tree shows them top to bottom."""
        found: list[QTreeWidgetItem] = []

        def walk(item: QTreeWidgetItem) -> None:
            found.append(item)
            for child in self._children(item):
                walk(child)

        for i in range(self.tree.topLevelItemCount()):
            top = self.tree.topLevelItem(i)
            if top is not None:   # Qt's signature allows None for an index out of range; ours never are
                walk(top)
        return found

    def _selection_changed(self) -> None:
        self._update_actions()
        self.scope_changed.emit(self.current_org_id())

    # ------------------------------------------------------------ actions (also in the Tổ chức menu)

    def _make_actions(self) -> None:
        self.new_action = QAction("Thêm tổ chức đảng…", self)
        self.rename_action = QAction("Đổi tên…", self)
        self.move_action = QAction("Chuyển sang đơn vị khác…", self)
        self.merge_action = QAction("Hợp nhất vào tổ chức khác…", self)
        self.dissolve_action = QAction("Giải thể…", self)
        self.positions_action = QAction("Cấp ủy (bí thư, phó bí thư)…", self)
        for action, slot in ((self.new_action, self.new_org), (self.rename_action, self.rename_org),
                             (self.move_action, self.move_org), (self.merge_action, self.merge_org),
                             (self.dissolve_action, self.dissolve_org), (self.positions_action, self.edit_positions)):
            action.triggered.connect(slot)

    def actions_list(self) -> list[QAction]:
        return [self.new_action, self.rename_action, self.move_action, self.merge_action, self.dissolve_action,
                self.positions_action]

    def _update_actions(self) -> None:
        editable = self.access.may_edit_commune()
        self.add_button.setVisible(editable)
        if not editable:   # the commune's tree is the office's to change
            for action in self.actions_list():
                action.setEnabled(False)
            return
        org_id = self.current_org_id()
        dissolved = org_id is not None and organisations.get(self.conn, org_id).dissolved_on is not None
        for action in (self.rename_action, self.positions_action):
            action.setEnabled(org_id is not None)
        for action in (self.move_action, self.merge_action, self.dissolve_action):
            action.setEnabled(org_id is not None and not dissolved)

    def _context_menu(self, point: QPoint) -> None:
        item = self.tree.itemAt(point)
        if item is not None:
            self.tree.setCurrentItem(item)
        menu = QMenu(self)
        menu.addActions(self.actions_list())
        menu.exec(self.tree.viewport().mapToGlobal(point))

    def _current(self) -> Organisation | None:
        org_id = self.current_org_id()
        if org_id is None:
            ask.info(self, "Tổ chức đảng", "Hãy chọn một tổ chức trong cây bên trái trước.")
            return None
        return organisations.get(self.conn, org_id)

    def _done(self, select: int | None = None) -> None:
        self.refresh()
        if select is not None:
            self.select_org(select)
        self.changed.emit()

    def new_org(self) -> None:
        from ui.organisations import org_dialogs  # the dialogs: imported when first used, not at start

        created: list[int] = []
        dialog = org_dialogs.NewOrgDialog(
            self.conn, self, save=lambda new: created.append(organisations.create(self.conn, new).id),
            parent_id=self.current_org_id())
        if dialog.exec() and created:
            self._done(created[0])

    def rename_org(self) -> None:
        from ui.organisations import org_dialogs

        org = self._current()
        if org and org_dialogs.RenameDialog(
                org, self, save=lambda r: organisations.rename(self.conn, org.id, r.name)).exec():
            self._done(org.id)

    def move_org(self) -> None:
        from ui.organisations import org_dialogs

        org = self._current()
        if org and org_dialogs.MoveDialog(
                self.conn, org, self, save=lambda m: organisations.move(self.conn, org.id, m.parent_id)).exec():
            self._done(org.id)

    def merge_org(self) -> None:
        from models.people import transfers
        from ui.organisations import org_dialogs

        org = self._current()
        if org and org_dialogs.MergeDialog(self.conn, org, self, save=lambda m: transfers.merge_organisations(
                self.conn, org.id, m.target_id, m.on, m.decision_no)).exec():
            self._done()

    def dissolve_org(self) -> None:
        from ui.organisations import org_dialogs

        org = self._current()
        if org and org_dialogs.DissolveDialog(
                org, self, save=lambda d: organisations.dissolve(self.conn, org.id, d.on)).exec():
            self._done()

    def edit_positions(self) -> None:
        from ui.organisations import org_dialogs

        org = self._current()
        if org:
            org_dialogs.PositionsDialog(self.conn, org, self).exec()
            self.changed.emit()


@functools.lru_cache(maxsize=4096)
def _folded(name: str) -> str:
    """A unit's name as the search box compares it: folded when first searched, not for all 300 at every start."""
    return vn.fold(name)
