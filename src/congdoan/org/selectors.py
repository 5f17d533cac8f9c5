"""Reads on the organisation tree, always as of a date and within the user's scope."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Substr
from django.utils.translation import gettext as _

from congdoan.accounts.scope import path_allowed, path_in_subtree_q, subtree_range
from congdoan.common.errors import DomainError
from congdoan.common.text import fold, nfc
from congdoan.org.models import PATH_SEGMENT_WIDTH, Level, Status, Unit, UnitVersion, path_ids


def today() -> dt.date:
    from django.utils import timezone

    return timezone.localdate()


def unit_on(unit: Unit, on: dt.date) -> UnitVersion | None:
    """The unit's parent, name and status valid on ``on``."""
    return UnitVersion.objects.filter(unit=unit, valid_from__lte=on, valid_to__gt=on).first()


def subtree_versions(root: Unit, on: dt.date, *, include_inactive: bool = False) -> QuerySet[UnitVersion]:
    """Versions of every unit in ``root``'s subtree as it stood on ``on`` (root included).

    One indexed range query on the materialised path of that period.
    """
    version = unit_on(root, on)
    if version is None:
        return UnitVersion.objects.none()
    low, high = subtree_range(version.path)
    qs = UnitVersion.objects.filter(path__gte=low, path__lt=high, valid_from__lte=on, valid_to__gt=on)
    if not include_inactive:
        qs = qs.filter(status=Status.ACTIVE)
    return qs


def subtree_units(root: Unit, on: dt.date) -> QuerySet[Unit]:
    """Units in ``root``'s subtree on ``on``, as a Unit queryset."""
    return Unit.objects.filter(pk__in=subtree_versions(root, on).values("unit_id"))


def dated_in_subtree_q(
    root: Unit, start: dt.date, end: dt.date, *, unit_field: str = "unit_id", date_field: str = "on"
) -> Q:
    """Dated records (events, grants, sessions …) of ``root``'s subtree from ``start`` to ``end`` inclusive.

    A record counts where its unit stood in the tree on the record's own
    date: a grant paid by a grassroots union in March 2024 counts for the
    district federation it belonged to then, even if the union has moved or
    merged since. ``unit_field`` and ``date_field`` name the record's unit
    (an id) and its date. One EXISTS on the unit versions per version of the
    root in the period: every report and list of every app counts this way.
    """
    condition = Q(pk__in=[])
    for version in UnitVersion.objects.filter(unit=root, valid_from__lte=end, valid_to__gt=start):
        low = max(start, version.valid_from)
        high = min(end, version.valid_to - dt.timedelta(days=1))
        inside = UnitVersion.objects.filter(
            path_in_subtree_q("path", version.path),
            unit_id=OuterRef(unit_field),
            valid_from__lte=OuterRef(date_field),
            valid_to__gt=OuterRef(date_field),
        )
        condition |= Q(**{f"{date_field}__gte": low, f"{date_field}__lte": high}) & Q(Exists(inside))
    return condition


def in_subtree_and_period(
    qs: QuerySet[Any],
    root: Unit | None,
    start: dt.date | None,
    end: dt.date | None,
    *,
    date_field: str = "on",
) -> QuerySet[Any]:
    """The dated records of ``qs`` (with ``unit``) of a list page's filters: in ``root``'s subtree and period.

    With a period, the subtree is taken as it stood on each record's date (as
    the reports count); without one, as it stands today. Without ``root``,
    only the period filters.
    """
    if root is not None and (start or end):
        low, high = start or dt.date(1900, 1, 1), end or dt.date(9998, 12, 31)
        return qs.filter(dated_in_subtree_q(root, low, high, date_field=date_field))
    if root is not None:
        qs = qs.filter(path_in_subtree_q("unit__path", root.path))
    if start:
        qs = qs.filter(**{f"{date_field}__gte": start})
    if end:
        qs = qs.filter(**{f"{date_field}__lte": end})
    return qs


def count_by_level(root: Unit, on: dt.date) -> dict[str, int]:
    rows = subtree_versions(root, on).values_list("unit__level").annotate(n=Count("id"))
    return dict(rows.values_list("unit__level", "n"))


@dataclass
class TreeRow:
    """One line of the tree browser."""

    unit: Unit
    version: UnitVersion
    children: int
    grassroots: int


def children_rows(user: Any, parent: Unit | None, on: dt.date) -> list[TreeRow]:
    """Children of ``parent`` on ``on`` (roots of the user's scope for None), with counts."""
    visible = Unit.objects.visible_to(user)
    if parent is None:
        versions = list(
            UnitVersion.objects.on(on)
            .filter(status=Status.ACTIVE, unit__in=visible)
            .select_related("unit")
            .order_by("depth", "unit__name_sort")
        )
        # Keep only the topmost visible units.
        tops: list[UnitVersion] = []
        for version in versions:
            if not any(version.path.startswith(t.path) for t in tops):
                tops.append(version)
        versions = tops
    else:
        versions = list(
            UnitVersion.objects.on(on)
            .filter(parent=parent, status=Status.ACTIVE, unit__in=visible)
            .select_related("unit")
            .order_by("unit__name_sort")
        )
    if not versions:
        return []
    child_counts = dict(
        UnitVersion.objects.on(on)
        .filter(parent_id__in=[v.unit_id for v in versions], status=Status.ACTIVE)
        .values_list("parent_id")
        .annotate(n=Count("id"))
        .values_list("parent_id", "n")
    )
    grassroots = _grassroots_below(versions, on)
    return [
        TreeRow(version.unit, version, child_counts.get(version.unit_id, 0), grassroots.get(version.path, 0))
        for version in versions
    ]


def _grassroots_below(versions: list[UnitVersion], on: dt.date) -> dict[str, int]:
    """Active grassroots unions on ``on`` in the subtree of each version (by its path).

    Units of one depth (siblings, the usual case) are counted in one query
    over their parent's subtree, grouped by path prefix, not one count per
    unit: for a province's sixty-odd children that is one range scan instead
    of sixty (bench/org_tree.py measures it; an OR of sixty ranges is slower
    still on SQLite).
    """
    counts: dict[str, int] = {}
    by_depth: dict[int, list[UnitVersion]] = {}
    for version in versions:
        if version.unit.level != Level.GRASSROOTS:
            by_depth.setdefault(len(version.path), []).append(version)
    for width, group in by_depth.items():
        siblings: dict[str, list[str]] = {}
        for version in group:
            siblings.setdefault(version.path[: -PATH_SEGMENT_WIDTH - 1], []).append(version.path)
        # One range per family: the parent's subtree for several siblings,
        # the unit's own for a lone one (a user's scope root, say).
        ranges = [paths[0] if len(paths) == 1 else parent for parent, paths in siblings.items()]
        active = UnitVersion.objects.on(on).filter(status=Status.ACTIVE)
        if "" not in ranges:  # "" is above the roots: the whole tree
            condition = Q()
            for path in ranges:
                condition |= path_in_subtree_q("path", path)
            active = active.filter(condition)
        wanted = {v.path for v in group}
        rows = (
            active
            # EXISTS rather than a join on unit.level: without statistics SQLite
            # would start from every grassroots union of the country.
            .filter(Exists(Unit.objects.filter(pk=OuterRef("unit_id"), level=Level.GRASSROOTS)))
            .annotate(top=Substr("path", 1, width))
            .values_list("top")
            .annotate(n=Count("id"))
            .values_list("top", "n")
        )
        counts.update((top, n) for top, n in rows if top in wanted)
    return counts


def ancestors_on(unit: Unit, on: dt.date) -> list[Unit]:
    """The chain from the root down to ``unit``'s parent, as it was on ``on``."""
    version = unit_on(unit, on)
    if version is None:
        return []
    ids = path_ids(version.path)[:-1]
    by_id = Unit.objects.in_bulk(ids)
    return [by_id[i] for i in ids if i in by_id]


def search_units(user: Any, query: str, *, limit: int = 50, include_inactive: bool = True) -> QuerySet[Unit]:
    """Units whose code or any past or present name contains every word of ``query``.

    Diacritics and case are ignored ("lao cai" finds "Lào Cai").
    """
    qs = Unit.objects.visible_to(user)
    if not include_inactive:
        qs = qs.filter(status=Status.ACTIVE)
    words = fold(query).split()
    if not words:
        return qs.none()
    condition = Q()
    for word in words:
        condition &= Q(search_text__contains=word)
    return qs.filter(condition).order_by("depth", "name_sort")[:limit]


def resolve_unit(user: Any, ref: str) -> Unit:
    """A unit by its code or its exact name (as every CLI command takes it), within scope."""
    ref = nfc(ref)
    qs = Unit.objects.visible_to(user)
    unit = qs.filter(code=ref.upper()).first()
    if unit is not None:
        return unit
    matches = list(qs.filter(name=ref)[:2])
    if not matches:
        matches = [u for u in qs.filter(search_text__contains=fold(ref))[:200] if fold(u.name) == fold(ref)][
            :2
        ]
    if len(matches) == 1:
        return matches[0]
    if len(matches) > 1:
        raise DomainError(_("Có nhiều đơn vị tên “%(ref)s”: hãy dùng mã đơn vị.") % {"ref": ref})
    raise DomainError(_("Không tìm thấy đơn vị “%(ref)s” (theo mã hoặc tên chính xác).") % {"ref": ref})


def can(user: Any, unit: Unit, action: str) -> bool:
    """Whether ``user`` may do ``action`` on ``unit`` (for showing or hiding buttons)."""
    return path_allowed(user, unit.path, action)
