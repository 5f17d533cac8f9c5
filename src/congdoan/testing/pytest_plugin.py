"""pytest plugin: choose the database of the run, and make browser tests possible.

With ``CONGDOAN_TEST_DB=postgres`` the controller process starts a
throw-away PostgreSQL cluster (:mod:`congdoan.testing.pgcluster`) before
pytest-django reads the settings, and points ``DATABASE_URL`` at it;
pytest-xdist workers inherit that variable and pytest-django gives each
worker its own test database. The cluster is removed when the run ends.
"""

from __future__ import annotations

import atexit
import os

import pytest

_cluster = None


@pytest.hookimpl(tryfirst=True)
def pytest_load_initial_conftests(early_config, parser, args):  # type: ignore[no-untyped-def]
    global _cluster
    # Playwright's sync API runs an event loop in the test thread; Django
    # refuses ORM calls there unless told that this is safe (it is: tests).
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    if os.environ.get("CONGDOAN_TEST_DB", "sqlite") != "postgres":
        os.environ.pop("DATABASE_URL", None)
        return
    if os.environ.get("PYTEST_XDIST_WORKER"):
        return  # the controller started the cluster; DATABASE_URL is inherited
    from congdoan.testing.pgcluster import start_cluster

    _cluster = start_cluster()
    os.environ["DATABASE_URL"] = _cluster.url
    atexit.register(_cluster.stop)


def pytest_report_header(config):  # type: ignore[no-untyped-def]
    from django.conf import settings

    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    return f"congdoan: database {engine}"


def pytest_unconfigure(config):  # type: ignore[no-untyped-def]
    global _cluster
    if _cluster is not None and not os.environ.get("PYTEST_XDIST_WORKER"):
        _cluster.stop()
        _cluster = None
