"""`congdoan report annual`: a unit's annual summary report from a terminal."""

from __future__ import annotations

import argparse
import json
import sys


def cmd_annual(args: argparse.Namespace) -> int:
    from congdoan.cli import acting_user
    from congdoan.org.selectors import resolve_unit
    from congdoan.reports import annual, documents, render

    binary = {"docx": documents.write_docx, "xlsx": documents.write_xlsx, "pdf": documents.write_pdf}

    if args.format in ("docx", "xlsx", "pdf") and not args.out:
        print(
            "Lỗi: định dạng docx/xlsx/pdf cần --out TỆP / docx, xlsx and pdf need --out FILE", file=sys.stderr
        )
        return 2
    user = acting_user(args.user)
    root = resolve_unit(user, args.unit)
    report = annual.build(root, args.year)
    if args.format in binary:
        with open(args.out, "wb") as out:
            binary[args.format](report, out)
        print(f"Đã ghi {args.out}", file=sys.stderr)
        return 0
    if args.format == "json":
        text = json.dumps(report.as_dict(), ensure_ascii=False, indent=2) + "\n"
    elif args.format == "html":
        from django.template.loader import render_to_string

        text = render_to_string("reports/annual_document.html", render.context(report))
    else:
        text = render.as_text(report)
    if args.out:
        with open(args.out, "w", encoding="utf-8") as out:
            out.write(text)
        print(f"Đã ghi {args.out}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0


def cmd_forget(args: argparse.Namespace) -> int:
    from congdoan.cli import acting_user
    from congdoan.reports import kept

    user = acting_user(args.user)
    if not user.is_superuser:
        print(
            "Lỗi: chỉ quản trị hệ thống được xoá số liệu lưu sẵn / only a system administrator may do this",
            file=sys.stderr,
        )
        return 2
    count = kept.forget_all()
    print(f"Đã xoá {count:,} số liệu lưu sẵn; lần báo cáo sau sẽ tính lại từ hồ sơ.".replace(",", "."))
    return 0


def _year(value: str) -> int:
    try:
        year = int(value)
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"năm không hợp lệ: {value} (dạng YYYY)") from error
    if not 1900 <= year <= 2100:
        raise argparse.ArgumentTypeError(f"năm không hợp lệ: {value} (dạng YYYY)")
    return year


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    from congdoan.cli import add_user_option

    report = sub.add_parser("report", help="báo cáo / reports")
    report_sub = report.add_subparsers(dest="report_command", metavar="COMMAND", required=True)
    p = report_sub.add_parser(
        "annual", help="báo cáo tổng kết năm của một đơn vị và các đơn vị trực thuộc / annual summary report"
    )
    p.add_argument("--unit", required=True, help="mã hoặc tên chính xác của đơn vị / unit code or exact name")
    p.add_argument("--year", required=True, type=_year, help="năm báo cáo (YYYY) / year")
    p.add_argument("--format", choices=["text", "json", "html", "docx", "xlsx", "pdf"], default="text")
    p.add_argument("--out", help="ghi ra tệp thay vì màn hình / write to a file")
    add_user_option(p)
    p.set_defaults(handler=cmd_annual)
    p = report_sub.add_parser(
        "forget",
        help="xoá số liệu báo cáo lưu sẵn, để tính lại từ hồ sơ (sau khi sửa thẳng cơ sở dữ liệu) "
        "/ forget the kept figures",
    )
    add_user_option(p)
    p.set_defaults(handler=cmd_forget)
