"""The folders the clerk chose in Cài đặt (Nơi lưu dữ liệu), remembered in the window's settings (QSettings).

Choosing a folder changes where NEW files and backups go; the open data file stays where it is (moving a file
someone may be using is not worth the risk). Without a choice, the platform's folders of models.paths are used.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QSettings

from models import paths

DATA_KEY = "folders/data"
BACKUPS_KEY = "folders/backups"


def _chosen(settings: QSettings, key: str) -> Path | None:
    value = str(settings.value(key, "") or "")
    return Path(value) if value else None


def chosen_data_folder(settings: QSettings) -> Path | None:
    return _chosen(settings, DATA_KEY)


def data_folder(settings: QSettings) -> Path:
    """Where new data files are proposed and the default file lives."""
    return chosen_data_folder(settings) or paths.user_data_dir()


def default_db_path(settings: QSettings) -> Path:
    return paths.default_db_path(chosen_data_folder(settings))


def set_data_folder(settings: QSettings, folder: Path | None) -> None:
    settings.setValue(DATA_KEY, str(folder) if folder is not None else "")


def chosen_backup_root(settings: QSettings) -> Path | None:
    """The folder that holds the backups (None: beside each data file)."""
    return _chosen(settings, BACKUPS_KEY)


def set_backup_root(settings: QSettings, folder: Path | None) -> None:
    """Remember the backup folder and use it from the next backup on."""
    from models.storage import backups

    settings.setValue(BACKUPS_KEY, str(folder) if folder is not None else "")
    backups.choose_backup_root(folder)


def use_settings_file() -> None:
    """Keep the window's settings in ``<config folder>/Sổ Chi Bộ.ini`` (models.paths.user_config_dir, the
    platform's place) instead of Qt's native store; what an earlier version kept there (the registry on Windows,
    a .conf file on Linux) is carried over the first time. Call after the application is named."""
    root = paths.user_config_dir().parent   # QSettings adds <organisation>/<application>.ini
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(root))
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    settings = QSettings()
    if not settings.allKeys():
        carry_over(QSettings(QSettings.Format.NativeFormat, QSettings.Scope.UserScope,
                             QCoreApplication.organizationName(), QCoreApplication.applicationName()), settings)


def carry_over(old: QSettings, new: QSettings) -> None:
    """Copy every setting from where an earlier version kept them (the old store is left as it was)."""
    for key in old.allKeys():
        new.setValue(key, old.value(key))
    new.sync()


def apply(settings: QSettings) -> None:
    """At start: backups go where the clerk chose last time. Beside each data file is the backup module's own
    default, so without a choice the module is not loaded here: the window starts without it (issue 13)."""
    folder = chosen_backup_root(settings)
    if folder is not None or "models.storage.backup_files" in sys.modules:
        from models.storage import backups

        backups.choose_backup_root(folder)
