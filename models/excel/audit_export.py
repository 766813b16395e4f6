"""The audit trail (or a filtered part of it) as an .xlsx for an inspection: one entry a row, newest first."""

from __future__ import annotations

import io
from collections.abc import Sequence

from models.excel.excel_export import put_value
from models.storage.audit import AuditEntry

HEADERS = (("Lúc", 20), ("Người dùng", 16), ("Việc", 22), ("Đối tượng", 16), ("Mã số", 8), ("Chi tiết", 80))


def audit_xlsx(entries: Sequence[AuditEntry], title: str) -> bytes:
    """The entries with a bold frozen header; text that looks like a formula stays text."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = "Nhật ký thay đổi"
    put_value(sheet.cell(row=1, column=1), title)
    sheet.cell(row=1, column=1).font = Font(bold=True, size=13)
    for column, (header, width) in enumerate(HEADERS, 1):
        cell = sheet.cell(row=3, column=column)
        put_value(cell, header)
        cell.font = Font(bold=True)
        sheet.column_dimensions[cell.column_letter].width = width
    for row, entry in enumerate(entries, 4):
        for column, value in enumerate((entry.at, entry.user, entry.action, entry.entity, entry.entity_id,
                                        entry.detail), 1):
            put_value(sheet.cell(row=row, column=column), value)
    sheet.freeze_panes = "A4"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
