"""The dialog that records how a member's dues are computed (mức đóng đảng phí) from a month on."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QWidget,
)

from models import rules, vn
from models.dues import ledger as dues
from models.dues.ledger import DuesProfile
from models.errors import UserError
from ui.common.form_dialog import FormDialog
from ui.common.widgets import DateEdit, limit_lengths


class DuesProfileDialog(FormDialog[DuesProfile]):
    """Collects a DuesProfile and hands it to ``on_save``; a UserError is shown in the dialog, which stays open."""

    def __init__(self, member_id: int, member_name: str, start: dt.date, current: DuesProfile | None,
                 on_save: Callable[[DuesProfile], object], parent: QWidget | None = None) -> None:
        super().__init__(f"Mức đóng đảng phí – {member_name}", parent, on_save, f"<b>{vn.nfc(member_name)}</b>")
        self.member_id = member_id
        self.setMinimumWidth(560)
        self._build()
        self.valid_from.set_date(start.replace(day=1))
        self._fill_groups(start)
        if current is not None:
            self._show(current)
        self._changed()
        limit_lengths(dues.MAX_LENGTHS, {"note": self.note})
        self.mark_unchanged()

    def _build(self) -> None:
        self.valid_from = DateEdit("Áp dụng từ")
        self.group = QComboBox()
        self.basis = QLineEdit()
        self.basis.setPlaceholderText("ví dụ 5.000.000")
        self.region = QComboBox()
        self.region.addItems([f"Vùng {r}" for r in dues.REGIONS])
        self.exemption = QComboBox()
        self.reduction = QComboBox()
        self.reduction_months = QSpinBox()
        self.note = QLineEdit()
        reduction_row = QHBoxLayout()
        reduction_row.addWidget(self.reduction)
        reduction_row.addWidget(QLabel("trong"))
        reduction_row.addWidget(self.reduction_months)
        reduction_row.addWidget(QLabel("tháng"))
        reduction_row.addStretch(1)
        form = self.form
        form.addRow("Áp dụng &từ ngày:", self.valid_from)
        form.addRow("&Nhóm đóng:", self.group)
        form.addRow("Tiền lương / lương &hưu (đồng/tháng):", self.basis)
        form.addRow("&Vùng lương tối thiểu:", self.region)
        form.addRow("&Miễn đảng phí:", self.exemption)
        form.addRow("Giảm đảng phí:", reduction_row)
        form.addRow("Ghi &chú:", self.note)
        self.preview = QLabel()
        self.preview.setStyleSheet("font-weight: bold;")
        self.preview.setWordWrap(True)
        self.body.addWidget(self.preview)
        for combo in (self.group, self.region, self.exemption, self.reduction):
            combo.currentIndexChanged.connect(self._changed)
        self.basis.textChanged.connect(self._changed)
        self.reduction_months.valueChanged.connect(self._changed)
        self.valid_from.editingFinished.connect(self._date_changed)

    def _fill_groups(self, on: dt.date) -> None:
        chosen = self.group.currentData()
        self.group.blockSignals(True)
        self.group.clear()
        for key, name in dues.group_names(on).items():
            self.group.addItem(name, key)
        if chosen is not None and self.group.findData(chosen) >= 0:
            self.group.setCurrentIndex(self.group.findData(chosen))
        self.group.blockSignals(False)
        rates = rules.dues_rates(on)
        self.exemption.blockSignals(True)
        self.exemption.clear()
        self.exemption.addItem("Không miễn", "")
        for key, name in dues.exemption_reasons(on).items():
            self.exemption.addItem(name, key)
        self.exemption.blockSignals(False)
        self.reduction.blockSignals(True)
        self.reduction.clear()
        self.reduction.addItem("Không giảm", 0)
        for pct in rates.reduction_pcts:
            self.reduction.addItem(f"Giảm {pct}%", pct)
        self.reduction.blockSignals(False)
        self.reduction_months.setRange(0, rates.reduction_max_months)

    def _show(self, profile: DuesProfile) -> None:
        for combo, value in ((self.group, profile.dues_group), (self.exemption, profile.exemption),
                             (self.reduction, profile.reduction_pct)):
            if combo.findData(value) >= 0:
                combo.setCurrentIndex(combo.findData(value))
        if profile.region in dues.REGIONS:
            self.region.setCurrentIndex(dues.REGIONS.index(profile.region))
        self.basis.setText(vn.format_int(profile.basis) if profile.basis else "")
        self.reduction_months.setValue(profile.reduction_months)
        self.note.setText(profile.note)

    def _date_changed(self) -> None:
        try:
            on = self.valid_from.date()
        except UserError:
            return
        if on is not None:
            self._fill_groups(on)
        self._changed()

    def _start(self) -> dt.date:
        on = self.valid_from.date()
        if on is None:
            raise UserError("Hãy nhập ngày bắt đầu áp dụng mức đóng (ngày/tháng/năm).")
        return on

    def collect(self) -> DuesProfile:
        """The profile as entered; raises UserError for unreadable fields."""
        reduction = int(self.reduction.currentData() or 0)
        return DuesProfile(self.member_id, self._start(), str(self.group.currentData() or ""),
                           dues.parse_money(self.basis.text(), "Tiền lương / lương hưu"),
                           dues.REGIONS[self.region.currentIndex()], reduction,
                           self.reduction_months.value() if reduction else 0,
                           str(self.exemption.currentData() or ""), self.note.text())

    def _changed(self) -> None:
        self.error.show_error("")        # the clerk is correcting: the last refusal no longer applies
        try:
            on = self.valid_from.date() or dt.date.today()
        except UserError:
            on = dt.date.today()
        group = rules.dues_rates(on).groups.get(str(self.group.currentData() or ""))
        basis = group.basis if group else ""
        self.region.setEnabled(basis == "regional_minimum_wage")
        self.basis.setEnabled(basis in ("salary", "pension"))
        reduced = bool(self.reduction.currentData())
        self.reduction_months.setEnabled(reduced)
        if reduced and self.reduction_months.value() == 0:
            self.reduction_months.setValue(self.reduction_months.maximum())
        try:
            profile = self.collect()
            if profile.exemption:
                self.preview.setText(f"Số phải nộp mỗi tháng: {vn.format_money(0)} (được miễn)")
                return
            amount = dues.amount_due(rules.dues_rates(profile.valid_from), profile.dues_group, profile.basis,
                                     profile.region, profile.reduction_pct, profile.valid_from)
            self.preview.setText(f"Số phải nộp mỗi tháng: {vn.format_money(amount)}")
        except UserError as error:
            self.preview.setText(f"Số phải nộp mỗi tháng: chưa tính được – {error.message}")

    def refused(self, error: UserError) -> None:
        self.preview.setText("Số phải nộp mỗi tháng: chưa tính được.")   # the reason is on the red line
        super().refused(error)
