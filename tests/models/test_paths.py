"""Where the program finds its resources and keeps the user's data."""

from __future__ import annotations

import sys
from pathlib import Path

from models import paths


def test_resources_are_found_beside_the_code():
    folder = paths.resource_path("rules")
    assert folder == Path(paths.__file__).resolve().parent.parent / "resources" / "rules"
    assert (folder / "qd366-2025.json").is_file()
    assert paths.resource_path("demo", "names.json").is_file()


def test_resources_inside_a_frozen_bundle(monkeypatch, tmp_path):
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert paths.resource_path("rules", "qd366-2025.json") == tmp_path / "resources" / "rules" / "qd366-2025.json"


def test_data_folder_on_linux_follows_xdg(monkeypatch, tmp_path):
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert paths.user_data_dir() == tmp_path / "SoChiBo"
    assert paths.default_db_path() == tmp_path / "SoChiBo" / "so-chi-bo.sqlite"
    assert paths.log_path() == tmp_path / "SoChiBo" / "so-chi-bo.log"


def test_data_folder_on_linux_without_xdg_is_under_home(monkeypatch, tmp_path):
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    assert paths.user_data_dir() == tmp_path / ".local" / "share" / "SoChiBo"


def test_data_folder_on_windows_is_in_appdata(monkeypatch, tmp_path):
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setenv("APPDATA", str(tmp_path / "Roaming"))
    assert paths.user_data_dir() == tmp_path / "Roaming" / "SoChiBo"
    monkeypatch.delenv("APPDATA")
    monkeypatch.setattr(Path, "home", classmethod(lambda cls: tmp_path))
    assert paths.user_data_dir() == tmp_path / "AppData" / "Roaming" / "SoChiBo"
    assert paths.default_db_path().name == "so-chi-bo.sqlite"
