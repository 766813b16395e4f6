"""The review grid: one row a member (or an organisation), edited in place from the keyboard.

Edits stay in the model until the clerk saves (one transaction); the view re-checks the rules
after every edit so a broken quota shows at once.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import QComboBox, QLineEdit, QSpinBox, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from models import vn
from models.errors import UserError
from models.reviews import records as reviews
from models.reviews.records import MemberReview, OrgReview
from models.rules import RuleSet
from ui.common.table_model import Column, Editor, TableModel
from ui.common.widgets import DateEdit

Index = QModelIndex | QPersistentModelIndex
GREY = QColor("#e9e9e9")
WARN = QColor("#fde2e1")
Row = TypeVar("Row", MemberReview, OrgReview)


@dataclass(frozen=True)
class ReviewField:
    """One column of the review grid as the rules see it; the model turns each into a table Column."""

    title: str
    attr: str
    kind: str                 # name / level / int / votes / text / date / reason
    width: int
    tip: str = ""
    when_not_reviewed: bool = False   # editable even for a row that is not reviewed


MEMBER_COLUMNS = (
    ReviewField("Họ và tên", "full_name", "name", 165),
    ReviewField("Điểm", "self_score", "int", 52, "Điểm đảng viên tự chấm (thang 100 điểm)"),
    ReviewField("Tự xếp loại", "self_level", "level", 76, "Mức đảng viên tự nhận"),
    ReviewField("Đề xuất", "cell_level", "level", 78, "Mức chi bộ biểu quyết đề xuất"),
    ReviewField("Tán thành", "votes_for", "votes", 66, "Số phiếu tán thành mức chi bộ đề xuất"),
    ReviewField("Tổng số", "votes_total", "votes", 58, "Tổng số đảng viên biểu quyết"),
    ReviewField("Cấp trên QĐ", "decided_level", "level", 82, "Mức cấp ủy cấp trên quyết định"),
    ReviewField("Số QĐ", "decision_no", "text", 76, "Số quyết định của cấp trên"),
    ReviewField("Ngày QĐ", "decision_date", "date", 82, "Ngày quyết định (ngày/tháng/năm)"),
    ReviewField("Ghi chú", "notes", "text", 70, when_not_reviewed=True),
    ReviewField("Chi bộ", "org_name", "name", 150),   # shown when the grid holds more than one cell
)
ORG_COLUMNS = (
    ReviewField("Tổ chức đảng", "name", "name", 210),
    ReviewField("Điểm", "self_score", "int", 52, "Điểm tổ chức tự chấm"),
    ReviewField("Tự xếp loại", "self_level", "level", 78, "Mức tổ chức tự nhận"),
    ReviewField("Đề xuất", "proposed_level", "level", 78, "Mức đề xuất lên cấp trên"),
    ReviewField("Tán thành", "votes_for", "votes", 62),
    ReviewField("Tổng số", "votes_total", "votes", 58),
    ReviewField("Cấp trên QĐ", "decided_level", "level", 82, "Mức cấp trên quyết định"),
    ReviewField("Số QĐ", "decision_no", "text", 82),
    ReviewField("Ngày QĐ", "decision_date", "date", 84),
    ReviewField("Ghi chú", "notes", "text", 140, when_not_reviewed=True),
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


class ReviewTableModel(TableModel[Row]):
    """Review rows (models.reviews.MemberReview or OrgReview) with pending edits kept until saved."""

    error = Signal(str)
    edited = Signal()
    REASON_COLUMN = 2   # where a row that is not reviewed says why (the view spans it to the decision date)

    def __init__(self, fields: Sequence[ReviewField], parent: Any = None) -> None:
        self.fields = tuple(fields)
        self.rule_set: RuleSet | None = None
        self.saved: list[Row] = []
        self._saved_of: dict[int, Row] = {}
        self.flagged: set[int] = set()
        super().__init__((), parent)
        self.columns = tuple(self._column(number, field) for number, field in enumerate(self.fields))

    def _column(self, number: int, field: ReviewField) -> Column[Row]:
        editor = Editor(lambda n, row, value: self._apply(field, n, row, value),
                        allowed=lambda row: row.reviewed or field.when_not_reviewed,
                        value=lambda row: self._edit_value(number, field, row))
        return Column(field.attr, field.title, lambda row: self._display(number, field, row),
                      tooltip=lambda row: self._tooltip(field, row),
                      look=lambda row, role: self._look(field, row, role),
                      width=field.width, header_tip=field.tip or field.title,
                      edit=None if field.kind == "name" else editor)

    # ------------------------------------------------------------ loading and state

    def load(self, rows: Sequence[Row], rule_set: RuleSet | None) -> None:
        self.rule_set = rule_set
        self.flagged = set()
        self._remember_saved(list(rows))
        self.set_rows(rows)

    def row_id(self, row: Row) -> int:
        return row.member_id if isinstance(row, MemberReview) else row.org_id

    @property
    def dirty(self) -> list[Row]:
        return [new for new, old in zip(self.rows, self.saved, strict=True) if new != old]

    def not_reviewed_rows(self) -> list[int]:
        """Row numbers of the members or organisations not reviewed this year (they show a reason instead)."""
        return [number for number, row in enumerate(self.rows) if not row.reviewed]

    def mark_saved(self) -> None:
        self._remember_saved(list(self.rows))
        self._refresh_all()

    def revert(self) -> None:
        self.rows = list(self.saved)
        self._refresh_all()

    def set_flagged(self, ids: set[int]) -> None:
        if ids != self.flagged:
            self.flagged = ids
            self._refresh_all()

    def _remember_saved(self, rows: list[Row]) -> None:
        self.saved = rows
        self._saved_of = {self.row_id(row): row for row in rows}

    def _refresh_all(self) -> None:
        if self.rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.rows) - 1, len(self.columns) - 1))

    # ------------------------------------------------------------ what a cell shows

    def row_label(self, number: int) -> str:
        return str(number + 1)

    def row_look(self, row: Row, role: int) -> Any:
        if role != Qt.ItemDataRole.BackgroundRole:
            return None
        if not row.reviewed:
            return QBrush(GREY)
        return QBrush(WARN) if self.row_id(row) in self.flagged else None

    def _look(self, field: ReviewField, row: Row, role: int) -> Any:
        if role == Qt.ItemDataRole.TextAlignmentRole and field.kind in ("int", "votes", "level", "date") \
                and row.reviewed:
            return int(Qt.AlignmentFlag.AlignCenter)
        saved = self._saved_of.get(self.row_id(row), row)
        if role == Qt.ItemDataRole.FontRole and getattr(row, field.attr) != getattr(saved, field.attr):
            font = QFont()
            font.setBold(True)   # an unsaved change stands out until it is saved
            return font
        return None

    def _edit_value(self, number: int, field: ReviewField, row: Row) -> Any:
        return getattr(row, field.attr) if field.kind in ("int", "votes") else self._display(number, field, row)

    def _display(self, number: int, field: ReviewField, row: Row) -> str:
        value = getattr(row, field.attr)
        if not row.reviewed and number == self.REASON_COLUMN:
            return f"Không đánh giá: {row.not_reviewed_reason}"
        if field.attr == "org_name" and str(value).startswith("Chi bộ "):
            return str(value)[len("Chi bộ "):]   # the column is titled Chi bộ: 'thôn Đông' fits the grid
        if field.kind == "date":
            return vn.format_date(value)
        if value is None:
            return ""
        return str(value)

    def _tooltip(self, field: ReviewField, row: Row) -> str:
        value = getattr(row, field.attr)
        if field.attr == "org_name":
            return str(value)
        if not row.reviewed:
            return f"Không đánh giá, xếp loại: {row.not_reviewed_reason}"
        if field.kind == "level" and value and self.rule_set is not None:
            return self.rule_set.level_name(value)
        return field.tip

    # ------------------------------------------------------------ what an edit does

    def _apply(self, field: ReviewField, number: int, row: Row, value: Any) -> Row:
        changes = {field.attr: self._parse(field, value)}
        if field.attr == "votes_for" and changes["votes_for"] is not None and row.votes_total is None:
            changes["votes_total"] = self._total_above(number)   # the same meeting voted on every member
        return dataclasses.replace(row, **changes)

    def refused(self, message: str) -> None:
        self.error.emit(message)

    def after_edit(self, number: int, old: Row, new: Row) -> None:
        if new != old:
            self.error.emit("")
            self.edited.emit()

    def _total_above(self, row_number: int) -> int | None:
        for row in reversed(self.rows[:row_number]):
            if row.votes_total is not None:
                return int(row.votes_total)
        return None

    def _parse(self, field: ReviewField, value: Any) -> Any:
        text = "" if value is None else str(value).strip()
        if field.kind == "level":
            return parse_level(self.rule_set, text) if self.rule_set is not None else (text or None)
        if field.kind in ("int", "votes"):
            if text == "":
                return None
            if not text.lstrip("-").isdigit():
                raise UserError(f"{field.title}: “{text}” không phải là số. Hãy gõ một số nguyên.")
            number = int(text)
            top = reviews.score_limit(self.rule_set)
            if number < 0 or (field.kind == "int" and number > top):
                raise UserError(f"{field.title}: hãy gõ số từ 0 đến {top if field.kind == 'int' else 'tổng số'}.")
            return number
        if field.kind == "date":
            return vn.parse_date(text, field.title)
        return vn.nfc(text)


AnyReviewModel = ReviewTableModel[MemberReview] | ReviewTableModel[OrgReview]


class ReviewDelegate(QStyledItemDelegate):
    """Editors by column: a combo for levels (1–4 to pick), a spin box for scores and votes, a date field."""

    def __init__(self, model: AnyReviewModel, parent: Any = None) -> None:
        super().__init__(parent)
        self.review_model = model

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        column = self.review_model.fields[index.column()]
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
            code = self.review_model.rows[index.row()].__getattribute__(self.review_model.fields[index.column()].attr)
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
