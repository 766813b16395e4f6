"""Sổ Chi Bộ: the composition root. Sets up logging, then runs a command of the command line (the cli
package) or starts the window, and turns any error into a short Vietnamese message (never a traceback).
Heavy libraries (Qt, reportlab, openpyxl) load only when needed."""

from __future__ import annotations

import argparse
import gc
import logging
import os
import sqlite3
import sys
import traceback
from collections.abc import Callable
from pathlib import Path

from models import paths
from models.access.session import AccessDenied
from models.errors import UserError, explain
from models.storage import private_files

# ---------------------------------------------------------------- entry point

LOG_BYTES, LOG_KEEP = 1_000_000, 3   # the log rotates: it never grows without end


class RotatingLog(logging.Handler):
    """The log file, rotated at LOG_BYTES with LOG_KEEP older ones (logging.handlers.RotatingFileHandler writes).

    That module, with socket and pickle, is imported by the first record, not by every start: a window that
    opens without a warning logs nothing, and the import was ~6 ms of its start (issue 13)."""

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path
        self.file: logging.Handler | None = None

    def emit(self, record: logging.LogRecord) -> None:
        if self.file is None:
            import logging.handlers

            self.file = logging.handlers.RotatingFileHandler(self.path, maxBytes=LOG_BYTES, backupCount=LOG_KEEP,
                                                             encoding="utf-8")
            self.file.setFormatter(self.formatter)
        self.file.emit(record)

    def flush(self) -> None:
        if self.file is not None:
            self.file.flush()

    def close(self) -> None:
        if self.file is not None:
            self.file.close()
        super().close()


def setup_logging() -> Path | None:
    """Log to the user's data folder; a read-only machine just gets no log file.

    From here on every file the program (or a library) creates is its owner's only (private_files)."""
    private_files.restrict_process()
    log = paths.log_path()
    try:
        private_files.private_folder(log.parent, parents=True)
        private_files.create_private(log)
        private_files.make_private(log)
        handler = RotatingLog(log)
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        logging.basicConfig(level=logging.INFO, handlers=[handler])
        return log
    except OSError:
        return None


def window_file(argv: list[str]) -> tuple[bool, str | None]:
    """(True, the --db file or None) when the arguments name no command, only the window and its file.

    Those starts skip the command line's parser: building it imports every command and most of models,
    a fifth of a second the clerk would wait every morning for a window that needs none of it."""
    if not argv:
        return True, None
    if len(argv) == 2 and argv[0] == "--db" and not argv[1].startswith("-"):
        return True, argv[1]
    if len(argv) == 1 and argv[0].startswith("--db=") and len(argv[0]) > len("--db="):
        return True, argv[0][len("--db="):]
    return False, None


def run(argv: list[str]) -> int:
    """Run the command the arguments name (its module's ``run``), or the window when there is none."""
    window, db_path = window_file(argv)
    if window:
        return _window(db_path)
    from cli.parser import build_parser

    args = build_parser().parse_args(argv)
    if args.command is None:
        return _window(args.db)
    command: Callable[[argparse.Namespace], int] = args.run
    return command(args)


def _window(db_path: str | None) -> int:
    # Starting the window makes some hundred thousand objects that live as long as it does, none of them garbage:
    # Python's cyclic collector went over them about sixty times before the window showed (~5 ms, issue 13).
    # It is paused meanwhile; ui.app.run_gui starts it again once the window is shown (and freezes what was made).
    gc.disable()
    try:
        from ui.app import run_gui

        return run_gui(db_path)
    finally:
        gc.enable()


def main(argv: list[str] | None = None) -> int:
    log = setup_logging()
    try:
        return run(sys.argv[1:] if argv is None else argv)
    except AccessDenied as error:   # no login, a wrong password or a role that may not: told apart by exit 2
        print(f"Lỗi: {error.message}", file=sys.stderr)
        return 2
    except UserError as error:
        print(f"Lỗi: {error.message}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("Đã dừng theo yêu cầu.", file=sys.stderr)
        return 1
    except (OSError, sqlite3.Error) as error:
        if isinstance(error, BrokenPipeError) or (explained := explain(error)) is None:
            return _unexpected(error, log)
        logging.warning("Lỗi lưu trữ: %r", error)
        print(f"Lỗi: {explained}", file=sys.stderr)
        return 1
    except Exception as error:  # noqa: BLE001 - the user must never see a traceback
        return _unexpected(error, log)


def _unexpected(error: BaseException, log: Path | None) -> int:
    if isinstance(error, BrokenPipeError):   # the output went to `head` or a pager that closed early
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())   # no second error when Python exits
        return 0
    logging.error("Lỗi không lường trước:\n%s", "".join(traceback.format_exception(error)))
    where = f" Chi tiết đã ghi vào {log}." if log else ""
    print(f"Xin lỗi, chương trình gặp lỗi không lường trước.{where} "
          "Mọi thao tác đã lưu xong vẫn còn nguyên; hãy báo cho người hỗ trợ kèm tệp nhật ký.", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
