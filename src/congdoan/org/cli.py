"""`congdoan org …`: read the organisation tree from a terminal."""

from __future__ import annotations

import argparse
import datetime as dt
import json


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"ngày không hợp lệ: {value} (dạng YYYY-MM-DD)") from error


def cmd_tree(args: argparse.Namespace) -> int:
    from congdoan.cli import acting_user
    from congdoan.org.selectors import resolve_unit, subtree_versions, today

    user = acting_user(args.user)
    root = resolve_unit(user, args.unit)
    on = args.date or today()
    versions = list(subtree_versions(root, on).select_related("unit", "parent").order_by("path"))
    if args.depth is not None:
        base = versions[0].depth if versions else 0
        versions = [v for v in versions if v.depth - base <= args.depth]
    if args.format == "json":
        print(
            json.dumps(
                {
                    "unit": root.code,
                    "date": on.isoformat(),
                    "units": [
                        {
                            "code": v.unit.code,
                            "name": v.name,
                            "level": v.unit.level,
                            "kind": v.unit.kind,
                            "parent": v.parent.code if v.parent else None,
                        }
                        for v in versions
                    ],
                },
                ensure_ascii=False,
                indent=2,
            )
        )
    else:
        base = versions[0].depth if versions else 0
        for v in versions:
            print(f"{'  ' * (v.depth - base)}{v.unit.code}  {v.name}")
        print(f"({len(versions)} đơn vị ngày {on:%d/%m/%Y})")
    return 0


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    from congdoan.cli import add_user_option

    org = sub.add_parser("org", help="cây tổ chức / organisation tree")
    org_sub = org.add_subparsers(dest="org_command", metavar="COMMAND", required=True)
    p = org_sub.add_parser(
        "tree", help="in cây đơn vị của một đơn vị vào một ngày / print a subtree as of a date"
    )
    p.add_argument("--unit", required=True, help="mã hoặc tên chính xác của đơn vị / unit code or exact name")
    p.add_argument("--date", type=_date, help="ngày (YYYY-MM-DD), mặc định hôm nay / as-of date")
    p.add_argument("--depth", type=int, help="số cấp tối đa / maximum depth")
    p.add_argument("--format", choices=["text", "json"], default="text")
    add_user_option(p)
    p.set_defaults(handler=cmd_tree)
