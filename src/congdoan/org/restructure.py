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
import unicodedata
import uuid
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from congdoan.common.errors import DomainError, ScopeError
from congdoan.common.formats import vn_date
from congdoan.common.text import csv_safe, csv_unescape
from congdoan.org import places, services
from congdoan.org.models import Level, Unit, UnitKind
from congdoan.org.selectors import subtree_versions

OPS = ("found", "move", "rename", "merge", "dissolve")
# CSV spellings of each operation: Vietnamese first, the English names accepted too.
_OP_NAMES = {
    "thanh_lap": "found",
    "chuyen": "move",
    "doi_ten": "rename",
    "sap_nhap": "merge",
    "giai_the": "dissolve",
}
_OP_CSV = {v: k for k, v in _OP_NAMES.items()}
CSV_HEADER = ["ngay", "thao_tac", "ma_don_vi", "ma_don_vi_dich", "ten", "cap", "ma_xa", "ghi_chu"]
# Steps of one day run in this order whatever order the plan lists them in, so
# that a unit exists before anything moves into it and is empty before it ends.
_OP_ORDER = {"found": 0, "rename": 1, "move": 2, "merge": 3, "dissolve": 4}


@dataclass
class Step:
    """One dated operation of a plan (bước của phương án).

    ``target_code`` is the new parent (move), the unit merged into (merge),
    the parent (found), or where the children go (dissolve; empty: the
    children — branches, groups — are dissolved with the unit).
    ``unit_name`` and ``target_name`` only make :meth:`describe` readable.
    """

    op: str
    on: dt.date
    unit_code: str
    target_code: str = ""
    name: str = ""
    level: str = ""
    ward_code: int | None = None
    note: str = ""
    unit_name: str = field(default="", compare=False)
    target_name: str = field(default="", compare=False)

    def describe(self) -> str:
        """One Vietnamese sentence: "01/07/2025: chuyển … về …"."""
        values = {
            "on": vn_date(self.on),
            "unit": self.unit_name or self.unit_code,
            "code": self.unit_code,
            "target": self.target_name or self.target_code,
            "name": self.name,
        }
        if self.op == "found":
            return _("%(on)s: thành lập %(name)s (mã %(code)s) trực thuộc %(target)s") % values
        if self.op == "move":
            return _("%(on)s: chuyển %(unit)s về %(target)s") % values
        if self.op == "rename":
            return _("%(on)s: đổi tên %(unit)s thành “%(name)s”") % values
        if self.op == "merge":
            return _("%(on)s: sáp nhập %(unit)s vào %(target)s") % values
        if self.target_code:
            return _("%(on)s: giải thể %(unit)s, đơn vị trực thuộc chuyển về %(target)s") % values
        return _("%(on)s: giải thể %(unit)s") % values


def _what(level: str, kind: str) -> str:
    """A short Vietnamese name for units of ``level`` (and ``kind``), for plan summaries."""
    if level == Level.GRASSROOTS and kind == UnitKind.ADMINISTRATIVE_AGENCY:
        return _("CĐCS khối hành chính")
    short: dict[str, str] = {
        Level.DISTRICT_FEDERATION: _("LĐLĐ huyện"),
        Level.COMMUNE_UNION: _("công đoàn xã, phường"),
        Level.GRASSROOTS: _("công đoàn cơ sở"),
    }
    if level in short:
        return short[level]
    if level in Level.values:
        label = str(Level(level).label)
        return label[:1].lower() + label[1:]
    return _("đơn vị")


def _verb(op: str) -> str:
    return {
        "found": _("Thành lập"),
        "move": _("Chuyển"),
        "rename": _("Đổi tên"),
        "merge": _("Sáp nhập"),
        "dissolve": _("Giải thể"),
    }[op]


@dataclass
class Plan:
    """A restructuring plan for ``root``'s subtree.

    Whatever order the steps are listed in, each day's steps run in the
    order found, rename, move, merge, dissolve, so that a unit exists before
    anything moves into it and is empty before it ends.
    """

    title: str
    root: Unit
    steps: list[Step] = field(default_factory=list)

    def summary(self) -> list[tuple[str, int]]:
        """How many steps of each kind, labelled in Vietnamese ("Chuyển công đoàn cơ sở", 779)."""
        codes = {s.unit_code for s in self.steps if s.op != "found"}
        known = {
            code: (level, kind)
            for code, level, kind in Unit.objects.filter(code__in=codes).values_list("code", "level", "kind")
        }
        counts: Counter[str] = Counter()
        for step in self.steps:
            level, kind = (step.level, "") if step.op == "found" else known.get(step.unit_code, ("", ""))
            counts[f"{_verb(step.op)} {_what(level, kind)}"] += 1
        return list(counts.items())

    def dates(self) -> list[dt.date]:
        return sorted({step.on for step in self.steps})

    def to_csv(self) -> str:
        """The plan as CSV with the header :data:`CSV_HEADER`, one row per step."""
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(CSV_HEADER)
        for step in self.steps:
            writer.writerow(
                [
                    step.on.isoformat(),
                    _OP_CSV[step.op],
                    csv_safe(step.unit_code),
                    csv_safe(step.target_code),
                    csv_safe(step.name),
                    step.level,
                    "" if step.ward_code is None else step.ward_code,
                    csv_safe(step.note),
                ]
            )
        return out.getvalue()

    @classmethod
    def from_csv(cls, text: str, *, root: Unit, title: str = "") -> Plan:
        """Read a plan written by :meth:`to_csv` or in a spreadsheet.

        Dates may be 2025-07-01 or 01/07/2025; a spreadsheet's ``;``
        separator is accepted. Every bad row is reported with its row
        number in one :class:`DomainError`.
        """
        text = unicodedata.normalize("NFC", text.lstrip("\ufeff"))
        first_line = text.split("\n", 1)[0]
        delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
        rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
        if not rows or [c.strip().lower() for c in rows[0][: len(CSV_HEADER)]] != CSV_HEADER:
            raise DomainError(_("Tệp phương án phải có dòng tiêu đề: %(h)s") % {"h": ",".join(CSV_HEADER)})
        parsed: list[tuple[int, Step, list[str]]] = []
        for number, row in enumerate(rows[1:], start=2):
            if not any(cell.strip() for cell in row):
                continue
            cells = [csv_unescape(cell.strip()) for cell in row] + [""] * (len(CSV_HEADER) - len(row))
            parsed.append((number, *_parse_row(cells)))
        codes = {s.unit_code for _n, s, _p in parsed} | {s.target_code for _n, s, _p in parsed}
        names = dict(Unit.objects.filter(code__in=codes - {""}).values_list("code", "name"))
        founded: dict[str, str] = {}
        for _number, step, problems in parsed:
            if step.op == "found":
                if step.unit_code in names or step.unit_code in founded:
                    problems.append(_("mã “%(v)s” đã được dùng") % {"v": step.unit_code})
                founded[step.unit_code] = step.name
        errors: list[str] = []
        steps: list[Step] = []
        for number, step, problems in parsed:
            for code in (step.unit_code if step.op != "found" else "", step.target_code):
                if code and code not in names and code not in founded:
                    problems.append(_("không có đơn vị mã “%(v)s”") % {"v": code})
            if problems:
                errors.append(_("Dòng %(n)s: %(p)s") % {"n": number, "p": "; ".join(problems)})
                continue
            step.unit_name = names.get(step.unit_code) or founded.get(step.unit_code, "")
            step.target_name = names.get(step.target_code) or founded.get(step.target_code, "")
            steps.append(step)
        if errors:
            raise DomainError("\n".join(errors))
        if not steps:
            raise DomainError(_("Tệp phương án không có bước nào."))
        return cls(title=title or _("Phương án sắp xếp"), root=root, steps=steps)


def _parse_date(text: str) -> dt.date | None:
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(text, pattern).date()  # noqa: DTZ007 - a calendar date, no time
        except ValueError:
            continue
    return None


def _parse_row(cells: list[str]) -> tuple[Step, list[str]]:
    """One CSV row as a step, with what is wrong with it (empty list: nothing)."""
    day, op_text, code, target, name, level, ward, note = cells[: len(CSV_HEADER)]
    problems: list[str] = []
    on = _parse_date(day)
    if on is None:
        problems.append(_("ngày “%(v)s” không đúng dạng 2025-07-01 hoặc 01/07/2025") % {"v": day})
    op = _OP_NAMES.get(op_text.lower(), op_text.lower())
    if op not in OPS:
        problems.append(_("thao tác “%(v)s” không có") % {"v": op_text})
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
    step = Step(op, on or dt.date.min, code.upper(), target.upper(), name, level, ward_code, note)
    return step, problems


@dataclass
class ApplyResult:
    """What :func:`apply_plan` did: the batch id written on every event, and steps per operation."""

    batch: str
    counts: dict[str, int]


@dataclass
class PlanPreview:
    """Active units per level before the plan's first date and on its last date."""

    before: Counter[str]
    after: Counter[str]
    before_date: dt.date
    after_date: dt.date
    steps_applied: int = 0
    error: str | None = None

    def rows(self) -> list[tuple[str, int, int]]:
        levels = [lv for lv in Level.values if self.before.get(lv) or self.after.get(lv)]
        return [(str(Level(lv).label), self.before.get(lv, 0), self.after.get(lv, 0)) for lv in levels]


def _ordered(plan: Plan) -> list[tuple[int, Step]]:
    """Steps numbered as the plan lists them, in the order they run.

    By date, then found, rename, move, merge, dissolve; moves of one day are
    gathered by their new parent so that each parent takes them in one call.
    """

    def key(item: tuple[int, Step]) -> tuple[dt.date, int, str, int]:
        number, step = item
        return (step.on, _OP_ORDER[step.op], step.target_code if step.op == "move" else "", number)

    return sorted(enumerate(plan.steps, start=1), key=key)


class _Runner:
    """Applies a plan's steps through the services, checking each touches only the plan's subtree."""

    def __init__(self, actor: Any, plan: Plan, *, batch: str, decision: str, reason: str) -> None:
        self.actor = actor
        self.plan = plan
        self.common = {"actor": actor, "decision": decision, "reason": reason, "batch": batch}
        plan.root.refresh_from_db()
        self.root_path = plan.root.path
        self.applied = 0

    def unit(self, code: str) -> Unit:
        unit = Unit.objects.filter(code=code).first()
        if unit is None:
            raise DomainError(_("không có đơn vị mã “%(code)s”.") % {"code": code})
        if not unit.path.startswith(self.root_path):
            raise ScopeError(
                _("“%(name)s” không thuộc %(root)s.") % {"name": unit.name, "root": self.plan.root.name}
            )
        return unit

    def run(self) -> tuple[int, Counter[str]]:
        services.require(self.actor, self.plan.root, "restructure")
        steps = _ordered(self.plan)
        counts: Counter[str] = Counter()
        index = 0
        while index < len(steps):
            number, step = steps[index]
            group = [steps[index]]
            # Moves to one parent on one day go in one call: one transaction, one re-pathing pass.
            while (
                step.op == "move"
                and index + len(group) < len(steps)
                and steps[index + len(group)][1].op == "move"
                and steps[index + len(group)][1].on == step.on
                and steps[index + len(group)][1].target_code == step.target_code
            ):
                group.append(steps[index + len(group)])
            try:
                self.apply(step, group)
            except DomainError as error:
                failing = number
                if len(group) > 1:
                    # The services name the unit that failed: point at its row.
                    failing = next(
                        (
                            n
                            for n, s in group
                            if s.unit_code in error.message or (s.unit_name and s.unit_name in error.message)
                        ),
                        number,
                    )
                    step = dict(group)[failing]
                message = _("Bước %(n)s (%(step)s): %(msg)s") % {
                    "n": failing,
                    "step": step.describe(),
                    "msg": error.message,
                }
                raise type(error)(message) from error
            counts[step.op] += len(group)
            index += len(group)
            self.applied = index
        return index, counts

    def apply(self, step: Step, group: list[tuple[int, Step]]) -> None:
        common = self.common
        if step.op == "move":
            units = [self.unit(member.unit_code) for _number, member in group]
            services.move_units(units=units, new_parent=self.unit(step.target_code), on=step.on, **common)
        elif step.op == "found":
            parent = self.unit(step.target_code)
            ward = places.ward(step.ward_code)
            services.found_unit(
                parent=parent,
                code=step.unit_code,
                name=step.name,
                level=step.level,
                on=step.on,
                province_code=int(ward.province_code) if ward else parent.province_code,
                ward_code=step.ward_code,
                **common,
            )
        elif step.op == "rename":
            services.rename_unit(unit=self.unit(step.unit_code), name=step.name, on=step.on, **common)
        elif step.op == "merge":
            services.merge_units(
                sources=[self.unit(step.unit_code)], into=self.unit(step.target_code), on=step.on, **common
            )
        else:
            target = self.unit(step.target_code) if step.target_code else None
            services.dissolve_unit(
                unit=self.unit(step.unit_code),
                on=step.on,
                children_to=target,
                dissolve_children=target is None,
                **common,
            )


class _Rollback(Exception):
    pass


def preview_plan(*, actor: Any, plan: Plan) -> PlanPreview:
    """Apply ``plan`` and roll it back; counts per level the day before its first date and on its last.

    A step that fails does not raise: the preview carries the Vietnamese
    message naming that step in ``error``. An actor without the right to
    restructure ``plan.root`` is refused (ScopeError).
    """
    services.require(actor, plan.root, "restructure")
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
            runner = _Runner(actor, plan, batch="preview", decision="", reason="")
            try:
                result.steps_applied, _counts = runner.run()
            except DomainError as error:
                result.steps_applied = runner.applied
                result.error = error.message
            else:
                result.after = services.level_counts(plan.root, dates[-1])
            raise _Rollback
    except _Rollback:
        pass
    plan.root.refresh_from_db()
    return result


def apply_plan(*, actor: Any, plan: Plan, decision: str = "", reason: str = "") -> ApplyResult:
    """Apply every step of ``plan`` in one transaction: all or nothing.

    Each step goes through the org services (history, audit, hooks) and
    its events carry one shared ``batch`` id. A failing step raises a
    DomainError naming it, and nothing of the plan stays.
    """
    batch = uuid.uuid4().hex[:12]
    with transaction.atomic():
        _applied, counts = _Runner(actor, plan, batch=batch, decision=decision, reason=reason).run()
    return ApplyResult(batch=batch, counts=dict(counts))


def commune_union_code(province_code: int, ward_code: int) -> str:
    """Code of the commune/ward union of a ward: "CDX-15-02674"."""
    return f"CDX-{province_code:02d}-{ward_code:05d}"


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def plan_2025_reform(
    *,
    actor: Any,
    province: Unit,
    on: dt.date = dt.date(2025, 7, 1),
    agencies_on: dt.date = dt.date(2025, 6, 1),
) -> Plan:
    """The 2025 reform of ``province``'s subtree, as a plan to preview and apply.

    From ``agencies_on`` every active grassroots union of a state
    administrative agency in the subtree is dissolved (its members leave the
    union). On ``on`` a commune/ward union is founded under the province
    federation for each ward that has grassroots unions under a district
    federation (unless one is active already), each of those grassroots
    unions moves to its ward's union (or under the province federation when
    it has no ward), and the emptied district federations are dissolved.
    Sector and industrial-zone unions stay as they are.
    """
    services.require(actor, province, "restructure")
    if province.level != Level.PROVINCE_FEDERATION:
        raise DomainError(_("Phương án 2025 áp dụng cho một liên đoàn lao động tỉnh, thành phố."))
    plan = Plan(title=_("Sắp xếp tổ chức năm 2025 — %(name)s") % {"name": province.name}, root=province)
    province_name = province.name

    agency_versions = (
        subtree_versions(province, agencies_on)
        .filter(unit__level=Level.GRASSROOTS, unit__kind=UnitKind.ADMINISTRATIVE_AGENCY)
        .select_related("unit")
        .order_by("path")
    )
    agencies = set()
    for version in agency_versions:
        agencies.add(version.unit_id)
        plan.steps.append(Step("dissolve", agencies_on, version.unit.code, unit_name=version.name))

    tree = list(subtree_versions(province, on).select_related("unit").order_by("path"))
    districts = [v for v in tree if v.unit.level == Level.DISTRICT_FEDERATION]
    district_ids = {v.unit_id for v in districts}
    existing = {
        v.unit.ward_code: v
        for v in tree
        if v.unit.level == Level.COMMUNE_UNION and v.unit.ward_code is not None and v.parent_id == province.pk
    }
    taken_codes = set(Unit.objects.filter(code__startswith="CDX-").values_list("code", flat=True))
    targets: dict[int, tuple[str, str]] = {}
    moves: list[Step] = []
    for version in tree:
        if version.parent_id not in district_ids or version.unit_id in agencies:
            continue
        ward = places.ward(version.unit.ward_code)
        if ward is None or (province.province_code and int(ward.province_code) != province.province_code):
            moves.append(
                Step(
                    "move",
                    on,
                    version.unit.code,
                    province.code,
                    unit_name=version.name,
                    target_name=province_name,
                )
            )
            continue
        ward_code = int(ward.code)
        if ward_code in existing:
            targets.setdefault(ward_code, (existing[ward_code].unit.code, existing[ward_code].name))
        elif ward_code not in targets:
            code = base = commune_union_code(int(ward.province_code), ward_code)
            suffix = 2
            while code in taken_codes:
                code = f"{base}-{suffix}"
                suffix += 1
            taken_codes.add(code)
            name = _("Công đoàn %(ward)s") % {"ward": _lower_first(ward.name)}
            targets[ward_code] = (code, name)
            plan.steps.append(
                Step(
                    "found",
                    on,
                    code,
                    province.code,
                    name=name,
                    level=Level.COMMUNE_UNION,
                    ward_code=ward_code,
                    target_name=province_name,
                )
            )
        code, name = targets[ward_code]
        moves.append(Step("move", on, version.unit.code, code, unit_name=version.name, target_name=name))
    plan.steps.extend(sorted(moves, key=lambda s: s.target_code))
    for version in districts:
        plan.steps.append(
            Step(
                "dissolve",
                on,
                version.unit.code,
                province.code,
                unit_name=version.name,
                target_name=province_name,
            )
        )
    return plan
