"""The review grid: one row a member (or an organisation), edited in place from the keyboard.

Edits stay in the model until the clerk saves (one transaction); the view re-checks the rules
after every edit so a broken quota shows at once.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import QComboBox, QLineEdit, QSpinBox, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from models import vn
from models.errors import UserError
from models.reviews import records as reviews
from models.reviews.records import MemberReview, OrgReview
from models.rules import RuleSet
from ui.common.widgets import DateEdit

Index = QModelIndex | QPersistentModelIndex
GREY = QColor("#e9e9e9")
WARN = QColor("#fde2e1")
Row = TypeVar("Row", MemberReview, OrgReview)


@dataclass(frozen=True)
class Column:
    title: str
    attr: str
    kind: str                 # name / level / int / votes / text / date / reason
    width: int
    tip: str = ""
    when_not_reviewed: bool = False   # editable even for a row that is not reviewed


MEMBER_COLUMNS = (
    Column("Họ và tên", "full_name", "name", 165),
    Column("Điểm", "self_score", "int", 52, "Điểm đảng viên tự chấm (thang 100 điểm)"),
    Column("Tự xếp loại", "self_level", "level", 76, "Mức đảng viên tự nhận"),
    Column("Đề xuất", "cell_level", "level", 78, "Mức chi bộ biểu quyết đề xuất"),
    Column("Tán thành", "votes_for", "votes", 66, "Số phiếu tán thành mức chi bộ đề xuất"),
    Column("Tổng số", "votes_total", "votes", 58, "Tổng số đảng viên biểu quyết"),
    Column("Cấp trên QĐ", "decided_level", "level", 82, "Mức cấp ủy cấp trên quyết định"),
    Column("Số QĐ", "decision_no", "text", 76, "Số quyết định của cấp trên"),
    Column("Ngày QĐ", "decision_date", "date", 82, "Ngày quyết định (ngày/tháng/năm)"),
    Column("Ghi chú", "notes", "text", 70, when_not_reviewed=True),
    Column("Chi bộ", "org_name", "name", 150),   # shown when the grid holds more than one cell
)
ORG_COLUMNS = (
    Column("Tổ chức đảng", "name", "name", 210),
    Column("Điểm", "self_score", "int", 52, "Điểm tổ chức tự chấm"),
    Column("Tự xếp loại", "self_level", "level", 78, "Mức tổ chức tự nhận"),
    Column("Đề xuất", "proposed_level", "level", 78, "Mức đề xuất lên cấp trên"),
    Column("Tán thành", "votes_for", "votes", 62),
    Column("Tổng số", "votes_total", "votes", 58),
    Column("Cấp trên QĐ", "decided_level", "level", 82, "Mức cấp trên quyết định"),
    Column("Số QĐ", "decision_no", "text", 82),
    Column("Ngày QĐ", "decision_date", "date", 84),
    Column("Ghi chú", "notes", "text", 140, when_not_reviewed=True),
)


def level_choices(rule_set: RuleSet) -> list[tuple[str, str]]:
    """('', '(chưa có)') then '1 · HTXSNV – Hoàn thành xuất sắc nhiệm vụ' …: typing 1–4 picks a level."""
    choices = [("", "(để trống)")]
    for number, level in enumerate(rule_set.levels, 1):
        choices.append((level.code, f"{number} · {level.code} – {level.name}"))
    return choices


def parse_level(rule_set: RuleSet, text: str) -> str | None:
    """A level typed or pasted: the code, its number 1–4, or its full name; '' clears it."""
    value = vn.nfc(text)
    if not value:
        return None
    levels = rule_set.level_codes
    if value.isdigit() and 1 <= int(value) <= len(levels):
        return levels[int(value) - 1]
    for code in levels:
        if vn.fold(value) in (vn.fold(code), vn.fold(rule_set.level_name(code))) or value.startswith(f"{code} "):
            return code
    raise UserError(f"Mức “{value}” không có. Hãy chọn một trong: {', '.join(levels)} "
                    f"(hoặc gõ số 1–{len(levels)}).")


class ReviewTableModel(QAbstractTableModel, Generic[Row]):
    """Review rows (models.reviews.MemberReview or OrgReview) with pending edits kept until saved."""

    error = Signal(str)
    edited = Signal()

    def __init__(self, columns: Sequence[Column], parent: Any = None) -> None:
        super().__init__(parent)
        self.columns = tuple(columns)
        self.rule_set: RuleSet | None = None
        self.rows: list[Row] = []
        self.saved: list[Row] = []
        self.flagged: set[int] = set()

    # ------------------------------------------------------------ loading and state

    def load(self, rows: Sequence[Row], rule_set: RuleSet | None) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.saved = list(rows)
        self.rule_set = rule_set
        self.flagged = set()
        self.endResetModel()

    def row_id(self, row: Row) -> int:
        return row.member_id if isinstance(row, MemberReview) else row.org_id

    @property
    def dirty(self) -> list[Row]:
        return [new for new, old in zip(self.rows, self.saved, strict=True) if new != old]

    def not_reviewed_rows(self) -> list[int]:
        """Row numbers of the members or organisations not reviewed this year (they show a reason instead)."""
        return [number for number, row in enumerate(self.rows) if not row.reviewed]

    def mark_saved(self) -> None:
        self.saved = list(self.rows)
        self._refresh_all()

    def revert(self) -> None:
        self.rows = list(self.saved)
        self._refresh_all()

    def set_flagged(self, ids: set[int]) -> None:
        if ids != self.flagged:
            self.flagged = ids
            self._refresh_all()

    def _refresh_all(self) -> None:
        if self.rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.rows) - 1, len(self.columns) - 1))

    # ------------------------------------------------------------ Qt model interface

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.columns):
            column = self.columns[section]
            if role == Qt.ItemDataRole.DisplayRole:
                return column.title
            if role == Qt.ItemDataRole.ToolTipRole:
                return column.tip or column.title
        vertical = orientation == Qt.Orientation.Vertical
        if vertical and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(self.rows):
            return str(section + 1)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        column = self.columns[index.column()]
        row = self.rows[index.row()]
        if column.kind == "name" or (not row.reviewed and not column.when_not_reviewed):
            return base
        return base | Qt.ItemFlag.ItemIsEditable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row = self.rows[index.row()]
        column = self.columns[index.column()]
        value = getattr(row, column.attr)
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, column, value)
        if role == Qt.ItemDataRole.EditRole:
            return value if column.kind in ("int", "votes") else self._display(row, column, value)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, column, value)
        if role == Qt.ItemDataRole.BackgroundRole:
            if not row.reviewed:
                return QBrush(GREY)
            if self.row_id(row) in self.flagged:
                return QBrush(WARN)
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole and column.kind in ("int", "votes", "level", "date") \
                and row.reviewed:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.FontRole and row != self.saved[index.row()] and \
                getattr(row, column.attr) != getattr(self.saved[index.row()], column.attr):
            font = QFont()
            font.setBold(True)   # an unsaved change stands out until it is saved
            return font
        return None

    REASON_COLUMN = 2   # where a row that is not reviewed says why (the view spans it to the decision date)

    def _display(self, row: Row, column: Column, value: Any) -> str:
        if not row.reviewed and self.columns.index(column) == self.REASON_COLUMN:
            return f"Không đánh giá: {row.not_reviewed_reason}"
        if column.attr == "org_name" and str(value).startswith("Chi bộ "):
            return str(value)[len("Chi bộ "):]   # the column is titled Chi bộ: 'thôn Đông' fits the grid
        if column.kind == "date":
            return vn.format_date(value)
        if value is None:
            return ""
        return str(value)

    def _tooltip(self, row: Row, column: Column, value: Any) -> str:
        if column.attr == "org_name":
            return str(value)
        if not row.reviewed:
            return f"Không đánh giá, xếp loại: {row.not_reviewed_reason}"
        if column.kind == "level" and value and self.rule_set is not None:
            return self.rule_set.level_name(value)
        return column.tip

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or \
                not self.flags(index) & Qt.ItemFlag.ItemIsEditable:
            return False
        column = self.columns[index.column()]
        row = self.rows[index.row()]
        try:
            changes = {column.attr: self._parse(column, value)}
        except UserError as error:
            self.error.emit(error.message)
            return False
        if column.attr == "votes_for" and changes["votes_for"] is not None and row.votes_total is None:
            changes["votes_total"] = self._total_above(index.row())   # the same meeting voted on every member
        new = dataclasses.replace(row, **changes)
        if new == row:
            return True
        self.rows[index.row()] = new
        self.dataChanged.emit(self.index(index.row(), 0), self.index(index.row(), len(self.columns) - 1))
        self.error.emit("")
        self.edited.emit()
        return True

    def _total_above(self, row_number: int) -> int | None:
        for row in reversed(self.rows[:row_number]):
            if row.votes_total is not None:
                return int(row.votes_total)
        return None

    def _parse(self, column: Column, value: Any) -> Any:
        text = "" if value is None else str(value).strip()
        if column.kind == "level":
            return parse_level(self.rule_set, text) if self.rule_set is not None else (text or None)
        if column.kind in ("int", "votes"):
            if text == "":
                return None
            if not text.lstrip("-").isdigit():
                raise UserError(f"{column.title}: “{text}” không phải là số. Hãy gõ một số nguyên.")
            number = int(text)
            top = reviews.score_limit(self.rule_set)
            if number < 0 or (column.kind == "int" and number > top):
                raise UserError(f"{column.title}: hãy gõ số từ 0 đến {top if column.kind == 'int' else 'tổng số'}.")
            return number
        if column.kind == "date":
            return vn.parse_date(text, column.title)
        return vn.nfc(text)


AnyReviewModel = ReviewTableModel[MemberReview] | ReviewTableModel[OrgReview]


class ReviewDelegate(QStyledItemDelegate):
    """Editors by column: a combo for levels (1–4 to pick), a spin box for scores and votes, a date field."""

    def __init__(self, model: AnyReviewModel, parent: Any = None) -> None:
        super().__init__(parent)
        self.review_model = model

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        column = self.review_model.columns[index.column()]
        if column.kind == "level" and self.review_model.rule_set is not None:
            combo = QComboBox(parent)
            for code, label in level_choices(self.review_model.rule_set):
                combo.addItem(label, code)
            combo.view().setMinimumWidth(320)
            return combo
        if column.kind in ("int", "votes"):
            spin = QSpinBox(parent)
            spin.setRange(-1, 100 if column.kind == "int" else 9999)
            spin.setSpecialValueText(" ")    # -1 shows empty: the value is not entered
            return spin
        if column.kind == "date":
            return DateEdit(column.title, parent)
        return QLineEdit(parent)

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        value = index.data(Qt.ItemDataRole.EditRole)
        if isinstance(editor, QComboBox):
            code = self.review_model.rows[index.row()].__getattribute__(self.review_model.columns[index.column()].attr)
            editor.setCurrentIndex(max(editor.findData(code or ""), 0))
        elif isinstance(editor, QSpinBox):
            editor.setValue(-1 if value is None else int(value))
        elif isinstance(editor, QLineEdit):
            editor.setText("" if value is None else str(value))

    def setModelData(self, editor: QWidget, model: Any, index: Index) -> None:
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentData() or "", Qt.ItemDataRole.EditRole)
        elif isinstance(editor, QSpinBox):
            model.setData(index, "" if editor.value() < 0 else str(editor.value()), Qt.ItemDataRole.EditRole)
        elif isinstance(editor, QLineEdit):
            model.setData(index, editor.text(), Qt.ItemDataRole.EditRole)
