"""Writing a document or workbook the user asked for, without ever losing a file (used by the CLI and the GUI)."""

from __future__ import annotations

from pathlib import Path

from models.errors import UserError
from models.storage.private_files import write_private


def write_output(path: str | Path, data: bytes) -> Path:
    """Write atomically: a half-written PDF never replaces a good one.

    An existing file is replaced only when it is of the same kind (an older PDF or workbook): a slip such as
    choosing ``demo.sqlite`` as the output must never overwrite the office's database or a document typed by hand.
    """
    target = Path(path)
    if not target.parent.exists():
        raise UserError(f"Thư mục “{target.parent}” không tồn tại. Hãy chọn nơi lưu có thật.")
    if target.is_dir():
        raise UserError(f"“{target}” là một thư mục. Hãy ghi rõ tên tệp, ví dụ {target / 'van-ban.pdf'}.")
    if target.exists() and not _same_kind(target, data):
        raise UserError(f"Tệp “{target}” đã có và không cùng loại với tệp sắp ghi; chương trình không ghi đè "
                        "để khỏi mất dữ liệu. Hãy chọn tên tệp khác.")
    temporary = target.with_name(target.name + ".tmp")
    try:
        write_private(temporary, data)   # personal data: readable by the clerk's account only
        temporary.replace(target)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        raise UserError(f"Không ghi được tệp “{target}”: {error.strerror}. Tệp có đang mở trong chương trình "
                        "khác không? Hãy đóng nó hoặc chọn tên khác.") from None
    return target


def _same_kind(existing: Path, data: bytes) -> bool:
    """Whether an existing file starts like the new one (%PDF for a PDF, PK for an .xlsx)."""
    try:
        with existing.open("rb") as file:
            return len(data) >= 2 and file.read(2) == data[:2]
    except OSError:
        return False
