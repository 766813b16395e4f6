"""The data file records which version of the program made it and which last wrote it (for support)."""

from __future__ import annotations

import configparser
from pathlib import Path

import models
from models.storage import db


def test_a_new_file_records_the_version_that_made_and_wrote_it(tmp_path):
    conn = db.open_db(tmp_path / "xa.sqlite")
    assert db.app_versions(conn) == (models.__version__, models.__version__)
    db.close(conn)


def test_a_later_version_updates_last_written_and_keeps_created(tmp_path, monkeypatch):
    path = tmp_path / "xa.sqlite"
    db.close(db.open_db(path))
    monkeypatch.setattr(db, "__version__", "9.8.7")
    conn = db.open_db(path)
    assert db.app_versions(conn) == (models.__version__, "9.8.7")
    db.close(conn)


def test_a_file_from_before_versions_were_recorded_does_not_claim_a_maker(tmp_path):
    path = tmp_path / "cu.sqlite"
    conn = db.open_db(path)
    conn.execute("DELETE FROM settings WHERE key IN (?, ?)", (db.VERSION_CREATED, db.VERSION_LAST_WRITTEN))
    db.close(conn)
    conn = db.open_db(path)
    assert db.app_versions(conn) == ("", models.__version__)
    db.close(conn)


def test_opening_with_the_same_version_writes_nothing(tmp_path):
    path = tmp_path / "xa.sqlite"
    db.close(db.open_db(path))
    conn = db.open_db(path)
    assert conn.total_changes == 0   # the clerk's "changed since opened" marker (backup on close) stays quiet
    db.close(conn)


def test_a_read_only_window_records_nothing(tmp_path, monkeypatch):
    path = tmp_path / "xa.sqlite"
    db.close(db.open_db(path))
    monkeypatch.setattr(db, "__version__", "9.8.7")
    conn = db.open_db(path, read_only=True)
    assert db.app_versions(conn)[1] == models.__version__
    conn.close()


def test_setup_cfg_takes_the_version_from_the_one_constant():
    config = configparser.ConfigParser()
    config.read(Path(__file__).resolve().parents[2] / "setup.cfg", encoding="utf-8")
    assert config["metadata"]["version"] == "attr: models.__version__"
