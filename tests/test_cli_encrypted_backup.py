"""backup --encrypt and restore of an encrypted backup on the command line (password on standard input)."""

import io
from pathlib import Path

import pytest

import main

PASSWORD = "mat-khau-usb-2026"


@pytest.fixture(autouse=True)
def _private_log(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))


def _stdin(monkeypatch, *lines: str) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("".join(f"{line}\n" for line in lines)))


def test_encrypted_backup_and_restore(card_holder_file, tmp_path, capsys, monkeypatch):
    usb = tmp_path / "usb"
    usb.mkdir()
    _stdin(monkeypatch, PASSWORD)
    assert main.main(["backup", "--db", str(card_holder_file), "--to", str(usb), "--encrypt"]) == 0
    sealed = Path(capsys.readouterr().out.strip())
    assert sealed.name.endswith(".mahoa") and b"093456789012" not in sealed.read_bytes()

    _stdin(monkeypatch, "mat-khau-sai")
    assert main.main(["restore", str(sealed), "--db", str(card_holder_file)]) == 1
    out, err = capsys.readouterr()
    assert out == "" and err.startswith("Lỗi: Mật khẩu không đúng") and "Traceback" not in err

    _stdin(monkeypatch)   # no password at all
    assert main.main(["restore", str(sealed), "--db", str(card_holder_file)]) == 1
    assert "Chưa có mật khẩu" in capsys.readouterr().err

    _stdin(monkeypatch, PASSWORD)
    assert main.main(["restore", str(sealed), "--db", str(card_holder_file)]) == 0
    assert "Đã khôi phục" in capsys.readouterr().err


def test_a_password_typed_twice_differently_is_refused(card_holder_file, tmp_path, capsys, monkeypatch):
    import getpass

    answers = iter(["mot-mat-khau", "mat-khau-khac"])
    monkeypatch.setattr("sys.stdin", type("Tty", (io.StringIO,), {"isatty": lambda self: True})())
    monkeypatch.setattr(getpass, "getpass", lambda prompt="": next(answers))
    assert main.main(["backup", "--db", str(card_holder_file), "--to", str(tmp_path), "--encrypt"]) == 1
    assert "Hai lần gõ mật khẩu không giống nhau" in capsys.readouterr().err
    assert not list(tmp_path.glob("*.mahoa"))
