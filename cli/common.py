"""What several commands share: opening the file for one command (and logging in: the one place the command
line checks who runs it), JSON and file output, and the one lookup of an organisation the user names."""

from __future__ import annotations

import argparse
import getpass
import json
import sqlite3
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeAlias

if TYPE_CHECKING:
    from models.access.session import Access

# The object ``add_subparsers`` returns; each command module adds its parser to it.
Subparsers: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"


def add_db(parser: argparse.ArgumentParser, need: str = "read") -> None:
    """``--db FILE`` and ``--user LOGIN``; ``need`` is what the command does, checked against the role at login
    (read, commune, export, import, backup, restore, accounts: see NEEDS)."""
    parser.add_argument("--db", required=True, metavar="FILE", help="tệp dữ liệu")
    parser.add_argument("--user", metavar="LOGIN",
                        help="tên đăng nhập (cần khi tệp có tài khoản; mật khẩu được hỏi, hoặc đọc một dòng từ "
                             "đầu vào chuẩn)")
    parser.set_defaults(need=need)


def add_org(parser: argparse.ArgumentParser, help: str | None = "chỉ một tổ chức đảng", required: bool = False) -> None:
    """``--org NAME``: an organisation by id, name or unaccented part of it, found by ``org_id_of``."""
    parser.add_argument("--org", required=required, metavar="NAME", help=help)


def add_json(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="in dạng JSON")


# What each kind of command needs of the role (the words of add_db's ``need``), and how a refusal names it.
NEEDS: dict[str, tuple[str, str]] = {
    "read": ("can_read", "xem dữ liệu"),
    "commune": ("whole_commune", "xem số liệu, kiểm tra của toàn xã"),
    "export": ("may_export", "xuất dữ liệu ra tệp"),
    "import": ("may_import", "nhập đảng viên từ Excel"),
    "backup": ("may_backup", "sao lưu toàn bộ tệp dữ liệu"),
    "restore": ("may_restore", "khôi phục dữ liệu từ bản sao lưu"),
    "accounts": ("may_manage_accounts", "quản lý tài khoản"),
}

_access: Access | None = None


def access() -> Access:
    """Who runs this command (everything allowed when the file has no accounts)."""
    from models.access.session import FULL

    return _access or FULL


@contextmanager
def opened(args: argparse.Namespace, *, create: bool = False) -> Iterator[sqlite3.Connection]:
    """Open the database for one command, log in when the file has accounts (checking what the command needs),
    and close it afterwards. The audit trail names the account for everything the command writes."""
    from models.access import guard
    from models.storage import audit, db

    global _access
    conn = db.open_db(args.db, create=create)
    try:
        _access = login(conn, getattr(args, "user", None), getattr(args, "need", "read"))
        guard.install(conn, _access)
        with audit.acting_as(_access.login or None):
            yield conn
    finally:
        _access = None
        db.close(conn)


@contextmanager
def reopened(db_path: str | Path) -> Iterator[sqlite3.Connection]:
    """The same file again within a command already logged in (after a restore replaced its content)."""
    from models.storage import db

    conn = db.open_db(db_path)
    try:
        yield conn
    finally:
        db.close(conn)


def login(conn: sqlite3.Connection, user: str | None, need: str) -> Access:
    """The account running the command; AccessDenied (exit 2) without a login, with a wrong password or a role
    that may not do what the command does."""
    from models.access import accounts
    from models.access.session import FULL, AccessDenied
    from models.errors import UserError

    if not accounts.has_accounts(conn):
        return FULL
    if not user:
        raise AccessDenied("Tệp dữ liệu này có tài khoản đăng nhập. Hãy thêm --user TÊN_ĐĂNG_NHẬP vào lệnh "
                           "(mật khẩu sẽ được hỏi).")
    try:
        who = accounts.login(conn, user, read_password(f"Mật khẩu của {user}: "))
    except UserError as error:
        raise AccessDenied(error.message) from None
    method, what = NEEDS[need]
    who.require(bool(getattr(who, method)()), what)
    return who


def read_password(prompt: str = "Mật khẩu: ", *, twice: bool = False) -> str:
    """A password: typed unseen at a terminal (twice when it is being set), else one line of standard input
    (scripts pipe it in; several passwords come one a line, in the order the command asks for them)."""
    from models.errors import UserError

    if sys.stdin.isatty():
        first = getpass.getpass(prompt)
        if twice and getpass.getpass("Gõ lại mật khẩu: ") != first:
            raise UserError("Hai lần gõ mật khẩu không giống nhau. Hãy chạy lại lệnh và gõ cẩn thận.")
        return first
    line = sys.stdin.readline()
    if not line.strip():
        raise UserError("Chưa có mật khẩu: hãy chạy lệnh ở cửa sổ dòng lệnh để gõ mật khẩu, hoặc đưa mật khẩu "
                        "vào đầu vào chuẩn (một dòng).")
    return line.rstrip("\r\n")


def print_json(value: Any) -> None:
    print(json.dumps(value, ensure_ascii=False, indent=2, default=str))


def add_encrypt(parser: argparse.ArgumentParser) -> None:
    """``--encrypt`` for a command writing a file that may leave the office."""
    parser.add_argument("--encrypt", action="store_true",
                        help="mã hóa tệp bằng mật khẩu (cho tệp mang ra khỏi văn phòng, ví dụ ổ USB); tên tệp thêm "
                             "đuôi .mahoa, mở lại bằng lệnh decrypt")


def sealed(path: str | Path, data: bytes, encrypt: bool) -> tuple[Path, bytes]:
    """The file to write and its bytes: as given, or encrypted with a password read as for ``users`` (the name
    gains .mahoa, so nobody mistakes it for a workbook Excel could open)."""
    if not encrypt:
        return Path(path), data
    from models.storage import encrypted_files

    password = read_password("Mật khẩu mã hóa tệp: ", twice=True)
    target = Path(path)
    if not target.name.endswith(encrypted_files.SUFFIX):
        target = target.with_name(target.name + encrypted_files.SUFFIX)
    return target, encrypted_files.encrypt_bytes(data, password)


def write_new_file(path: str | Path, data: bytes) -> None:
    """Write a command's output file (never over a file of another kind) and say where it went."""
    from models.storage.output_files import write_output

    print(f"Đã ghi {write_output(path, data)}", file=sys.stderr)


def org_id_of(conn: sqlite3.Connection, name: str | None) -> int | None:
    """The organisation named by ``--org`` (id, exact name or unique unaccented part), or None without one.

    Within the account's scope: a bí thư's own organisation when none is named, AccessDenied for another's."""
    if not name:
        return access().scoped_org(None)
    from models.commune import organisations

    return access().scoped_org(int(organisations.find(conn, name).id))


def show_identifier(value: str | None) -> str | None:
    """A card number as the account may see it: whole, or masked for a read-only account."""
    from models.access.session import mask_identifier

    return value if access().may_reveal_identifiers() else mask_identifier(value)
