"""`congdoan import members FILE …` and `congdoan import KIND FILE …`: a spreadsheet, all rows or none.

``members`` is the member list (``imports/members.py``); every other KIND is
a record kind an app registered (``imports/records.py``: grants, targets …),
with the same options, report and exit status.

Exit status: 0 the file was imported (or would be, with ``--dry-run``);
1 nothing was written because of row errors; 2 unusable input (not a
spreadsheet, no member table, no unit), with a message.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from congdoan.imports.export_cli import ProgressBar


class ImportProgressBar(ProgressBar):
    def line(self, done: int, total: int) -> str:
        from congdoan.common.formats import vn_number

        share = min(done / total, 1.0) if total else 1.0
        filled = int(share * self.WIDTH)
        bar = "#" * filled + "." * (self.WIDTH - filled)
        return f"Đang đọc {vn_number(done):>9} / {vn_number(total)} dòng [{bar}] {int(share * 100):3d}%"


def _print_text(result: Any, rejects: str | None) -> None:
    from congdoan.common.formats import vn_number

    r = result
    print(
        f"{r.filename}: đọc {vn_number(r.rows_read)} dòng — thêm mới {vn_number(r.created)}, "
        f"cập nhật {vn_number(r.updated)}, không đổi {vn_number(r.unchanged)}, lỗi {vn_number(r.rejected)}."
    )
    for sheet, reason in r.skipped_sheets:
        print(f"Bỏ qua trang «{sheet}»: {reason}")
    for error in r.errors[:200]:
        where = f"trang «{error.sheet}», " if error.sheet else ""
        column = f"cột {error.column}, " if error.column else ""
        value = f" [{error.value}]" if error.value else ""
        print(f"  {where}dòng {error.row}, {column}{error.code}{value}: {error.message}", file=sys.stderr)
    if r.error_count > 200:
        print(f"  … và {vn_number(r.error_count - 200)} lỗi khác", file=sys.stderr)
    if r.dry_run:
        print("Chạy thử (--dry-run): không ghi gì vào cơ sở dữ liệu.")
    elif r.written:
        print("Đã ghi vào cơ sở dữ liệu.")
    else:
        print("Không ghi gì: sửa các lỗi trên rồi nhập lại (hoặc dùng --skip-invalid TỆP_LỖI.xlsx).")
    if rejects and r.rejected:
        print(f"Các dòng lỗi đã ghi vào {rejects}.")


def _import(args: argparse.Namespace, run: Callable[..., Any], spec: Any = None) -> int:
    """One import from the command line, whatever the file holds: ``run(**options)`` imports it.

    The acting user, the unit (code or exact name, inside the user's scope),
    the progress bar, the rejects file, the report (text or JSON) and the
    exit status are the same for members and for every record kind.
    """
    from django.utils.translation import gettext as _

    from congdoan.cli import acting_user
    from congdoan.imports.rejects import RejectsWriter
    from congdoan.imports.sheets import UnusableFile
    from congdoan.org.selectors import resolve_unit

    user = acting_user(args.user)
    unit = resolve_unit(user, args.unit) if args.unit else None
    path = Path(args.file)
    if not path.is_file():
        print(_("Lỗi: không có tệp «%(f)s».") % {"f": args.file}, file=sys.stderr)
        return 2
    bar = ImportProgressBar(sys.stderr)
    rejects = None
    if args.skip_invalid:
        rejects = RejectsWriter(args.skip_invalid) if spec is None else RejectsWriter(args.skip_invalid, spec)
    try:
        result = run(
            actor=user,
            source=str(path),
            filename=path.name,
            unit=unit,
            dry_run=args.dry_run,
            skip_invalid=bool(args.skip_invalid),
            on_reject=rejects.add if rejects else None,
            progress=lambda done, total: bar(done, total or done),
        )
    except UnusableFile as problem:
        bar.close()
        if args.format == "json":
            print(
                json.dumps(
                    {"file": path.name, "error": problem.code, "message": problem.message}, ensure_ascii=False
                )
            )
        print(_("Lỗi: %(m)s") % {"m": problem.message}, file=sys.stderr)
        return 2
    finally:
        if rejects is not None:
            rejects.close()
    bar.close()
    if args.format == "json":
        print(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))
    else:
        _print_text(result, args.skip_invalid)
    if result.error_count and not args.skip_invalid:
        return 1
    return 0


def cmd_import_members(args: argparse.Namespace) -> int:
    from congdoan.imports.members import import_members

    return _import(args, import_members)


def cmd_import_records(args: argparse.Namespace) -> int:
    """`congdoan import KIND FILE`: a registered record kind (``imports/records.py``)."""
    from functools import partial

    from congdoan.imports.records import get_kind, import_records

    kind = get_kind(args.import_command)
    return _import(args, partial(import_records, kind), spec=kind.spec)


_DESCRIPTION = (
    "Mọi dòng được kiểm tra trước; có lỗi thì không ghi gì (trừ khi dùng --skip-invalid). "
    "Mã thoát: 0 đã nhập (hoặc nhập được, với --dry-run); 1 không ghi vì có dòng lỗi; "
    "2 tệp không dùng được."
)


def _add_options(p: argparse.ArgumentParser, unit_help: str) -> None:
    from congdoan.cli import add_user_option

    p.add_argument("file", metavar="FILE", help="tệp bảng tính / the spreadsheet")
    p.add_argument("--unit", help=unit_help)
    p.add_argument("--dry-run", action="store_true", help="chỉ kiểm tra, không ghi / check only")
    p.add_argument(
        "--skip-invalid",
        metavar="REJECTS.xlsx",
        help="nhập các dòng đúng, ghi các dòng lỗi kèm lý do vào tệp này / import valid rows, write rejected ones here",
    )
    p.add_argument("--format", choices=["text", "json"], default="text")
    add_user_option(p)


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    from congdoan.imports.records import kinds

    group = sub.add_parser(
        "import",
        help="nhập dữ liệu từ bảng tính / import from spreadsheets",
        description="Nhập dữ liệu từ tệp .xlsx, .xls, .ods, .csv: đoàn viên, hoặc một loại hồ sơ khác "
        "(COMMAND là loại dữ liệu). / Import a spreadsheet; COMMAND says what it holds.",
    )
    group_sub = group.add_subparsers(dest="import_command", metavar="COMMAND", required=True)
    p = group_sub.add_parser(
        "members",
        help="nhập danh sách đoàn viên từ .xlsx, .xls, .ods, .csv / import a member list",
        description=_DESCRIPTION,
    )
    _add_options(p, "mã hoặc tên chính xác của công đoàn cơ sở nhận danh sách / target unit")
    p.set_defaults(handler=cmd_import_members)
    # Every registered record kind (apps register theirs in AppConfig.ready(), before the parser is built).
    for kind in kinds():
        label, title = str(kind.label), kind.spec.title.capitalize()
        p = group_sub.add_parser(
            kind.name,
            help=label if title.casefold() == label.casefold() else f"{label} ({title})",
            description=f"{kind.description} {_DESCRIPTION}".strip(),
        )
        _add_options(
            p,
            "mã hoặc tên chính xác của đơn vị nhận dữ liệu; để trống khi tệp có cột đơn vị / target unit",
        )
        p.set_defaults(handler=cmd_import_records)
