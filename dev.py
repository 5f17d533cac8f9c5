#!/usr/bin/env python3
"""The two set-up commands of congdoan, for a fresh machine with only Python 3.11+.

    python3 dev.py demo    install, build the demo database, serve it on http://127.0.0.1:8000
    python3 dev.py test    install with test tools, lint, type-check, run the suite on SQLite and PostgreSQL

Both install uv into ``.tools/`` and the locked dependencies into ``.venv/``.
Extra arguments after ``demo`` go to ``congdoan demo`` (e.g. ``--no-serve``);
after ``test`` they go to pytest.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent
TOOLS = ROOT / ".tools"
VENV = ROOT / ".venv"
UV_VERSION = "0.13.9"
BIN = "Scripts" if os.name == "nt" else "bin"
EXE = ".exe" if os.name == "nt" else ""
CHROMIUM = "/usr/bin/chromium"


def say(message: str) -> None:
    print(f"==> {message}", flush=True)


def run(argv: list[str], **kwargs) -> int:  # type: ignore[no-untyped-def]
    return subprocess.call(argv, cwd=ROOT, **kwargs)


def check(argv: list[str], **kwargs) -> None:  # type: ignore[no-untyped-def]
    status = run(argv, **kwargs)
    if status != 0:
        print(f"Lỗi / failed ({status}): {' '.join(argv)}", file=sys.stderr)
        sys.exit(status)


def uv() -> str:
    path = TOOLS / BIN / f"uv{EXE}"
    if not path.exists():
        say(f"Cài uv {UV_VERSION} vào .tools/ / installing uv")
        check([sys.executable, "-m", "venv", str(TOOLS)])
        check([str(TOOLS / BIN / f"python{EXE}"), "-m", "pip", "install", "-q", f"uv=={UV_VERSION}"])
    return str(path)


def sync(*, dev: bool) -> None:
    say("Cài các thư viện vào .venv/ / installing dependencies")
    env = {**os.environ, "UV_PYTHON_DOWNLOADS": "never", "UV_PROJECT_ENVIRONMENT": str(VENV)}
    argv = [uv(), "sync", "--locked", "--python", sys.executable, "--quiet"]
    if not dev:
        argv.append("--no-dev")
    check(argv, env=env)


def venv_bin(name: str) -> str:
    return str(VENV / BIN / f"{name}{EXE}")


def demo(args: list[str]) -> int:
    sync(dev=False)
    return run([venv_bin("congdoan"), "demo", *args])


def ensure_chromium() -> str | None:
    """Debian's chromium for the browser tests; returns why they cannot run, or None."""
    if Path(CHROMIUM).exists():
        return None
    if shutil.which("apt-get") and hasattr(os, "geteuid") and os.geteuid() == 0:
        say("Cài chromium (Debian) cho kiểm thử trình duyệt / installing Debian's chromium")
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        run(["apt-get", "update", "-qq"], env=env, stdout=subprocess.DEVNULL)
        run(["apt-get", "install", "-y", "-qq", "chromium"], env=env, stdout=subprocess.DEVNULL)
        if Path(CHROMIUM).exists():
            return None
        return "apt-get install chromium failed"
    return f"{CHROMIUM} is missing and cannot be installed here (needs root and apt-get)"


def ensure_postgres() -> None:
    if shutil.which("initdb") or list(Path("/usr/lib/postgresql").glob("*/bin/initdb")):
        return
    if shutil.which("apt-get") and os.geteuid() == 0:
        say("Cài PostgreSQL 15 (Debian) / installing Debian's postgresql-15")
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        run(["apt-get", "update", "-qq"], env=env, stdout=subprocess.DEVNULL)
        run(["apt-get", "install", "-y", "-qq", "postgresql-15"], env=env, stdout=subprocess.DEVNULL)


def test(args: list[str]) -> int:
    sync(dev=True)
    timings: list[tuple[str, float]] = []

    def phase(name: str, argv: list[str], env: dict[str, str] | None = None) -> int:
        say(name)
        started = time.monotonic()
        status = run(argv, env={**os.environ, **(env or {})})
        timings.append((name, time.monotonic() - started))
        return status

    failures = []
    if phase("ruff check", [venv_bin("ruff"), "check", "src", "tests", "bench", "dev.py"]):
        failures.append("ruff check")
    if phase(
        "ruff format --check", [venv_bin("ruff"), "format", "--check", "src", "tests", "bench", "dev.py"]
    ):
        failures.append("ruff format")
    if phase("mypy", [venv_bin("mypy")]):
        failures.append("mypy")

    skip_browser = ensure_chromium()
    ensure_postgres()
    workers = ["-n", "2"]
    pytest = [venv_bin("pytest"), "-p", "no:cacheprovider", *workers]
    sqlite_args = list(args)
    if skip_browser:
        print(f"Bỏ qua kiểm thử trình duyệt / browser tests skipped: {skip_browser}", flush=True)
        sqlite_args += ["-m", "not browser"]
    if phase(
        "pytest on SQLite (with browser tests)", [*pytest, *sqlite_args], {"CONGDOAN_TEST_DB": "sqlite"}
    ):
        failures.append("pytest SQLite")
    if phase(
        "pytest on PostgreSQL",
        [*pytest, "-m", "not browser", *args],
        {"CONGDOAN_TEST_DB": "postgres"},
    ):
        failures.append("pytest PostgreSQL")

    print()
    for name, seconds in timings:
        print(f"  {seconds:7.1f} s  {name}")
    if skip_browser:
        print(f"  browser tests skipped: {skip_browser}")
    if failures:
        print(f"FAILED: {', '.join(failures)}", file=sys.stderr)
        return 1
    print("Tất cả đều đạt / all checks passed.")
    return 0


def main() -> int:
    if len(sys.argv) < 2 or sys.argv[1] not in {"demo", "test"}:
        print(__doc__)
        return 2
    command, rest = sys.argv[1], sys.argv[2:]
    return demo(rest) if command == "demo" else test(rest)


if __name__ == "__main__":
    sys.exit(main())
