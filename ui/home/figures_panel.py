"""Số liệu nhanh: the figures at a glance beside the to-do list (a placeholder until the charts land)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget


class FiguresPanel(QWidget):
    """The figures of the organisation chosen in the tree (None: the commune)."""

    def __init__(self, conn: sqlite3.Connection, database: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.conn, self.database = conn, database
        self.scope: int | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        self.title = QLabel("<b>Số liệu nhanh</b>")
        layout.addWidget(self.title)
        layout.addStretch(1)
        self.title.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)

    def set_scope(self, org_id: int | None) -> None:
        self.scope = org_id
