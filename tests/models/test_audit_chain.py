"""The audit trail as evidence: each entry chained to the one before, so check sees deletions and edits."""

from __future__ import annotations

import sqlite3

from models.commune import committee
from models.reporting import checks
from models.storage import audit, db, schema


def _changes(conn, n: int) -> None:
    for i in range(n):
        committee.save(conn, committee.Committee(name=f"Đảng bộ xã Phố Mới {i}", place_name="Phố Mới"))


def _tamper(conn, sql: str, *params) -> None:
    """What someone with an SQLite tool does: drop the trigger, change the trail."""
    conn.execute("DROP TRIGGER IF EXISTS audit_no_delete")
    conn.execute("DROP TRIGGER IF EXISTS audit_no_update")
    conn.execute(sql, params)


def _audit_findings(conn):
    return [f.message for f in checks.run(conn) if f.code == checks.AUDIT]


def test_a_whole_trail_has_no_finding(conn, commune):
    _changes(conn, 5)
    assert audit.chain_problems(conn) == []
    assert _audit_findings(conn) == []


def test_check_reports_eleven_deleted_entries(conn, commune):
    _changes(conn, 30)
    _tamper(conn, "DELETE FROM audit_log WHERE id BETWEEN 10 AND 20")
    found = _audit_findings(conn)
    assert len(found) == 1 and "thiếu 11 mục" in found[0] and "10–20" in found[0]


def test_check_reports_an_edited_entry(conn, commune):
    _changes(conn, 5)
    _tamper(conn, "UPDATE audit_log SET user = 'nguoi-khac' WHERE id = 3")
    found = _audit_findings(conn)
    assert len(found) == 1 and "đã bị sửa" in found[0] and "số 3" in found[0]


def test_check_reports_entries_cut_off_the_end(conn, commune):
    _changes(conn, 5)
    last = conn.execute("SELECT max(id) FROM audit_log").fetchone()[0]
    _tamper(conn, "DELETE FROM audit_log WHERE id >= ?", last - 1)
    found = _audit_findings(conn)
    assert found and "ở cuối đã bị xóa" in found[0]


def test_the_trigger_still_refuses_plain_deletes(conn, commune):
    _changes(conn, 1)
    try:
        conn.execute("DELETE FROM audit_log")
    except sqlite3.IntegrityError as error:
        assert "append-only" in str(error)
    else:
        raise AssertionError("the delete went through")


def test_an_old_file_gets_its_existing_entries_chained_at_migration(tmp_path):
    path = tmp_path / "cu.sqlite"
    raw = sqlite3.connect(path, isolation_level=None)
    old = schema.MIGRATIONS.index(schema.ACCESS_TABLES)   # the file as it was before accounts came
    for statements in schema.MIGRATIONS[:old]:
        for statement in statements:
            assert isinstance(statement, str)
            raw.execute(statement)
    for i in range(3):
        raw.execute("INSERT INTO audit_log (user, action, entity, entity_id, detail) VALUES ('thuky', 'sửa', "
                    "'member', ?, '{}')", (i,))
    raw.execute(f"PRAGMA application_id = {db.APPLICATION_ID}")
    raw.execute(f"PRAGMA user_version = {old}")
    raw.close()
    conn = db.open_db(path)
    assert [r[0] != "" for r in conn.execute("SELECT chain FROM audit_log")] == [True] * 3
    assert audit.chain_problems(conn) == []
    _changes(conn, 1)                                  # new entries continue the chain
    assert audit.chain_problems(conn) == []
    _tamper(conn, "DELETE FROM audit_log WHERE id = 2")
    assert "thiếu 1 mục" in audit.chain_problems(conn)[0]
    conn.close()


def test_check_reports_accounts_removed_outside_the_program(conn, commune):
    from models.access import accounts

    accounts.add_account(conn, "admin", "mat-khau-dai-1", "quan-tri")
    accounts.add_account(conn, "vanthu", "mat-khau-dai-1", "van-phong")
    assert _audit_findings(conn) == []
    conn.execute("DELETE FROM users")             # to open the file without a login
    found = _audit_findings(conn)
    assert len(found) == 1 and "admin, vanthu" in found[0] and "bị xóa khỏi tệp" in found[0]
