"""export-members / export-report --encrypt and decrypt: an export that leaves the office holds no readable
personal data, and opens again only with its password (issue 14)."""

import io
import zipfile

import pytest

import main
from tests import test_cli_encrypted_backup as backup_tests

PASSWORD = backup_tests.PASSWORD
_private_log = backup_tests._private_log      # autouse: the log goes to the test's own folder


def _stdin(monkeypatch, *lines: str) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("".join(f"{line}\n" for line in lines)))


def test_an_encrypted_member_list_opens_only_with_its_password(card_holder_file, tmp_path, monkeypatch, capsys):
    _stdin(monkeypatch, PASSWORD)
    assert main.main(["export-members", str(tmp_path / "ds.xlsx"), "--db", str(card_holder_file), "--encrypt"]) == 0
    sealed = tmp_path / "ds.xlsx.mahoa"
    assert sealed.exists() and not (tmp_path / "ds.xlsx").exists()
    blob = sealed.read_bytes()
    assert b"093456789012" not in blob and not blob.startswith(b"PK")     # no card number, no workbook
    assert sealed.stat().st_mode & 0o077 == 0

    _stdin(monkeypatch, "mat-khau-sai")
    assert main.main(["decrypt", str(sealed), str(tmp_path / "mo.xlsx")]) == 1
    assert "Mật khẩu không đúng" in capsys.readouterr().err and not (tmp_path / "mo.xlsx").exists()

    _stdin(monkeypatch, PASSWORD)
    assert main.main(["decrypt", str(sealed), str(tmp_path / "mo.xlsx")]) == 0
    with zipfile.ZipFile(tmp_path / "mo.xlsx") as workbook:
        sheets = " ".join(workbook.read(name).decode("utf-8", "replace") for name in workbook.namelist())
    assert "093456789012" in sheets


def test_decrypt_says_what_is_wrong_with_a_plain_or_missing_file(tmp_path, capsys):
    plain = tmp_path / "ds.xlsx"
    plain.write_bytes(b"PK\x03\x04 not encrypted")
    assert main.main(["decrypt", str(plain), str(tmp_path / "out.xlsx")]) == 1
    assert "không phải tệp mã hóa" in capsys.readouterr().err
    assert main.main(["decrypt", str(tmp_path / "khong-co.mahoa"), str(tmp_path / "out.xlsx")]) == 1
    assert "Không thấy tệp" in capsys.readouterr().err


@pytest.mark.parametrize("period", [[], ["--quarter", "1"]])
def test_an_encrypted_report_workbook(card_holder_file, tmp_path, monkeypatch, period):
    _stdin(monkeypatch, PASSWORD)
    out = tmp_path / "bc.xlsx"
    assert main.main(["export-report", "2025", *period, "--db", str(card_holder_file), str(out), "--encrypt"]) == 0
    assert (tmp_path / "bc.xlsx.mahoa").read_bytes()[:7] == b"SCB-ENC"
