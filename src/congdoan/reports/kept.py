"""Kept figures: a report of a big subtree adds up a few stored rows instead of reading every record.

The country has 11 million members and as many support grants a year;
counting them for every report takes tens of seconds. But the figures of a
subtree are sums of the figures of its children, and most children do not
change between two reports. So, for each **source** of figures (the member
stock, admissions, support, study sessions: :class:`Source`), the values of
a unit's subtree over a span of days are stored as a :class:`KeptFigure`
the first time a report needs them, and a report of unit X is the records
of X itself plus the kept values of X's children.

The rule is the roll-up's (``rollup.py``): a record counts where its unit
stood on the record's own day, and only on days its unit was active. A
kept value is keyed by (source, unit, first day, last day); its span is a
stretch of the report's period over which the unit's path (its place in the
tree) does not change, so the value is the same whatever report asks for
it, and a child's span fits inside its parent's.

A value stays right until a record of its subtree changes on a day it
covers, or the tree changes under it. The services that write records and
the tree call :func:`forget` with the units and days they touched: it
deletes the kept values of those units and of every unit that was ever
above them, from that day on. ``congdoan report forget`` deletes
them all (after changing data by hand in the database).

Missing values are computed one subtree at a time: a few missing children
each on their own (their own records, then their children, recursively);
many at once by one pass over the whole subtree's records (the first
report of a year).
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q

from congdoan.imports import bulk
from congdoan.org.models import OPEN_END, PATH_SEGMENT_WIDTH, Status, Unit, UnitVersion
from congdoan.reports.models import KeptFigure
from congdoan.reports.rollup import OWN, DatedTree

Values = dict[str, int]
#: (unit id, group, key, value): a source's records of a unit, grouped by ``group`` (a day or a segment).
Row = tuple[int, Any, str, int]
#: ``own(units, start, end, segment)``: the rows of the units matched by ``units`` (a Q on ``unit_id``)
#: from ``start`` to ``end``, grouped by ``segment(date_field)`` or, when it is None, by the day.
Own = Callable[[Q, dt.date, dt.date, Callable[[str], Any] | None], Iterable[Row]]

#: The sources' names (``sources.py`` declares them; the services name them to :func:`forget`).
MEMBERS, ADMISSIONS, SUPPORT, SESSIONS = "members", "admissions", "support", "sessions"
GRASSROOTS, WORKERS, INITIATIVES = "grassroots", "workers", "initiatives"
ALL = (MEMBERS, ADMISSIONS, SUPPORT, SESSIONS, GRASSROOTS, WORKERS, INITIATIVES)

#: Missing children above which the whole subtree is computed in one pass.
SMALL = 12
_STEP = PATH_SEGMENT_WIDTH + 1
_DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class Source:
    """A kind of records whose figures are kept: a stock (counted on the last day) or a flow."""

    name: str
    stock: bool
    own: Own


_SOURCES: dict[str, Source] = {}


def register(source: Source) -> Source:
    _SOURCES[source.name] = source
    return source


def get(name: str) -> Source:
    return _SOURCES[name]


# --------------------------------------------------------------------------
# reading


def rolled(
    source: Source, root: Unit, start: dt.date, end: dt.date, memo: dict[Any, Any] | None = None
) -> tuple[Values, dict[int, Values]]:
    """(the values of ``root``'s subtree, each child's part — :data:`OWN` for root's own records).

    ``memo``: a dict shared by the sources of one report, so the tree is read once for all of them.
    """
    if source.stock:
        start = end
    own, parts = _parts(source, root.pk, start, end, {} if memo is None else memo)
    by_child: dict[int, Values] = {OWN: own}
    for (child, _c0, _c1), values in parts.items():
        _add(by_child.setdefault(child, {}), values)
    total: Values = {}
    for values in by_child.values():
        _add(total, values)
    return total, by_child


def _add(into: Values, values: Values) -> None:
    for key, value in values.items():
        into[key] = into.get(key, 0) + value


Key = tuple[int, dt.date, dt.date]


def _parts(
    source: Source, unit_id: int, start: dt.date, end: dt.date, memo: dict[Any, Any]
) -> tuple[Values, dict[Key, Values]]:
    """(``unit_id``'s own values, the kept value of each child span) from ``start`` to ``end``."""
    if (unit_id, start, end) not in memo:
        memo[(unit_id, start, end)] = _child_spans(unit_id, start, end)
    spans = memo[(unit_id, start, end)]
    found = _read(source, unit_id, spans)
    missing = [span for span in spans if span not in found]
    if len(missing) > SMALL and not _kept_below(source, unit_id, start, end):
        own, computed = _whole_subtree(source, unit_id, start, end, memo)
        for span in missing:
            found[span] = computed.get(span, {})
        return own, found
    for child, c0, c1 in missing:
        child_own, child_parts = _parts(source, child, c0, c1, memo)
        values = dict(child_own)
        for part in child_parts.values():
            _add(values, part)
        found[(child, c0, c1)] = values
        _store(source, [((child, c0, c1), values)])
    return _own_active(source, unit_id, start, end), found


def _merged_spans(
    versions: Iterable[tuple[dt.date, dt.date, str]], start: dt.date, end: dt.date
) -> list[tuple[dt.date, dt.date]]:
    """The stretches of ``start``–``end`` (inclusive) over which the path of sorted ``versions`` stays the same."""
    spans: list[tuple[dt.date, dt.date]] = []
    last_path, last_to = None, None
    for valid_from, valid_to, path in versions:
        first, last = max(start, valid_from), min(end, valid_to - _DAY)
        if first > last:
            continue
        if spans and path == last_path and valid_from == last_to:
            spans[-1] = (spans[-1][0], last)
        else:
            spans.append((first, last))
        last_path, last_to = path, valid_to
    return spans


def _child_spans(unit_id: int, start: dt.date, end: dt.date) -> list[Key]:
    rows = (
        UnitVersion.objects.filter(parent_id=unit_id, valid_from__lte=end, valid_to__gt=start)
        .order_by("unit_id", "valid_from")
        .values_list("unit_id", "valid_from", "valid_to", "path")
    )
    by_unit: dict[int, list[tuple[dt.date, dt.date, str]]] = {}
    for child, valid_from, valid_to, path in rows:
        by_unit.setdefault(child, []).append((valid_from, valid_to, path))
    return [
        (child, c0, c1)
        for child, versions in by_unit.items()
        for c0, c1 in _merged_spans(versions, start, end)
    ]


def _read(source: Source, parent_id: int, spans: list[Key]) -> dict[Key, Values]:
    """The kept values of ``spans`` (children of ``parent_id``) that are there."""
    if not spans:
        return {}
    wanted = set(spans)
    children = UnitVersion.objects.filter(parent_id=parent_id).values("unit_id")
    rows = KeptFigure.objects.filter(
        source=source.name,
        unit_id__in=children,
        start__gte=min(s[1] for s in spans),
        end__lte=max(s[2] for s in spans),
    ).values_list("unit_id", "start", "end", "values")
    return {(unit, c0, c1): values for unit, c0, c1, values in rows if (unit, c0, c1) in wanted}


def _kept_below(source: Source, unit_id: int, start: dt.date, end: dt.date) -> bool:
    """Whether any value of the subtree is kept for these days: then the missing ones are few, each
    child is computed from what is kept below it; else the whole subtree is counted in one pass."""
    path = Unit.objects.filter(pk=unit_id).values_list("path", flat=True).first()
    if path is None:
        return False
    return (
        KeptFigure.objects.filter(
            source=source.name, start__gte=start, end__lte=end, unit__path__startswith=path
        )
        .exclude(unit_id=unit_id)
        .exists()
    )


def _own_active(source: Source, unit_id: int, start: dt.date, end: dt.date) -> Values:
    """The unit's own records from ``start`` to ``end``, on the days it was active."""
    active = list(
        UnitVersion.objects.filter(
            unit_id=unit_id, status=Status.ACTIVE, valid_from__lte=end, valid_to__gt=start
        ).values_list("valid_from", "valid_to")
    )
    values: Values = {}
    if not active:
        return values
    for _unit, day, key, value in source.own(Q(unit_id=unit_id), start, end, None):
        if any(valid_from <= day < valid_to for valid_from, valid_to in active):
            values[key] = values.get(key, 0) + value
    return values


def _whole_subtree(
    source: Source, unit_id: int, start: dt.date, end: dt.date, memo: dict[Any, Any]
) -> tuple[Values, dict[Key, Values]]:
    """Every kept value of the subtree in one pass over its records; stores them, returns (own, all)."""
    if ("tree", unit_id, start, end) not in memo:
        tree = DatedTree(Unit.objects.get(pk=unit_id), start, end)
        spans = {
            unit: _merged_spans([(f, t, p) for f, t, p, _s in versions], start, end)
            for unit, versions in tree._versions.items()
            if unit != unit_id
        }
        memo[("tree", unit_id, start, end)] = tree, spans
    tree, spans = memo[("tree", unit_id, start, end)]
    starts = {unit: [s[0] for s in unit_spans] for unit, unit_spans in spans.items()}
    computed: dict[Key, Values] = {
        (unit, c0, c1): {} for unit, unit_spans in spans.items() for c0, c1 in unit_spans
    }
    own: Values = {}
    segment = None if source.stock else tree.segment
    for unit, group, key, value in source.own(Q(unit_id__in=tree.unit_ids()), start, end, segment):
        day = group if source.stock else tree.segment_day(group)
        root_path = tree._root_path_on(day)
        path = tree._path_on(unit, day)
        if root_path is None or path is None or not path.startswith(root_path):
            continue
        if unit == unit_id:
            own[key] = own.get(key, 0) + value
            continue
        for at in range(len(root_path), len(path), _STEP):
            above = int(path[at : at + PATH_SEGMENT_WIDTH])
            index = bisect.bisect_right(starts[above], day) - 1
            c0, c1 = spans[above][index]
            values = computed[(above, c0, c1)]
            values[key] = values.get(key, 0) + value
    _store(source, list(computed.items()), replacing=tree.unit_ids())
    return own, computed


# --------------------------------------------------------------------------
# writing and forgetting


def _store(source: Source, items: list[tuple[Key, Values]], replacing: Any = None) -> None:
    """Keep ``items``, first deleting the kept values of the units of ``replacing`` (a subquery of unit
    ids) inside the items' days; a concurrent report that kept them first wins (the values are the same)."""
    if not items:
        return
    rows = [(source.name, unit, c0, c1, values) for (unit, c0, c1), values in items]
    try:
        with transaction.atomic():
            if replacing is not None:
                KeptFigure.objects.filter(
                    source=source.name,
                    unit_id__in=replacing,
                    start__gte=min(r[2] for r in rows),
                    end__lte=max(r[3] for r in rows),
                ).delete()
            bulk.insert(KeptFigure, ["source", "unit_id", "start", "end", "values"], rows)
    except IntegrityError:
        pass


def ancestors(unit_ids: Iterable[int]) -> set[int]:
    """The units and every unit that was ever above them."""
    ids = set(unit_ids)
    found = set(ids)
    for path in UnitVersion.objects.filter(unit_id__in=ids).values_list("path", flat=True).distinct():
        found.update(int(path[at : at + PATH_SEGMENT_WIDTH]) for at in range(0, len(path), _STEP))
    return found


def forget(
    names: Iterable[str], touched: Iterable[tuple[int, dt.date]], *, until: dt.date | None = None
) -> None:
    """Delete the kept values that records of ``touched`` (unit, first day changed) may have changed.

    Those of the units and every unit ever above them, from the earliest day on (a flow only up
    to ``until`` when it is given: the change was on those days alone).
    """
    days: dict[int, dt.date] = {}
    for unit_id, day in touched:
        if unit_id is not None and day is not None:
            days[unit_id] = min(day, days.get(unit_id, day))
    if not days:
        return
    since = min(days.values())
    condition = Q(source__in=list(names), unit_id__in=ancestors(days), end__gte=since)
    if until is not None and until < OPEN_END:
        condition &= Q(start__lte=until)
    KeptFigure.objects.filter(condition).delete()


def forget_all() -> int:
    """Delete every kept value (the next reports compute them again); returns how many there were."""
    count, _ = KeptFigure.objects.all().delete()
    return count
