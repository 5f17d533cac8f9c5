"""Counting records once for a unit and all its children: the subtree's dated tree held in memory.

A report shows each figure for a unit and for each of its child units. Asking
the selectors once per child costs a query per child and figure; instead the
records of the whole subtree are read once, grouped by (unit, day), and each
group is given to the child whose subtree held the unit on that day. The
materialised path says it (``org.models.path_segment``: fixed-width unit ids):
on day D, the child of root R that holds unit U is the segment of U's path
just after R's path of that day. The rule is the selectors' rule (a record
counts where its unit stood on the record's own date), so the sums of
:func:`rollup` equal the selectors' counts; tests/reports check both ways.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections import Counter
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.db.models import Case, IntegerField, Q, QuerySet, When
from django.db.models import Value as SqlValue

from congdoan.accounts.scope import path_in_subtree_q
from congdoan.org.models import PATH_SEGMENT_WIDTH, Status, Unit, UnitVersion

#: The key of the records of the root unit itself (not of any child).
OWN = 0

Value = int | Decimal


class DatedTree:
    """The versions of every unit that stood in ``root``'s subtree at some time from ``start`` to ``end``."""

    def __init__(self, root: Unit, start: dt.date, end: dt.date) -> None:
        self.root = root
        self.start, self.end = start, end
        self._root_versions = list(
            UnitVersion.objects.filter(unit=root, valid_from__lte=end, valid_to__gt=start)
            .order_by("valid_from")
            .values_list("valid_from", "valid_to", "path")
        )
        condition = Q(pk__in=[])
        for valid_from, valid_to, path in self._root_versions:
            condition |= (
                path_in_subtree_q("path", path)
                & Q(valid_from__lte=min(end, valid_to - dt.timedelta(days=1)))
                & Q(valid_to__gt=max(start, valid_from))
            )
        self._condition = condition
        self._versions: dict[int, list[tuple[dt.date, dt.date, str, str]]] = {}
        rows = UnitVersion.objects.filter(condition).values_list(
            "unit_id", "valid_from", "valid_to", "path", "status"
        )
        for unit_id, valid_from, valid_to, path, status in rows:
            self._versions.setdefault(unit_id, []).append((valid_from, valid_to, path, status))
        self._starts: dict[int, list[dt.date]] = {}
        for unit_id, versions in self._versions.items():
            versions.sort()
            self._starts[unit_id] = [v[0] for v in versions]
        self._root_starts = [v[0] for v in self._root_versions]
        self._children: dict[tuple[int, dt.date], int | None] = {}

    def segment_starts(self) -> list[dt.date]:
        """The days from which the subtree's shape stays the same until the next one (the period's start first).

        Between two of these days no unit of the subtree changes place, so
        records may be grouped by segment instead of by day: a report reads a
        few rows per unit instead of one per unit and day.
        """
        if not hasattr(self, "_segment_starts"):
            cuts = {
                day
                for versions in [*self._versions.values(), [(f, t, p, "") for f, t, p in self._root_versions]]
                for valid_from, valid_to, _path, _status in versions
                for day in (valid_from, valid_to)
                if self.start < day <= self.end
            }
            self._segment_starts = [self.start, *sorted(cuts)]
        return self._segment_starts

    def segment(self, date_field: str) -> Any:
        """An expression giving the segment (index in :meth:`segment_starts`) of a record's ``date_field``."""
        starts = self.segment_starts()
        if len(starts) == 1:
            return SqlValue(0, output_field=IntegerField())
        whens = [
            When(**{f"{date_field}__gte": day}, then=SqlValue(i))
            for i, day in reversed(list(enumerate(starts)))
        ]
        return Case(*whens, default=SqlValue(0), output_field=IntegerField())

    def segment_day(self, index: int) -> dt.date:
        return self.segment_starts()[index]

    def unit_ids(self) -> QuerySet[Any]:
        """The ids of the units concerned, as a subquery (``unit_id__in=tree.unit_ids()``)."""
        return UnitVersion.objects.filter(self._condition).values("unit_id")

    def _path_on(self, unit_id: int, day: dt.date) -> str | None:
        starts = self._starts.get(unit_id)
        if not starts:
            return None
        index = bisect.bisect_right(starts, day) - 1
        if index < 0:
            return None
        valid_from, valid_to, path, status = self._versions[unit_id][index]
        if not valid_from <= day < valid_to or status != Status.ACTIVE:
            return None
        return path

    def _root_path_on(self, day: dt.date) -> str | None:
        index = bisect.bisect_right(self._root_starts, day) - 1
        if index < 0:
            return None
        valid_from, valid_to, path = self._root_versions[index]
        return path if valid_from <= day < valid_to else None

    def child_of(self, unit_id: int, day: dt.date) -> int | None:
        """The child of the root that held ``unit_id`` on ``day``; :data:`OWN` for the root; None: outside."""
        key = (unit_id, day)
        if key not in self._children:
            self._children[key] = self._child_of(unit_id, day)
        return self._children[key]

    def _child_of(self, unit_id: int, day: dt.date) -> int | None:
        root_path = self._root_path_on(day)
        path = self._path_on(unit_id, day)
        if root_path is None or path is None or not path.startswith(root_path):
            return None
        if len(path) == len(root_path):
            return OWN
        return int(path[len(root_path) : len(root_path) + PATH_SEGMENT_WIDTH])


def rollup(tree: DatedTree, rows: Iterable[tuple[int, dt.date, Value]]) -> tuple[Value, Counter[int]]:
    """(the subtree's total, the part of each child) of values recorded per (unit, day)."""
    total: Value = 0
    by_child: Counter[int] = Counter()
    for unit_id, day, value in rows:
        child = tree.child_of(unit_id, day)
        if child is None:
            continue
        total += value
        by_child[child] += value  # type: ignore[assignment]
    return total, by_child
