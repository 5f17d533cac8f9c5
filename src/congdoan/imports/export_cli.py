"""`congdoan export members …`: a subtree's member list into an .xlsx or .csv file."""

from __future__ import annotations

import argparse
import errno
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import IO

from congdoan.org.cli import _date


class ProgressBar:
    """``Đang xuất  12.000 / 46.000 đoàn viên [#####.....]  26%`` on one terminal line.

    Redrawn at most every ``interval`` seconds, and only on a terminal: a log
    file or a pipe gets no bar. Exports done within ``delay`` never show one.
    """

    WIDTH = 30

    def __init__(
        self, stream: IO[str], *, enabled: bool | None = None, interval: float = 0.25, delay: float = 0.5
    ) -> None:
        self.stream = stream
        self.enabled = stream.isatty() if enabled is None else enabled
        self.interval = interval
        self.delay = delay
        self.started = time.monotonic()
        self.last = self.started + delay - interval  # the first bar is due after ``delay``
        self.shown = False

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if now - self.last < self.interval and (done < total or not self.shown):
            return
        self.last = now
        self.shown = True
        self.stream.write("\r" + self.line(done, total))
        self.stream.flush()

    def line(self, done: int, total: int) -> str:
        from congdoan.common.formats import vn_number

        share = done / total if total else 1.0
        filled = int(share * self.WIDTH)
        bar = "#" * filled + "." * (self.WIDTH - filled)
        return f"Đang xuất {vn_number(done):>9} / {vn_number(total)} đoàn viên [{bar}] {int(share * 100):3d}%"

    def close(self) -> None:
        if self.shown:
            self.stream.write("\n")
            self.stream.flush()


def _format(args: argparse.Namespace) -> str:
    if args.format:
        return str(args.format)
    return "csv" if Path(args.out).suffix.lower() == ".csv" else "xlsx"


def _cannot_write(path: str, error: OSError) -> str:
    from django.utils.translation import gettext as _

    reasons = {
        errno.ENOENT: _("thư mục không tồn tại"),
        errno.EACCES: _("không có quyền ghi"),
        errno.EPERM: _("không có quyền ghi"),
        errno.EISDIR: _("đó là một thư mục"),
        errno.ENOSPC: _("đĩa đã đầy"),
        errno.EROFS: _("ổ đĩa chỉ cho đọc"),
    }
    reason = reasons.get(error.errno or 0, error.strerror or str(error))
    return _("Không ghi được tệp “%(path)s”: %(reason)s.") % {"path": path, "reason": reason}


def cmd_members(args: argparse.Namespace) -> int:
    from django.utils.translation import gettext as _

    from congdoan.cli import acting_user
    from congdoan.common.errors import DomainError
    from congdoan.common.formats import vn_number
    from congdoan.imports.export import save_members
    from congdoan.org.selectors import resolve_unit, today

    user = acting_user(args.user)
    root = resolve_unit(user, args.unit)
    on = args.date or today()
    fmt = _format(args)
    out = Path(args.out)
    # Written beside the target and renamed at the end: an interrupted export
    # never leaves a half-written file under the name asked for.
    try:
        handle = tempfile.NamedTemporaryFile(  # noqa: SIM115 - closed and renamed below
            dir=out.parent, prefix=f".{out.name}.", suffix=".part", delete=False
        )
    except OSError as error:
        raise DomainError(_cannot_write(args.out, error)) from error
    progress = ProgressBar(sys.stderr)
    try:
        with handle:
            count = save_members(actor=user, root=root, on=on, fmt=fmt, target=handle, progress=progress)
        os.replace(handle.name, out)
    except OSError as error:
        raise DomainError(_cannot_write(args.out, error)) from error
    finally:
        progress.close()
        if os.path.exists(handle.name):
            os.unlink(handle.name)
    print(_("Đã xuất %(n)s đoàn viên vào %(path)s") % {"n": vn_number(count), "path": args.out})
    return 0


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    from congdoan.cli import add_user_option

    export = sub.add_parser("export", help="xuất dữ liệu ra bảng tính / export to spreadsheets")
    export_sub = export.add_subparsers(dest="export_command", metavar="COMMAND", required=True)
    p = export_sub.add_parser(
        "members",
        help="danh sách đoàn viên của một đơn vị và các đơn vị trực thuộc (.xlsx, .csv) / member list of a subtree",
    )
    p.add_argument("--unit", required=True, help="mã hoặc tên chính xác của đơn vị / unit code or exact name")
    p.add_argument("--date", type=_date, help="ngày (YYYY-MM-DD), mặc định hôm nay / as-of date")
    p.add_argument(
        "--format",
        choices=["xlsx", "csv"],
        help="định dạng; mặc định theo đuôi tệp --out, không thì xlsx / file format (default: from --out)",
    )
    p.add_argument("--out", required=True, metavar="FILE", help="tệp ghi ra / output file")
    add_user_option(p)
    p.set_defaults(handler=cmd_members)
