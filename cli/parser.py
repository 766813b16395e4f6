"""The whole command line: the Vietnamese argparse and every command module's parser, in --help order."""

from __future__ import annotations

import argparse
import sys
from types import ModuleType

from cli import backup, check, decrypt, demo, excel, meetings, members, printing, report, report_export, todo, users

# Each module adds its command(s) with ``add_parser(subparsers)``; the parsed namespace carries ``run``.
COMMANDS: tuple[ModuleType, ...] = (demo, members, report, check, todo, excel, report_export, meetings, backup,
                                    decrypt, printing, users)

# argparse speaks English; these are its phrases a user can see, in Vietnamese.
_ARGPARSE_VI = {
    "usage: ": "Cách dùng: ",
    "positional arguments": "tham số",
    "options": "tùy chọn",
    "show this help message and exit": "in hướng dẫn này rồi thoát",
    "the following arguments are required: %s": "thiếu tham số bắt buộc: %s",
    "unrecognized arguments: %s": "không hiểu tham số: %s",
    "invalid choice: %(value)r (choose from %(choices)s)":
        "lựa chọn không hợp lệ: %(value)r (chọn một trong %(choices)s)",
    "invalid %(type)s value: %(value)r": "giá trị không hợp lệ: %(value)r",
    "expected one argument": "cần một giá trị",
    "not allowed with argument %s": "không dùng cùng với %s",
    "argument %(argument_name)s: %(message)s": "tham số %(argument_name)s: %(message)s",
    "%(prog)s: error: %(message)s\n": "%(prog)s: lỗi: %(message)s\n",
}
argparse._ = lambda text: _ARGPARSE_VI.get(text, text)  # type: ignore[attr-defined]


class VietnameseParser(argparse.ArgumentParser):
    """Usage errors in Vietnamese with a pointer to --help, exit code 1 (scripts test for it)."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        print(f"Lỗi: {message}. Gõ “python main.py --help” để xem cách dùng.", file=sys.stderr)
        raise SystemExit(1)


def build_parser() -> argparse.ArgumentParser:
    parser = VietnameseParser(prog="main.py", description="Sổ Chi Bộ: quản lý đảng viên, sinh hoạt chi bộ, "
                              "đánh giá xếp loại. Không có lệnh thì mở cửa sổ chương trình.")
    parser.add_argument("--db", help="tệp dữ liệu (mặc định: trong thư mục dữ liệu của người dùng)")
    commands = parser.add_subparsers(dest="command", metavar="LỆNH", parser_class=VietnameseParser)
    for module in COMMANDS:
        module.add_parser(commands)
    return parser
