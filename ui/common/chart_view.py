"""A chart of printing.charts on screen: the same reportlab drawing the PDF prints, as SVG in a QSvgWidget.

The SVG names the document font by its family ("Liberation Serif"); ``register_chart_fonts`` gives Qt the
very TTF files the PDF embeds, so the screen shows the same letters and diacritics on any machine.
"""

from __future__ import annotations

import logging
from functools import cache

from PySide6.QtCore import QByteArray, QSize, Qt
from PySide6.QtGui import QFontDatabase
from PySide6.QtSvgWidgets import QSvgWidget
from PySide6.QtWidgets import QSizePolicy, QWidget

from models.paths import resource_path
from printing.fonts import FACES

SCREEN_SCALE = 1.35      # a chart 460 points wide reads at about 620 pixels, the width of half the window


@cache
def register_chart_fonts() -> bool:
    """Register the shipped Liberation Serif faces with Qt once (False: a face would not load; logged)."""
    loaded = True
    for style in FACES.values():
        path = resource_path("fonts") / f"LiberationSerif-{style}.ttf"
        if QFontDatabase.addApplicationFont(str(path)) < 0:
            logging.warning("Không nạp được phông %s cho biểu đồ", path)
            loaded = False
    return loaded


class ChartView(QSvgWidget):
    """One chart, kept in proportion as the pane resizes; ``show_svg`` swaps its picture."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        register_chart_fonts()
        self.renderer().setAspectRatioMode(Qt.AspectRatioMode.KeepAspectRatio)
        policy = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        self._ratio = 0.4

    def show_svg(self, svg: bytes) -> None:
        self.load(QByteArray(svg))
        size = self.renderer().defaultSize()
        self._ratio = size.height() / size.width() if size.width() > 0 else 0.4
        self.renderer().setAspectRatioMode(Qt.AspectRatioMode.KeepAspectRatio)
        self.updateGeometry()

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt's name
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt's name
        return int(width * self._ratio)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        size = self.renderer().defaultSize()
        if size.width() <= 0:
            return QSize(620, 250)
        return QSize(int(size.width() * SCREEN_SCALE), int(size.height() * SCREEN_SCALE))
