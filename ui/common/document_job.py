"""A printed document as a long job (ui.common.job_progress): gather, lay out page by page, write at the end.

The job reports each finished page, so the progress window moves and Hủy stops the layout between two
pages; the file is written only when the whole PDF is ready, atomically (models.storage.output_files), so a
stopped or failed job never leaves a partial PDF and never replaces a good one.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

from models import vn
from models.storage.output_files import write_output
from ui.common.workers import Progress

# (connection) -> the document's data, read inside the job on the job's own connection
Gather = Callable[[sqlite3.Connection], Any]


def pdf_job(gather: Gather, render: Callable[[Any], bytes], path: Path,
            pages_guess: Callable[[Any], int] | None = None) -> Callable[[sqlite3.Connection, Progress], Path]:
    """A job for run_job that writes the PDF ``render(gather(conn))`` to ``path`` and returns ``path``.

    ``pages_guess(data)``: about how many pages the document will have, for a bar that fills (it never
    shows 100% before the end); without it the bar only moves and the text counts the pages.
    """
    def job(conn: sqlite3.Connection, progress: Progress) -> Path:
        from printing import layout  # reportlab loads in the job, not when the window opens

        progress("Đang đọc dữ liệu…", 0, 0)
        data = gather(conn)
        guess = max(pages_guess(data), 2) if pages_guess is not None else 0

        def page_done(pages: int) -> None:
            total = max(guess, pages + 1) if guess else 0
            progress(f"Đang dàn trang: đã xong {vn.format_int(pages)} trang…", pages, total)

        with layout.each_page(page_done):
            pdf = render(data)
        progress("Đang ghi tệp…", 1, 1)
        write_output(path, pdf)
        return path
    return job
