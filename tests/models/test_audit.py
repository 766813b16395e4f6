"""The audit trail: every change leaves a line with who, what and the detail, oldest first."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from models.commune import committee
from models.errors import UserError
from models.storage import audit
from models.storage.db import transaction


def test_record_and_history_of_one_record(conn, monkeypatch):
    monkeypatch.setattr(audit, "current_user", lambda: "vanthu")
    with transaction(conn):
        audit.record(conn, "tạo", "member", 7, {"full_name": "Nguyễn Văn An", "joined_on": dt.date(2010, 3, 1)})
        audit.record(conn, "sửa", "member", 7, {"phone": "0912"})
        audit.record(conn, "tạo", "member", 8)
        audit.record(conn, "tạo", "meeting", 7)
    entries = audit.history(conn, "member", 7)
    assert [(e.action, e.user, e.entity, e.entity_id) for e in entries] == [
        ("tạo", "vanthu", "member", 7), ("sửa", "vanthu", "member", 7)]
    assert json.loads(entries[0].detail) == {"full_name": "Nguyễn Văn An", "joined_on": "2010-03-01"}
    assert "Nguyễn Văn An" in entries[0].detail          # readable Vietnamese, not \\u escapes
    assert entries[0].at                                 # a timestamp is stored
    assert json.loads(audit.history(conn, "member", 8)[0].detail) == {}
    assert audit.history(conn, "member", 99) == []


def test_the_line_is_rolled_back_with_a_failed_change(conn):
    with pytest.raises(RuntimeError):
        with transaction(conn):
            audit.record(conn, "xóa", "member", 5)
            raise RuntimeError("mất điện")
    assert audit.history(conn, "member", 5) == []


def test_a_user_change_is_audited_and_a_refused_one_is_not(conn):
    before = len(audit.history(conn, "committee", 1))
    committee.save(conn, committee.Committee(name="Đảng bộ xã Phố Mới", place_name="Phố Mới"))
    assert len(audit.history(conn, "committee", 1)) == before + 1
    with pytest.raises(UserError):
        committee.save(conn, committee.Committee(name="", place_name="Phố Mới"))
    assert len(audit.history(conn, "committee", 1)) == before + 1


def test_current_user_is_the_login_or_empty(monkeypatch):
    monkeypatch.setattr(audit.getpass, "getuser", lambda: "thuky")
    assert audit.current_user() == "thuky"

    def no_login():
        raise OSError("no login name")
    monkeypatch.setattr(audit.getpass, "getuser", no_login)
    assert audit.current_user() == "thuky"       # asked once per program: a login does not change meanwhile
    audit.os_login.cache_clear()                 # the next start of the program
    assert audit.current_user() == ""
