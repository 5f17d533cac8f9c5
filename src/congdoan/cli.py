"""The `congdoan` command: run, set up and use the product from a terminal.

Commands of each app are registered here (``COMMAND_MODULES``); each module
has ``register(subparsers)`` adding its sub-commands, whose handler takes
the parsed arguments and returns an exit status. Data commands act as a
user (``--user``, default ``$CONGDOAN_USER`` or ``admin``) and see only
what that user's scope allows.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence
from typing import Any

COMMAND_MODULES = [
    "congdoan.org.cli",
    "congdoan.members.cli",
    "congdoan.imports.cli",
    "congdoan.imports.export_cli",
    "congdoan.reports.cli",
]

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "congdoan.settings")
    import django

    django.setup()


def _migrate(verbosity: int = 1) -> None:
    from django.conf import settings
    from django.core.management import call_command

    settings.DATA_DIR.mkdir(parents=True, exist_ok=True)
    call_command("migrate", interactive=False, verbosity=verbosity)


def cmd_migrate(args: argparse.Namespace) -> int:
    _migrate(verbosity=1)
    return 0


def _serve(host: str, port: int, *, demo: bool) -> int:
    from django.conf import settings
    from waitress import serve

    from congdoan.wsgi import application

    if (
        not demo
        and settings.SECRET_KEY == settings.INSECURE_DEMO_KEY
        and host not in {"127.0.0.1", "localhost", "::1"}
    ):
        print(
            "Lỗi: chưa đặt CONGDOAN_SECRET_KEY. Không phục vụ ra mạng với khoá mặc định.\n"
            "Error: set CONGDOAN_SECRET_KEY before serving on a network address.",
            file=sys.stderr,
        )
        return 2
    # Imports run in the background: one worker thread beside the web server (docs/decisions/0004).
    from congdoan.common.background import start_worker

    start_worker()
    print(f"congdoan đang chạy tại / running at: http://{host}:{port}/", flush=True)
    print("Nhấn Ctrl+C để dừng / press Ctrl+C to stop.", flush=True)
    serve(application, host=host, port=port, threads=8, ident="congdoan")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        print("Cơ sở dữ liệu chưa cập nhật; đang chạy migrate… / applying migrations…", flush=True)
        _migrate(verbosity=0)
    return _serve(args.host, args.port, demo=False)


def cmd_demo(args: argparse.Namespace) -> int:
    from congdoan.org.demo import DEMO_LOGINS, build_demo

    _migrate(verbosity=0)
    build_demo(reset=args.reset, progress=print)
    if args.no_serve:
        print("Đã dựng xong dữ liệu mẫu / demo database ready.")
        return 0
    print()
    print("Tài khoản mẫu / demo logins (mật khẩu / password):")
    for username, password, description in DEMO_LOGINS:
        print(f"  {username:<14} {password:<14} {description}")
    print()
    return _serve(args.host, args.port, demo=True)


def cmd_manage(args: argparse.Namespace) -> int:
    from django.core.management import execute_from_command_line

    execute_from_command_line(["congdoan manage", *args.rest])
    return 0


def acting_user(username: str | None) -> Any:
    """The user a CLI command acts as; every data command is scoped to it."""
    from congdoan.accounts.models import User
    from congdoan.common.errors import DomainError

    name = username or os.environ.get("CONGDOAN_USER") or "admin"
    user = User.objects.filter(username=name, is_active=True).first()
    if user is None:
        raise DomainError(f"Không có người dùng “{name}” (dùng --user hoặc CONGDOAN_USER).")
    return user


def add_user_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--user",
        help="người dùng thực hiện lệnh; chỉ thấy dữ liệu trong phạm vi của người này "
        "(mặc định $CONGDOAN_USER hoặc admin) / acting user",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="congdoan",
        description="congdoan — phần mềm quản lý công đoàn / trade union management.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("demo", help="dựng dữ liệu mẫu (tỉnh Lào Cai) và chạy / build the demo and serve it")
    p.add_argument("--no-serve", action="store_true", help="chỉ dựng cơ sở dữ liệu mẫu rồi dừng / build only")
    p.add_argument("--reset", action="store_true", help="xoá và dựng lại dữ liệu mẫu / rebuild from scratch")
    p.add_argument("--host", default=DEFAULT_HOST)
    p.add_argument("--port", type=int, default=DEFAULT_PORT)
    p.set_defaults(handler=cmd_demo)

    p = sub.add_parser("serve", help="chạy máy chủ web / run the web server")
    p.add_argument("--host", default=os.environ.get("CONGDOAN_HOST", DEFAULT_HOST))
    p.add_argument("--port", type=int, default=int(os.environ.get("CONGDOAN_PORT", DEFAULT_PORT)))
    p.set_defaults(handler=cmd_serve)

    p = sub.add_parser("migrate", help="tạo hoặc cập nhật cơ sở dữ liệu / create or update the database")
    p.set_defaults(handler=cmd_migrate)

    p = sub.add_parser("manage", help="lệnh quản trị Django / a Django management command")
    p.add_argument("rest", nargs=argparse.REMAINDER)
    p.set_defaults(handler=cmd_manage)

    for module_name in COMMAND_MODULES:
        importlib.import_module(module_name).register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    _setup_django()
    from congdoan.common.errors import DomainError

    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help()
        return 2
    try:
        return int(args.handler(args) or 0)
    except DomainError as error:
        print(f"Lỗi: {error.message}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
