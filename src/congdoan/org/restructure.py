"""Restructuring plans (phương án sắp xếp tổ chức): many dated steps applied as one.

A :class:`Plan` is a list of :class:`Step` rows — found, move, rename,
merge, dissolve — each dated. :func:`preview_plan` applies it inside a
transaction that is rolled back and reports the counts of active units per
level before and after; :func:`apply_plan` applies it for real, all steps
or none, each step through the org services (so each writes its history
and audit entry) with one shared batch id. Plans travel as CSV, so a
federation can prepare one in a spreadsheet.

:func:`plan_2025_reform` builds the plan of the 2025 reform for a province:
grassroots unions of state administrative agencies are dissolved from
1 June 2025 (those agencies left the union), and on 1 July 2025 the district
federations are dissolved after their grassroots unions move to the new
commune/ward unions (or directly under the province federation).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import uuid
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from congdoan.common.errors import DomainError
from congdoan.common.formats import vn_date
from congdoan.org import places, services
from congdoan.org.models import Level, Status, Unit, UnitKind
from congdoan.org.selectors import subtree_versions

OPS = ("found", "move", "rename", "merge", "dissolve")
# CSV spellings of each operation (Vietnamese first, English accepted).
_OP_NAMES = {
    "thanh_lap": "found",
    "chuyen": "move",
    "doi_ten": "rename",
    "sap_nhap": "merge",
    "giai_the": "dissolve",
}
_OP_CSV = {v: k for k, v in _OP_NAMES.items()}
CSV_HEADER = ["ngay", "thao_tac", "ma_don_vi", "ma_don_vi_dich", "ten", "cap", "ma_xa", "ghi_chu"]


@dataclass
class Step:
    """One dated operation of a plan."""

    op: str
    on: dt.date
    unit_code: str
    target_code: str = ""
    name: str = ""
    level: str = ""
    ward_code: int | None = None
    note: str = ""

    def describe(self) -> str:
        day = vn_date(self.on)
        if self.op == "found":
            return _("%(on)s: thành lập %(name)s (%(code)s) trực thuộc %(target)s") % {
                "on": day,
                "name": self.name,
                "code": self.unit_code,
                "target": self.target_code,
            }
        if self.op == "move":
            return _("%(on)s: chuyển %(code)s về %(target)s") % {
                "on": day,
                "code": self.unit_code,
                "target": self.target_code,
            }
        if self.op == "rename":
            return _("%(on)s: đổi tên %(code)s thành “%(name)s”") % {
                "on": day,
                "code": self.unit_code,
                "name": self.name,
            }
        if self.op == "merge":
            return _("%(on)s: sáp nhập %(code)s vào %(target)s") % {
                "on": day,
                "code": self.unit_code,
                "target": self.target_code,
            }
        if self.target_code:
            return _("%(on)s: giải thể %(code)s, đơn vị trực thuộc chuyển về %(target)s") % {
                "on": day,
                "code": self.unit_code,
                "target": self.target_code,
            }
        return _("%(on)s: giải thể %(code)s") % {"on": day, "code": self.unit_code}


@dataclass
class Plan:
    """A restructuring plan for ``root``'s subtree."""

    title: str
    root: Unit
    steps: list[Step] = field(default_factory=list)
    labels: dict[str, str] = field(default_factory=dict)

    def summary(self) -> list[tuple[str, int]]:
        """How many steps of each kind, with a Vietnamese label."""
        counts: Counter[str] = Counter()
        for step in self.steps:
            counts[self.labels.get(f"{step.op}:{step.note}") or _op_label(step.op)] += 1
        return list(counts.items())

    def dates(self) -> list[dt.date]:
        return sorted({step.on for step in self.steps})

    def to_csv(self) -> str:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(CSV_HEADER)
        for step in self.steps:
            writer.writerow(
                [
                    step.on.isoformat(),
                    _OP_CSV[step.op],
                    step.unit_code,
                    step.target_code,
                    step.name,
                    step.level,
                    "" if step.ward_code is None else step.ward_code,
                    step.note,
                ]
            )
        return out.getvalue()

    @classmethod
    def from_csv(cls, text: str, *, root: Unit, title: str = "") -> Plan:
        """Read a plan written by :meth:`to_csv` (or by hand); every bad row is reported."""
        text = text.lstrip("\ufeff")
        rows = list(csv.reader(io.StringIO(text)))
        if not rows or [c.strip().lower() for c in rows[0][: len(CSV_HEADER)]] != CSV_HEADER:
            raise DomainError(_("Tệp phương án phải có dòng tiêu đề: %(h)s") % {"h": ",".join(CSV_HEADER)})
        steps: list[Step] = []
        errors: list[str] = []
        for number, row in enumerate(rows[1:], start=2):
            if not any(cell.strip() for cell in row):
                continue
            row = [cell.strip() for cell in row] + [""] * (len(CSV_HEADER) - len(row))
            day, op, code, target, name, level, ward, note = row[: len(CSV_HEADER)]
            problems = []
            try:
                on = dt.date.fromisoformat(day)
            except ValueError:
                problems.append(_("ngày “%(v)s” không đúng dạng YYYY-MM-DD") % {"v": day})
                on = dt.date.min
            op = _OP_NAMES.get(op, op)
            if op not in OPS:
                problems.append(_("thao tác “%(v)s” không có") % {"v": row[1]})
            if not code:
                problems.append(_("thiếu mã đơn vị"))
            if op in {"found", "move", "merge"} and not target:
                problems.append(_("thiếu mã đơn vị đích"))
            if op in {"found", "rename"} and not name:
                problems.append(_("thiếu tên"))
            if op == "found" and level not in Level.values:
                problems.append(_("cấp “%(v)s” không có") % {"v": level})
            ward_code = None
            if ward:
                if not ward.isdigit() or places.ward(int(ward)) is None:
                    problems.append(_("mã xã “%(v)s” không có") % {"v": ward})
                else:
                    ward_code = int(ward)
            if problems:
                errors.append(_("Dòng %(n)s: %(p)s") % {"n": number, "p": "; ".join(problems)})
                continue
            steps.append(Step(op, on, code.upper(), target.upper(), name, level, ward_code, note))
        if errors:
            raise DomainError("\n".join(errors))
        if not steps:
            raise DomainError(_("Tệp phương án không có bước nào."))
        return cls(title=title or _("Phương án sắp xếp"), root=root, steps=steps)


def _op_label(op: str) -> str:
    return {
        "found": _("Thành lập đơn vị"),
        "move": _("Chuyển đơn vị"),
        "rename": _("Đổi tên đơn vị"),
        "merge": _("Sáp nhập đơn vị"),
        "dissolve": _("Giải thể đơn vị"),
    }[op]


@dataclass
class ApplyResult:
    batch: str
    counts: dict[str, int]


@dataclass
class PlanPreview:
    before: Counter[str]
    after: Counter[str]
    before_date: dt.date
    after_date: dt.date
    steps_applied: int = 0
    error: str | None = None

    def rows(self) -> list[tuple[str, int, int]]:
        levels = [lv for lv in Level.values if self.before.get(lv) or self.after.get(lv)]
        return [(Level(lv).label, self.before.get(lv, 0), self.after.get(lv, 0)) for lv in levels]


def _unit(code: str, number: int) -> Unit:
    unit = Unit.objects.filter(code=code).first()
    if unit is None:
        raise DomainError(_("Bước %(n)s: không có đơn vị mã “%(code)s”.") % {"n": number, "code": code})
    return unit


def _run(actor: Any, plan: Plan, *, batch: str, decision: str, reason: str) -> tuple[int, Counter[str]]:
    """Apply every step in order; moves to the same parent on the same day go together."""
    services.require(actor, plan.root, "restructure")
    counts: Counter[str] = Counter()
    steps = sorted(enumerate(plan.steps, start=1), key=lambda item: (item[1].on, item[0]))
    index = 0
    applied = 0
    common = {"actor": actor, "decision": decision, "reason": reason}
    while index < len(steps):
        number, step = steps[index]
        try:
            if step.op == "move":
                group = [step]
                while (
                    index + len(group) < len(steps)
                    and steps[index + len(group)][1].op == "move"
                    and steps[index + len(group)][1].on == step.on
                    and steps[index + len(group)][1].target_code == step.target_code
                ):
                    group.append(steps[index + len(group)][1])
                units = [_unit(s.unit_code, number) for s in group]
                services.move_units(
                    units=units, new_parent=_unit(step.target_code, number), on=step.on, batch=batch, **common
                )
                index += len(group)
                applied += len(group)
                counts["move"] += len(group)
                continue
            if step.op == "found":
                parent = _unit(step.target_code, number)
                ward = places.ward(step.ward_code)
                services.found_unit(
                    parent=parent,
                    code=step.unit_code,
                    name=step.name,
                    level=step.level,
                    on=step.on,
                    province_code=int(ward.province_code) if ward else parent.province_code,
                    ward_code=step.ward_code,
                    batch=batch,
                    **common,
                )
            elif step.op == "rename":
                services.rename_unit(unit=_unit(step.unit_code, number), name=step.name, on=step.on, **common)
            elif step.op == "merge":
                services.merge_units(
                    sources=[_unit(step.unit_code, number)],
                    into=_unit(step.target_code, number),
                    on=step.on,
                    batch=batch,
                    **common,
                )
            elif step.op == "dissolve":
                target = _unit(step.target_code, number) if step.target_code else None
                services.dissolve_unit(
                    unit=_unit(step.unit_code, number),
                    on=step.on,
                    children_to=target,
                    batch=batch,
                    **common,
                )
        except DomainError as error:
            if error.message.startswith(_("Bước")):
                raise
            raise DomainError(
                _("Bước %(n)s (%(step)s): %(msg)s")
                % {"n": number, "step": step.describe(), "msg": error.message}
            ) from error
        index += 1
        applied += 1
        counts[step.op] += 1
    return applied, counts


class _Rollback(Exception):
    pass


def preview_plan(*, actor: Any, plan: Plan) -> PlanPreview:
    """Apply ``plan`` and roll it back; counts per level before the first and after the last date."""
    dates = plan.dates()
    if not dates:
        raise DomainError(_("Phương án không có bước nào."))
    before_date = dates[0] - dt.timedelta(days=1)
    result = PlanPreview(
        before=services.level_counts(plan.root, before_date),
        after=Counter(),
        before_date=before_date,
        after_date=dates[-1],
    )
    try:
        with transaction.atomic():
            try:
                result.steps_applied, _counts = _run(actor, plan, batch="preview", decision="", reason="")
            except DomainError as error:
                result.error = error.message
            else:
                result.after = services.level_counts(plan.root, dates[-1])
            raise _Rollback
    except _Rollback:
        pass
    return result


def apply_plan(*, actor: Any, plan: Plan, decision: str = "", reason: str = "") -> ApplyResult:
    """Apply every step of ``plan`` in one transaction: all or nothing."""
    batch = uuid.uuid4().hex[:12]
    with transaction.atomic():
        _applied, counts = _run(actor, plan, batch=batch, decision=decision, reason=reason)
    return ApplyResult(batch=batch, counts=dict(counts))


def commune_union_code(ward_code: int) -> str:
    return f"CDX-{ward_code:05d}"


def plan_2025_reform(
    *,
    actor: Any,
    province: Unit,
    on: dt.date = dt.date(2025, 7, 1),
    agencies_on: dt.date = dt.date(2025, 6, 1),
) -> Plan:
    """The 2025 reform of ``province``'s subtree, as a plan to preview and apply."""
    services.require(actor, province, "restructure")
    if province.level != Level.PROVINCE_FEDERATION:
        raise DomainError(_("Phương án 2025 áp dụng cho một liên đoàn lao động tỉnh, thành phố."))
    plan = Plan(title=_("Sắp xếp tổ chức năm 2025 — %(name)s") % {"name": province.name}, root=province)
    plan.labels = {
        "dissolve:agency": _("Giải thể CĐCS cơ quan hành chính nhà nước"),
        "found:commune": _("Thành lập công đoàn xã, phường"),
        "move:grassroots": _("Chuyển công đoàn cơ sở"),
        "dissolve:district": _("Giải thể LĐLĐ huyện"),
    }
    agency_versions = (
        subtree_versions(province, agencies_on)
        .filter(unit__level=Level.GRASSROOTS, unit__kind=UnitKind.ADMINISTRATIVE_AGENCY)
        .select_related("unit")
        .order_by("path")
    )
    agencies = {v.unit_id for v in agency_versions}
    for version in agency_versions:
        plan.steps.append(Step("dissolve", agencies_on, version.unit.code, note="agency"))

    tree = list(subtree_versions(province, on).select_related("unit").order_by("path"))
    districts = [v for v in tree if v.unit.level == Level.DISTRICT_FEDERATION]
    district_ids = {v.unit_id for v in districts}
    existing = {
        u.ward_code: u
        for u in Unit.objects.filter(level=Level.COMMUNE_UNION, status=Status.ACTIVE, ward_code__isnull=False)
    }
    moves: list[tuple[str, str]] = []
    founded: dict[int, str] = {}
    for version in tree:
        if version.parent_id not in district_ids or version.unit_id in agencies:
            continue
        ward_code = version.unit.ward_code
        if ward_code is None or places.ward(ward_code) is None:
            moves.append((version.unit.code, province.code))
            continue
        if ward_code in existing:
            moves.append((version.unit.code, existing[ward_code].code))
            continue
        if ward_code not in founded:
            code = commune_union_code(ward_code)
            founded[ward_code] = code
            ward_name = places.ward_name(ward_code) or ""
            plan.steps.append(
                Step(
                    "found",
                    on,
                    code,
                    province.code,
                    name=_("Công đoàn %(ward)s") % {"ward": ward_name[:1].lower() + ward_name[1:]},
                    level=Level.COMMUNE_UNION,
                    ward_code=ward_code,
                    note="commune",
                )
            )
        moves.append((version.unit.code, founded[ward_code]))
    for code, target in sorted(moves, key=lambda m: m[1]):
        plan.steps.append(Step("move", on, code, target, note="grassroots"))
    for version in districts:
        plan.steps.append(Step("dissolve", on, version.unit.code, province.code, note="district"))
    return plan
