"""The annual summary report (báo cáo tổng kết năm) of a unit's subtree: its figures, from the registry.

:func:`build` computes every registered indicator for the year, the prior
year and, where the indicator has one, the unit's target and the percent
of it; then, for the indicators marked ``per_child``, the same figures for
each child unit as the tree stood on the report's date (the last day of
the year, or the last day the unit existed that year). Every output (the
JSON of the CLI, the page, the files) is drawn from the one
:class:`AnnualReport`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from congdoan.common.errors import DomainError
from congdoan.common.formats import percent_of_plan
from congdoan.org.models import Status, Unit, UnitVersion
from congdoan.plans import selectors as plans
from congdoan.reports import indicators as registry
from congdoan.reports.indicators import Indicator, Number, Period


@dataclass
class Figure:
    indicator: Indicator
    value: Number
    prior: Number
    target: int | None
    percent: Decimal | None

    def as_dict(self) -> dict[str, Any]:
        ind = self.indicator
        return {
            "code": ind.code,
            "label": str(ind.label),
            "section": ind.section,
            "measure": ind.measure,
            "kind": ind.kind,
            "value": _json_number(self.value),
            "prior": _json_number(self.prior),
            "target": self.target,
            "percent_of_target": _json_number(self.percent),
        }


@dataclass
class ChildRow:
    unit: Unit
    name: str
    values: dict[str, Number]


@dataclass
class AnnualReport:
    root: Unit
    name: str
    year: int
    start: dt.date
    end: dt.date
    tree_on: dt.date
    figures: list[Figure]
    child_columns: list[Indicator]
    children: list[ChildRow]

    def figure(self, code: str) -> Figure:
        return next(f for f in self.figures if f.indicator.code == code)

    def as_dict(self) -> dict[str, Any]:
        return {
            "unit": self.root.code,
            "name": self.name,
            "year": self.year,
            "period": {"start": self.start.isoformat(), "end": self.end.isoformat()},
            "tree_on": self.tree_on.isoformat(),
            "indicators": [f.as_dict() for f in self.figures],
            "children": {
                "columns": [c.code for c in self.child_columns],
                "rows": [
                    {
                        "unit": row.unit.code,
                        "name": row.name,
                        "values": {code: _json_number(v) for code, v in row.values.items()},
                    }
                    for row in self.children
                ],
            },
        }


def _json_number(value: Number) -> int | float | None:
    if isinstance(value, Decimal):
        return float(value)
    return value


def report_day(root: Unit, year: int) -> dt.date | None:
    """The day whose tree the report shows: 31 December, or the last day ``root`` existed in ``year``."""
    end = dt.date(year, 12, 31)
    versions = UnitVersion.objects.filter(
        unit=root, status=Status.ACTIVE, valid_from__lte=end, valid_to__gt=dt.date(year, 1, 1)
    ).order_by("-valid_from")
    last = versions.first()
    if last is None:
        return None
    return min(end, last.valid_to - dt.timedelta(days=1))


def children_on(root: Unit, on: dt.date) -> list[tuple[Unit, str]]:
    """``root``'s active children on ``on``, with their names of that day, in the tree's order."""
    versions = (
        UnitVersion.objects.filter(parent=root, status=Status.ACTIVE, valid_from__lte=on, valid_to__gt=on)
        .select_related("unit")
        .order_by("path")
    )
    return [(v.unit, v.name) for v in versions]


def _figures(current: Period, year: int, progress: Progress) -> list[Figure]:
    root = current.root
    prior = Period(root, dt.date(year - 1, 1, 1), dt.date(year - 1, 12, 31))
    figures = []
    every = registry.all_indicators()
    for index, indicator in enumerate(every):
        progress(0.2 + 0.8 * index / len(every))
        value = indicator.value(current)
        target = plans.target_value(root, year, indicator.target) if indicator.target else None
        percent = percent_of_plan(value or 0, target) if target else None
        figures.append(Figure(indicator, value, indicator.value(prior), target, percent))
    return figures


Progress = Callable[[float], object]


def _no_progress(done: float) -> None:
    return None


def build(root: Unit, year: int, progress: Progress = _no_progress) -> AnnualReport:
    """The annual report of ``root``'s subtree for ``year`` (the caller has checked the scope).

    A unit that stopped existing during the year (a district federation
    dissolved on 1 July 2025) is reported up to its last day.
    """
    on = report_day(root, year)
    if on is None:
        raise DomainError(
            _("%(unit)s không hoạt động trong năm %(year)s: không có số liệu để báo cáo.")
            % {"unit": root.name, "year": year}
        )
    version = UnitVersion.objects.get(unit=root, valid_from__lte=on, valid_to__gt=on)
    start = dt.date(year, 1, 1)
    columns = [i for i in registry.all_indicators() if i.per_child]
    current = Period(root, start, on)
    progress(0.0)
    rolled = {c.code: c.by_child(current) for c in columns}
    progress(0.2)
    children = []
    for unit, name in children_on(root, on):
        values: dict[str, Number] = {}
        for column in columns:
            parts = rolled[column.code]
            # A figure without a per-unit form is asked of the child's own subtree.
            values[column.code] = (
                parts.get(unit.pk, 0) if parts is not None else column.value(Period(unit, start, on))
            )
        children.append(ChildRow(unit, name, values))
    return AnnualReport(
        root=root,
        name=version.name,
        year=year,
        start=start,
        end=on,
        tree_on=on,
        figures=_figures(current, year, progress),
        child_columns=columns,
        children=children,
    )


# --------------------------------------------------------------------------
# the cache


def records_stamp() -> tuple[int, int]:
    """What changes whenever a record changes: every write goes through a service that writes an audit entry."""
    from django.db.models import Count, Max

    from congdoan.accounts.models import AuditEntry

    row = AuditEntry.objects.aggregate(last=Max("id"), n=Count("id"))
    return row["last"] or 0, row["n"]


def cache_key(root: Unit, year: int) -> str:
    last, count = records_stamp()
    return f"reports:annual:{root.pk}:{year}:{last}:{count}"


def cached(root: Unit, year: int) -> AnnualReport | None:
    """The report kept for the records as they are now, or None."""
    from django.core.cache import cache

    stored = cache.get(cache_key(root, year))
    return _from_cache(root, stored) if stored is not None else None


def cached_build(root: Unit, year: int, progress: Progress = _no_progress) -> AnnualReport:
    """:func:`build`, or the figures computed before if no record has changed since (the audit trail says).

    The cache holds plain figures (no code), keyed by unit, year and the
    records' stamp; a write anywhere makes a new stamp, so a report is never
    older than the records behind it.
    """
    from django.core.cache import cache

    key = cache_key(root, year)
    stored = cache.get(key)
    if stored is not None:
        return _from_cache(root, stored)
    report = build(root, year, progress)
    cache.set(key, _to_cache(report), timeout=24 * 3600)
    return report


def _to_cache(report: AnnualReport) -> dict[str, Any]:
    return {
        "name": report.name,
        "start": report.start,
        "end": report.end,
        "tree_on": report.tree_on,
        "year": report.year,
        "figures": [(f.indicator.code, f.value, f.prior, f.target, f.percent) for f in report.figures],
        "columns": [c.code for c in report.child_columns],
        "children": [(row.unit.pk, row.name, row.values) for row in report.children],
    }


def _from_cache(root: Unit, stored: dict[str, Any]) -> AnnualReport:
    units = Unit.objects.in_bulk([pk for pk, _name, _values in stored["children"]])
    return AnnualReport(
        root=root,
        name=stored["name"],
        year=stored["year"],
        start=stored["start"],
        end=stored["end"],
        tree_on=stored["tree_on"],
        figures=[Figure(registry.get(code), v, p, t, pc) for code, v, p, t, pc in stored["figures"]],
        child_columns=[registry.get(code) for code in stored["columns"]],
        children=[ChildRow(units[pk], name, values) for pk, name, values in stored["children"]],
    )
