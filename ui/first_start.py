"""First start: name the commune committee, or open the demo data, before anything else."""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from models import vn
from models.access import passwords
from models.commune import committee
from models.commune.committee import Committee
from models.errors import UserError
from ui.common import files
from ui.common.form_dialog import FormDialog
from ui.common.widgets import DateEdit, limit_lengths


@dataclass(frozen=True)
class FirstStartChoice:
    """What the user chose: save these committee names, or build the demo data into a new file."""

    committee: Committee | None = None
    demo_path: Path | None = None
    open_path: Path | None = None
    admin: tuple[str, str] | None = None    # (login, password) of the administrator account to create


class FirstStartDialog(FormDialog[Committee]):
    """The wizard on a new database; with ``editing`` the same form edits the committee's names later."""

    def __init__(self, current: Committee | None = None, parent: QWidget | None = None,
                 editing: bool = False) -> None:
        super().__init__("Thông tin Đảng bộ xã" if editing else "Bắt đầu sử dụng – Sổ Chi Bộ", parent)
        self.choice: FirstStartChoice | None = None
        current = current or Committee()
        intro = QLabel("<b>Chào mừng đến với Sổ Chi Bộ.</b><br>Hãy ghi tên Đảng bộ xã/phường như in trên văn bản. "
                       "Các thông tin này dùng cho tiêu đề văn bản và có thể sửa sau trong phần Cài đặt.")
        intro.setWordWrap(True)
        self.body.insertWidget(0, intro)
        self._build_form(current)
        self.admin_box = self._admin_box()
        self.body.addWidget(self.admin_box)
        demo_row = QLabel("Muốn xem thử trước? Chương trình có thể tạo một xã mẫu (khoảng 1.400 đảng viên) "
                          "vào một tệp riêng, không đụng đến dữ liệu thật.")
        demo_row.setWordWrap(True)
        self.body.addWidget(demo_row)
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.later_button = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        self.demo_button = QPushButton("Mở dữ liệu mẫu…")
        self.open_button = QPushButton("Mở tệp dữ liệu có sẵn…")
        self.buttons.addButton(self.demo_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.addButton(self.open_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.demo_button.clicked.connect(self.choose_demo)
        self.open_button.clicked.connect(self.choose_open)
        self.setMinimumWidth(640)
        if editing:
            intro.setText("Tên Đảng bộ, cấp trên, địa danh và nhiệm kỳ dùng cho tiêu đề và số văn bản.")
            for widget in (demo_row, self.demo_button, self.open_button, self.admin_box):
                widget.hide()
        else:   # the wizard's own words; Alt+L still saves
            self.save_button.setText("&Lưu và bắt đầu")
            self.later_button.setText("Để sau")
        self.mark_unchanged()

    def _build_form(self, current: Committee) -> None:
        form = self.form
        self.name = QLineEdit(current.name)
        self.name.setPlaceholderText("ví dụ Đảng bộ xã Phố Mới")
        form.addRow("Tên Đảng bộ xã/phường *:", self.name)
        self.superior = QLineEdit(current.superior_name)
        self.superior.setPlaceholderText("ví dụ Đảng bộ tỉnh Phú Thọ")
        form.addRow("Cấp trên trực tiếp:", self.superior)
        self.place = QLineEdit(current.place_name)
        self.place.setPlaceholderText("ví dụ Phố Mới (dòng “Phố Mới, ngày … tháng … năm …”)")
        form.addRow("Địa danh ghi ngày tháng *:", self.place)
        self.term = QLineEdit(current.term_name or "2025 - 2030")
        form.addRow("Nhiệm kỳ:", self.term)
        limit_lengths(committee.MAX_LENGTHS, {"name": self.name, "superior_name": self.superior,
                                              "place_name": self.place, "term_name": self.term})
        self.term_start = DateEdit("Ngày bắt đầu nhiệm kỳ")
        self.term_start.set_date(current.term_start)
        form.addRow("Bắt đầu nhiệm kỳ:", self.term_start)
        self.term_end = DateEdit("Ngày kết thúc nhiệm kỳ")
        self.term_end.set_date(current.term_end)
        form.addRow("Kết thúc nhiệm kỳ:", self.term_end)
        for field in (self.term_start, self.term_end):
            field.error_changed.connect(self.error.show_error)
        self.name.textEdited.connect(self._suggest_place)

    def _admin_box(self) -> QGroupBox:
        """An administrator account, offered (not forced: a one-person office may work without logins)."""
        box = QGroupBox("Tài khoản quản trị (nên đặt khi máy có nhiều người dùng)")
        box.setCheckable(True)
        box.setChecked(False)
        form = QFormLayout(box)
        self.admin_login = QLineEdit("quantri")
        self.admin_login.setMaxLength(40)
        self.admin_password, self.admin_again = QLineEdit(), QLineEdit()
        for edit in (self.admin_password, self.admin_again):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow("Tên đăng nhập:", self.admin_login)
        form.addRow("Mật khẩu (ít nhất 8 ký tự):", self.admin_password)
        form.addRow("Gõ lại mật khẩu:", self.admin_again)
        return box

    def _admin(self) -> tuple[str, str] | None:
        """The administrator asked for, checked before anything is saved (None: not asked for)."""
        if self.admin_box.isHidden() or not self.admin_box.isChecked():
            return None
        if not self.admin_login.text().strip():
            raise UserError("Hãy ghi tên đăng nhập cho tài khoản quản trị (hoặc bỏ chọn ô tài khoản quản trị).")
        if self.admin_password.text() != self.admin_again.text():
            raise UserError("Hai lần gõ mật khẩu quản trị không giống nhau. Hãy gõ lại cả hai ô.")
        return self.admin_login.text().strip(), passwords.check_new_password(self.admin_password.text())

    def _suggest_place(self, text: str) -> None:
        """“Đảng bộ xã Phố Mới” suggests the place “Phố Mới” until the user types one."""
        if self.place.isModified():
            return
        words = vn.nfc(text).split()
        lowered = [w.lower() for w in words]
        markers = [i for i, w in enumerate(lowered) if w in ("xã", "phường", "khu", "trấn")]
        if markers and markers[-1] + 1 < len(words):
            self.place.setText(" ".join(words[markers[-1] + 1:]))

    def collect(self) -> Committee:
        """The typed names, cleaned and checked by the committee's own rules (no file exists yet to save in)."""
        value = committee.validate(Committee(
            name=self.name.text(), superior_name=self.superior.text(), place_name=self.place.text(),
            term_name=self.term.text(), term_start=self.term_start.date(), term_end=self.term_end.date()))
        self._admin()
        return value

    def store(self, value: Committee) -> object:
        """The caller saves the names (main window); the dialog only says what was chosen."""
        self.choice = FirstStartChoice(committee=value, admin=self._admin())
        return None

    def choose_demo(self) -> None:
        path = files.ask_save_path(self, "Chọn nơi lưu tệp dữ liệu mẫu",
                                   f"so-chi-bo-mau-{dt.date.today():%Y%m%d}.sqlite", files.DB_FILTER)
        if path is None:
            return
        if path.exists() and path.stat().st_size > 0:
            self.error.show_error(f"Tệp “{path.name}” đã có. Dữ liệu mẫu chỉ tạo vào tệp mới; hãy chọn tên khác.")
            return
        self.choice = FirstStartChoice(demo_path=path)
        self.done(QDialog.DialogCode.Accepted)   # not accept(): that checks the names, unused here

    def choose_open(self) -> None:
        path = files.ask_open_path(self, "Mở tệp dữ liệu", files.DB_FILTER)
        if path is None:
            return
        self.choice = FirstStartChoice(open_path=path)
        self.done(QDialog.DialogCode.Accepted)


def is_needed(conn: sqlite3.Connection) -> bool:
    """Whether the committee still has no name (a brand-new database)."""
    return not committee.get(conn).is_set_up
