"""The dated tree of a subtree, held in memory: where each of its units stood on each day.

``kept.py`` counts a whole subtree's records in one pass (the first report of
a year): the records are read grouped by (unit, segment of days in which no
unit moves), and each group is added to the unit and to every unit above it
on that day. The materialised path says which those are
(``org.models.path_segment``: fixed-width unit ids): on day D, the units
between root R and unit U are the segments of U's path after R's path of
that day. The rule is the selectors' rule (a record counts where its unit
stood on the record's own date, on the days its unit was active), so the
report's figures equal the selectors' counts; tests/reports check both ways.
"""

from __future__ import annotations

import bisect
import datetime as dt
from decimal import Decimal
from typing import Any

from django.db.models import Case, IntegerField, Q, QuerySet, When
from django.db.models import Value as SqlValue

from congdoan.accounts.scope import path_in_subtree_q
from congdoan.org.models import Status, Unit, UnitVersion

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
