"""Where the program's own files and the user's data live, also inside a frozen bundle."""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP_FOLDER = "SoChiBo"


def resource_path(*parts: str) -> Path:
    """A file under resources/, found beside the code or inside a PyInstaller bundle."""
    base = Path(getattr(sys, "_MEIPASS", Path(__file__).resolve().parent.parent))
    return base.joinpath("resources", *parts)


def user_data_dir() -> Path:
    """The per-user data folder (AppData on Windows, ~/.local/share elsewhere)."""
    if sys.platform == "win32":
        root = Path(os.environ.get("APPDATA") or Path.home() / "AppData" / "Roaming")
    else:
        root = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return root / APP_FOLDER


def default_db_path() -> Path:
    return user_data_dir() / "so-chi-bo.sqlite"


def log_path() -> Path:
    return user_data_dir() / "so-chi-bo.log"
