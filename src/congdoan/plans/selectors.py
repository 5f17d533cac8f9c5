"""Reads on targets: percent of plan, a unit's target and achievement, the sum checks, the pages' rows.

Achievement is always counted on the tree of each record's date (see
:mod:`congdoan.plans.indicators`); targets are read as stored. Functions
taking ``(root, start, end)`` are the ones the reports issue declares
indicators on.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from django.db.models import Q

from congdoan.accounts.scope import path_in_subtree_q
from congdoan.org.models import Status, Unit, UnitVersion, path_ids
from congdoan.org.selectors import subtree_versions, unit_on
from congdoan.plans.indicators import INDICATORS, Indicator
from congdoan.plans.models import Target

# --------------------------------------------------------------------------
# percent of plan


def percent_of_plan(actual: int | Decimal | None, target: int | Decimal | None) -> Decimal | None:
    """``actual / target × 100``, cut (not rounded) at two decimals; None without a target.

    The federation publishes 4,337 admissions against a target of 3,000 as
    144,56% (144.566…% cut), which never overstates an achievement. Exact
    arithmetic on fractions: no float, no context precision that could round
    99.99999… up to 100.00. A target of 0 or None has no percent.
    """
    if target is None or target == 0 or actual is None:
        return None
    ratio = Fraction(Decimal(actual)) * 100 / Fraction(Decimal(target))
    hundredths = math.trunc(ratio * 100)  # toward zero: a cut, for negative values too
    return Decimal(hundredths).scaleb(-2)


# --------------------------------------------------------------------------
# dates


def year_start(year: int) -> dt.date:
    return dt.date(year, 1, 1)


def year_end(year: int) -> dt.date:
    return dt.date(year, 12, 31)


def period_end(year: int, on: dt.date | None) -> dt.date:
    """The last day counted for ``year`` "as of ``on``": ``on`` clamped into the year (31/12 if None)."""
    if on is None:
        return year_end(year)
    return min(max(on, year_start(year)), year_end(year))


def default_tree_on(year: int) -> dt.date:
    """The tree a year's targets are distributed on unless the officer chooses another day: 1 January."""
    return year_start(year)


def default_check_on(year: int, today: dt.date) -> dt.date:
    """The day the sum check reads the tree on by default: today within the year, else its last day."""
    return period_end(year, today)


# --------------------------------------------------------------------------
# one unit


def target_for(unit: Unit, year: int, indicator: str) -> Target | None:
    """The target of ``unit`` for ``indicator`` in ``year``, if one was set or assigned."""
    return Target.objects.filter(unit=unit, year=year, indicator=indicator).first()


def target_value(unit: Unit, year: int, indicator: str) -> int | None:
    target = target_for(unit, year, indicator)
    return target.value if target else None


def _indicator(code: str) -> Indicator:
    try:
        return INDICATORS[code]
    except KeyError:
        raise ValueError(f"unknown indicator {code!r}") from None


def achievement(unit: Unit, year: int, indicator: str, on: dt.date | None = None) -> int:
    """What ``unit``'s subtree achieved of ``indicator`` from 1 January of ``year`` to ``on`` (31/12 if None)."""
    return _indicator(indicator).count(unit, year_start(year), period_end(year, on))


def percent(unit: Unit, year: int, indicator: str, on: dt.date | None = None) -> Decimal | None:
    """Percent of plan of ``unit`` for ``indicator`` in ``year`` as of ``on``; None without a target."""
    return percent_of_plan(achievement(unit, year, indicator, on), target_value(unit, year, indicator))


# --------------------------------------------------------------------------
# a whole subtree at once


def _units_during(root: Unit, start: dt.date, end: dt.date) -> set[int]:
    """Ids of the units that were in ``root``'s subtree on some day from ``start`` to ``end``."""
    condition = Q(pk__in=[])
    for version in UnitVersion.objects.filter(unit=root, valid_from__lte=end, valid_to__gt=start):
        low = max(start, version.valid_from)
        high = min(end, version.valid_to - dt.timedelta(days=1))
        condition |= path_in_subtree_q("path", version.path) & Q(valid_from__lte=high, valid_to__gt=low)
    return set(UnitVersion.objects.filter(condition).values_list("unit_id", flat=True))


def achievements(root: Unit, year: int, indicator: str, on: dt.date | None = None) -> Counter[int]:
    """Achievement of every unit of ``root``'s subtree (unit id → value) in one pass.

    The indicator's records of the subtree are counted per (unit, day); each
    count is added to every unit on the path its unit had that day, so a
    merged union's admissions before the merge count for the parent it had
    then. Values are those of the part of each unit's subtree that lay in
    ``root``'s (all of it for ``root`` and the units below it).
    """
    ind = _indicator(indicator)
    start, end = year_start(year), period_end(year, on)
    counts = ind.by_unit_day(root, start, end)
    if not counts:
        return Counter()
    paths: dict[int, list[tuple[dt.date, dt.date, str]]] = defaultdict(list)
    versions = UnitVersion.objects.filter(
        unit_id__in={unit_id for unit_id, _day in counts}, valid_from__lte=end, valid_to__gt=start
    ).values_list("unit_id", "valid_from", "valid_to", "path")
    for unit_id, valid_from, valid_to, path in versions:
        paths[unit_id].append((valid_from, valid_to, path))
    # A unit that kept one path all period adds its records up once (most units); the others
    # add each day's records to the units above them that day.
    by_path: Counter[str] = Counter()
    for (unit_id, day), n in counts.items():
        unit_paths = paths[unit_id]
        if len(unit_paths) == 1:
            by_path[unit_paths[0][2]] += n
        else:
            by_path[next(p for valid_from, valid_to, p in unit_paths if valid_from <= day < valid_to)] += n
    result: Counter[int] = Counter()
    for path, n in by_path.items():
        for unit_id in path_ids(path):
            result[unit_id] += n
    return result


def targets_met(root: Unit, year: int, indicator: str, on: dt.date | None = None) -> tuple[int, int]:
    """(met, with a target): units of ``root``'s subtree during ``year`` (``root`` included) whose
    achievement as of ``on`` reaches their target for ``indicator``."""
    start, end = year_start(year), period_end(year, on)
    if not Target.objects.filter(year=year, indicator=indicator).exists():
        return 0, 0  # nobody had this target that year (e.g. the prior year of a report)
    units = _units_during(root, start, end)
    targets = dict(
        Target.objects.filter(year=year, indicator=indicator, unit_id__in=units).values_list(
            "unit_id", "value"
        )
    )
    if not targets:
        return 0, 0
    done = achievements(root, year, indicator, on)
    return sum(1 for unit_id, value in targets.items() if done.get(unit_id, 0) >= value), len(targets)


# --------------------------------------------------------------------------
# for the reports: (root, start, end)


def new_members_target(root: Unit, start: dt.date, end: dt.date) -> int | None:
    """The new-member target of ``root`` for the year of ``start`` (None if none)."""
    return target_value(root, start.year, "new_members")


def new_members_percent(root: Unit, start: dt.date, end: dt.date) -> Decimal | None:
    """New members of ``root``'s subtree from 1 January of ``start``'s year to ``end``, in percent of its target."""
    return percent(root, start.year, "new_members", end)


def targets_met_count(root: Unit, start: dt.date, end: dt.date) -> dict[str, dict[str, int]]:
    """Per indicator: how many units of the subtree had a target for ``start``'s year and how many met it by ``end``."""
    result = {}
    for code in INDICATORS:
        met, total = targets_met(root, start.year, code, end)
        result[code] = {"met": met, "with_target": total}
    return result


# --------------------------------------------------------------------------
# distribution


def eligible_children(parent: Unit, on: dt.date, indicator: Indicator) -> list[Unit]:
    """Active children of ``parent`` on ``on`` at a level that receives ``indicator``'s targets."""
    ids = UnitVersion.objects.on(on).filter(parent=parent, status=Status.ACTIVE).values("unit_id")
    children = Unit.objects.filter(pk__in=ids).order_by("name_sort", "code")
    return [child for child in children if indicator.receives_targets(child)]


def largest_remainder(total: int, weights: list[int]) -> list[int]:
    """``total`` split in proportion to ``weights``, in whole numbers that add up to ``total`` exactly.

    Largest-remainder method; equal parts when every weight is 0.
    """
    if not weights:
        return []
    if sum(weights) <= 0:
        weights = [1] * len(weights)
    whole = sum(weights)
    shares = [Fraction(total * w, whole) for w in weights]
    parts = [math.floor(s) for s in shares]
    order = sorted(range(len(shares)), key=lambda i: (shares[i] - parts[i], -i), reverse=True)
    for i in order[: total - sum(parts)]:
        parts[i] += 1
    return parts


def members_below(root: Unit, on: dt.date) -> Counter[int]:
    """Active members on ``on`` of every unit's subtree in ``root``'s subtree (unit id → members).

    One grouped count of the spells per unit, rolled up along the paths of
    that day: the weights of the proportional suggestion without one count
    per child.
    """
    from django.db.models import Count

    from congdoan.members.models import Spell, SpellState

    paths = dict(subtree_versions(root, on).values_list("unit_id", "path"))
    direct = (
        Spell.objects.on(on)
        .filter(state=SpellState.ACTIVE, unit_id__in=subtree_versions(root, on).values("unit_id"))
        .order_by()
        .values_list("unit_id")
        .annotate(n=Count("id"))
        .values_list("unit_id", "n")
    )
    result: Counter[int] = Counter()
    for unit_id, n in direct:
        for above in path_ids(paths[unit_id]):
            result[above] += n
    return result


@dataclass
class DistributionRow:
    """One child on the distribution form."""

    unit: Unit
    members: int
    suggested: int
    current: int | None  # the value the parent gave it before, if any


def distribution_rows(parent: Unit, year: int, indicator: str, tree_on: dt.date) -> list[DistributionRow]:
    """The children of ``parent`` on ``tree_on`` with their members that day and a proportional suggestion.

    The suggestion splits the parent's target in proportion to each child's
    members on ``tree_on`` (largest remainder, so it adds up exactly).
    """
    ind = _indicator(indicator)
    children = eligible_children(parent, tree_on, ind)
    counts = members_below(parent, tree_on)
    members = [counts.get(child.pk, 0) for child in children]
    total = target_value(parent, year, indicator) or 0
    suggested = largest_remainder(total, members)
    current = dict(
        Target.objects.filter(
            year=year, indicator=indicator, unit__in=children, assigned_by=parent
        ).values_list("unit_id", "value")
    )
    return [
        DistributionRow(child, n, s, current.get(child.pk))
        for child, n, s in zip(children, members, suggested, strict=True)
    ]


def distribution_tree_on(parent: Unit, year: int, indicator: str) -> dt.date | None:
    """The tree date of ``parent``'s latest distribution of ``indicator`` in ``year`` (None if none)."""
    return (
        Target.objects.filter(assigned_by=parent, year=year, indicator=indicator)
        .exclude(unit=parent)
        .order_by("-tree_on")
        .values_list("tree_on", flat=True)
        .first()
    )


# --------------------------------------------------------------------------
# the sum check


@dataclass
class Mismatch:
    """A unit whose children's targets do not add up to its own (or were never given)."""

    unit: Unit
    indicator: Indicator
    target: int
    children_total: int
    children: int  # children that receive this indicator's targets, on the check day
    without_target: list[Unit] = field(default_factory=list)

    @property
    def difference(self) -> int:
        """Children's total minus the unit's target: negative is short, positive is over."""
        return self.children_total - self.target

    @property
    def undistributed(self) -> bool:
        return len(self.without_target) == self.children


def mismatches(root: Unit, year: int, on: dt.date, indicator: str | None = None) -> list[Mismatch]:
    """Every unit of ``root``'s subtree (tree of ``on``) whose children's targets don't add up to its own.

    For each unit with a target for ``year``: its active children on ``on``
    that receive the indicator's targets are summed (a child without a
    target counts 0). Listed when the sum differs from the unit's target,
    including when nothing was distributed. After a restructure (a union
    merged, moved or a district dissolved), checking on a day after it shows
    where the distribution must be redone.
    """
    codes = [indicator] if indicator else list(INDICATORS)
    versions = list(subtree_versions(root, on).values_list("unit_id", "parent_id"))
    in_tree = {unit_id for unit_id, _parent in versions}
    children_of: dict[int, list[int]] = defaultdict(list)
    for unit_id, parent_id in versions:
        if parent_id is not None and parent_id in in_tree:
            children_of[parent_id].append(unit_id)
    units = Unit.objects.in_bulk(list(in_tree))
    targets: dict[tuple[str, int], int] = {
        (code, unit_id): value
        for code, unit_id, value in Target.objects.filter(
            year=year, indicator__in=codes, unit_id__in=in_tree
        ).values_list("indicator", "unit_id", "value")
    }
    found: list[Mismatch] = []
    for code in codes:
        ind = INDICATORS[code]
        for unit_id in sorted(in_tree, key=lambda pk: (units[pk].path, units[pk].pk)):
            if (code, unit_id) not in targets:
                continue
            kids = [units[c] for c in children_of.get(unit_id, []) if ind.receives_targets(units[c])]
            if not kids:
                continue
            values = [targets.get((code, kid.pk)) for kid in kids]
            total = sum(v or 0 for v in values)
            if total != targets[(code, unit_id)]:
                found.append(
                    Mismatch(
                        unit=units[unit_id],
                        indicator=ind,
                        target=targets[(code, unit_id)],
                        children_total=total,
                        children=len(kids),
                        without_target=sorted(
                            (kid for kid, v in zip(kids, values, strict=True) if v is None),
                            key=lambda u: u.name_sort,
                        ),
                    )
                )
    return found


# --------------------------------------------------------------------------
# the unit's page


@dataclass
class PlanRow:
    """A unit's target, achievement and percent for one indicator."""

    unit: Unit
    target: int | None
    actual: int
    percent: Decimal | None
    assigned_by: Unit | None = None
    has_children: bool = False

    @property
    def met(self) -> bool:
        return self.target is not None and self.actual >= self.target


@dataclass
class IndicatorOverview:
    indicator: Indicator
    own: PlanRow
    children: list[PlanRow]
    children_target_total: int
    tree_on: dt.date


def overview(unit: Unit, year: int, on: dt.date | None = None) -> list[IndicatorOverview]:
    """For each indicator: ``unit``'s target, achievement to ``on`` and percent, and the same per child.

    The children are those of the distribution's tree day (1 January unless
    the officer distributed on another day), plus any unit the parent gave a
    target to; each child's achievement is what its subtree did while it lay
    in ``unit``'s subtree.
    """
    result = []
    for code, ind in INDICATORS.items():
        own_target = target_for(unit, year, code)
        tree_on = distribution_tree_on(unit, year, code) or default_tree_on(year)
        if unit_on(unit, tree_on) is None:
            tree_on = period_end(year, on)
        children = eligible_children(unit, tree_on, ind)
        given = {
            t.unit_id: t
            for t in Target.objects.filter(year=year, indicator=code, assigned_by=unit)
            .exclude(unit=unit)
            .select_related("unit")
        }
        listed = {c.pk for c in children}
        children += sorted((t.unit for pk, t in given.items() if pk not in listed), key=lambda u: u.name_sort)
        done = achievements(unit, year, code, on)
        with_children = set(
            UnitVersion.objects.filter(parent_id__in=[c.pk for c in children]).values_list(
                "parent_id", flat=True
            )
        )
        rows = []
        for child in children:
            target = given[child.pk].value if child.pk in given else target_value(child, year, code)
            actual = done.get(child.pk, 0)
            rows.append(
                PlanRow(
                    child,
                    target,
                    actual,
                    percent_of_plan(actual, target),
                    has_children=child.pk in with_children,
                )
            )
        actual = done.get(unit.pk, 0)
        own_value = own_target.value if own_target else None
        result.append(
            IndicatorOverview(
                indicator=ind,
                own=PlanRow(
                    unit,
                    own_value,
                    actual,
                    percent_of_plan(actual, own_value),
                    assigned_by=own_target.assigned_by if own_target else None,
                ),
                children=rows,
                children_target_total=sum(r.target or 0 for r in rows),
                tree_on=tree_on,
            )
        )
    return result


def subtree_targets(root: Unit, year: int) -> list[Target]:
    """Targets of ``year`` for ``root`` and every unit below it today, in tree order (for the export)."""
    return list(
        Target.objects.filter(year=year)
        .filter(path_in_subtree_q("unit__path", root.path))
        .select_related("unit", "assigned_by")
        .order_by("indicator", "unit__path")
    )
