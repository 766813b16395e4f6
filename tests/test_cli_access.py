"""Accounts on the command line: users add|list|disable, --user on every command once accounts exist, and each
role answered within its rights (exit 2 for a missing login, a wrong password or a refused action)."""

from __future__ import annotations

import io
import json
import shutil
import sqlite3
from pathlib import Path

import pytest

import main
from models.demo import generate as demo
from models.storage import db

PASSWORDS = {"admin": "mat-khau-quan-tri", "vanphong": "mat-khau-van-phong", "bithu": "mat-khau-bi-thu",
             "xem": "mat-khau-chi-xem"}
OWN, OTHER = "Chi bộ thôn Đông", "Chi bộ Quân sự xã"


@pytest.fixture(autouse=True)
def _private_log(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("demo") / "xa.sqlite"
    conn = demo.open_target(path)
    demo.generate(conn, members=40, seed=1)
    db.close(conn)
    return path


def _run(monkeypatch, capsys, *argv: str, stdin: str = "") -> tuple[int, str, str]:
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code = main.main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


@pytest.fixture
def office(demo_file, tmp_path, monkeypatch, capsys):
    """The demo commune with the four kinds of account, created through the command line."""
    path = tmp_path / "xa.sqlite"
    shutil.copy(demo_file, path)
    run = _run(monkeypatch, capsys, "users", "add", "admin", "--role", "quan-tri", "--db", str(path),
               stdin=PASSWORDS["admin"] + "\n")
    assert run[0] == 0, run
    for login, role, extra in (("vanphong", "van-phong", []), ("bithu", "bi-thu", ["--org", OWN]),
                               ("xem", "chi-xem", [])):
        run = _run(monkeypatch, capsys, "users", "add", login, "--role", role, *extra, "--db", str(path),
                   "--user", "admin", stdin=f"{PASSWORDS['admin']}\n{PASSWORDS[login]}\n")
        assert run[0] == 0, run
    return path


def _as(monkeypatch, capsys, path: Path, login: str, *argv: str) -> tuple[int, str, str]:
    return _run(monkeypatch, capsys, *argv, "--db", str(path), "--user", login, stdin=PASSWORDS[login] + "\n")


def _org_names(path: Path) -> dict[int, str]:
    conn = sqlite3.connect(path)
    try:
        return {r[0]: r[1] for r in conn.execute("SELECT id, name FROM organisations")}
    finally:
        conn.close()


def _meeting_of(path: Path, org_name: str) -> int:
    conn = sqlite3.connect(path)
    try:
        return int(conn.execute("SELECT m.id FROM meetings m JOIN organisations o ON o.id = m.org_id"
                                " WHERE o.name = ? LIMIT 1", (org_name,)).fetchone()[0])
    finally:
        conn.close()


def test_the_first_account_needs_no_login_and_must_be_an_administrator(demo_file, tmp_path, monkeypatch, capsys):
    path = tmp_path / "xa.sqlite"
    shutil.copy(demo_file, path)
    code, _, err = _run(monkeypatch, capsys, "users", "add", "vp", "--role", "van-phong", "--db", str(path),
                        stdin="mat-khau-dai\n")
    assert code == 1 and "đầu tiên phải là quản trị" in err
    code, _, err = _run(monkeypatch, capsys, "members", "--db", str(path))   # no accounts yet: as before
    assert code == 0


def test_once_accounts_exist_every_command_needs_a_login(office, monkeypatch, capsys):
    code, out, err = _run(monkeypatch, capsys, "members", "--db", str(office))
    assert code == 2 and out == "" and "--user" in err
    code, out, err = _run(monkeypatch, capsys, "members", "--db", str(office), "--user", "admin",
                          stdin="mat-khau-sai\n")
    assert code == 2 and out == "" and "mật khẩu không đúng" in err
    code, out, _ = _as(monkeypatch, capsys, office, "admin", "members", "--json")
    assert code == 0 and len(json.loads(out)) > 30


def test_users_commands_are_for_the_administrator_only(office, monkeypatch, capsys):
    code, out, _ = _as(monkeypatch, capsys, office, "admin", "users", "list", "--json")
    listed = json.loads(out)
    assert code == 0 and [(a["login"], a["role"]) for a in listed] == [
        ("admin", "quan-tri"), ("bithu", "bi-thu"), ("vanphong", "van-phong"), ("xem", "chi-xem")]
    assert listed[1]["org"] == OWN and "password" not in json.dumps(listed)
    for login in ("vanphong", "bithu", "xem"):
        code, out, err = _as(monkeypatch, capsys, office, login, "users", "list")
        assert code == 2 and out == "" and "không được quản lý tài khoản" in err
    code, _, _ = _as(monkeypatch, capsys, office, "admin", "users", "disable", "xem")
    assert code == 0
    code, _, err = _as(monkeypatch, capsys, office, "xem", "members")
    assert code == 2 and "đã bị khóa" in err


def test_a_bi_thu_sees_and_prints_only_their_own_organisation(office, monkeypatch, capsys, tmp_path):
    code, out, _ = _as(monkeypatch, capsys, office, "bithu", "members", "--json")
    assert code == 0 and {m["org"] for m in json.loads(out)} == {OWN}
    code, out, _ = _as(monkeypatch, capsys, office, "bithu", "meetings", "--json")
    assert code == 0 and {m["org"] for m in json.loads(out)} == {OWN}
    own_pdf = tmp_path / "so-cua-minh.pdf"
    code, _, _ = _as(monkeypatch, capsys, office, "bithu", "print", "register", "-o", str(own_pdf))
    assert code == 0 and own_pdf.exists()
    code, _, _ = _as(monkeypatch, capsys, office, "bithu", "print", "minutes", str(_meeting_of(office, OWN)),
                     "-o", str(tmp_path / "bb.pdf"))
    assert code == 0


@pytest.mark.parametrize("argv", [
    ["members", "--org", OTHER],
    ["meetings", "--org", OTHER],
    ["print", "register", "--org", OTHER, "-o", "{out}/so.pdf"],
    ["print", "review-forms", "2025", "--org", OTHER, "-o", "{out}/kd.pdf"],
    ["print", "minutes", "{meeting}", "-o", "{out}/bb.pdf"],
    ["print", "signin", "{meeting}", "-o", "{out}/dd.pdf"],
    ["print", "review-summary", "2025", "-o", "{out}/th.pdf"],
    ["export-members", "{out}/ds.xlsx", "--org", OTHER],
    ["report", "2025"],
    ["check"],
    ["backup", "--to", "{out}"],
    ["restore", "{out}/khong-co.sqlite"],
    ["import-members", "{out}/ds.xlsx"],
])
def test_a_bi_thu_cannot_open_print_or_export_another_organisation(office, monkeypatch, capsys, tmp_path, argv):
    out_dir = tmp_path / "ra"
    out_dir.mkdir()
    meeting = str(_meeting_of(office, OTHER))
    args = [a.replace("{out}", str(out_dir)).replace("{meeting}", meeting) for a in argv]
    code, out, err = _as(monkeypatch, capsys, office, "bithu", *args)
    assert code == 2 and out == "" and err.startswith("Lỗi: Tài khoản “bithu” (Bí thư chi bộ) không được")
    assert list(out_dir.iterdir()) == []          # nothing printed, exported or backed up


def test_chi_xem_reads_with_masked_card_numbers_and_writes_nothing(office, monkeypatch, capsys, tmp_path):
    code, out, _ = _as(monkeypatch, capsys, office, "xem", "members", "--json")
    cards = [m["card_number"] for m in json.loads(out) if m["card_number"]]
    assert code == 0 and cards and all(c.startswith("••") for c in cards)
    code, out, _ = _as(monkeypatch, capsys, office, "admin", "members", "--json")
    assert not any(m["card_number"].startswith("•") for m in json.loads(out) if m["card_number"])
    pdf = tmp_path / "so.pdf"
    code, _, _ = _as(monkeypatch, capsys, office, "xem", "print", "register", "--org", OWN, "-o", str(pdf))
    assert code == 0
    from pypdf import PdfReader
    text = "".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert "••" in text and not any(card in text for card in _cards(office, OWN))
    for argv in (["export-members", str(tmp_path / "ds.xlsx")], ["backup", "--to", str(tmp_path)],
                 ["import-members", str(tmp_path / "ds.xlsx")]):
        code, out, err = _as(monkeypatch, capsys, office, "xem", *argv)
        assert code == 2 and "(Chỉ xem) không được" in err, argv


def _cards(path: Path, org_name: str) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return [r[0] for r in conn.execute("SELECT card_number FROM members m JOIN organisations o ON o.id = m.org_id"
                                           " WHERE o.name = ? AND card_number <> ''", (org_name,))]
    finally:
        conn.close()


def test_van_phong_backs_up_the_commune_but_does_not_restore(office, monkeypatch, capsys, tmp_path):
    code, out, _ = _as(monkeypatch, capsys, office, "vanphong", "backup", "--to", str(tmp_path))
    assert code == 0
    taken = out.strip()
    code, _, err = _as(monkeypatch, capsys, office, "vanphong", "restore", taken)
    assert code == 2 and "khôi phục" in err
    code, _, _ = _as(monkeypatch, capsys, office, "admin", "restore", taken)
    assert code == 0


def test_the_audit_names_the_account_for_exports_prints_and_backups(office, monkeypatch, capsys, tmp_path):
    _as(monkeypatch, capsys, office, "bithu", "export-members", str(tmp_path / "ds.xlsx"))
    _as(monkeypatch, capsys, office, "bithu", "print", "register", "-o", str(tmp_path / "so.pdf"))
    _as(monkeypatch, capsys, office, "vanphong", "backup", "--to", str(tmp_path))
    conn = sqlite3.connect(office)
    rows = [tuple(r) for r in conn.execute("SELECT user, action FROM audit_log WHERE action IN "
                                           "('xuất Excel', 'in', 'sao lưu', 'đăng nhập') ORDER BY id")]
    conn.close()
    assert [r for r in rows if r[1] != "đăng nhập"] == [("bithu", "xuất Excel"), ("bithu", "in"),
                                                        ("vanphong", "sao lưu")]
    assert ("bithu", "đăng nhập") in rows
    code, out, _ = _as(monkeypatch, capsys, office, "admin", "check")
    assert code == 0 and "nhat_ky" not in out


# What each role may run (True) or is refused with exit 2 (False), command by command.
MATRIX = {
    #                                       quan-tri van-phong bi-thu chi-xem
    ("members",):                           (True, True, True, True),
    ("meetings",):                          (True, True, True, True),
    ("report", "2025"):                     (True, True, False, True),
    ("check",):                             (True, True, False, True),
    ("export-members", "{out}/ds.xlsx"):    (True, True, True, False),
    ("import-members", "{out}/khong-co.xlsx", "--dry-run"): (True, True, False, False),
    ("backup", "--to", "{out}"):            (True, True, False, False),
    ("restore", "{out}/khong-co.sqlite"):   (True, False, False, False),
    ("print", "register", "-o", "{out}/so.pdf"): (True, True, True, True),
    ("print", "review-summary", "2025", "-o", "{out}/th.pdf"): (True, True, False, True),
    ("users", "list"):                      (True, False, False, False),
}
LOGINS = ("admin", "vanphong", "bithu", "xem")


@pytest.mark.parametrize("argv", list(MATRIX), ids=[" ".join(a[:2]) for a in MATRIX])
def test_each_role_on_each_command(office, monkeypatch, capsys, tmp_path, argv):
    for login, allowed in zip(LOGINS, MATRIX[argv], strict=True):
        out_dir = tmp_path / login
        out_dir.mkdir()
        code, _, err = _as(monkeypatch, capsys, office, login, *[a.replace("{out}", str(out_dir)) for a in argv])
        if allowed:
            assert code != 2, (login, err)       # 0, or 1 for the missing file named on purpose
        else:
            assert code == 2 and "không được" in err, (login, code, err)
