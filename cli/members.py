"""``members --db FILE [--search TEXT] [--org NAME] [--json]``: the members in register order."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from cli.common import Subparsers, add_db, add_json, add_org, opened, org_id_of, print_json, show_identifier


def add_parser(commands: Subparsers) -> None:
    members = commands.add_parser("members", help="liệt kê đảng viên theo thứ tự sổ")
    add_db(members)
    members.add_argument("--search", default="", metavar="TEXT", help="tìm theo tên hoặc số thẻ (không cần dấu)")
    add_org(members, "chỉ một tổ chức đảng (kể cả đơn vị trực thuộc)")
    add_json(members)
    members.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from models import vn
    from models.commune import organisations
    from models.people import member_list

    with opened(args) as conn:
        flt = member_list.MemberFilter(text=args.search, org_id=org_id_of(conn, args.org))
        found = member_list.register_order(conn, flt)
        names: dict[int, str] = organisations.names_by_id(conn)
        if args.json:
            print_json([member_json(m, names) for m in found])
            return 0
        for index, m in enumerate(found, 1):
            print(f"{index:>5}. {m.full_name:<30} {vn.format_date(m.details.birth_date):<10} "
                  f"{names.get(m.org_id or 0, ''):<35} {m.standing_name:<10} {show_identifier(m.details.card_number)}")
        print(f"Tổng số: {vn.format_int(len(found))} đảng viên", file=sys.stderr)
    return 0


def member_json(member: Any, org_names: dict[int, str]) -> dict[str, Any]:
    """One member as the members --json command prints it (keys are a scripting interface)."""
    d = member.details
    return {
        "id": member.id, "full_name": d.full_name, "birth_date": d.birth_date, "gender": d.gender,
        "ethnicity": d.ethnicity, "religion": d.religion, "hometown": d.hometown, "residence": d.residence,
        "org_id": member.org_id, "org": org_names.get(member.org_id or 0, ""),
        "standing": member.standing, "status": member.status, "status_name": member.status_name,
        "joined_on": member.joined_on, "official_on": member.official_on, "card_number": show_identifier(d.card_number),
    }
