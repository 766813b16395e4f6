"""``demo FILE [--members N] [--seed S]``: a new file holding a made-up commune after the merger."""

from __future__ import annotations

import argparse
from pathlib import Path

from cli.common import Subparsers
from models.errors import UserError


def add_parser(commands: Subparsers) -> None:
    demo = commands.add_parser("demo", help="tạo tệp dữ liệu mẫu của một xã sau sáp nhập")
    demo.add_argument("file", metavar="FILE", help="tệp dữ liệu mẫu sẽ tạo (chưa có)")
    demo.add_argument("--members", type=int, default=1400, help="số đảng viên (mặc định 1400)")
    demo.add_argument("--seed", type=int, default=1, help="hạt giống ngẫu nhiên (cùng hạt giống cho cùng dữ liệu)")
    demo.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from models.demo import generate as demo
    from models.storage import db

    target = Path(args.file)
    if not 10 <= args.members <= 50000:
        raise UserError("Số đảng viên phải từ 10 đến 50.000.")
    conn = demo.open_target(target)
    try:
        summary = demo.generate(conn, members=args.members, seed=args.seed)
    finally:
        db.close(conn)
    print(f"Đã tạo dữ liệu mẫu {target}: {summary}")
    return 0
