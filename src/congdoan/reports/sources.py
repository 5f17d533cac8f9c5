"""The records whose figures are kept (``kept.py``): each source's own rows of some units.

Each ``own(units, start, end, segment)`` groups the records of the units
matched by ``units`` by unit, ``segment(date_field)`` (or the day, when
``segment`` is None) and kind, and gives one row ``(unit, group, key,
value)`` per value. The keys name what the indicators read
(``indicators.py``): ``total``, ``women``…; ``n:<kind>``, ``amount:<kind>``….
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from typing import Any

from django.db.models import Count, F, Q, QuerySet, Sum

from congdoan.activities.models import Session
from congdoan.care.models import GrantState, SupportGrant, SupportProgramme
from congdoan.emulation.models import Initiative
from congdoan.members import selectors as members
from congdoan.members.models import EventKind as MemberEventKind
from congdoan.members.models import MemberEvent, Spell
from congdoan.members.reference import KINH, Citizenship, Gender
from congdoan.org.models import Level, UnitVersion, WorkforceReport
from congdoan.reports.kept import (
    ADMISSIONS,
    GRASSROOTS,
    INITIATIVES,
    MEMBERS,
    SESSIONS,
    SUPPORT,
    WORKERS,
    Row,
    Source,
    register,
)

Segment = Callable[[str], Any] | None


def _grouped(
    qs: QuerySet[Any], date_field: str, segment: Segment, keys: tuple[str, ...], aggregates: dict[str, Any]
) -> Iterator[tuple[Any, ...]]:
    """``(unit, group, *keys, *aggregates)`` of ``qs`` grouped by unit, segment (or day) and ``keys``."""
    group = segment(date_field) if segment is not None else F(date_field)
    return iter(
        qs.order_by()
        .annotate(group=group)
        .values_list("unit_id", "group", *keys)
        .annotate(**aggregates)
        .values_list("unit_id", "group", *keys, *aggregates)
    )


def _members(units: Q, start: dt.date, end: dt.date, segment: Segment) -> Iterator[Row]:
    """Active members on ``end``: total, women, ethnic minorities, foreign workers."""
    rows = (
        Spell.objects.on(end)
        .filter(units, state__in=members.ACTIVE_ONLY)
        .order_by()
        .values_list("unit_id")
        .annotate(
            total=Count("id"),
            women=Count("id", filter=Q(person__gender=Gender.FEMALE)),
            minorities=Count(
                "id", filter=Q(person__citizenship=Citizenship.VIETNAMESE) & ~Q(person__ethnicity=KINH)
            ),
            foreign=Count("id", filter=Q(person__citizenship=Citizenship.FOREIGN)),
        )
        .values_list("unit_id", "total", "women", "minorities", "foreign")
    )
    for unit, total, women, minorities, foreign in rows:
        yield unit, end, "total", total
        yield unit, end, "women", women
        yield unit, end, "minorities", minorities
        yield unit, end, "foreign", foreign


def _admissions(units: Q, start: dt.date, end: dt.date, segment: Segment) -> Iterator[Row]:
    """Admissions (new members, not transfers in)."""
    qs = MemberEvent.objects.filter(units, kind=MemberEventKind.ADMITTED, on__gte=start, on__lte=end)
    for unit, group, n in _grouped(qs, "on", segment, (), {"n": Count("id")}):
        yield unit, group, "n", n


def _support(units: Q, start: dt.date, end: dt.date, segment: Segment) -> Iterator[Row]:
    """Paid support by programme kind: ``n:<kind>`` grants, ``amount:<kind>`` VND."""
    qs = SupportGrant.objects.filter(units, state=GrantState.PAID, on__gte=start, on__lte=end)
    rows = list(_grouped(qs, "on", segment, ("programme_id",), {"n": Count("id"), "total": Sum("amount")}))
    kinds = dict(SupportProgramme.objects.filter(pk__in={r[2] for r in rows}).values_list("pk", "kind"))
    for unit, group, programme, n, total in rows:
        yield unit, group, f"n:{kinds[programme]}", n
        yield unit, group, f"amount:{kinds[programme]}", total or 0


def _sessions(units: Q, start: dt.date, end: dt.date, segment: Segment) -> Iterator[Row]:
    """Study sessions by kind: ``n:<kind>`` sessions, ``p:<kind>`` participations, ``w:<kind>`` of women."""
    qs = Session.objects.filter(units, on__gte=start, on__lte=end)
    aggregates = {"n": Count("id"), "total": Sum("participants"), "women_total": Sum("women")}
    for unit, group, kind, n, total, women in _grouped(qs, "on", segment, ("kind",), aggregates):
        yield unit, group, f"n:{kind}", n
        yield unit, group, f"p:{kind}", total or 0
        yield unit, group, f"w:{kind}", women or 0


def _grassroots(units: Q, start: dt.date, end: dt.date, segment: Segment) -> Iterator[Row]:
    """Grassroots unions standing on ``end`` (one each; a dissolved one is not active and is skipped)."""
    rows = UnitVersion.objects.filter(
        units, unit__level=Level.GRASSROOTS, valid_from__lte=end, valid_to__gt=end
    ).values_list("unit_id", flat=True)
    for unit in rows:
        yield unit, end, "n", 1


def _workers(units: Q, start: dt.date, end: dt.date, segment: Segment) -> Iterator[Row]:
    """Workers of each unit on ``end``: its latest workforce report up to that day."""
    latest: dict[int, int] = {}
    rows = (
        WorkforceReport.objects.filter(units, as_of__lte=end)
        .order_by("unit_id", "as_of")
        .values_list("unit_id", "workers")
    )
    for unit, workers in rows:
        latest[unit] = workers  # ascending dates: the last one stays
    for unit, workers in latest.items():
        yield unit, end, "n", workers


def _initiatives(units: Q, start: dt.date, end: dt.date, segment: Segment) -> Iterator[Row]:
    """Initiatives recognised, by scope of recognition: ``n:<scope>``."""
    qs = Initiative.objects.filter(units, recognised_on__gte=start, recognised_on__lte=end)
    for unit, group, scope, n in _grouped(qs, "recognised_on", segment, ("scope",), {"n": Count("id")}):
        yield unit, group, f"n:{scope}", n


register(Source(MEMBERS, stock=True, own=_members))
register(Source(ADMISSIONS, stock=False, own=_admissions))
register(Source(SUPPORT, stock=False, own=_support))
register(Source(SESSIONS, stock=False, own=_sessions))
register(Source(GRASSROOTS, stock=True, own=_grassroots))
register(Source(WORKERS, stock=True, own=_workers))
register(Source(INITIATIVES, stock=False, own=_initiatives))
