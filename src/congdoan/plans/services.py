"""Writing targets: set a unit's own target, distribute a target to the children, load many at once.

Every operation takes ``actor`` (None is the system: demo, migrations),
checks scope ("change" on the unit that sets or distributes), runs in one
transaction and writes one audit entry.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from congdoan.accounts import audit
from congdoan.accounts.scope import path_allowed
from congdoan.common.errors import DomainError, ScopeError
from congdoan.common.formats import vn_date, vn_number
from congdoan.org.models import Status, Unit
from congdoan.org.selectors import unit_on
from congdoan.plans import selectors
from congdoan.plans.indicators import INDICATORS, Indicator
from congdoan.plans.models import Target

MIN_YEAR, MAX_YEAR = 2000, 2100


def today() -> dt.date:
    return timezone.localdate()


def require(actor: Any, unit: Unit, action: str = "change") -> None:
    """ScopeError unless ``actor`` may ``action`` on ``unit`` (None: the system)."""
    if actor is not None and not path_allowed(actor, unit.path, action):
        raise ScopeError()


def check_indicator(code: str) -> Indicator:
    indicator = INDICATORS.get(code)
    if indicator is None:
        raise DomainError(_("Chỉ tiêu không hợp lệ: “%(code)s”.") % {"code": code}, field="indicator")
    return indicator


def check_year(year: Any) -> int:
    if not isinstance(year, int) or not MIN_YEAR <= year <= MAX_YEAR:
        raise DomainError(
            _("Năm phải từ %(low)s đến %(high)s.") % {"low": MIN_YEAR, "high": MAX_YEAR}, field="year"
        )
    return year


def check_value(value: Any, field: str = "value") -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise DomainError(_("Giá trị chỉ tiêu phải là số nguyên."), field=field)
    if value < 0:
        raise DomainError(_("Giá trị chỉ tiêu không được âm."), field=field)
    return value


def sum_message(parent: Unit, target: int, total: int, children: int) -> str:
    """ "Tổng chỉ tiêu giao cho 9 đơn vị là 2.950, thiếu 50 so với chỉ tiêu 3.000 của …"."""
    params = {
        "n": vn_number(children),
        "total": vn_number(total),
        "diff": vn_number(abs(total - target)),
        "target": vn_number(target),
        "name": parent.name,
    }
    if total < target:
        return (
            _(
                "Tổng chỉ tiêu giao cho %(n)s đơn vị là %(total)s, thiếu %(diff)s so với chỉ tiêu %(target)s của %(name)s."
            )
            % params
        )
    return (
        _(
            "Tổng chỉ tiêu giao cho %(n)s đơn vị là %(total)s, thừa %(diff)s so với chỉ tiêu %(target)s của %(name)s."
        )
        % params
    )


def set_target(*, actor: Any, unit: Unit, year: int, indicator: str, value: int, reason: str = "") -> Target:
    """Set ``unit``'s own target (the top of a distribution): assigned by the unit itself.

    A target a parent assigned is changed by the parent's distribution, not
    here.
    """
    check_indicator(indicator)
    year = check_year(year)
    value = check_value(value)
    require(actor, unit)
    with transaction.atomic():
        existing = (
            Target.objects.select_for_update().filter(unit=unit, year=year, indicator=indicator).first()
        )
        if existing is not None and not existing.is_top:
            raise DomainError(
                _("Chỉ tiêu này do %(parent)s giao; hãy sửa ở trang phân bổ của %(parent)s.")
                % {"parent": existing.assigned_by.name},
                code="assigned_by_parent",
                field="value",
            )
        before = {"value": existing.value} if existing else None
        if existing is None:
            target = Target.objects.create(
                unit=unit,
                year=year,
                indicator=indicator,
                value=value,
                assigned_by=unit,
                tree_on=selectors.default_tree_on(year),
                recorded_by=audit.stored_actor(actor),
            )
        else:
            target = existing
            target.value = value
            target.recorded_by = audit.stored_actor(actor)
            target.save(update_fields=["value", "recorded_by", "updated_at"])
        audit.record(
            actor=actor,
            action="plans.set_target",
            obj=target,
            object_repr=f"{unit.name} — {INDICATORS[indicator].label} {year}",
            unit=unit,
            before=before,
            after={"indicator": indicator, "year": year, "value": value},
            reason=reason,
        )
    return target


def distribute(
    *,
    actor: Any,
    parent: Unit,
    year: int,
    indicator: str,
    values: Mapping[Unit, int],
    tree_on: dt.date,
    reason: str = "",
) -> list[Target]:
    """Distribute ``parent``'s target to its children (phân bổ chỉ tiêu) on the tree of ``tree_on``.

    ``values`` gives every child that receives this indicator's targets
    (active children of ``parent`` on ``tree_on``) its value. Refused,
    nothing stored, when they do not add up to the parent's target (the
    message says by how much), when a child is missing or is not a child
    that day. The distribution replaces the parent's earlier one: targets
    it gave to units that are no longer its children that day are removed.
    """
    ind = check_indicator(indicator)
    year = check_year(year)
    require(actor, parent)
    if not isinstance(tree_on, dt.date) or tree_on.year != year:
        raise DomainError(
            _("Ngày lấy cây tổ chức phải nằm trong năm %(year)s.") % {"year": year}, field="tree_on"
        )
    with transaction.atomic():
        version = unit_on(parent, tree_on)
        if version is None or version.status != Status.ACTIVE:
            raise DomainError(
                _("%(name)s không hoạt động vào ngày %(on)s.")
                % {"name": parent.name, "on": vn_date(tree_on)},
                field="tree_on",
            )
        own = Target.objects.select_for_update().filter(unit=parent, year=year, indicator=indicator).first()
        if own is None:
            raise DomainError(
                _("%(name)s chưa có chỉ tiêu “%(indicator)s” năm %(year)s để phân bổ.")
                % {"name": parent.name, "indicator": ind.label, "year": year},
                code="no_parent_target",
            )
        children = selectors.eligible_children(parent, tree_on, ind)
        by_pk = {child.pk: child for child in children}
        given = {unit.pk: value for unit, value in values.items()}
        strangers = [unit for unit in values if unit.pk not in by_pk]
        if strangers:
            raise DomainError(
                _("%(name)s không phải đơn vị trực thuộc %(parent)s nhận chỉ tiêu này vào ngày %(on)s.")
                % {"name": strangers[0].name, "parent": parent.name, "on": vn_date(tree_on)},
                code="not_a_child",
            )
        missing = [child for child in children if child.pk not in given]
        if missing:
            raise DomainError(
                _("Chưa giao chỉ tiêu cho %(name)s.") % {"name": missing[0].name}, code="missing_child"
            )
        for child in children:
            check_value(given[child.pk], field=f"unit_{child.pk}")
        total = sum(given.values())
        if total != own.value:
            raise DomainError(sum_message(parent, own.value, total, len(children)), code="sum_mismatch")
        existing = {
            t.unit_id: t
            for t in Target.objects.select_for_update().filter(
                year=year, indicator=indicator, unit_id__in=list(by_pk)
            )
        }
        stale = list(
            Target.objects.filter(year=year, indicator=indicator, assigned_by=parent)
            .exclude(unit=parent)
            .exclude(unit_id__in=list(by_pk))
            .select_related("unit")
        )
        before = {t.unit.code: t.value for t in stale}
        before.update({by_pk[pk].code: t.value for pk, t in existing.items()})
        recorded_by = audit.stored_actor(actor)
        result: list[Target] = []
        for child in children:
            target = existing.get(child.pk)
            if target is None:
                target = Target.objects.create(
                    unit=child,
                    year=year,
                    indicator=indicator,
                    value=given[child.pk],
                    assigned_by=parent,
                    tree_on=tree_on,
                    recorded_by=recorded_by,
                )
            elif (target.value, target.assigned_by_id, target.tree_on) != (
                given[child.pk],
                parent.pk,
                tree_on,
            ):
                target.value = given[child.pk]
                target.assigned_by = parent
                target.tree_on = tree_on
                target.recorded_by = recorded_by
                target.save(update_fields=["value", "assigned_by", "tree_on", "recorded_by", "updated_at"])
            result.append(target)
        Target.objects.filter(pk__in=[t.pk for t in stale]).delete()
        audit.record(
            actor=actor,
            action="plans.distribute",
            object_type="plans.target",
            object_id=f"{parent.pk}:{year}:{indicator}",
            object_repr=f"{parent.name} — {ind.label} {year}",
            unit=parent,
            before=before or None,
            after={
                "indicator": indicator,
                "year": year,
                "tree_on": tree_on,
                "target": own.value,
                "children": {by_pk[pk].code: v for pk, v in given.items()},
                "removed": [t.unit.code for t in stale],
            },
            reason=reason,
        )
    return result


@dataclass
class TargetRow:
    """One target to load: what the import and the demo write."""

    unit: Unit
    year: int
    indicator: str
    value: int
    assigned_by: Unit
    tree_on: dt.date


def load_targets(*, actor: Any, rows: Iterable[TargetRow], reason: str = "") -> tuple[int, int, int]:
    """Write many targets at once (import, demo): (created, updated, unchanged); one audit entry.

    The caller has checked the rows (the import checks each row and the
    sums per parent); this checks scope and the values again.
    """
    rows = list(rows)
    for row in rows:
        check_indicator(row.indicator)
        check_year(row.year)
        check_value(row.value)
        require(actor, row.assigned_by)
        require(actor, row.unit)
    created = updated = unchanged = 0
    with transaction.atomic():
        keys = {(row.unit.pk, row.year, row.indicator) for row in rows}
        existing = {
            (t.unit_id, t.year, t.indicator): t
            for t in Target.objects.select_for_update().filter(
                unit_id__in={k[0] for k in keys}, year__in={k[1] for k in keys}
            )
        }
        recorded_by = audit.stored_actor(actor)
        new: list[Target] = []
        changed: list[Target] = []
        for row in rows:
            target = existing.get((row.unit.pk, row.year, row.indicator))
            if target is None:
                new.append(
                    Target(
                        unit=row.unit,
                        year=row.year,
                        indicator=row.indicator,
                        value=row.value,
                        assigned_by=row.assigned_by,
                        tree_on=row.tree_on,
                        recorded_by=recorded_by,
                    )
                )
            elif (target.value, target.assigned_by_id) == (row.value, row.assigned_by.pk):
                unchanged += 1
            else:
                target.value = row.value
                target.assigned_by = row.assigned_by
                target.tree_on = row.tree_on
                target.recorded_by = recorded_by
                target.updated_at = timezone.now()
                changed.append(target)
        Target.objects.bulk_create(new, batch_size=1000)
        Target.objects.bulk_update(
            changed, ["value", "assigned_by", "tree_on", "recorded_by", "updated_at"], batch_size=1000
        )
        created, updated = len(new), len(changed)
        tops = sorted({row.assigned_by.pk for row in rows if row.assigned_by.pk == row.unit.pk})
        anchor = rows[0].assigned_by if rows else None
        if tops:
            anchor = next(row.unit for row in rows if row.unit.pk == tops[0])
        audit.record(
            actor=actor,
            action="plans.load",
            object_type="plans.target",
            object_repr=_("%(n)s chỉ tiêu") % {"n": vn_number(len(rows))},
            unit=anchor,
            after={"created": created, "updated": updated, "unchanged": unchanged, "rows": len(rows)},
            reason=reason,
        )
    return created, updated, unchanged
