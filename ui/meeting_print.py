"""Printing a meeting's documents from the GUI: choose where to save the PDF, write it, open it."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QWidget

from models import meetings, vn
from models.meeting_docs import MinutesData
from ui import files

DOCUMENTS = {
    "minutes": ("Biên bản", "bien-ban"),
    "resolution": ("Nghị quyết", "nghi-quyet"),
    "signin": ("Danh sách ký tên và khung biên bản", "danh-sach-ky-ten"),
}


def _renderer(document: str) -> Callable[[MinutesData], bytes]:
    # reportlab loads only when the user prints, not when the screen opens.
    if document == "resolution":
        from printing.resolution import render_resolution

        return render_resolution
    from printing import minutes

    return minutes.render_signin if document == "signin" else minutes.render_minutes


def print_meeting(parent: QWidget | None, conn: sqlite3.Connection, meeting_id: int, document: str) -> Path | None:
    """Render one document of a saved meeting to a PDF the user names, then open it. None when cancelled."""
    data = meetings.minutes_data(conn, meeting_id)
    title, stem = DOCUMENTS[document]
    suggested = f"{stem}-{vn.fold(data.org_name).replace(' ', '-')}-{data.held_on.isoformat()}.pdf"
    path = files.ask_save_path(parent, f"Lưu {title.lower()} thành tệp PDF", suggested, files.PDF_FILTER)
    if path is None:
        return None
    if path.suffix.lower() != ".pdf":
        path = path.with_name(path.name + ".pdf")
    files.write_file(path, _renderer(document)(data))
    files.open_file(path)
    return path
