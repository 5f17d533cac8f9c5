#!/usr/bin/env python3
"""The two set-up commands of congdoan, for a fresh machine with only Python 3.11+.

    python3 dev.py demo    install, build the demo database, serve it on http://127.0.0.1:8000
    python3 dev.py test    install with the test tools; lint, type-check, run the suite on SQLite,
                           on PostgreSQL, and the browser tests

Both put uv into ``.tools/`` and the locked dependencies into ``.venv/``.
Extra arguments after ``demo`` go to ``congdoan demo`` (e.g. ``--no-serve``);
after ``test`` they go to every pytest run (e.g. ``tests/org -x``).
Uses only the standard library: it runs before anything is installed.
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
LINT_PATHS = ["src", "tests", "bench", "dev.py"]
# Two workers: CI has two cores, and more workers only add start-up time to a suite this size.
WORKERS = str(min(2, os.cpu_count() or 1))
# pytest: "no tests collected" (a path argument without browser tests) is not a failure.
NO_TESTS_COLLECTED = 5


def say(message: str) -> None:
    print(f"==> {message}", flush=True)


def run(argv: list[str], env: dict[str, str] | None = None, quiet: bool = False) -> int:
    output = subprocess.DEVNULL if quiet else None
    return subprocess.call(argv, cwd=ROOT, env=env, stdout=output, stderr=output)


def check(argv: list[str], env: dict[str, str] | None = None) -> None:
    status = run(argv, env)
    if status != 0:
        print(f"Lỗi / failed ({status}): {' '.join(argv)}", file=sys.stderr)
        sys.exit(status)


def is_root_with_apt() -> bool:
    return bool(shutil.which("apt-get")) and hasattr(os, "geteuid") and os.geteuid() == 0


def apt_install(*packages: str) -> bool:
    """apt-get install ``packages`` quietly (root only); True when it succeeded."""
    if not is_root_with_apt():
        return False
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    run(["apt-get", "update", "-qq"], env, quiet=True)
    return run(["apt-get", "install", "-y", "-qq", *packages], env, quiet=True) == 0


def uv() -> str:
    """uv, pinned, in its own small virtual environment ``.tools/`` (created on first use)."""
    path = TOOLS / BIN / f"uv{EXE}"
    if path.exists():
        return str(path)
    say(f"Cài uv {UV_VERSION} vào .tools/ / installing uv")
    if run([sys.executable, "-m", "venv", str(TOOLS)]) != 0:
        # Debian splits venv (ensurepip) out of the interpreter package.
        shutil.rmtree(TOOLS, ignore_errors=True)
        if not apt_install(f"python3.{sys.version_info.minor}-venv") and not apt_install("python3-venv"):
            print(
                "Lỗi: Python không tạo được môi trường ảo. Hãy cài gói python3-venv.\n"
                "Error: Python cannot create a virtual environment; install python3-venv.",
                file=sys.stderr,
            )
            sys.exit(1)
        check([sys.executable, "-m", "venv", str(TOOLS)])
    check([str(TOOLS / BIN / f"python{EXE}"), "-m", "pip", "install", "-q", f"uv=={UV_VERSION}"])
    return str(path)


def sync(*, dev: bool) -> None:
    say("Cài các thư viện đã khoá vào .venv/ / installing locked dependencies")
    env = {**os.environ, "UV_PYTHON_DOWNLOADS": "never", "UV_PROJECT_ENVIRONMENT": str(VENV)}
    argv = [uv(), "sync", "--locked", "--python", sys.executable, "--quiet"]
    if not dev:
        # --inexact: leave the test tools of an earlier `dev.py test` in place instead of removing them.
        argv += ["--no-dev", "--inexact"]
    check(argv, env)


def venv_bin(name: str) -> str:
    return str(VENV / BIN / f"{name}{EXE}")


def demo(args: list[str]) -> int:
    sync(dev=False)
    argv = [venv_bin("congdoan"), "demo", *args]
    if os.name == "posix":
        os.chdir(ROOT)
        os.execv(argv[0], argv)  # noqa: S606 - the server takes over this process (Ctrl+C stops it)
    return run(argv)


def chromium_missing() -> str | None:
    """Make sure Debian's chromium is there for the browser tests; say why not when it cannot be."""
    if Path(CHROMIUM).exists():
        return None
    if is_root_with_apt():
        say("Cài chromium (Debian) cho kiểm thử trình duyệt / installing Debian's chromium")
        if apt_install("chromium") and Path(CHROMIUM).exists():
            return None
        return f"{CHROMIUM} is missing and 'apt-get install chromium' failed"
    return f"{CHROMIUM} is missing and cannot be installed here (needs root and apt-get)"


def test(args: list[str]) -> int:
    sync(dev=True)
    timings: list[tuple[str, float, int]] = []

    def phase(
        name: str, argv: list[str], env: dict[str, str] | None = None, ok: tuple[int, ...] = (0,)
    ) -> None:
        say(name)
        started = time.monotonic()
        status = run(argv, {**os.environ, **(env or {})})
        timings.append((name, time.monotonic() - started, 0 if status in ok else status))

    lint_paths = [p for p in LINT_PATHS if (ROOT / p).exists()]
    phase("ruff check", [venv_bin("ruff"), "check", *lint_paths])
    phase("ruff format --check", [venv_bin("ruff"), "format", "--check", *lint_paths])
    phase("mypy", [venv_bin("mypy")])

    skip_browser = chromium_missing()
    pytest = [venv_bin("pytest"), "-p", "no:cacheprovider"]
    phase(
        "pytest, SQLite",
        [*pytest, "-n", WORKERS, "-m", "not browser", *args],
        {"CONGDOAN_TEST_DB": "sqlite"},
    )
    phase(
        "pytest, PostgreSQL 15 (throw-away cluster)",
        [*pytest, "-n", WORKERS, "-m", "not browser", *args],
        {"CONGDOAN_TEST_DB": "postgres"},
    )
    if skip_browser:
        print(f"Bỏ qua kiểm thử trình duyệt / browser tests skipped: {skip_browser}", flush=True)
    else:
        phase(
            "pytest, browser (Playwright + Debian chromium, SQLite)",
            [*pytest, "-m", "browser", *args],
            {"CONGDOAN_TEST_DB": "sqlite"},
            ok=(0, NO_TESTS_COLLECTED),
        )

    print()
    for name, seconds, status in timings:
        print(f"  {seconds:7.1f} s  {'ok    ' if status == 0 else 'FAILED'}  {name}")
    if skip_browser:
        print(f"  Bỏ qua kiểm thử trình duyệt / browser tests skipped: {skip_browser}")
    failed = [name for name, _seconds, status in timings if status != 0]
    if failed:
        print(f"Lỗi / FAILED: {'; '.join(failed)}", file=sys.stderr)
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
