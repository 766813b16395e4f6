"""Backups that really restore: checked copies under final names only, rotation, restore drills, crash safety."""

import datetime as dt
import errno
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from models.commune import organisations
from models.commune.organisations import NewOrganisation
from models.errors import UserError
from models.storage import backup_files, backups, db, schema
from tests.conftest import add_member

ROOT = Path(__file__).resolve().parents[2]
NOW = dt.datetime(2026, 12, 1, 8, 30, 5)


@pytest.fixture
def data_file(tmp_path):
    """A small office data file on disk with two cells and three members."""
    path = tmp_path / "so-chi-bo.sqlite"
    conn = db.open_db(path)
    dong = organisations.create(conn, NewOrganisation("Chi bộ thôn Đông", "chi_bo_co_so", "thon"))
    tay = organisations.create(conn, NewOrganisation("Chi bộ thôn Tây", "chi_bo_co_so", "thon"))
    for name, org in (("Nguyễn Văn An", dong), ("Trần Thị Bình", dong), ("Lê Văn Cường", tay)):
        add_member(conn, name, org.id, dt.date(2020, 5, 19), dt.date(2021, 5, 19))
    conn.close()
    return path


@pytest.fixture
def live(data_file):
    conn = db.open_db(data_file)
    yield conn
    conn.close()


def _final_names(folder: Path) -> list[Path]:
    """Every file under a name a backup could have (what a crash must never leave half-written)."""
    return sorted(p for p in folder.iterdir() if backup_files.parse_name(p.name) is not None)


def _member_names(path: Path) -> set[str]:
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return {row[0] for row in conn.execute("SELECT full_name FROM members")}
    finally:
        conn.close()


def test_backup_folder_is_beside_the_data_file(tmp_path):
    assert backups.backup_folder(tmp_path / "so-chi-bo.sqlite") == tmp_path / "so-chi-bo-sao-luu"


def test_backup_is_a_checked_copy_with_reason_and_counts(live, data_file):
    info = backups.make_backup(live, data_file, now=NOW)
    assert info.path.parent == data_file.parent / "so-chi-bo-sao-luu"
    assert info.path.name == "so-chi-bo-20261201-083005-sao-luu-thu-cong.sqlite"
    assert (info.taken_at, info.reason) == (NOW, "sao lưu thủ công")
    assert (info.organisations, info.members, info.meetings, info.reviews) == (2, 3, 0, 0)
    assert info.counts == backups.database_counts(live)
    assert _member_names(info.path) == {"Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường"}
    assert os.listdir(info.path.parent) == [info.path.name]   # no temp, journal or WAL file left beside it
    with open(info.path, "rb") as handle:   # one self-contained file, not a WAL database needing its -wal
        assert handle.read(20)[18:20] == b"\x01\x01"
    assert backups.list_backups(data_file) == [info]


def test_a_retry_in_the_same_second_gets_a_new_name(live, data_file):
    first = backups.make_backup(live, data_file, now=NOW)
    second = backups.make_backup(live, data_file, now=NOW)
    assert first.path != second.path and first.path.exists() and second.path.exists()
    assert second.path.name == "so-chi-bo-20261201-083005_2-sao-luu-thu-cong.sqlite"
    assert backups.list_backups(data_file) == [second, first]


def test_backup_to_a_chosen_folder(live, data_file, tmp_path):
    usb = tmp_path / "usb"
    usb.mkdir()
    info = backups.make_backup(live, data_file, to_dir=usb, now=NOW)
    assert info.path.parent == usb and backups.list_backups(data_file, usb) == [info]
    with pytest.raises(UserError, match="không tồn tại"):
        backups.make_backup(live, data_file, to_dir=tmp_path / "o-da-rut")


def test_disk_full_leaves_no_file_and_a_retry_succeeds(live, data_file, monkeypatch):
    steps = []

    def disk_full(status, remaining, total):
        steps.append(remaining)
        if len(steps) == 3:   # part of the copy is already on disk
            raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(backups, "PAGES_PER_STEP", 1)
    monkeypatch.setattr(backups, "_progress", disk_full)
    with pytest.raises(UserError) as raised:
        backups.make_backup(live, data_file, now=NOW)
    assert "đã đầy" in raised.value.message and "Hãy xoá bớt tệp" in raised.value.message
    assert "Traceback" not in raised.value.message and "disk is full" not in raised.value.message
    assert os.listdir(backups.backup_folder(data_file)) == []
    monkeypatch.setattr(backups, "_progress", lambda *args: None)
    info = backups.make_backup(live, data_file, now=NOW)
    assert info.members == 3 and backups.list_backups(data_file) == [info]


def test_a_failed_rename_leaves_no_file(live, data_file, monkeypatch):
    def removed_drive(source, target):
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(backups.os, "replace", removed_drive)
    with pytest.raises(UserError, match="bị rút ra"):
        backups.make_backup(live, data_file, now=NOW)
    assert os.listdir(backups.backup_folder(data_file)) == []


def test_a_read_only_folder_or_a_file_in_the_way_is_explained(live, data_file, monkeypatch):
    folder = backups.backup_folder(data_file)
    folder.write_text("không phải thư mục", encoding="utf-8")
    with pytest.raises(UserError, match="là một tệp, không phải thư mục sao lưu"):
        backups.make_backup(live, data_file, now=NOW)
    folder.unlink()
    real_connect = sqlite3.connect

    def read_only_folder(target, *args, **kwargs):
        if str(target).endswith(".tmp"):
            raise sqlite3.OperationalError("unable to open database file")
        return real_connect(target, *args, **kwargs)

    monkeypatch.setattr(sqlite3, "connect", read_only_folder)
    with pytest.raises(UserError, match="chỉ đọc hoặc không có quyền ghi"):
        backups.make_backup(live, data_file, now=NOW)
    assert os.listdir(folder) == []


def test_a_copy_that_does_not_match_the_live_data_is_thrown_away(live, data_file, monkeypatch):
    real = backups.database_counts
    calls = []

    def drifting(conn):
        calls.append(conn)
        counts = real(conn)
        return counts if len(calls) == 1 else backups.Counts(counts.organisations, 0, 0, 0)

    monkeypatch.setattr(backups, "database_counts", drifting)
    with pytest.raises(UserError, match="không khớp"):
        backups.make_backup(live, data_file, now=NOW)
    assert os.listdir(backups.backup_folder(data_file)) == []


def test_another_program_writing_during_the_copy_does_not_spoil_the_backup(live, data_file, monkeypatch):
    def other_program_writes(status, remaining, total):
        if remaining == 0:   # the copy is complete; the live counts are taken next
            other = db.open_db(data_file)
            add_member(other, "Phạm Thị Dung", organisations.find(other, "Chi bộ thôn Đông").id, dt.date(2026, 6, 1))
            other.close()

    monkeypatch.setattr(backups, "_progress", other_program_writes)
    info = backups.make_backup(live, data_file, now=NOW)
    assert info.members == 3 and "Phạm Thị Dung" not in _member_names(info.path)
    assert backups.database_counts(live).members == 4 and not live.in_transaction


def test_stale_temp_files_from_a_crash_are_cleared(live, data_file):
    folder = backups.backup_folder(data_file)
    folder.mkdir()
    old = folder / ".so-chi-bo-1234-5.tmp"
    fresh = folder / ".so-chi-bo-1234-6.tmp"   # may be another copy being written right now
    for temp in (old, fresh):
        temp.write_bytes(b"x" * 5000)
    os.utime(old, (0, 0))
    backups.make_backup(live, data_file, now=NOW)
    assert not old.exists() and fresh.exists()


def _junk_folder(live, data_file) -> tuple[backups.BackupInfo, Path]:
    good = backups.make_backup(live, data_file, now=NOW)
    folder = good.path.parent
    (folder / "so-chi-bo-20261202-090000-mo-tep.sqlite").write_bytes(b"khong phai sqlite" * 100)
    (folder / "so-chi-bo-20261202-100000-mo-tep.sqlite").write_bytes(b"")
    truncated = folder / "so-chi-bo-20261202-110000-mo-tep.sqlite"
    truncated.write_bytes(good.path.read_bytes()[:4096])
    foreign = sqlite3.connect(folder / "so-chi-bo-20261202-120000-mo-tep.sqlite")
    foreign.execute("CREATE TABLE t (x)")
    foreign.close()
    (folder / "so-chi-bo-20261202-130000-mo-tep.sqlite").mkdir()
    shutil.copy(good.path, folder / ".so-chi-bo-99-1.tmp")
    shutil.copy(good.path, folder / "ban-chep-tay.sqlite")
    shutil.copy(good.path, folder / "xa-khac-20261202-140000-mo-tep.sqlite")   # another data file's backup
    (folder / "ghi-chu.txt").write_text("sao lưu", encoding="utf-8")
    return good, folder


def test_junk_temp_and_damaged_files_are_ignored_by_listing_and_rotation(live, data_file):
    good, folder = _junk_folder(live, data_file)
    assert backups.list_backups(data_file) == [good]
    assert backups.newest_backup(data_file) == good
    before = sorted(os.listdir(folder))
    assert backups.rotate(folder, now=NOW) == []
    assert sorted(os.listdir(folder)) == before   # nothing that is not ours is ever deleted


def test_newest_backup_and_backup_on_open_once_a_day(live, data_file):
    assert backups.newest_backup(data_file) is None
    opened = backups.backup_on_open(live, data_file, now=NOW)
    assert opened is not None and opened.reason == "mở tệp"
    assert backups.backup_on_open(live, data_file, now=NOW.replace(hour=17)) is None
    closing = backups.backup_after_changes(live, data_file, now=NOW.replace(hour=17))
    assert closing.reason == "đóng chương trình" and backups.newest_backup(data_file) == closing
    tomorrow = backups.backup_on_open(live, data_file, now=NOW + dt.timedelta(days=1))
    assert tomorrow is not None and [b.reason for b in backups.list_backups(data_file)] == \
        ["mở tệp", "đóng chương trình", "mở tệp"]


def test_rotation_keeps_the_last_ten_and_the_newest_of_each_of_twelve_months(live, data_file):
    model = backups.make_backup(live, data_file, to_dir=data_file.parent, now=NOW)
    folder = backups.backup_folder(data_file)
    folder.mkdir()
    stamps = [dt.datetime(2026, 11, day, 17, 0) for day in range(15, 31)]        # 16 daily, newest 30/11
    # The twelve months are January to December 2026: December 2025 is thirteen months back.
    stamps += [dt.datetime(2025, 12, 20, 9), dt.datetime(2026, 1, 2, 9), dt.datetime(2026, 1, 20, 9),
               dt.datetime(2026, 3, 5, 9), dt.datetime(2026, 3, 5, 9), dt.datetime(2026, 10, 1, 9)]
    paths = []
    for stamp in stamps:
        counter = 1
        while (path := folder / backup_files.file_name("so-chi-bo", stamp, counter, "mở tệp")).exists():
            counter += 1
        shutil.copy(model.path, path)
        paths.append(path)
    removed = backups.rotate(folder, now=dt.datetime(2026, 12, 1, 8, 0))
    kept = paths[6:16] + [paths[18], paths[20], paths[21]]   # 21..30/11; 20/01; 05/03 (_2); 01/10
    assert sorted(removed) == sorted(set(paths) - set(kept))
    assert sorted(folder.iterdir()) == sorted(kept)
    assert paths[20].name.endswith("_2-mo-tep.sqlite")


def test_automatic_backups_rotate_the_default_folder_only(live, data_file, tmp_path):
    usb = tmp_path / "usb"
    usb.mkdir()
    for day in range(1, 16):
        backups.make_backup(live, data_file, to_dir=usb, now=dt.datetime(2026, 11, day, 9))
        backups.backup_on_open(live, data_file, now=dt.datetime(2026, 11, day, 9))
    assert len(backups.list_backups(data_file, usb)) == 15
    assert [b.taken_at.day for b in backups.list_backups(data_file)] == list(range(15, 5, -1))


def test_restore_drill(live, data_file):
    taken = backups.make_backup(live, data_file, now=NOW)
    dong = organisations.find(live, "Chi bộ thôn Đông")
    add_member(live, "Phạm Thị Dung", dong.id, dt.date(2026, 6, 1))
    assert backups.database_counts(live).members == 4
    before = backups.restore(live, data_file, taken.path)
    assert backups.database_counts(live) == taken.counts
    assert {row[0] for row in live.execute("SELECT full_name FROM members")} == _member_names(taken.path)
    assert db.integrity_problems(live) == [] and live.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert before.reason == "trước khi khôi phục" and before.members == 4
    assert "Phạm Thị Dung" in _member_names(before.path)   # the restore itself can be undone
    assert before in backups.list_backups(data_file)
    live.close()
    reopened = db.open_db(data_file)   # what was restored is what the next session sees
    assert backups.database_counts(reopened) == taken.counts
    reopened.close()


def _refused_without_change(live, data_file, backup: Path, message: str) -> None:
    before = sorted(os.listdir(data_file.parent))
    folder = backups.backup_folder(data_file)
    listed = sorted(os.listdir(folder)) if folder.exists() else []
    with pytest.raises(UserError, match=message):
        backups.restore(live, data_file, backup)
    assert sorted(os.listdir(data_file.parent)) == before
    assert (sorted(os.listdir(folder)) if folder.exists() else []) == listed   # not even the safety backup
    assert backups.database_counts(live).members == 3


def test_restore_refuses_files_that_are_not_good_backups_before_anything_changes(live, data_file, tmp_path):
    good = backups.make_backup(live, data_file, to_dir=tmp_path, now=NOW)
    junk = tmp_path / "junk.sqlite"
    junk.write_bytes(b"khong phai" * 50)
    _refused_without_change(live, data_file, junk, "không phải bản sao lưu của Sổ Chi Bộ")
    _refused_without_change(live, data_file, tmp_path / "khong-co.sqlite", "Không tìm thấy")
    _refused_without_change(live, data_file, data_file, "chính là tệp dữ liệu đang dùng")
    with db.transaction(live):
        _refused_without_change(live, data_file, good.path, "Đang có thay đổi chưa lưu xong")
    damaged = tmp_path / "damaged.sqlite"
    data = bytearray(good.path.read_bytes())
    data[4096 * 3: 4096 * 5] = b"\xff" * 8192
    damaged.write_bytes(bytes(data))
    _refused_without_change(live, data_file, damaged, "bị hỏng")
    newer = tmp_path / "newer.sqlite"
    shutil.copy(good.path, newer)
    raw = sqlite3.connect(newer)
    raw.execute(f"PRAGMA user_version = {schema.VERSION + 1}")
    raw.close()
    _refused_without_change(live, data_file, newer, "phiên bản Sổ Chi Bộ mới hơn")


def _next_schema_version(monkeypatch, statements: list[str]) -> None:
    monkeypatch.setattr(schema, "MIGRATIONS", [*schema.MIGRATIONS, statements])
    monkeypatch.setattr(schema, "VERSION", len(schema.MIGRATIONS))


def test_restore_of_an_older_version_migrates_it(live, data_file, tmp_path, monkeypatch):
    old = backups.make_backup(live, data_file, to_dir=tmp_path, now=NOW)
    _next_schema_version(monkeypatch, ["CREATE TABLE ghi_chu_moi (id INTEGER PRIMARY KEY)"])
    db.migrate(live)
    assert backups.list_backups(data_file, tmp_path)[0].version == schema.VERSION - 1
    backups.restore(live, data_file, old.path)
    assert db.user_version(live) == schema.VERSION
    assert live.execute("SELECT count(*) FROM ghi_chu_moi").fetchone()[0] == 0
    assert backups.database_counts(live) == old.counts


def test_a_restore_that_fails_half_way_puts_the_data_back(live, data_file, tmp_path, monkeypatch):
    old = backups.make_backup(live, data_file, to_dir=tmp_path, now=NOW)
    _next_schema_version(monkeypatch, ["CREATE TABLE ghi_chu_moi (id INTEGER PRIMARY KEY)",
                                       "CREATE TABLE members (id INTEGER)"])   # fails: members exists
    live.execute("CREATE TABLE ghi_chu_moi (id INTEGER PRIMARY KEY)")
    live.execute(f"PRAGMA user_version = {schema.VERSION}")
    add_member(live, "Phạm Thị Dung", organisations.find(live, "Chi bộ thôn Đông").id, dt.date(2026, 6, 1))
    with pytest.raises(UserError, match="đã được trả lại như trước khi khôi phục"):
        backups.restore(live, data_file, old.path)
    assert backups.database_counts(live).members == 4 and db.user_version(live) == schema.VERSION
    assert db.integrity_problems(live) == []


def test_restore_to_a_new_file_never_overwrites(live, data_file, tmp_path):
    good = backups.make_backup(live, data_file, now=NOW)
    target = tmp_path / "khoi-phuc.sqlite"
    assert backups.restore_to_new_file(good.path, target) == target
    opened = db.open_db(target, create=False)
    assert backups.database_counts(opened) == good.counts and db.integrity_problems(opened) == []
    opened.close()
    size = data_file.stat().st_size
    with pytest.raises(UserError, match="đã có"):
        backups.restore_to_new_file(good.path, data_file)
    assert data_file.stat().st_size == size
    junk = tmp_path / "junk.sqlite"
    junk.write_bytes(b"x" * 200)
    with pytest.raises(UserError, match="không phải bản sao lưu"):
        backups.restore_to_new_file(junk, tmp_path / "moi.sqlite")
    assert not (tmp_path / "moi.sqlite").exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


# ---------------------------------------------------------------- crash safety: SIGKILL at many points

KILLER = """
import os, signal, sys
from pathlib import Path
from models.storage import backups
from models.storage import db

path, stage, at = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
def die(*args, **kwargs):
    os.kill(os.getpid(), signal.SIGKILL)
backups.PAGES_PER_STEP = 1
if stage == "copy":
    steps = []
    def progress(status, remaining, total):
        steps.append(remaining)
        if len(steps) == at:
            die()
    backups._progress = progress
elif stage == "verify":
    backups.intact = die
elif stage == "fsync":
    backups._fsync = die
elif stage == "rename":
    os.replace = die
elif stage == "after-rename":
    backups._fsync = lambda target, directory=False: die() if directory else None
conn = db.open_db(path, create=False)
backups.make_backup(conn, path)
print("not killed")
"""


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_a_backup_killed_at_any_point_leaves_no_bad_file_under_a_final_name(data_file):
    conn = db.open_db(data_file)
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    expected = backups.database_counts(conn)
    conn.close()
    folder = backups.backup_folder(data_file)
    points = [("copy", 1), ("copy", 2), ("copy", pages // 2), ("copy", pages), ("verify", 0), ("fsync", 0),
              ("rename", 0), ("after-rename", 0)]
    for stage, at in points:
        done = subprocess.run([sys.executable, "-c", KILLER, str(data_file), stage, str(at)], cwd=ROOT,
                              capture_output=True, text=True, timeout=30)
        assert done.returncode == -signal.SIGKILL, (stage, at, done.stdout, done.stderr)
        listed = backups.list_backups(data_file)
        assert [b.path for b in listed] == sorted(_final_names(folder), reverse=True), (stage, at)
        assert all(b.counts == expected for b in listed)
        for backup in listed:
            check = sqlite3.connect(f"{backup.path.as_uri()}?mode=ro", uri=True)
            assert [row[0] for row in check.execute("PRAGMA integrity_check")] == ["ok"]
            check.close()
        conn = db.open_db(data_file, create=False)
        assert db.integrity_problems(conn) == [] and backups.database_counts(conn) == expected
        conn.close()
    assert len(_final_names(folder)) == 1   # only the kill after the rename left a (complete) backup
    assert any(p.name.endswith(".tmp") for p in folder.iterdir())   # crashed copies stay hidden temps
    conn = db.open_db(data_file)
    retry = backups.make_backup(conn, data_file)
    conn.close()
    assert retry in backups.list_backups(data_file) and len(backups.list_backups(data_file)) == 2


def test_restore_to_a_new_file_on_a_full_disk_leaves_nothing(live, data_file, tmp_path, monkeypatch):
    good = backups.make_backup(live, data_file, now=NOW)

    def disk_full(status, remaining, total):
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(backups, "_progress", disk_full)
    target = tmp_path / "moi" / "khoi-phuc.sqlite"
    with pytest.raises(UserError, match="không tồn tại"):
        backups.restore_to_new_file(good.path, target)
    target.parent.mkdir()
    with pytest.raises(UserError, match="đã đầy nên chưa khôi phục được"):
        backups.restore_to_new_file(good.path, target)
    assert os.listdir(target.parent) == []
