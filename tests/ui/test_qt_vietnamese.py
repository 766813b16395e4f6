"""Qt's own words (buttons of its standard boxes) in Vietnamese, installed once however often the window is rebuilt."""

from __future__ import annotations

import gc

from PySide6.QtCore import QCoreApplication

from ui.common.qt_vietnamese import QtVietnamese, install_qt_vietnamese


def test_installed_once_and_translates(qapp):
    install_qt_vietnamese()
    install_qt_vietnamese()
    gc.collect()   # the translator lives with the application, not with a Python name
    assert len(qapp.findChildren(QtVietnamese)) == 1
    assert QCoreApplication.translate("QMessageBox", "Show Details...") == "Xem chi tiết…"
    assert QCoreApplication.translate("QMessageBox", "Không có trong bảng") == "Không có trong bảng"
