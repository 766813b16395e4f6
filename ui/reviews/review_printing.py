"""Printing the review's paper from the Đánh giá xếp loại screen: gather (models), lay out (printing),
ask where to save, write, open. File dialogs go through ui.files so tests can replace them."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from models.access.session import member_org
from models.commune import organisations
from models.errors import UserError
from models.storage import audit
from printing import registry
from ui.access import login_dialog
from ui.common import files
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


def _job(view: Any, key: str) -> tuple[str, Callable[[], bytes]]:
    """The suggested file name and a function making the PDF, for one document of the view's year."""
    conn, year = view.conn, view.year
    access = login_dialog.current()
    pick_cell = "Hãy chọn một chi bộ (ở ô Tổ chức đảng hoặc một dòng trong bảng) rồi in lại."
    if key == "form":
        member_id = _need(view.current_member_id(), "Hãy chọn một đảng viên trong bảng rồi in lại.")
        access.require_org(member_org(conn, member_id))
        data = registry.REVIEW_FORMS.gather(conn, year=year, org_id=None, member_ids=[member_id])
        name = data.forms[0].person.full_name
        return f"Bản kiểm điểm {name} {year}.pdf", lambda: registry.REVIEW_FORMS.render(data)
    if key == "forms":
        scope = access.scoped_org(view.scope)
        name = organisations.get(conn, scope).name if scope is not None else "toàn Đảng bộ"
        forms = registry.REVIEW_FORMS.gather(conn, year=year, org_id=scope)
        return f"Bản kiểm điểm {name} {year}.pdf", lambda: registry.REVIEW_FORMS.render(forms)
    if key == "ballot":
        cell = _need(view.current_cell_id(), pick_cell)
        access.require_org(cell)
        ballot = registry.BALLOT.gather(conn, year=year, org_id=cell)
        return f"Phiếu biểu quyết {ballot.org_name} {year}.pdf", lambda: registry.BALLOT.render(ballot)
    if key == "minutes":
        cell = _need(view.current_cell_id(), pick_cell)
        access.require_org(cell)
        minutes = registry.REVIEW_MINUTES.gather(conn, year=year, org_id=cell)
        return f"Biên bản kiểm điểm {minutes.org_name} {year}.pdf", lambda: registry.REVIEW_MINUTES.render(minutes)
    access.require(access.whole_commune(), "in tổng hợp đánh giá của toàn xã")
    summary = registry.REVIEW_SUMMARY.gather(conn, year=year)
    return f"Tổng hợp đánh giá xếp loại {year}.pdf", lambda: registry.REVIEW_SUMMARY.render(summary)


def print_document(view: Any, key: str) -> Path | None:
    """Make one document, ask where to save it, write it and open it. Returns the file written."""
    written: list[Path] = []

    def act() -> None:
        suggested, make = _job(view, key)
        path = files.ask_output_path(view, f"Lưu {DOCUMENTS[key].lower()}", suggested, ".pdf")
        if path is None:
            return
        files.write_file(path, make())
        audit.record_event(view.conn, "in", "document", None, {"document": f"review-{key}", "year": view.year,
                                                               "file": str(path)})
        written.append(path)
        files.open_file(path)

    run_action(view, act, "Không in được")
    return written[0] if written else None
