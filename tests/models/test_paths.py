"""Where the program finds its resources and keeps the user's data (the platform's folders, via platformdirs)."""

from __future__ import annotations

import sys
from pathlib import Path

import platformdirs
import platformdirs.windows
import pytest

from models import paths


def test_resources_are_found_beside_the_code():
    folder = paths.resource_path("rules")
    assert folder == Path(paths.__file__).resolve().parent.parent / "resources" / "rules"
    assert (folder / "qd366-2025.json").is_file()
    assert paths.resource_path("demo", "names.json").is_file()


def test_resources_inside_a_frozen_bundle(monkeypatch, tmp_path):
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert paths.resource_path("rules", "qd366-2025.json") == tmp_path / "resources" / "rules" / "qd366-2025.json"


@pytest.mark.skipif(sys.platform != "linux", reason="the Linux folders")
def test_folders_on_linux_follow_xdg(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    assert paths.user_data_dir() == tmp_path / "data" / "SoChiBo"
    assert paths.default_db_path() == tmp_path / "data" / "SoChiBo" / "so-chi-bo.sqlite"
    assert paths.log_path() == tmp_path / "state" / "SoChiBo" / "log" / "so-chi-bo.log"


@pytest.mark.skipif(sys.platform != "linux", reason="the Linux folders")
def test_data_folder_on_linux_is_the_one_the_earlier_versions_used(monkeypatch, tmp_path):
    """platformdirs' folder is the hand-written ~/.local/share/SoChiBo: an office's file stays where it was."""
    monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    assert paths.user_data_dir() == tmp_path / ".local" / "share" / "SoChiBo" == paths.legacy_data_dir()


def test_data_folder_on_windows_is_the_roaming_appdata_the_earlier_versions_used(monkeypatch, tmp_path):
    """roaming=True: %APPDATA%\\SoChiBo as before (not %LOCALAPPDATA%), so nothing needs moving on Windows."""
    folders = {"CSIDL_APPDATA": str(tmp_path / "Roaming"), "CSIDL_LOCAL_APPDATA": str(tmp_path / "Local")}
    monkeypatch.setattr(platformdirs.windows, "get_win_folder", folders.__getitem__)
    monkeypatch.setattr(paths.platformdirs, "PlatformDirs", platformdirs.windows.Windows)
    assert paths.user_data_dir() == tmp_path / "Roaming" / "SoChiBo"
    assert paths.log_path() == tmp_path / "Roaming" / "SoChiBo" / "Logs" / "so-chi-bo.log"
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setenv("APPDATA", str(tmp_path / "Roaming"))
    assert paths.legacy_data_dir() == paths.user_data_dir()


def test_a_file_left_only_in_the_earlier_folder_keeps_being_used(monkeypatch, tmp_path):
    """If the platform's folder ever differs from the old rule, the office's existing file is not lost."""
    monkeypatch.setattr(paths, "user_data_dir", lambda: tmp_path / "new" / "SoChiBo")
    monkeypatch.setattr(paths, "legacy_data_dir", lambda: tmp_path / "old" / "SoChiBo")
    assert paths.default_db_path() == tmp_path / "new" / "SoChiBo" / "so-chi-bo.sqlite"   # nothing anywhere yet
    old = tmp_path / "old" / "SoChiBo" / "so-chi-bo.sqlite"
    old.parent.mkdir(parents=True)
    old.write_bytes(b"")
    assert paths.default_db_path() == old
    new = tmp_path / "new" / "SoChiBo" / "so-chi-bo.sqlite"
    new.parent.mkdir(parents=True)
    new.write_bytes(b"")
    assert paths.default_db_path() == new   # once the new folder has one, it wins


def test_a_chosen_data_folder_names_the_default_file_there(tmp_path):
    assert paths.default_db_path(tmp_path) == tmp_path / "so-chi-bo.sqlite"


def test_the_folders_come_from_platformdirs_never_the_program_folder():
    program = Path(paths.__file__).resolve().parent.parent
    expected = platformdirs.PlatformDirs("SoChiBo", appauthor=False, roaming=True)
    assert paths.user_data_dir() == Path(expected.user_data_dir)
    assert paths.log_path().parent == Path(expected.user_log_dir)
    assert paths.user_config_dir() == Path(expected.user_config_dir)
    for folder in (paths.user_data_dir(), paths.log_path().parent, paths.user_config_dir()):
        assert program not in folder.parents
