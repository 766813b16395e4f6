"""Đánh giá xếp loại: a year's review for the chosen organisation, entered in one grid per cell, with
the rules' warnings and the member's year beside it, and the review's paper one click away."""

from __future__ import annotations

import datetime as dt
import sqlite3
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from models import vn
from models.commune import organisations
from models.errors import UserError
from models.reviews import records as reviews
from models.reviews import review_evidence, review_rules
from models.reviews.records import MemberReview, OrgReview
from ui.common import unsaved
from ui.common.pickers import Choice, SearchPicker, org_choices
from ui.common.section import SectionView
from ui.common.table_model import column_index, record_view, size_columns
from ui.common.widgets import ErrorLabel, ask, run_action, two_panes
from ui.reviews import review_printing
from ui.reviews.review_table import MEMBER_COLUMNS, ORG_COLUMNS, AnyReviewModel, ReviewDelegate, ReviewTableModel

WHOLE_COMMUNE = -1


class ReviewsView(SectionView):
    """The year's review of one organisation (with its sub-units) or of the whole commune."""

    def __init__(self, conn: sqlite3.Connection, parent: QWidget | None = None) -> None:
        super().__init__(conn, parent)
        self.year = dt.date.today().year
        self.period: reviews.ReviewPeriod | None = None
        self.member_model: ReviewTableModel[MemberReview] = ReviewTableModel(MEMBER_COLUMNS, self)
        self.org_model: ReviewTableModel[OrgReview] = ReviewTableModel(ORG_COLUMNS, self)
        self._loading = False
        self._build()
        self._fill_years()
        self._fill_orgs()
        self.reload()

    # ------------------------------------------------------------ layout

    def _build(self) -> None:
        layout = self.body
        layout.addLayout(self._top_row())
        self.notice = QLabel()
        self.notice.setWordWrap(True)
        self.notice.setStyleSheet("color: #7a4a00; font-weight: bold;")
        layout.addWidget(self.notice)
        self.member_table = self._table(self.member_model)
        self.org_table = self._table(self.org_model)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.member_table, "Đảng viên")
        self.tabs.addTab(self.org_table, "Tổ chức đảng")
        layout.addWidget(two_panes(self.tabs, self._side_panel(), stretch=(3, 1), sizes=(860, 280)), 1)
        self.error_label = ErrorLabel()
        self.error_label.show_error("")
        layout.addWidget(self.error_label)
        layout.addLayout(self._button_row())
        for model in (self.member_model, self.org_model):
            model.edited.connect(self._after_edit)
            model.error.connect(self.error_label.show_error)
        self.member_table.selectionModel().currentRowChanged.connect(lambda *_: self._show_evidence())
        self.org_table.selectionModel().currentRowChanged.connect(lambda *_: self._show_evidence())
        self.tabs.currentChanged.connect(self._tab_changed)
        QShortcut(QKeySequence.StandardKey.Save, self, self.save)

    def _top_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.addWidget(QLabel("Năm đánh giá:"))
        self.year_combo = QComboBox()
        self.year_combo.setMinimumWidth(130)
        self.year_combo.currentIndexChanged.connect(lambda *_: self._year_chosen())
        row.addWidget(self.year_combo)
        row.addWidget(QLabel("Tổ chức đảng:"))
        self.org_combo = SearchPicker("tổ chức đảng", keep_previous=True)
        self.org_combo.setMinimumWidth(300)
        self.org_combo.currentIndexChanged.connect(lambda *_: self._org_chosen())
        row.addWidget(self.org_combo)
        self.open_button = QPushButton("Mở đợt đánh giá…")
        self.open_button.setToolTip("Lập danh sách đánh giá năm này: mọi đảng viên trong danh sách và mọi tổ chức "
                                    "đảng; mở lại thì chỉ thêm người mới, không ghi đè số liệu đã nhập.")
        self.open_button.clicked.connect(self.open_year)
        row.addWidget(self.open_button)
        self.rule_label = QLabel()
        self.rule_label.setStyleSheet("color: #555;")
        row.addWidget(self.rule_label, 1)
        return row

    def _table(self, model: AnyReviewModel) -> QTableView:
        table = record_view(model, numbered=True, editable=True)
        table.setItemDelegate(ReviewDelegate(model, table))
        # a grid of marks typed cell by cell; rows are coloured by their own state, so no stripes
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        table.setAlternatingRowColors(False)
        header = table.horizontalHeader()
        header.setHighlightSections(False)
        size_columns(header, model.columns)
        header.setStretchLastSection(True)
        return table

    def _side_panel(self) -> QWidget:
        panel = QWidget()
        box = QVBoxLayout(panel)
        box.setContentsMargins(4, 0, 0, 0)
        self.warning_title = QLabel("Cảnh báo")
        self.warning_title.setStyleSheet("font-weight: bold;")
        self.tally_label = QLabel()
        self.tally_label.setWordWrap(True)
        self.tally_label.setToolTip("Đếm theo mức cấp trên quyết định; dòng chưa có quyết định thì theo mức chi bộ "
                                    "đề xuất. Kể cả những gì vừa nhập chưa lưu.")
        box.addWidget(self.tally_label)
        box.addWidget(self.warning_title)
        self.warning_list = QListWidget()
        self.warning_list.setWordWrap(True)
        self.warning_list.setSpacing(3)
        self.warning_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.warning_list.setStyleSheet("QListWidget::item { border-bottom: 1px solid #ddd; padding: 2px; }")
        self.warning_list.itemActivated.connect(self._go_to_warning)
        box.addWidget(self.warning_list, 3)
        self.evidence_title = QLabel("Trong năm")
        self.evidence_title.setStyleSheet("font-weight: bold;")
        box.addWidget(self.evidence_title)
        self.evidence = QLabel()
        self.evidence.setWordWrap(True)
        self.evidence.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.evidence.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        box.addWidget(self.evidence, 2)
        return panel

    def _button_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.save_button = QPushButton("Lưu (Ctrl+S)")
        self.save_button.clicked.connect(self.save)
        self.revert_button = QPushButton("Hoàn tác")
        self.revert_button.clicked.connect(self.revert)
        row.addWidget(self.save_button)
        row.addWidget(self.revert_button)
        row.addStretch(1)
        self.print_buttons: dict[str, QPushButton] = {}
        for key, text in review_printing.DOCUMENTS.items():
            button = QPushButton(text)
            button.clicked.connect(lambda _=False, k=key: self.print_document(k))
            row.addWidget(button)
            self.print_buttons[key] = button
        return row

    # ------------------------------------------------------------ choosing year and organisation

    def _fill_years(self) -> None:
        opened = set(reviews.open_years(self.conn))
        this_year = dt.date.today().year
        years = sorted(opened | {this_year, this_year - 1}, reverse=True)
        self._loading = True
        self.year_combo.clear()
        for year in years:
            self.year_combo.addItem(str(year) if year in opened else f"{year} (chưa mở)", year)
        self.year_combo.setCurrentIndex(max(self.year_combo.findData(self.year), 0))
        self._loading = False

    def _fill_orgs(self) -> None:
        self._loading = True
        orgs = org_choices(organisations.all_organisations(self.conn, include_dissolved=False),
                           lambda org: org.unit_type != "to_dang")
        self.org_combo.set_choices([Choice("Toàn Đảng bộ", WHOLE_COMMUNE), *orgs])
        self.org_combo.set_value(WHOLE_COMMUNE if self.scope is None else self.scope)
        if self.org_combo.currentIndex() < 0:
            self.org_combo.setCurrentIndex(0)
        self._loading = False

    def set_scope(self, org_id: int | None) -> None:
        """Show one organisation (with its sub-units), or the whole commune when None."""
        if org_id == self.scope:
            return
        if not self._leave_edits():
            return
        self.scope = org_id
        self._fill_orgs()
        self.reload()

    def _year_chosen(self) -> None:
        if self._loading:
            return
        year = self.year_combo.currentData()
        if year is None or year == self.year:
            return
        if not self._leave_edits():
            self._fill_years()
            return
        self.year = int(year)
        self.reload()

    def _org_chosen(self) -> None:
        if self._loading:
            return
        data = self.org_combo.currentData()
        scope = None if data in (None, WHOLE_COMMUNE) else int(data)
        if scope == self.scope:
            return
        if not self._leave_edits():
            self._fill_orgs()
            return
        self.scope = scope
        self.reload()

    def _leave_edits(self) -> bool:
        """Before showing other rows: save or drop unsaved edits, or stay (False)."""
        return unsaved.settle(self, self, "chuyển sang năm hoặc tổ chức khác")

    # ------------------------------------------------------------ unsaved edits (ui.unsaved protocol)

    def unsaved_changes(self) -> str:
        for table in (self.member_table, self.org_table):
            unsaved.commit_open_editor(table)
        counts = [(len(self.member_model.dirty), "đảng viên"), (len(self.org_model.dirty), "tổ chức đảng")]
        whom = " và ".join(f"{count} {noun}" for count, noun in counts if count)
        return f"Kết quả đánh giá, xếp loại năm {self.year} của {whom} vừa nhập chưa lưu" if whom else ""

    def save_unsaved(self) -> bool:
        return self.save()

    def discard_unsaved(self) -> None:
        self.revert()

    # ------------------------------------------------------------ loading, saving, checking

    def reload(self) -> None:
        self.period = reviews.period(self.conn, self.year)
        rule_set = self.period.rule_set if self.period else None
        if self.period is None:
            self.member_model.load([], None)
            self.org_model.load([], None)
            self.notice.setText(f"Chưa mở đợt đánh giá, xếp loại năm {self.year}. Bấm “Mở đợt đánh giá…” để lập "
                                "danh sách đảng viên và tổ chức đảng cần đánh giá.")
            self.rule_label.setText("")
        else:
            self.member_model.load(reviews.member_reviews(self.conn, self.year, self.scope), rule_set)
            self.org_model.load(reviews.org_reviews(self.conn, self.year, self.scope), rule_set)
            self.notice.setText("")
            self.rule_label.setText(f"Theo {rule_set.name}" if rule_set else "")
        self.notice.setVisible(bool(self.notice.text()))
        self._span_not_reviewed()
        self.member_table.setColumnHidden(1, not (rule_set and rule_set.scoring))
        self.org_table.setColumnHidden(1, not (rule_set and rule_set.scoring))
        cells = {r.org_id for r in self.member_model.rows}
        self.member_table.setColumnHidden(len(MEMBER_COLUMNS) - 1, len(cells) <= 1)
        for widget in (self.save_button, self.revert_button, *self.print_buttons.values()):
            widget.setEnabled(self.period is not None)
        self.open_button.setText(f"Mở đợt đánh giá năm {self.year}…" if self.period is None
                                 else "Bổ sung người mới…")
        self.error_label.show_error("")
        self.refresh_warnings()
        self._show_evidence()

    def _span_not_reviewed(self) -> None:
        """A row that is not reviewed shows its reason across the entry columns."""
        grids: tuple[tuple[QTableView, AnyReviewModel], ...] = ((self.member_table, self.member_model),
                                                                (self.org_table, self.org_model))
        for table, model in grids:
            table.clearSpans()
            notes = column_index(model.columns, "notes")
            width = notes - model.REASON_COLUMN   # up to the decision date, notes stay editable
            for number in model.not_reviewed_rows():
                table.setSpan(number, model.REASON_COLUMN, 1, width)

    def open_year(self) -> None:
        question = (f"Lập danh sách đánh giá, xếp loại năm {self.year} cho mọi đảng viên và tổ chức đảng?"
                    if self.period is None else
                    f"Thêm vào đợt đánh giá năm {self.year} những đảng viên, tổ chức mới chưa có trong danh sách? "
                    "Số liệu đã nhập được giữ nguyên.")
        if not ask.confirm(self, "Mở đợt đánh giá", question):
            return
        result: list[reviews.OpenResult] = []
        if run_action(self, lambda: result.append(reviews.open_review(self.conn, self.year)), "Không mở được"):
            self._fill_years()
            self.reload()
            ask.info(self, "Mở đợt đánh giá", result[0].message)

    def save(self) -> bool:
        """Save every edited row of both grids in one transaction each; warnings stay, they never block."""
        members, orgs = self.member_model.dirty, self.org_model.dirty
        if not (members or orgs):
            return True

        def write() -> None:
            reviews.save_member_reviews(self.conn, self.year, members)
            reviews.save_org_reviews(self.conn, self.year, orgs)

        if not run_action(self, write):
            return False
        self.member_model.mark_saved()
        self.org_model.mark_saved()
        self.error_label.show_error("")
        self.refresh_warnings()
        return True

    def revert(self) -> None:
        self.member_model.revert()
        self.org_model.revert()
        self.refresh_warnings()

    def _after_edit(self) -> None:
        self.refresh_warnings()
        self._show_evidence()

    def current_warnings(self) -> list[reviews.ReviewWarning]:
        """The rules over what is on screen now, unsaved edits included."""
        if self.period is None:
            return []
        return reviews.warnings(self.conn, self.year, self.member_model.rows, self.org_model.rows)

    def refresh_warnings(self) -> None:
        found = self.current_warnings()
        visible = set(self._visible_ids())
        shown = sorted((w for w in found if self._concerns(w, visible)), key=lambda w: w.code != "quota")
        self.warning_list.clear()
        for warning in shown:
            item = QListWidgetItem(("⚠ " if warning.code == "quota" else "• ") + warning.message)
            item.setData(Qt.ItemDataRole.UserRole, (warning.member_id, warning.org_id))
            self.warning_list.addItem(item)
        if not shown and self.period is not None:
            self.warning_list.addItem("Không có cảnh báo.")
        self.warning_title.setText(f"Cảnh báo ({len(shown)})" if shown else "Cảnh báo")
        self._show_tally()
        self.member_model.set_flagged({w.member_id for w in found if w.member_id is not None})
        self.org_model.set_flagged({w.org_id for w in found if w.member_id is None and w.org_id is not None
                                    and w.code != "quota"})

    def _tab_changed(self, _index: int) -> None:
        self._show_tally()
        self._show_evidence()

    def _show_tally(self) -> None:
        """The levels of the rows on screen (unsaved edits included), so the clerk sees the proportions."""
        if self.period is None:
            self.tally_label.setText("")
            return
        on_orgs = self.tabs.currentIndex() == 1
        rows = self.org_model.rows if on_orgs else self.member_model.rows
        noun = "tổ chức" if on_orgs else "đảng viên"
        text = review_rules.tally_text(self.period.rule_set, [r.level for r in rows if r.reviewed],
                                       sum(1 for r in rows if not r.reviewed), noun)
        self.tally_label.setText(f"<b>Kết quả xếp loại:</b> {vn_escape(text)}.")

    def _visible_ids(self) -> list[int]:
        ids = [r.org_id for r in self.org_model.rows] + [r.org_id for r in self.member_model.rows if r.org_id]
        if self.scope is not None:
            ids += [int(organisations.grassroots_of(self.conn, self.scope).id)]
            ids += [int(o) for o in organisations.descendants(self.conn, self.scope)]
        return ids

    def _concerns(self, warning: reviews.ReviewWarning, org_ids: set[int]) -> bool:
        if self.scope is None:
            return True
        if warning.member_id is not None:
            return any(r.member_id == warning.member_id for r in self.member_model.rows)
        return warning.org_id in org_ids or (warning.org_id is None and self.scope is None)

    def _go_to_warning(self, item: QListWidgetItem) -> None:
        member_id, org_id = item.data(Qt.ItemDataRole.UserRole) or (None, None)
        if member_id is not None:
            for number, row in enumerate(self.member_model.rows):
                if row.member_id == member_id:
                    self.tabs.setCurrentIndex(0)
                    self.member_table.setCurrentIndex(self.member_model.index(number, 3))
                    self.member_table.setFocus()
                    return

    def _show_org_evidence(self) -> None:
        index = self.org_table.currentIndex()
        if self.period is None or not index.isValid() or index.row() >= len(self.org_model.rows):
            self.evidence_title.setText("Trong năm")
            self.evidence.setText("Chọn một tổ chức đảng trong bảng để xem kết quả xếp loại đảng viên "
                                  "và kỷ luật trong năm.")
            return
        row = self.org_model.rows[index.row()]
        self.evidence_title.setText(f"{row.name} – năm {self.year}")
        lines = review_evidence.org_lines(self.conn, self.year, row.org_id, self.member_model.rows)
        self.evidence.setText("<br>".join(f"<b>{vn_escape(label)}:</b> {vn_escape(value)}" for label, value in lines))

    def _show_evidence(self) -> None:
        if self.tabs.currentIndex() == 1:
            self._show_org_evidence()
            return
        index = self.member_table.currentIndex()
        if self.period is None or not index.isValid() or index.row() >= len(self.member_model.rows):
            self.evidence.setText("Chọn một đảng viên trong bảng để xem sinh hoạt, đảng phí, học tập, "
                                  "kỷ luật trong năm.")
            self.evidence_title.setText("Trong năm")
            return
        row = self.member_model.rows[index.row()]
        try:
            found = review_evidence.member_evidence(self.conn, row.member_id, self.year)
        except UserError as error:
            self.evidence.setText(error.message)
            return
        self.evidence_title.setText(f"{row.full_name} – năm {self.year}")
        lines = [f"<b>{vn_escape(label)}:</b> {vn_escape(value)}" for label, value in found.lines()]
        lines += [f"<span style='color:#c0392b'>⚑ {vn_escape(flag)}</span>" for flag in found.flags]
        if not row.reviewed:
            lines.insert(0, f"<i>Không đánh giá: {vn_escape(row.not_reviewed_reason)}</i>")
        self.evidence.setText("<br>".join(lines))

    # ------------------------------------------------------------ printing

    def current_cell_id(self) -> int | None:
        """The cell the grid is on: the chosen scope when it is a cell, else the current row's cell."""
        if self.scope is not None and organisations.get(self.conn, self.scope).is_cell:
            return self.scope
        index = self.member_table.currentIndex()
        if index.isValid() and index.row() < len(self.member_model.rows):
            return self.member_model.rows[index.row()].org_id
        return None

    def current_member_id(self) -> int | None:
        index = self.member_table.currentIndex()
        if index.isValid() and index.row() < len(self.member_model.rows):
            return int(self.member_model.rows[index.row()].member_id)
        return None

    def print_document(self, key: str) -> Any:
        if (self.member_model.dirty or self.org_model.dirty) and not self.save():
            return None
        return review_printing.print_document(self, key)


def vn_escape(text: str) -> str:
    """User text shown in a rich-text label: escaped so '<' prints as typed."""
    return vn.nfc(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
