"""Picking one organisation or one person among hundreds by typing part of the name, with or without diacritics.

``SearchPicker`` is an editable combo box: what is typed filters its popup to the items every typed word starts
a word of ("thon dong" shows "Chi bộ thôn Đông"; "bich" every Bích), and Enter, Tab or a click elsewhere settles
the box on the one item the text names (``vn.named_by``: the whole name, else its end, else all its words).
A text that names no item, or several, never picks one: the box says so in Vietnamese and holds nothing
(``value()`` refuses), or in a view (``keep_previous``) goes back to the item it held.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    QStringListModel,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QFocusEvent, QKeyEvent, QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QCompleter,
    QLineEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolTip,
    QWidget,
)

from models import vn
from models.commune import organisations
from models.commune.organisations import Organisation
from models.errors import UserError
from models.people.members import Member

DEPTH_ROLE = Qt.ItemDataRole.UserRole + 41   # how deep in the organisation tree an item sits (indentation)
_INDENT = 16
_SHOWN_AT_ONCE = 15
_MOST_SHOWN = 300   # lines in the popup: typing on narrows a longer list (a 10,000-name popup helps nobody)
_MOVES = (Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown, Qt.Key.Key_Home, Qt.Key.Key_End)


@dataclass(frozen=True)
class Choice:
    """One item of a picker: ``label`` is shown, ``value`` handed back; ``name`` may be typed in full too."""

    label: str
    value: object
    name: str = ""        # e.g. a person's name without the cell and birth year the label adds
    depth: int = 0        # indentation in the list (organisation tree)
    folded: tuple[str, ...] = ()   # the keys already folded, when the caller has them cheaper

    def keys(self) -> tuple[str, ...]:
        return self.folded or tuple(vn.fold(text) for text in (self.label, self.name) if text)


class _Indented(QStyledItemDelegate):
    """Draws an item moved right by its depth in the tree, so the list reads as the tree does."""

    def __init__(self, picker: SearchPicker) -> None:
        super().__init__(picker)
        self.picker = picker

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        depth = index.data(DEPTH_ROLE) if self.picker.indented else 0
        if isinstance(depth, int) and depth > 0:
            option = QStyleOptionViewItem(option)
            option.rect.adjust(depth * _INDENT, 0, 0, 0)
        super().paint(painter, option, index)


class _ShownRows(QSortFilterProxyModel):
    """The rows of the source the typed text matches (all rows when ``shown`` is None)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.shown: frozenset[int] | None = None

    def show_only(self, rows: frozenset[int] | None) -> None:
        self.beginFilterChange()
        self.shown = rows
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex) -> bool:
        return self.shown is None or source_row in self.shown


class FoldingCompleter(QCompleter):
    """A popup of the items every typed word starts a word of, diacritics and case ignored, in list order."""

    def __init__(self, source: QStringListModel | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rows = _ShownRows(self)
        if source is not None:
            self.rows.setSourceModel(source)
        self.setModel(self.rows)
        self.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setMaxVisibleItems(_SHOWN_AT_ONCE)
        self._keys: list[tuple[str, ...]] = []
        self._texts: list[str] = []
        self._last: tuple[str, list[int]] = ("", [])      # the last key and every row it matched
        self.typed_enter: Callable[[], object] = lambda: None   # what Enter does when no line was moved to
        self._moved_in_list = False

    @property
    def keys(self) -> list[tuple[str, ...]]:
        """Each row's folded keys (its label, its name), as ``vn.named_by`` reads them."""
        return self._keys

    @keys.setter
    def keys(self, keys: list[tuple[str, ...]]) -> None:
        self._keys = keys
        # " word word": a typed word starts a word where " " + it occurs (vn.words_match, as one quick test)
        self._texts = [" " + " ".join(row) for row in keys]
        self._last = ("", [])

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Enter in the list takes the line the clerk moved to, never one Qt lit up because the text begins it.

        Qt lights the first line starting with the typed text ("Chi bộ thôn Đông" lights "Chi bộ thôn Đông Hòa"
        when that comes first); until an arrow key moves in the list, Enter reads the typed text instead.
        """
        popup = self.popup()
        if watched is popup and isinstance(event, QKeyEvent) and event.type() == QEvent.Type.KeyPress:
            if event.key() in _MOVES:
                self._moved_in_list = True
            elif event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not self._moved_in_list:
                popup.hide()
                self.typed_enter()
                return True
        return super().eventFilter(watched, event)

    def follow(self, text: str) -> None:
        """Show the items ``text`` matches under the field (none shown for an empty text)."""
        self._moved_in_list = False
        found = self.matching_rows(vn.fold(text))
        self.rows.show_only(frozenset(found[:_MOST_SHOWN]))
        popup = self.popup()
        if found:
            self.complete()
        elif popup is not None:
            popup.hide()

    def matching_rows(self, key: str) -> list[int]:
        """Rows every word of ``key`` starts a word of; typing on narrows the last answer instead of starting over."""
        if not key:
            return []
        last_key, last_found = self._last
        rows = last_found if last_key and key.startswith(last_key) else range(len(self._texts))
        words = [" " + word for word in key.split()]
        found = [row for row in rows if all(word in self._texts[row] for word in words)]
        self._last = (key, found)
        return found


class NameCompleter(FoldingCompleter):
    """Suggests names under a free-text name field as the member search finds them ("bich" → every Bích)."""

    def __init__(self, line: QLineEdit, names: Sequence[str] = ()) -> None:
        super().__init__(parent=line)
        self.names = QStringListModel(self)
        self.rows.setSourceModel(self.names)
        self.set_names(names)
        line.setCompleter(self)
        line.textEdited.connect(self.follow)

    def set_names(self, names: Sequence[str]) -> None:
        self.names.setStringList(list(names))
        self.keys = [(vn.fold(name),) for name in names]


class SearchPicker(QComboBox):
    """An editable combo box that only ever settles on an item of its list (see the module's docstring).

    ``what`` names the kind of item in messages ("tổ chức đảng", "đảng viên"). With ``free_text`` any text is
    kept (a chair from outside the cell); a text naming an item exactly, diacritics aside, takes its spelling.
    """

    refused = Signal(str)   # why a typed text was not taken, in Vietnamese

    def __init__(self, what: str, parent: QWidget | None = None, *, free_text: bool = False,
                 keep_previous: bool = False, placeholder: str = "") -> None:
        super().__init__(parent)
        self.what = what
        self.free_text = free_text
        self.keep_previous = keep_previous
        self.choices: list[Choice] = []
        self._settled = -1
        self.indented = False    # some item sits deeper in the tree than another
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.setMaxVisibleItems(_SHOWN_AT_ONCE)
        self.finder = FoldingCompleter(parent=self)
        self.finder.rows.setSourceModel(self.model())
        self.setCompleter(self.finder)
        indented = _Indented(self)
        self.view().setItemDelegate(indented)
        popup = self.finder.popup()
        if popup is not None:
            popup.setItemDelegate(indented)
            popup.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        line = self.lineEdit()
        assert line is not None   # an editable combo box always has one
        line.setPlaceholderText(placeholder or f"gõ tên {what} (không dấu cũng được) hoặc bấm mũi tên để chọn")
        line.textEdited.connect(self.finder.follow)
        self.finder.typed_enter = self.settle
        self.currentIndexChanged.connect(self._remember)

    # ------------------------------------------------------------ the list

    def set_choices(self, choices: Sequence[Choice], selected: object = None) -> None:
        """Fill the list; ``selected`` (a value) is chosen, else nothing (no silent first item)."""
        was_blocked = self.blockSignals(True)
        self.clear()
        self.choices = list(choices)
        # One call for the labels, then the data straight into the model: quick at 10,000 people, and clear of
        # PySide6 6.12.0's addItem/setItemData, which drop a reference to None on every call (the process aborts
        # after a few thousand: tests/ui/test_pickers.py).
        self.addItems([choice.label for choice in self.choices])
        model = self.model()
        self.indented = any(choice.depth for choice in self.choices)
        # The values go in quietly, then one dataChanged for all: a signal per row (each one handled by the
        # combo box and the completer's proxy) was most of the 0.17 s that 10,000 people took.
        quiet = model.blockSignals(True)
        for row, choice in enumerate(self.choices):
            index = model.index(row, 0)
            model.setData(index, choice.value, Qt.ItemDataRole.UserRole)
            if self.indented:
                model.setData(index, choice.depth, DEPTH_ROLE)
        model.blockSignals(quiet)
        if self.choices:
            model.dataChanged.emit(model.index(0, 0), model.index(len(self.choices) - 1, 0),
                                   [Qt.ItemDataRole.UserRole, DEPTH_ROLE])
        self.finder.keys = [choice.keys() for choice in self.choices]
        self.set_value(selected)
        self._settled = self.currentIndex()
        self.blockSignals(was_blocked)

    def set_value(self, value: object) -> None:
        """Choose the item holding ``value``; None chooses a “none” item when the list has one, else nothing."""
        self.setCurrentIndex(next((row for row, choice in enumerate(self.choices) if choice.value == value), -1))

    def _remember(self, index: int) -> None:
        if index >= 0:
            self._settled = index

    # ------------------------------------------------------------ reading what was typed

    def matching(self, text: str) -> list[int]:
        """The rows ``text`` names, best tier only (``vn.named_by``)."""
        return vn.named_by(text, self.finder.keys)

    def problem(self, text: str, found: list[int]) -> str:
        """Why ``text`` picks nothing, and what to do."""
        typed = vn.clean_text(text)
        if not found:
            return (f"Không có {self.what} nào khớp với “{typed}”. Hãy chọn một {self.what} có trong danh sách: "
                    "gõ lại một phần tên (có thể bỏ dấu) hoặc bấm mũi tên.")
        names = "; ".join(self.itemText(row) for row in found[:5]) + ("; …" if len(found) > 5 else "")
        return (f"“{typed}” khớp với {vn.format_int(len(found))} {self.what}: {names}. "
                "Hãy gõ đầy đủ hơn hoặc chọn một dòng trong danh sách.")

    def _resolve(self, text: str) -> tuple[int, str]:
        """(row, '') for the item ``text`` names; (-1, '') for an empty text; (-1, why) when it names none or many."""
        current = self.currentIndex()
        if current >= 0 and vn.fold(text) == vn.fold(self.itemText(current)):
            return current, ""          # the item chosen in the list, even when a namesake shares its label
        if not vn.fold(text):
            return -1, ""
        found = self.matching(text)
        if len(found) == 1:
            return found[0], ""
        return -1, self.problem(text, found)

    def settle(self) -> bool:
        """Make the box hold the item its text names (True), or say why not (False); see the module docstring."""
        text = self.currentText()
        row, why = self._resolve(text)
        if self.free_text:
            if row >= 0 and vn.fold(text) == vn.fold(self.itemText(row)):
                self.setCurrentIndex(row)
            return True
        if not why and (row >= 0 or not self.keep_previous):
            self.setCurrentIndex(row)
            self.setEditText(self.itemText(row) if row >= 0 else "")
            return True
        if self.keep_previous:        # a view always shows something: an emptied box goes back too
            self.setCurrentIndex(self._settled)
            self.setEditText(self.itemText(self._settled) if self._settled >= 0 else "")
            if not why:
                return True
        else:
            self.setCurrentIndex(-1)      # nothing chosen: a stale item must never be saved under other words
            self.setEditText(text)
        self.refused.emit(why)
        QToolTip.showText(self.mapToGlobal(self.rect().bottomLeft()), why, self)
        return False

    def value(self) -> Any:
        """The chosen item's value (None when the box is empty); UserError when the text names no single item."""
        row, why = self._resolve(self.currentText())
        if why:
            raise UserError(why)
        return self.itemData(row) if row >= 0 else None

    # ------------------------------------------------------------ keys and focus

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.settle()
        super().keyPressEvent(event)

    def focusInEvent(self, event: QFocusEvent) -> None:
        """Coming into the box selects its text, so typing replaces the item shown (a click too: after it lands)."""
        super().focusInEvent(event)
        line = self.lineEdit()
        if line is not None and event.reason() != Qt.FocusReason.PopupFocusReason:
            QTimer.singleShot(0, line.selectAll)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        if event.reason() != Qt.FocusReason.PopupFocusReason:   # the list opening under the field is no leaving
            self.settle()


# ---------------------------------------------------------------- the choices programs pick from

def org_choices(orgs: Sequence[Organisation], keep: Callable[[Organisation], bool]) -> list[Choice]:
    """Organisations (in the tree order ``all_organisations`` gives) that ``keep`` accepts, indented by depth.

    A name several units share (“Chi bộ Văn phòng” in two đảng bộ) is labelled with its parent, so the
    clerk can tell them apart, and the bare name typed is refused as naming several rather than picked at random.
    """
    by_id = {int(o.id): o for o in orgs}
    depth: dict[int, int] = {}
    for org in orgs:
        depth[org.id] = depth.get(org.parent_id or 0, -1) + 1 if org.parent_id else 0
    kept = [org for org in orgs if keep(org)]
    times = Counter(vn.fold(org.name) for org in kept)
    choices = []
    for org in kept:
        parent = by_id.get(org.parent_id or 0)
        shared = times[vn.fold(org.name)] > 1 and parent is not None
        label = f"{org.name} – {parent.name}" if shared and parent is not None else org.name
        choices.append(Choice(label, int(org.id), org.name, depth[org.id]))
    return choices


def org_picker(conn: sqlite3.Connection, keep: Callable[[Organisation], bool], *, selected: object = None,
               placeholder: str = "", keep_previous: bool = False, first: Choice | None = None) -> SearchPicker:
    """A picker of the active organisations ``keep`` accepts, in tree order, after ``first`` when given
    (“Trực thuộc Đảng bộ xã”, “Toàn Đảng bộ”); nothing chosen unless ``selected`` (or ``first`` holds None)."""
    picker = SearchPicker("tổ chức đảng", keep_previous=keep_previous, placeholder=placeholder)
    orgs = org_choices(organisations.all_organisations(conn, include_dissolved=False), keep)
    picker.set_choices([first, *orgs] if first is not None else orgs, selected)
    return picker


def name_choices(names: Sequence[str]) -> list[Choice]:
    """Plain names (a meeting's attendance) for a free-text picker: the name is what is kept."""
    return [Choice(name, name) for name in names]


def person_choices(people: Sequence[Member], org_names: Mapping[int, str] | None = None) -> list[Choice]:
    """Members by name, with their cell when ``org_names`` is given, and the birth year of namesakes."""
    names = [vn.fold(person.full_name) for person in people]   # folded once: 10,000 names take a while
    cells = {org_id: vn.fold(name) for org_id, name in (org_names or {}).items()}
    times = Counter(names)
    choices = []
    for person, name in zip(people, names, strict=True):
        label, key = person.full_name, name
        if org_names is not None and person.org_id is not None:
            label += f" – {org_names.get(person.org_id, '')}"
            key += f" – {cells.get(person.org_id, '')}"
        born = person.details.birth_date
        if times[name] > 1 and born is not None:
            label += f" (sinh {born.year})"
            key += f" (sinh {born.year})"
        choices.append(Choice(label, int(person.id), person.full_name, folded=(key, name)))
    return choices


def person_picker(people: Sequence[Member], org_names: Mapping[int, str] | None = None) -> SearchPicker:
    """A picker of members found as the member search finds them ("bich" → every Bích); nobody chosen first."""
    picker = SearchPicker("đảng viên", placeholder="gõ một phần họ tên (không dấu cũng được) rồi chọn trong danh sách")
    picker.set_choices(person_choices(people, org_names))
    return picker
