"""The program's name and icon, as the window, the task bar and the About box show them."""

from __future__ import annotations

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from models import paths

APP_NAME = "Sổ Chi Bộ"
# QSettings keeps the window's settings under this organisation and APP_NAME (changing either loses them).
ORGANISATION = "SoChiBo"
DESKTOP_FILE = "so-chi-bo"   # packaging/so-chi-bo.desktop
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256)


def app_icon() -> QIcon:
    """The icon drawn by packaging/make_icons.py, every size, so each place picks a sharp one."""
    icon = QIcon()
    for size in ICON_SIZES:
        icon.addFile(str(paths.resource_path("icons", f"so-chi-bo-{size}.png")))
    return icon


def name_the_application() -> None:
    """Name and icon for the task bar, window titles and QSettings (the application must exist); the Linux desktop
    file has the same name, so the desktop matches the window to its launcher."""
    QApplication.setApplicationName(APP_NAME)
    QApplication.setApplicationDisplayName(APP_NAME)
    QApplication.setOrganizationName(ORGANISATION)
    QApplication.setDesktopFileName(DESKTOP_FILE)
    QApplication.setWindowIcon(app_icon())
