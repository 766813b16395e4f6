"""Printing a meeting's documents from the GUI: choose where to save the PDF, lay it out and write it as a job
(ui.common.job_progress), open it."""

from __future__ import annotations

import sqlite3

from PySide6.QtWidgets import QWidget

from models import vn
from models.access.session import meeting_org
from models.meetings.meeting_docs import MinutesData
from models.storage import audit
from printing import registry
from printing.registry import Document
from ui.access import login_dialog
from ui.common import files
from ui.common.document_job import pdf_job
from ui.common.job_progress import JobDialog, run_job

# The button's word for each document of a meeting and the start of the file name it suggests.
DOCUMENTS: dict[str, tuple[str, str, Document[MinutesData]]] = {
    "minutes": ("Biên bản", "bien-ban", registry.MINUTES),
    "resolution": ("Nghị quyết", "nghi-quyet", registry.RESOLUTION),
    "signin": ("Danh sách ký tên và khung biên bản", "danh-sach-ky-ten", registry.SIGNIN),
}


def print_meeting(parent: QWidget, conn: sqlite3.Connection, meeting_id: int, document: str) -> JobDialog | None:
    """Render one document of a saved meeting to a PDF the user names (a job with progress), then open it.
    None when the clerk cancelled the choice of file."""
    title, stem, printed = DOCUMENTS[document]
    access = login_dialog.current()
    access.require_org(meeting_org(conn, meeting_id), "in giấy tờ buổi sinh hoạt của chi bộ khác")
    data = printed.gather(conn, meeting_id=meeting_id)   # one meeting: quick, and its names make the file name
    suggested = f"{stem}-{vn.fold(data.org_name).replace(' ', '-')}-{data.held_on.isoformat()}.pdf"
    path = files.ask_output_path(parent, f"Lưu {title.lower()} thành tệp PDF", suggested, ".pdf")
    if path is None:
        return None

    def done(_path: object) -> None:
        audit.record_event(conn, "in", "document", None, {"document": document, "meeting_id": meeting_id,
                                                          "file": str(path)})
        files.open_file(path)

    return run_job(parent, conn, f"In {title.lower()}", pdf_job(lambda _conn: data, printed.render, path),
                   done, failed_title="Không in được", cancelled_text="Đã hủy in; không tệp nào được ghi.")
