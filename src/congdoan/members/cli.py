"""`congdoan members …`: member figures of a subtree from a terminal."""

from __future__ import annotations

import argparse
import json

from congdoan.org.cli import _date


def cmd_stats(args: argparse.Namespace) -> int:
    from congdoan.cli import acting_user
    from congdoan.common.formats import vn_date, vn_number
    from congdoan.members.selectors import member_stats
    from congdoan.org.models import UnitKind
    from congdoan.org.selectors import resolve_unit, today

    user = acting_user(args.user)
    root = resolve_unit(user, args.unit)
    on = args.date or today()
    stats = member_stats(root, on)
    if args.format == "json":
        payload = {"unit": root.code, "name": root.name, "date": on.isoformat(), **stats.as_dict()}
        print(json.dumps(payload, ensure_ascii=False, indent=2))
        return 0
    kinds = dict(UnitKind.choices)
    print(f"{root.name} ({root.code}) — ngày {vn_date(on)}")
    rows = [
        ("Đoàn viên đang sinh hoạt", stats.total),
        ("  trong đó nữ", stats.women),
        ("  người dân tộc thiểu số", stats.minorities),
        ("  người lao động nước ngoài", stats.foreign),
        ("Tạm dừng sinh hoạt", stats.suspended),
    ]
    rows += [(f"  {kinds.get(kind, kind)}", n) for kind, n in stats.by_kind.items()]
    width = max(len(label) for label, _n in rows)
    for label, n in rows:
        print(f"{label:<{width}}  {vn_number(n):>10}")
    return 0


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    from congdoan.cli import add_user_option

    members = sub.add_parser("members", help="đoàn viên / members")
    members_sub = members.add_subparsers(dest="members_command", metavar="COMMAND", required=True)
    p = members_sub.add_parser(
        "stats",
        help="số đoàn viên của một đơn vị và các đơn vị trực thuộc vào một ngày / member counts of a subtree",
    )
    p.add_argument("--unit", required=True, help="mã hoặc tên chính xác của đơn vị / unit code or exact name")
    p.add_argument("--date", type=_date, help="ngày (YYYY-MM-DD), mặc định hôm nay / as-of date")
    p.add_argument("--format", choices=["text", "json"], default="text")
    add_user_option(p)
    p.set_defaults(handler=cmd_stats)
