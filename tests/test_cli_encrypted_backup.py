"""backup --encrypt and restore of an encrypted backup on the command line (password on standard input)."""

import datetime as dt
import io
from pathlib import Path

import pytest

import main
from models.commune import organisations
from models.commune.organisations import NewOrganisation
from models.storage import db
from tests.conftest import add_member

PASSWORD = "mat-khau-usb-2026"


@pytest.fixture(autouse=True)
def _private_log(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))


@pytest.fixture
def data_file(tmp_path):
    path = tmp_path / "so-chi-bo.sqlite"
    conn = db.open_db(path)
    dong = organisations.create(conn, NewOrganisation("Chi bộ thôn Đông", "chi_bo_co_so", "thon"))
    add_member(conn, "Nguyễn Văn Khánh", dong.id, dt.date(2020, 5, 19), card_number="093456789012")
    conn.close()
    return path


def _stdin(monkeypatch, *lines: str) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("".join(f"{line}\n" for line in lines)))


def test_encrypted_backup_and_restore(data_file, tmp_path, capsys, monkeypatch):
    usb = tmp_path / "usb"
    usb.mkdir()
    _stdin(monkeypatch, PASSWORD)
    assert main.main(["backup", "--db", str(data_file), "--to", str(usb), "--encrypt"]) == 0
    sealed = Path(capsys.readouterr().out.strip())
    assert sealed.name.endswith(".mahoa") and b"093456789012" not in sealed.read_bytes()

    _stdin(monkeypatch, "mat-khau-sai")
    assert main.main(["restore", str(sealed), "--db", str(data_file)]) == 1
    out, err = capsys.readouterr()
    assert out == "" and err.startswith("Lỗi: Mật khẩu không đúng") and "Traceback" not in err

    _stdin(monkeypatch)   # no password at all
    assert main.main(["restore", str(sealed), "--db", str(data_file)]) == 1
    assert "Chưa có mật khẩu" in capsys.readouterr().err

    _stdin(monkeypatch, PASSWORD)
    assert main.main(["restore", str(sealed), "--db", str(data_file)]) == 0
    assert "Đã khôi phục" in capsys.readouterr().err


def test_a_password_typed_twice_differently_is_refused(data_file, tmp_path, capsys, monkeypatch):
    import getpass

    answers = iter(["mot-mat-khau", "mat-khau-khac"])
    monkeypatch.setattr("sys.stdin", type("Tty", (io.StringIO,), {"isatty": lambda self: True})())
    monkeypatch.setattr(getpass, "getpass", lambda prompt="": next(answers))
    assert main.main(["backup", "--db", str(data_file), "--to", str(tmp_path), "--encrypt"]) == 1
    assert "Hai lần gõ mật khẩu không giống nhau" in capsys.readouterr().err
    assert not list(tmp_path.glob("*.mahoa"))
