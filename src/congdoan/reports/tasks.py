"""Building a large report in the background (the country, a big province), with its progress.

A page asks :func:`start` for the report of a unit and year. A report
whose subtree holds more than :data:`LARGE` units and is not cached yet is
built by the background worker (django-tasks, as imports are): the page shows
the progress the build writes to the cache (:func:`progress`) and polls until
the figures are there, then shows them. Smaller reports (a province: about
half a second) are built in the request.
"""

from __future__ import annotations

import logging

from django.core.cache import cache
from django_tasks import task

from congdoan.org.models import Unit
from congdoan.reports import annual
from congdoan.reports.rollup import DatedTree

logger = logging.getLogger(__name__)

#: Units in a subtree above which its report is built in the background.
LARGE = 20_000
#: How long a started build is remembered as running (seconds): a stopped worker does not block forever.
RUNNING_FOR = 30 * 60


def _progress_key(unit_pk: int, year: int) -> str:
    return f"reports:progress:{unit_pk}:{year}"


def progress(unit: Unit, year: int) -> float | None:
    """How far the background build of this report is (0 to 1), or None if none is running."""
    value = cache.get(_progress_key(unit.pk, year))
    return float(value) if value is not None else None


def is_large(unit: Unit, year: int) -> bool:
    on = annual.report_day(unit, year)
    if on is None:
        return False
    import datetime as dt

    return DatedTree(unit, dt.date(year, 1, 1), on).unit_ids().count() > LARGE


@task()
def build_report(unit_pk: int, year: int) -> None:
    """Build and cache the annual report, writing the progress for the page that waits."""
    unit = Unit.objects.filter(pk=unit_pk).first()
    key = _progress_key(unit_pk, year)
    if unit is None:
        cache.delete(key)
        return
    try:
        annual.cached_build(unit, year, progress=lambda done: cache.set(key, done, RUNNING_FOR))
    except Exception:
        logger.exception("the annual report of unit %s for %s failed", unit_pk, year)
        raise
    finally:
        cache.delete(key)


def start(unit: Unit, year: int) -> annual.AnnualReport | None:
    """The report now if it is cached or small enough to build in the request; else None, and it is being built."""
    report = annual.cached(unit, year)
    if report is not None:
        return report
    if not is_large(unit, year):
        return annual.cached_build(unit, year)
    if progress(unit, year) is None:
        cache.set(_progress_key(unit.pk, year), 0.0, RUNNING_FOR)
        build_report.enqueue(unit.pk, year)
    # With the immediate backend (tests) the report is there already.
    return annual.cached(unit, year)
