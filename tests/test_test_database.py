"""The suite runs on the database it was asked for: a silent fallback to SQLite would hide PostgreSQL bugs."""

from __future__ import annotations

import os

from django.db import connection


def test_the_run_uses_the_database_it_was_asked_for(db):
    wanted = os.environ.get("CONGDOAN_TEST_DB", "sqlite")
    assert connection.vendor == {"sqlite": "sqlite", "postgres": "postgresql"}[wanted]
    if connection.vendor == "postgresql":
        # Debian's postgresql-15, and one test database per pytest-xdist worker.
        assert connection.pg_version // 10000 == 15
        worker = os.environ.get("PYTEST_XDIST_WORKER")
        assert connection.settings_dict["NAME"] == "test_postgres" + (f"_{worker}" if worker else "")
