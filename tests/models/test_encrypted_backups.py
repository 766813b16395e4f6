"""Backups that leave the office are encrypted: no personal data in their bytes, restored only with the password."""

from __future__ import annotations

import datetime as dt

import pytest

from models.commune import organisations
from models.errors import UserError
from models.storage import backups, db, encrypted_files
from tests.conftest import add_member

PASSWORD = "mat-khau-usb-2026"


def _names(path):
    conn = db.open_db(path, create=False)
    try:
        return {r[0] for r in conn.execute("SELECT full_name FROM members")}
    finally:
        conn.close()


def test_an_encrypted_backup_holds_no_readable_personal_data(card_holder_file, tmp_path):
    usb = tmp_path / "usb"
    usb.mkdir()
    conn = db.open_db(card_holder_file)
    info = backups.make_backup(conn, card_holder_file, to_dir=usb, password=PASSWORD)
    conn.close()
    assert info.path.name.endswith(".sqlite.mahoa") and info.members == 1
    assert [p.name for p in usb.iterdir()] == [info.path.name]          # no plain copy left on the stick
    raw = info.path.read_bytes()
    for secret in ("Nguyễn Văn Khánh", "093456789012", "Chi bộ thôn Đông", "SQLite format"):
        assert secret.encode("utf-8") not in raw
    assert "Khánh".encode("utf-16-le") not in raw
    assert encrypted_files.is_encrypted(info.path)


def test_restore_with_the_right_password_and_refusal_of_a_wrong_one(card_holder_file, tmp_path):
    usb = tmp_path / "usb"
    usb.mkdir()
    conn = db.open_db(card_holder_file)
    sealed = backups.make_backup(conn, card_holder_file, to_dir=usb, password=PASSWORD).path
    add_member(conn, "Trần Thị Bình", organisations.find(conn, "Đông").id, dt.date(2026, 6, 1))
    with pytest.raises(encrypted_files.PasswordNeeded, match="được mã hóa"):
        backups.restore(conn, card_holder_file, sealed)
    with pytest.raises(encrypted_files.WrongPassword, match="Mật khẩu không đúng"):
        backups.restore(conn, card_holder_file, sealed, "mat-khau-sai")
    assert not backups.backup_folder(card_holder_file).exists()                    # nothing done before the check
    assert {r[0] for r in conn.execute("SELECT full_name FROM members")} == {"Nguyễn Văn Khánh", "Trần Thị Bình"}
    backups.restore(conn, card_holder_file, sealed, PASSWORD)
    assert {r[0] for r in conn.execute("SELECT full_name FROM members")} == {"Nguyễn Văn Khánh"}
    conn.close()


def test_a_damaged_encrypted_backup_is_refused_with_a_clear_message(card_holder_file, tmp_path):
    conn = db.open_db(card_holder_file)
    sealed = backups.make_backup(conn, card_holder_file, to_dir=tmp_path, password=PASSWORD).path
    blob = bytearray(sealed.read_bytes())
    blob[len(blob) // 2] ^= 0xFF
    sealed.write_bytes(bytes(blob))
    with pytest.raises(UserError, match="bị hỏng") as refused:
        backups.restore(conn, card_holder_file, sealed, PASSWORD)
    assert not isinstance(refused.value, encrypted_files.WrongPassword)
    sealed.write_bytes(bytes(blob[:30]))                                     # cut short on the way
    with pytest.raises(UserError, match="bị hỏng"):
        backups.restore(conn, card_holder_file, sealed, PASSWORD)
    assert _names(card_holder_file) == {"Nguyễn Văn Khánh"}
    conn.close()


def test_an_encrypted_backup_replaces_a_damaged_file(card_holder_file, tmp_path):
    conn = db.open_db(card_holder_file)
    sealed = backups.make_backup(conn, card_holder_file, to_dir=tmp_path, password=PASSWORD).path
    conn.close()
    target = tmp_path / "moi.sqlite"
    backups.restore_to_new_file(sealed, target, PASSWORD)
    assert _names(target) == {"Nguyễn Văn Khánh"}
