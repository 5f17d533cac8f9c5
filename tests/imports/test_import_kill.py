"""An import killed (SIGKILL) in the middle leaves the database exactly as before.

The child process (``kill_import.py``) builds its own database, starts an
import of 1,500 rows and kills itself after two chunks of 500 have been
written inside the import's transaction. A second process then finds no
trace of them, and imports the same file in full.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import subprocess
import sys
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.db import connection

from imports.sheet_factory import write
from member_data import cccd_for

HERE = Path(__file__).resolve().parent


def _env(tmp_path: Path) -> dict[str, str]:
    env = {**os.environ, "CONGDOAN_DATA_DIR": str(tmp_path), "PYTHONPATH": str(HERE.parent)}
    if connection.vendor == "postgresql":
        # A database of its own on the test cluster, made here and dropped by the cluster's removal.
        name = f"kill_{uuid.uuid4().hex[:8]}"
        with connection.cursor() as cursor:
            cursor.execute(f'CREATE DATABASE "{name}"')
        # The cluster's URL (set by the test plugin), with the new database's name.
        base = urlsplit(os.environ["DATABASE_URL"])
        env["DATABASE_URL"] = urlunsplit(base._replace(path=f"/{name}"))
    else:
        env.pop("DATABASE_URL", None)
    return env


@pytest.mark.django_db(transaction=True)
def test_a_killed_import_leaves_no_trace(tmp_path):
    rows = [["Họ và tên", "Ngày sinh", "Giới tính", "Số CCCD", "Ngày vào Công đoàn"]]
    for i in range(1500):
        born = dt.date(1970 + i % 30, 1 + i % 12, 1 + i % 28)
        rows.append([f"Nguyễn Văn Thử {i}", born, "Nam", cccd_for("male", born.year), dt.date(2020, 1, 1)])
    path = write(tmp_path / "lon.xlsx", {"DS": rows})
    env = _env(tmp_path)
    script = str(HERE / "kill_import.py")
    run = subprocess.run(
        [sys.executable, script, "run", str(path)], env=env, capture_output=True, text=True, timeout=300
    )
    assert run.returncode == -signal.SIGKILL, run.stderr
    check = subprocess.run(
        [sys.executable, script, "check", str(path)], env=env, capture_output=True, text=True, timeout=300
    )
    assert check.returncode == 0, check.stderr
    before, after = (json.loads(line) for line in check.stdout.splitlines())
    assert before == {"people": 0, "spells": 0, "events": 0, "imports": 0}
    assert after == {"created": 1500, "written": True, "errors": 0}
