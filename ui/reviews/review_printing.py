"""Printing the review's paper from the Đánh giá xếp loại screen: ask where to save, then gather (models), lay
out (printing) and write as a job with progress (ui.common.job_progress), and open. File dialogs go through
ui.files so tests can replace them."""

from __future__ import annotations

from typing import Any

from models.access.session import member_org
from models.commune import organisations
from models.errors import UserError
from models.storage import audit
from printing import registry
from printing.registry import Render
from ui.access import login_dialog
from ui.common import files
from ui.common.document_job import Gather, pdf_job
from ui.common.job_progress import JobDialog, run_job
from ui.common.widgets import run_action

DOCUMENTS = {
    "form": "Bản kiểm điểm",
    "forms": "Kiểm điểm cả chi bộ",
    "ballot": "Phiếu biểu quyết",
    "minutes": "Biên bản họp",
    "summary": "Tổng hợp",
}


def _need(value: int | None, message: str) -> int:
    if value is None:
        raise UserError(message)
    return value


def _job(view: Any, key: str) -> tuple[str, Gather, Render[Any]]:
    """For one document of the view's year: the suggested file name, how to gather its data (in the job, on the
    job's connection), and how to lay it out.

    A single form, ballot or cell's minutes is gathered at once (a cell is small, and the name is needed for
    the file); the papers of a whole scope and the commune's summary are gathered inside the job.
    """
    conn, year = view.conn, view.year
    access = login_dialog.current()
    pick_cell = "Hãy chọn một chi bộ (ở ô Tổ chức đảng hoặc một dòng trong bảng) rồi in lại."
    if key == "form":
        member_id = _need(view.current_member_id(), "Hãy chọn một đảng viên trong bảng rồi in lại.")
        access.require_org(member_org(conn, member_id))
        data = registry.REVIEW_FORMS.gather(conn, year=year, org_id=None, member_ids=[member_id])
        name = data.forms[0].person.full_name
        return f"Bản kiểm điểm {name} {year}.pdf", lambda _conn: data, registry.REVIEW_FORMS.render
    if key == "forms":
        scope = access.scoped_org(view.scope)
        name = organisations.get(conn, scope).name if scope is not None else "toàn Đảng bộ"
        return (f"Bản kiểm điểm {name} {year}.pdf",
                lambda job_conn: registry.REVIEW_FORMS.gather(job_conn, year=year, org_id=scope),
                registry.REVIEW_FORMS.render)
    if key == "ballot":
        cell = _need(view.current_cell_id(), pick_cell)
        access.require_org(cell)
        ballot = registry.BALLOT.gather(conn, year=year, org_id=cell)
        return f"Phiếu biểu quyết {ballot.org_name} {year}.pdf", lambda _conn: ballot, registry.BALLOT.render
    if key == "minutes":
        cell = _need(view.current_cell_id(), pick_cell)
        access.require_org(cell)
        minutes = registry.REVIEW_MINUTES.gather(conn, year=year, org_id=cell)
        return (f"Biên bản kiểm điểm {minutes.org_name} {year}.pdf", lambda _conn: minutes,
                registry.REVIEW_MINUTES.render)
    access.require(access.whole_commune(), "in tổng hợp đánh giá của toàn xã")
    return (f"Tổng hợp đánh giá xếp loại {year}.pdf",
            lambda job_conn: registry.REVIEW_SUMMARY.gather(job_conn, year=year), registry.REVIEW_SUMMARY.render)


def print_document(view: Any, key: str) -> JobDialog | None:
    """Ask where to save one document, then make and write it as a job with progress, and open it."""
    started: list[JobDialog] = []

    def act() -> None:
        suggested, gather, render = _job(view, key)
        path = files.ask_output_path(view, f"Lưu {DOCUMENTS[key].lower()}", suggested, ".pdf")
        if path is None:
            return

        def done(_path: object) -> None:
            audit.record_event(view.conn, "in", "document", None, {"document": f"review-{key}", "year": view.year,
                                                                   "file": str(path)})
            files.open_file(path)

        started.append(run_job(view, view.conn, f"In {DOCUMENTS[key].lower()}", pdf_job(gather, render, path),
                               done, failed_title="Không in được",
                               cancelled_text="Đã hủy in; không tệp nào được ghi."))

    run_action(view, act, "Không in được")
    return started[0] if started else None
