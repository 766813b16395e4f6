"""``print DOCUMENT ... --db FILE -o OUT.pdf``: a printable document as a PDF file."""

from __future__ import annotations

import argparse
import importlib
from collections.abc import Callable
from typing import Any

from cli.common import Subparsers, add_db, opened, write_new_file

# For each printable document: the models function that gathers its data (conn, args) and the
# printing function that lays it out (data -> PDF bytes). Printing never touches the database.
PRINTERS: dict[str, tuple[str, str]] = {
    "register": ("models.registers:register_data_from_args", "printing.register:render_register"),
    "minutes": ("models.meetings:minutes_data_from_args", "printing.minutes:render_minutes"),
    "resolution": ("models.meetings:minutes_data_from_args", "printing.resolution:render_resolution"),
    "signin": ("models.meetings:minutes_data_from_args", "printing.minutes:render_signin"),
    "review-forms": ("models.reviews:review_forms_data_from_args", "printing.review_forms:render_review_forms"),
    "ballot": ("models.reviews:ballot_data_from_args", "printing.review_forms:render_ballot"),
    "review-minutes": ("models.review_documents:minutes_data_from_args",
                       "printing.review_forms:render_review_minutes"),
    "review-summary": ("models.reviews:summary_data_from_args", "printing.reports:render_review_summary"),
}


def add_parser(commands: Subparsers) -> None:
    printer = commands.add_parser("print", help="in văn bản ra tệp PDF")
    documents = printer.add_subparsers(dest="document", metavar="VĂN_BẢN")
    documents.required = True

    def finish(sub: argparse.ArgumentParser) -> None:
        add_db(sub)
        sub.add_argument("-o", "--output", required=True, metavar="OUT.pdf", help="tệp PDF sẽ ghi")
        sub.set_defaults(run=run)

    register = documents.add_parser("register", help="sổ danh sách đảng viên")
    register.add_argument("--org", metavar="NAME")
    finish(register)
    for name, help_text in (("minutes", "biên bản sinh hoạt chi bộ"), ("resolution", "nghị quyết chi bộ"),
                            ("signin", "danh sách đảng viên dự sinh hoạt và khung biên bản")):
        sub = documents.add_parser(name, help=help_text)
        sub.add_argument("meeting_id", type=int, metavar="MEETING_ID")
        finish(sub)
    forms = documents.add_parser("review-forms", help="bản kiểm điểm đảng viên cuối năm")
    forms.add_argument("year", type=int, metavar="YEAR")
    forms.add_argument("--org", metavar="NAME")
    finish(forms)
    for name, help_text in (("ballot", "phiếu biểu quyết đề xuất mức xếp loại"),
                            ("review-minutes", "biên bản họp kiểm điểm, đánh giá, xếp loại đảng viên của chi bộ")):
        sub = documents.add_parser(name, help=help_text)
        sub.add_argument("year", type=int, metavar="YEAR")
        sub.add_argument("--org", required=True, metavar="NAME")
        finish(sub)
    summary = documents.add_parser("review-summary", help="tổng hợp kết quả đánh giá, xếp loại")
    summary.add_argument("year", type=int, metavar="YEAR")
    finish(summary)


def _load(reference: str) -> Callable[..., Any]:
    module, _, name = reference.partition(":")
    return getattr(importlib.import_module(module), name)  # type: ignore[no-any-return]


def run(args: argparse.Namespace) -> int:
    gather, render = (_load(ref) for ref in PRINTERS[args.document])
    with opened(args.db) as conn:
        data = gather(conn, args)
    write_new_file(args.output, render(data))
    return 0
