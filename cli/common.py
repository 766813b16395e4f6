"""What several commands share: opening the file for one command, JSON and file output, and the one
lookup of an organisation the user names on the command line."""

from __future__ import annotations

import argparse
import getpass
import json
import sqlite3
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeAlias

# The object ``add_subparsers`` returns; each command module adds its parser to it.
Subparsers: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"


def add_db(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", required=True, metavar="FILE", help="tệp dữ liệu")


def add_org(parser: argparse.ArgumentParser, help: str | None = "chỉ một tổ chức đảng", required: bool = False) -> None:
    """``--org NAME``: an organisation by id, name or unaccented part of it, found by ``org_id_of``."""
    parser.add_argument("--org", required=required, metavar="NAME", help=help)


def add_json(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="in dạng JSON")


@contextmanager
def opened(db_path: str | Path, *, create: bool = False) -> Iterator[sqlite3.Connection]:
    """Open the database for one command and close it afterwards."""
    from models.storage import db

    conn = db.open_db(db_path, create=create)
    try:
        yield conn
    finally:
        db.close(conn)


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


def write_new_file(path: str | Path, data: bytes) -> None:
    """Write a command's output file (never over a file of another kind) and say where it went."""
    from models.storage.output_files import write_output

    print(f"Đã ghi {write_output(path, data)}", file=sys.stderr)


def org_id_of(conn: sqlite3.Connection, name: str | None) -> int | None:
    """The organisation named by ``--org`` (id, exact name or unique unaccented part), or None without one."""
    if not name:
        return None
    from models.commune import organisations

    return int(organisations.find(conn, name).id)
