"""``print DOCUMENT ... --db FILE -o OUT.pdf``: any document of printing.registry as a PDF file."""

from __future__ import annotations

import argparse
import sqlite3
from typing import Any

from cli.common import Subparsers, access, add_db, add_org, opened, org_id_of, write_new_file
from printing.registry import DOCUMENTS, Document


def add_parser(commands: Subparsers) -> None:
    printer = commands.add_parser("print", help="in văn bản ra tệp PDF")
    documents = printer.add_subparsers(dest="document", metavar="VĂN_BẢN")
    documents.required = True
    for document in DOCUMENTS:
        sub = documents.add_parser(document.name, help=document.title)
        _add_params(sub, document)
        add_db(sub)
        sub.add_argument("-o", "--output", required=True, metavar="OUT.pdf", help="tệp PDF sẽ ghi")
        sub.set_defaults(run=run, printed=document)


# The parts of a period, given as options of which at most one: a year's document without either.
PERIOD_OPTIONS = {"quarter": ("--quarter", "Q", "chỉ một quý (1 đến 4)"),
                  "month": ("--month", "M", "chỉ một tháng (1 đến 12)")}


def _add_params(sub: argparse.ArgumentParser, document: Document[Any]) -> None:
    periods = sub.add_mutually_exclusive_group() if any(p in PERIOD_OPTIONS for p in document.params) else None
    for param in document.params:
        if param == "org_id":
            add_org(sub, None, required=document.needs_cell)
        elif param in PERIOD_OPTIONS and periods is not None:
            flag, metavar, help_text = PERIOD_OPTIONS[param]
            periods.add_argument(flag, dest=param, type=int, metavar=metavar, help=help_text)
        else:
            sub.add_argument(param, type=int, metavar=param.upper())


def run(args: argparse.Namespace) -> int:
    from models.storage import audit

    document: Document[Any] = args.printed
    with opened(args) as conn:
        params: dict[str, Any] = {param: org_id_of(conn, args.org) if param == "org_id" else getattr(args, param)
                  for param in document.params}
        require_scope(conn, document, params)
        data = document.gather(conn, **params)
        if document.masked is not None and not access().may_reveal_identifiers():
            data = document.masked(data)
        write_new_file(args.output, document.render(data))
        audit.record_event(conn, "in", "document", None, {"document": document.name, **params,
                                                          "file": str(args.output)})
    return 0


def require_scope(conn: sqlite3.Connection, document: Document[Any], params: dict[str, Any]) -> None:
    """A meeting's papers only for who may see its cell; a document of no cell only for the whole commune
    (an organisation named by --org was checked when it was looked up)."""
    from models.access.session import meeting_org

    if "meeting_id" in params:
        access().require_org(meeting_org(conn, params["meeting_id"]), "in giấy tờ buổi sinh hoạt của chi bộ khác")
    elif "org_id" not in params:
        access().require(access().whole_commune(), f"in {document.title} của toàn xã")
