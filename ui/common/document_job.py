"""A printed document as a long job (ui.common.job_progress): gather, lay out page by page, write at the end.

The job hands the document its progress (printing.registry.Render): the long documents tell each page laid
out, so the progress window moves and Hủy stops the layout between two pages. The file is written only when
the whole PDF is ready, atomically (models.storage.output_files), so a stopped or failed job never leaves a
partial PDF and never replaces a good one.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from models.storage.output_files import write_output
from ui.common.workers import Progress

if TYPE_CHECKING:
    from printing.registry import Render

# (connection) -> the document's data, read inside the job on the job's own connection
Gather = Callable[[sqlite3.Connection], Any]


def pdf_job(gather: Gather, render: Render[Any], path: Path) -> Callable[[sqlite3.Connection, Progress], Path]:
    """A job for run_job that writes the PDF ``render(gather(conn), progress)`` to ``path`` and returns ``path``."""
    def job(conn: sqlite3.Connection, progress: Progress) -> Path:
        progress("Đang đọc dữ liệu…", 0, 0)
        data = gather(conn)
        progress("Đang dàn trang…", 0, 0)
        pdf = render(data, progress)
        progress("Đang ghi tệp…", 1, 1)
        write_output(path, pdf)
        return path
    return job
