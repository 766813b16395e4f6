"""Files only their owner reads: every file and folder the program creates goes through here.

The database (SQLite gives its -wal and -shm the main file's mode), backups, exports, the log and
temporary files are created 0600 and folders 0700 on Linux and macOS, so another account on the same PC
cannot read members' personal data. On Windows, files are created inside the user's own profile folder
(%APPDATA%, Documents) whose access list already admits only that user and administrators; the POSIX mode
means nothing there and these functions only create.

SQLite's own temporary files (the scratch copy of models.storage.scratch, big sorts) are unlinked as soon as
they are opened on Linux, and main.py sets the process umask to 077 so anything a library creates is private too.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

FILE_MODE = 0o600
FOLDER_MODE = 0o700
_POSIX = os.name == "posix"


def make_private(path: str | Path) -> None:
    """Tighten an existing file (0600) or folder (0700) of ours; quietly nothing where that is not possible."""
    if not _POSIX:
        return
    target = Path(path)
    with contextlib.suppress(OSError):
        target.chmod(FOLDER_MODE if target.is_dir() else FILE_MODE)


def create_private(path: str | Path, *, exclusive: bool = False) -> None:
    """Create an empty file readable by its owner only (before SQLite or a writer fills it).

    An existing file is left as it is (``exclusive``: FileExistsError instead)."""
    flags = os.O_WRONLY | os.O_CREAT | (os.O_EXCL if exclusive else 0) | getattr(os, "O_BINARY", 0)
    os.close(os.open(path, flags, FILE_MODE))


def write_private(path: str | Path, data: bytes) -> None:
    """Write ``data`` to a new or truncated file that is owner-only from its first byte."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0)
    fd = os.open(path, flags, FILE_MODE)
    try:
        make_private(path)   # an existing file keeps its mode through O_CREAT: tighten it before writing
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
    finally:
        os.close(fd)


def private_folder(path: str | Path, *, parents: bool = False) -> Path:
    """Create a folder only its owner can enter (an existing one is left as it is)."""
    folder = Path(path)
    folder.mkdir(mode=FOLDER_MODE, parents=parents, exist_ok=True)
    return folder


@contextlib.contextmanager
def owner_only() -> Iterator[None]:
    """Everything created inside the block (also by libraries: SQLite's temporary files) is owner-only."""
    before = os.umask(0o077)
    try:
        yield
    finally:
        os.umask(before)


def restrict_process() -> None:
    """For the whole program (main.py): whatever any library creates from now on is owner-only."""
    os.umask(0o077)
