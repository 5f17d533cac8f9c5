"""Run a benchmark body on a throw-away database: a SQLite file in a temporary folder, or a PostgreSQL cluster.

Shared by the scripts of bench/. Django reads ``DATABASE_URL`` once per
process, so each database runs in its own process; nothing outside the
temporary folders is touched.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path


def run_in_temporary_database(db: str, body: Callable[[], None], env: dict[str, str] | None = None) -> None:
    """Point Django at a fresh ``db`` ("sqlite" or "postgres"), run ``body``, then remove everything."""
    tmp = Path(tempfile.mkdtemp(prefix="congdoan-bench-"))
    os.environ["CONGDOAN_DATA_DIR"] = str(tmp)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "congdoan.settings")
    os.environ.update(env or {})
    cluster = None
    if db == "postgres":
        from congdoan.testing.pgcluster import start_cluster

        cluster = start_cluster()
        os.environ["DATABASE_URL"] = cluster.url
    else:
        os.environ.pop("DATABASE_URL", None)
    try:
        body()
    finally:
        from django.db import connections

        connections.close_all()
        if cluster is not None:
            cluster.stop()
        shutil.rmtree(tmp, ignore_errors=True)
