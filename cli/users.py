"""``users add|list|disable``: the office's accounts (an administrator's work, but for the very first account,
which a file without accounts lets anyone create and which must be an administrator)."""

from __future__ import annotations

import argparse
import sys

from cli.common import Subparsers, add_db, add_json, opened, print_json, read_password
from models.access.session import ROLE_NAMES, ROLES


def add_parser(commands: Subparsers) -> None:
    users = commands.add_parser("users", help="tài khoản đăng nhập: thêm, liệt kê, khóa (chỉ quản trị)")
    actions = users.add_subparsers(dest="action", metavar="VIỆC")
    actions.required = True

    add = actions.add_parser("add", help="thêm tài khoản (mật khẩu được hỏi hai lần, hoặc đọc một dòng từ đầu vào "
                                         "chuẩn)")
    add.add_argument("login", metavar="LOGIN", help="tên đăng nhập")
    add.add_argument("--role", required=True, choices=ROLES,
                     help="; ".join(f"{r}: {ROLE_NAMES[r].lower()}" for r in ROLES))
    add.add_argument("--org", metavar="NAME", help="tổ chức đảng của bí thư (cần khi --role bi-thu)")
    add.add_argument("--name", default="", metavar="TEXT", help="họ và tên người dùng")
    add_db(add, "accounts")
    add.set_defaults(run=run_add)

    listing = actions.add_parser("list", help="liệt kê các tài khoản")
    add_db(listing, "accounts")
    add_json(listing)
    listing.set_defaults(run=run_list)

    disable = actions.add_parser("disable", help="khóa một tài khoản (không đăng nhập được nữa)")
    disable.add_argument("login", metavar="LOGIN")
    add_db(disable, "accounts")
    disable.set_defaults(run=run_disable)


def run_add(args: argparse.Namespace) -> int:
    from models.access import accounts
    from models.commune import organisations

    with opened(args) as conn:
        org_id = int(organisations.find(conn, args.org).id) if args.org else None
        password = read_password(f"Mật khẩu cho tài khoản {args.login}: ", twice=True)
        account = accounts.add_account(conn, args.login, password, args.role, full_name=args.name, org_id=org_id)
    print(f"Đã tạo tài khoản “{account.login}” ({account.role_name}).", file=sys.stderr)
    return 0


def run_list(args: argparse.Namespace) -> int:
    from models.access import accounts
    from models.commune import organisations

    with opened(args) as conn:
        found = accounts.list_accounts(conn)
        names = organisations.names_by_id(conn)
    if args.json:
        print_json([{"login": a.login, "full_name": a.full_name, "role": a.role, "org_id": a.org_id,
                     "org": names.get(a.org_id or 0, ""), "disabled": a.disabled, "created_at": a.created_at}
                    for a in found])
        return 0
    for a in found:
        state = "đã khóa" if a.disabled else "đang dùng"
        print(f"{a.login:<20} {a.role_name:<14} {state:<10} {a.full_name:<25} {names.get(a.org_id or 0, '')}")
    print(f"Tổng số: {len(found)} tài khoản", file=sys.stderr)
    return 0


def run_disable(args: argparse.Namespace) -> int:
    from models.access import accounts

    with opened(args) as conn:
        account = accounts.set_disabled(conn, args.login)
    print(f"Đã khóa tài khoản “{account.login}”.", file=sys.stderr)
    return 0
