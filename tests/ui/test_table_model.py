"""The shared table model: headings, looks, sorting and editing all come from the Column objects."""

from __future__ import annotations

from dataclasses import dataclass, replace

from PySide6.QtCore import QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from models.errors import UserError
from ui.common.table_model import (
    BY_HAND,
    FIT,
    RIGHT,
    STRETCH,
    Column,
    Editor,
    TableModel,
    column_index,
    record_view,
    resize_modes,
)
from ui.common.widgets import ask

Role = Qt.ItemDataRole
GREY = QBrush(QColor("#7f8c8d"))


@dataclass(frozen=True)
class Person:
    name: str
    age: int
    came: bool | None = None


def _set_age(number: int, row: Person, value: object) -> Person:
    text = str(value).strip()
    if not text.isdigit():
        raise UserError(f"Tuổi: “{text}” không phải là số.")
    return replace(row, age=int(text))


COLUMNS = (
    Column("name", "Họ và tên", lambda p: p.name, tooltip=lambda p: f"Ông/bà {p.name}", sort=lambda p: p.name,
           header_tip="Họ tên đầy đủ", width=120),
    Column("age", "Tuổi", lambda p: str(p.age), align=RIGHT, sort=lambda p: p.age, sort_reversed=True,
           edit=Editor(_set_age, allowed=lambda p: p.age < 90, value=lambda p: p.age),
           look=lambda p, role: GREY if role == Role.ForegroundRole and p.age > 90 else None),
    Column("came", "Có mặt", lambda p: None, check=lambda p: p.came,
           edit=Editor(lambda n, p, ticked: replace(p, came=ticked))),
)


class PeopleModel(TableModel[Person]):
    def __init__(self) -> None:
        super().__init__(COLUMNS)
        self.changes: list[tuple[int, Person, Person]] = []

    def row_look(self, row: Person, role: int) -> object:
        return "#fdecea" if role == Role.BackgroundRole and row.came is False else None

    def row_label(self, number: int) -> str:
        return str(number + 1)

    def after_edit(self, number: int, old: Person, new: Person) -> None:
        self.changes.append((number, old, new))


def _model() -> PeopleModel:
    model = PeopleModel()
    model.set_rows([Person("Bình", 40, True), Person("An", 95), Person("Cúc", 40, False)])
    return model


def test_headings_cells_and_looks_come_from_the_columns(qtmodeltester):
    model = _model()
    qtmodeltester.check(model)
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(3)] == ["Họ và tên", "Tuổi", "Có mặt"]
    assert model.headerData(0, Qt.Orientation.Horizontal, Role.ToolTipRole) == "Họ tên đầy đủ"
    assert model.headerData(1, Qt.Orientation.Horizontal, Role.ToolTipRole) is None
    assert model.headerData(2, Qt.Orientation.Vertical) == "3" and model.headerData(3, Qt.Orientation.Vertical) is None
    assert model.index(0, 0).data(Role.ToolTipRole) == "Ông/bà Bình"
    assert model.index(0, 1).data(Role.TextAlignmentRole) == RIGHT
    assert model.index(0, 0).data(Role.TextAlignmentRole) is None
    assert model.index(1, 1).data(Role.ForegroundRole) == GREY and model.index(0, 1).data(Role.ForegroundRole) is None
    assert model.index(2, 0).data(Role.BackgroundRole) == "#fdecea"      # the row's look fills every column
    assert model.index(0, 2).data(Role.CheckStateRole) == Qt.CheckState.Checked
    assert model.index(1, 2).data(Role.CheckStateRole) is None           # no box on this row
    assert model.index(0, 1).data(Role.EditRole) == 40
    assert column_index(COLUMNS, "came") == 2


def test_sorting_is_stable_follows_the_reversed_flag_and_keeps_selections():
    model = _model()
    kept = QPersistentModelIndex(model.index(1, 0))                     # An
    model.sort(0)
    assert [model.index(r, 0).data() for r in range(3)] == ["An", "Bình", "Cúc"]
    assert kept.row() == 0
    model.sort(1, Qt.SortOrder.AscendingOrder)     # tuổi runs reversed: the eldest first, equals keep their order
    assert [model.index(r, 0).data() for r in range(3)] == ["An", "Bình", "Cúc"]
    model.sort(1, Qt.SortOrder.DescendingOrder)
    assert [model.index(r, 0).data() for r in range(3)] == ["Bình", "Cúc", "An"]
    model.sort(2)                                                       # not sortable: nothing moves
    assert [model.index(r, 0).data() for r in range(3)] == ["Bình", "Cúc", "An"]


def test_editing_goes_through_the_columns_editor(qtmodeltester):
    model = _model()
    flags = model.flags(model.index(0, 1))
    assert flags & Qt.ItemFlag.ItemIsEditable and not model.flags(model.index(0, 0)) & Qt.ItemFlag.ItemIsEditable
    assert not model.flags(model.index(1, 1)) & Qt.ItemFlag.ItemIsEditable      # not allowed for this row
    assert model.setData(model.index(0, 1), "41")
    assert model.index(0, 1).data() == "41"
    assert model.changes == [(0, Person("Bình", 40, True), Person("Bình", 41, True))]
    assert not model.setData(model.index(1, 1), "50")
    assert model.flags(model.index(0, 2)) & Qt.ItemFlag.ItemIsUserCheckable
    assert not model.flags(model.index(1, 2)) & Qt.ItemFlag.ItemIsUserCheckable
    assert not model.setData(model.index(0, 2), Qt.CheckState.Unchecked.value, Role.EditRole)   # a tick is no text
    assert model.setData(model.index(0, 2), Qt.CheckState.Unchecked.value, Role.CheckStateRole)
    assert model.index(0, 2).data(Role.CheckStateRole) == Qt.CheckState.Unchecked
    model.read_only = True
    assert not model.setData(model.index(0, 1), "42") and model.index(0, 1).data() == "41"
    qtmodeltester.check(model)


def test_a_refused_edit_warns_and_keeps_the_row(monkeypatch):
    model = _model()
    warned: list[str] = []
    monkeypatch.setattr(ask, "warn", lambda parent, title, text: warned.append(text))
    assert not model.setData(model.index(0, 1), "bốn mươi")
    assert warned == ["Tuổi: “bốn mươi” không phải là số."] and model.index(0, 1).data() == "40" and not model.changes


def test_a_numbered_column_counts_lines_and_a_named_sql_order_is_left_to_the_subclass(qtmodeltester):
    columns = (Column[Person]("stt", "STT", numbered=True), Column[Person]("name", "Họ và tên", lambda p: p.name,
                                                                          sort="name"))
    model: TableModel[Person] = TableModel(columns)
    model.set_rows([Person("Bình", 40), Person("An", 30)])
    assert [model.index(r, 0).data() for r in range(2)] == ["1", "2"]
    assert model.index(0, 0).data(Role.ToolTipRole) is None
    model.sort(1)                       # "name" is an SQL order: the in-memory base leaves the rows alone
    assert [model.index(r, 1).data() for r in range(2)] == ["Bình", "An"]
    qtmodeltester.check(model)


def test_a_record_view_picks_one_whole_row_and_is_read_only_unless_asked(qtbot):
    view = record_view(_model())
    qtbot.addWidget(view)
    assert view.selectionBehavior() == QAbstractItemView.SelectionBehavior.SelectRows
    assert view.selectionMode() == QAbstractItemView.SelectionMode.SingleSelection
    assert view.editTriggers() == QAbstractItemView.EditTrigger.NoEditTriggers
    assert view.alternatingRowColors() and not view.wordWrap() and not view.isSortingEnabled()
    assert view.verticalHeader().isHidden()
    assert view.verticalHeader().defaultSectionSize() == 24
    assert view.verticalHeader().sectionResizeMode(0) == QHeaderView.ResizeMode.Fixed


def test_a_record_view_can_number_sort_edit_and_dress_a_subclass(qtbot):
    class KeyedView(QTableView):
        pass

    own = KeyedView()
    view = record_view(_model(), row_height=22, numbered=True, sortable=True, editable=True, view=own)
    qtbot.addWidget(view)
    assert view is own and view.model().rowCount() == 3
    assert not view.verticalHeader().isHidden() and view.verticalHeader().defaultSectionSize() == 22
    assert view.isSortingEnabled()
    assert view.editTriggers() & QAbstractItemView.EditTrigger.AnyKeyPressed


def test_resize_modes_go_to_the_first_columns_in_order(qtbot):
    view = record_view(_model())
    qtbot.addWidget(view)
    header = view.horizontalHeader()
    resize_modes(header, STRETCH, FIT)
    assert [header.sectionResizeMode(n) for n in range(3)] == [STRETCH, FIT, BY_HAND]
