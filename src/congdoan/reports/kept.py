"""Kept figures: a report of a big subtree adds up a few stored rows instead of reading every record.

The country has 11 million members and as many support grants a year;
counting them for every report takes tens of seconds. But the figures of a
subtree are sums of the figures of its children, and most children do not
change between two reports. So, for each **source** of figures (the member
stock, workers, grassroots unions, admissions, support, study sessions,
initiatives: :class:`Source`, declared in ``sources.py``), the values of
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

Missing values are computed level by level from what is kept below them
(a few queries per level of the tree, however many units a day's work
touched); when nothing of the subtree is kept for those days (the first
report of a year), or too many units are missing at one level, by one pass
over the whole subtree's records.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q

from congdoan.imports import bulk
from congdoan.org.models import OPEN_END, PATH_SEGMENT_WIDTH, Status, Unit, UnitVersion, path_ids
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

#: Units missing at one level of the tree above which the whole subtree is counted in one pass.
LEVEL_LIMIT = 2000
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
    memo = {} if memo is None else memo
    top: Key = (root.pk, start, end)
    try:
        if not _kept_below(source, root.pk, start, end):
            raise _TooMany  # the first report of these days: one pass over the records
        own, values = _resolve(source, top, memo)
    except _TooMany:
        own, values = _whole_subtree(source, root.pk, start, end, memo)
    by_child: dict[int, Values] = {OWN: own}
    for child, c0, c1 in _children(memo, [top])[top]:
        _add(by_child.setdefault(child, {}), values.get((child, c0, c1), {}))
    total: Values = {}
    for part in by_child.values():
        _add(total, part)
    return total, by_child


def _add(into: Values, values: Values) -> None:
    for key, value in values.items():
        into[key] = into.get(key, 0) + value


Key = tuple[int, dt.date, dt.date]


class _TooMany(Exception):
    """Too many values are missing to compute them unit by unit: count the subtree in one pass."""


def _resolve(source: Source, top: Key, memo: dict[Any, Any]) -> tuple[Values, dict[Key, Values]]:
    """(``top``'s own values, the value of every key below it that was needed), computing the missing
    ones level by level from what is kept below them: a few queries per level, whatever the number
    of units changed."""
    values: dict[Key, Values] = {}
    levels: list[tuple[list[Key], dict[Key, list[Key]]]] = []
    parents = [top]
    while parents:
        if len(parents) > LEVEL_LIMIT:
            raise _TooMany
        below = _children(memo, parents)
        kids = [key for parent in parents for key in below[parent]]
        values.update(_read(source, kids))
        levels.append((parents, below))
        parents = [key for key in kids if key not in values]
    own = _own(source, [key for parents, _below in levels for key in parents])
    computed: list[tuple[Key, Values]] = []
    for parents, below in reversed(levels[1:]):  # the top's own figure is not kept: its report adds it up
        for key in parents:
            total = dict(own.get(key, {}))
            for child in below[key]:
                _add(total, values[child])
            values[key] = total
            computed.append((key, total))
    _store(source, computed)
    return own.get(top, {}), values


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


def _children(memo: dict[Any, Any], parents: list[Key]) -> dict[Key, list[Key]]:
    """The keys of each parent's children: their spans of unchanged path inside the parent's days."""
    needed = [key for key in parents if ("children", key) not in memo]
    for chunk in _chunks(needed):
        versions: dict[int, dict[int, list[tuple[dt.date, dt.date, str]]]] = {}
        rows = (
            UnitVersion.objects.filter(
                parent_id__in={key[0] for key in chunk},
                valid_from__lte=max(key[2] for key in chunk),
                valid_to__gt=min(key[1] for key in chunk),
            )
            .order_by("unit_id", "valid_from")
            .values_list("parent_id", "unit_id", "valid_from", "valid_to", "path")
        )
        for parent, child, valid_from, valid_to, path in rows:
            versions.setdefault(parent, {}).setdefault(child, []).append((valid_from, valid_to, path))
        for unit_id, start, end in chunk:
            memo[("children", (unit_id, start, end))] = [
                (child, c0, c1)
                for child, child_versions in versions.get(unit_id, {}).items()
                for c0, c1 in _merged_spans(child_versions, start, end)
            ]
    return {key: memo[("children", key)] for key in parents}


def _chunks(keys: list[Key], size: int = 5000) -> Iterator[list[Key]]:
    for at in range(0, len(keys), size):
        yield keys[at : at + size]


def _read(source: Source, keys: list[Key]) -> dict[Key, Values]:
    """The kept values of ``keys`` that are there."""
    found: dict[Key, Values] = {}
    for chunk in _chunks(keys):
        wanted = set(chunk)
        rows = KeptFigure.objects.filter(
            source=source.name,
            unit_id__in={key[0] for key in chunk},
            start__gte=min(key[1] for key in chunk),
            end__lte=max(key[2] for key in chunk),
        ).values_list("unit_id", "start", "end", "values")
        found.update({(u, c0, c1): v for u, c0, c1, v in rows if (u, c0, c1) in wanted})
    return found


def _kept_below(source: Source, unit_id: int, start: dt.date, end: dt.date) -> bool:
    """Whether any value of the subtree is kept for these days: then the missing ones are few, each
    computed from what is kept below it; else the whole subtree is counted in one pass."""
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


def _own(source: Source, keys: list[Key]) -> dict[Key, Values]:
    """Each key's unit's own records over the key's days, on the days the unit was active."""
    by_unit: dict[int, list[Key]] = {}
    for key in keys:
        by_unit.setdefault(key[0], []).append(key)
    found: dict[Key, Values] = {}
    if not keys:
        return found
    start, end = min(key[1] for key in keys), max(key[2] for key in keys)
    active: dict[int, list[tuple[dt.date, dt.date]]] = {}
    versions = UnitVersion.objects.filter(
        unit_id__in=list(by_unit), status=Status.ACTIVE, valid_from__lte=end, valid_to__gt=start
    ).values_list("unit_id", "valid_from", "valid_to")
    for unit_id, valid_from, valid_to in versions:
        active.setdefault(unit_id, []).append((valid_from, valid_to))
    for unit_id, day, name, value in source.own(Q(unit_id__in=list(by_unit)), start, end, None):
        if not any(valid_from <= day < valid_to for valid_from, valid_to in active.get(unit_id, ())):
            continue
        for key in by_unit[unit_id]:
            if key[1] <= day <= key[2]:
                values = found.setdefault(key, {})
                values[name] = values.get(name, 0) + value
    return found


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
        found.update(path_ids(path))
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
