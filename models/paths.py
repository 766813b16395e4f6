"""Where the program's own files and the user's data live, also inside a frozen bundle.

The user's folders come from ``platformdirs``, the platform's own places (never the program's folder, which an
office PC may not let a clerk write to):

- data (the data file, its backups beside it): ``%APPDATA%\\SoChiBo`` on Windows, ``~/.local/share/SoChiBo`` on
  Linux (``$XDG_DATA_HOME``). ``roaming=True`` and ``appauthor=False`` keep these exactly the folders the earlier,
  hand-written paths used, so an existing office's file is found where it was;
- logs: ``%APPDATA%\\SoChiBo\\Logs`` on Windows, ``~/.local/state/SoChiBo/log`` on Linux;
- the window's settings (last file, layout, chosen folders): an INI file in ``user_config_dir`` (ui.common.
  user_folders.use_settings_file points Qt's QSettings there).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs

APP_FOLDER = "SoChiBo"
DB_NAME = "so-chi-bo.sqlite"
LOG_NAME = "so-chi-bo.log"


def resource_path(*parts: str) -> Path:
    """A file under resources/, found beside the code or inside a PyInstaller bundle.

    A one-folder bundle (PyInstaller 6) unpacks nothing: ``sys._MEIPASS`` is its ``_internal`` folder, where the
    spec file (packaging/sochibo.spec) puts resources/.
    """
    base = Path(getattr(sys, "_MEIPASS", Path(__file__).resolve().parent.parent))
    return base.joinpath("resources", *parts)


def _platform_dirs() -> platformdirs.PlatformDirs:
    return platformdirs.PlatformDirs(APP_FOLDER, appauthor=False, roaming=True)


def user_data_dir() -> Path:
    """The per-user data folder (``%APPDATA%\\SoChiBo`` on Windows, ``~/.local/share/SoChiBo`` on Linux)."""
    return Path(_platform_dirs().user_data_dir)


def user_config_dir() -> Path:
    """The window's settings file lives here (``%APPDATA%\\SoChiBo`` on Windows, ``~/.config/SoChiBo`` on Linux)."""
    return Path(_platform_dirs().user_config_dir)


def user_log_dir() -> Path:
    return Path(_platform_dirs().user_log_dir)


def legacy_data_dir() -> Path:
    """The folder the program used before platformdirs (its hand-written rule), for files kept there."""
    if sys.platform == "win32":
        root = Path(os.environ.get("APPDATA") or Path.home() / "AppData" / "Roaming")
    else:
        root = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return root / APP_FOLDER


def default_db_path(folder: Path | None = None) -> Path:
    """The data file opened when no other is named: in ``folder`` (the clerk's chosen data folder) or the user's
    data folder; an office whose file still sits only in the earlier folder keeps using it there."""
    if folder is not None:
        return Path(folder) / DB_NAME
    current = user_data_dir() / DB_NAME
    legacy = legacy_data_dir() / DB_NAME
    if not current.exists() and legacy.exists():
        return legacy
    return current


def log_path() -> Path:
    return user_log_dir() / LOG_NAME
