"""pytest plugin: choose the database of the run, and make browser tests possible.

``CONGDOAN_TEST_DB`` picks the database: ``sqlite`` (the default; each
pytest-xdist worker gets its own in-memory database) or ``postgres``. With
``postgres`` the controller process starts a throw-away PostgreSQL cluster
(:mod:`congdoan.testing.pgcluster`) before pytest-django reads the
settings, and points ``DATABASE_URL`` at it; the workers inherit that
variable and pytest-django gives each worker its own test database
(``test_postgres_gw0``, ``test_postgres_gw1``...). The cluster is removed
when the run ends. A ``DATABASE_URL`` already set is ignored: tests never
touch a real database.

PostgreSQL is required, not optional: when its server binaries are missing
the plugin installs Debian's ``postgresql-15`` if it runs as root with
apt-get, and otherwise stops the run with a message saying so.
"""

from __future__ import annotations

import atexit
import os
import shutil
import subprocess

import pytest

_cluster = None


def _install_postgresql() -> bool:
    """apt-get install postgresql-15 when this process may; True when it ran and succeeded."""
    if not shutil.which("apt-get") or not hasattr(os, "geteuid") or os.geteuid() != 0:
        return False
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update", "-qq"], env=env, capture_output=True, check=False)  # noqa: S607
    result = subprocess.run(
        ["apt-get", "install", "-y", "-qq", "postgresql-15"],  # noqa: S607
        env=env,
        capture_output=True,
        check=False,
    )
    return result.returncode == 0


def _start_cluster():  # type: ignore[no-untyped-def]
    from congdoan.testing.pgcluster import ClusterUnavailable, start_cluster

    try:
        return start_cluster()
    except ClusterUnavailable as first:
        if "not found" in str(first) and _install_postgresql():
            return start_cluster()
        raise pytest.UsageError(
            "CONGDOAN_TEST_DB=postgres: cannot start a PostgreSQL cluster for the tests "
            f"(the suite must pass on PostgreSQL 15 too).\n  {first}"
        ) from first


@pytest.hookimpl(tryfirst=True)
def pytest_load_initial_conftests(early_config, parser, args):  # type: ignore[no-untyped-def]
    global _cluster
    # Playwright's sync API runs an event loop in the test thread; Django
    # refuses ORM calls there unless told that this is safe (it is: tests).
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    database = os.environ.get("CONGDOAN_TEST_DB", "sqlite").strip().lower()
    if database not in {"sqlite", "postgres"}:
        raise pytest.UsageError(f"CONGDOAN_TEST_DB must be sqlite or postgres, not {database!r}")
    if os.environ.get("PYTEST_XDIST_WORKER"):
        return  # the controller chose the database; DATABASE_URL is inherited
    if database == "sqlite":
        os.environ.pop("DATABASE_URL", None)
        return
    _cluster = _start_cluster()
    os.environ["DATABASE_URL"] = _cluster.url
    atexit.register(_cluster.stop)


def pytest_report_header(config):  # type: ignore[no-untyped-def]
    from django.conf import settings

    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    if engine == "postgresql":
        where = f"throw-away cluster in {_cluster.root}" if _cluster is not None else "DATABASE_URL"
        return f"congdoan: database PostgreSQL ({where}), one test database per worker"
    return f"congdoan: database {engine} (in memory, one per worker)"


def pytest_unconfigure(config):  # type: ignore[no-untyped-def]
    global _cluster
    if _cluster is not None and not os.environ.get("PYTEST_XDIST_WORKER"):
        _cluster.stop()
        _cluster = None
