import sqlite3

import pytest

from models.errors import UserError
from models.storage import db, schema


def test_new_file_is_created_stamped_and_at_the_latest_version(tmp_path):
    path = tmp_path / "xa.sqlite"
    conn = db.open_db(path)
    assert db.user_version(conn) == schema.VERSION
    assert conn.execute("PRAGMA application_id").fetchone()[0] == db.APPLICATION_ID
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    conn.close()


def test_migration_from_an_empty_file(tmp_path):
    path = tmp_path / "empty.sqlite"
    path.write_bytes(b"")
    conn = db.open_db(path)
    assert db.user_version(conn) == schema.VERSION
    conn.close()


def test_every_earlier_version_migrates_to_the_latest(tmp_path):
    for start in range(schema.VERSION):
        path = tmp_path / f"v{start}.sqlite"
        raw = sqlite3.connect(path)
        raw.isolation_level = None
        for statements in schema.MIGRATIONS[:start]:
            for statement in statements:
                if isinstance(statement, str):
                    raw.execute(statement)
                else:
                    statement(raw)     # a step in Python (e.g. chaining the audit entries already there)
        raw.execute(f"PRAGMA application_id = {db.APPLICATION_ID}")
        raw.execute(f"PRAGMA user_version = {start}")
        raw.close()
        conn = db.open_db(path)
        assert db.user_version(conn) == schema.VERSION
        conn.close()


def _unchanged_refusal(path, match):
    before = path.read_bytes()
    with pytest.raises(UserError, match=match):
        db.open_db(path)
    assert path.read_bytes() == before


def test_refuses_a_file_that_is_not_sqlite(tmp_path):
    path = tmp_path / "notes.sqlite"
    path.write_bytes("Biên bản họp chi bộ".encode() * 20)
    _unchanged_refusal(path, "không phải SQLite")


def test_refuses_another_programs_database(tmp_path):
    path = tmp_path / "other.sqlite"
    raw = sqlite3.connect(path)
    raw.execute("CREATE TABLE invoices (id INTEGER)")
    raw.commit()
    raw.close()
    _unchanged_refusal(path, "chương trình khác")


def test_refuses_a_foreign_application_id(tmp_path):
    path = tmp_path / "other.sqlite"
    raw = sqlite3.connect(path)
    raw.execute("PRAGMA application_id = 1234")
    raw.execute("CREATE TABLE t (id INTEGER)")
    raw.commit()
    raw.close()
    _unchanged_refusal(path, "chương trình khác")


def test_refuses_a_newer_version(tmp_path):
    path = tmp_path / "future.sqlite"
    db.open_db(path).close()
    raw = sqlite3.connect(path)
    raw.execute(f"PRAGMA user_version = {schema.VERSION + 1}")
    raw.commit()
    raw.close()
    _unchanged_refusal(path, "phiên bản Sổ Chi Bộ mới hơn")


def test_missing_file_without_create_and_missing_folder(tmp_path):
    with pytest.raises(UserError, match="Không tìm thấy"):
        db.open_db(tmp_path / "none.sqlite", create=False)
    with pytest.raises(UserError, match="không tồn tại"):
        db.open_db(tmp_path / "no-folder" / "x.sqlite")


def test_transaction_rolls_back_everything_and_savepoints_nest(conn):
    with pytest.raises(RuntimeError):
        with db.transaction(conn):
            conn.execute("INSERT INTO settings VALUES ('a', '1')")
            raise RuntimeError
    assert conn.execute("SELECT count(*) FROM settings").fetchone()[0] == 0
    with db.transaction(conn):
        conn.execute("INSERT INTO settings VALUES ('a', '1')")
        with pytest.raises(RuntimeError):
            with db.transaction(conn):
                conn.execute("INSERT INTO settings VALUES ('b', '2')")
                raise RuntimeError
    assert [r[0] for r in conn.execute("SELECT key FROM settings")] == ["a"]


def test_backup_copies_and_never_overwrites(tmp_path, conn):
    conn.execute("INSERT INTO settings VALUES ('x', 'y')")
    target = db.backup(conn, tmp_path / "copy.sqlite")
    copy = sqlite3.connect(target)
    assert copy.execute("SELECT value FROM settings").fetchone()[0] == "y"
    copy.close()
    with pytest.raises(UserError, match="đã có"):
        db.backup(conn, target)


def test_migrating_an_older_file_backs_it_up_first(tmp_path, monkeypatch):
    path = tmp_path / "old.sqlite"
    db.open_db(path).close()
    monkeypatch.setattr(schema, "MIGRATIONS", [*schema.MIGRATIONS, ["CREATE TABLE extra (id INTEGER)"]])
    monkeypatch.setattr(schema, "VERSION", schema.VERSION + 1)
    conn = db.open_db(path)
    assert db.user_version(conn) == schema.VERSION
    conn.close()
    assert list(tmp_path.glob("old-truoc-nang-cap-v*.sqlite"))


def test_integrity_check_is_clean_on_a_new_database(conn):
    assert db.integrity_problems(conn) == []
