"""The indicator registry (hệ thống chỉ tiêu báo cáo): every figure a report shows, declared once.

An :class:`Indicator` says what a figure is (code, Vietnamese label — the
English one comes from the translation catalogue —, unit of measure),
whether it is a **stock** (counted on a date: the last day of the period)
or a **flow** (counted over the period), and how it is computed for a
subtree and a period, on the tree as it stood then: ``compute(ctx)``
receives a :class:`Period` (root unit, start, end inclusive) and returns a
number (or None when it has no meaning, e.g. a percent without a target).
The apps' selectors do the counting; this module only names and orders
their figures. The annual report, the dashboard and the API read this one
registry: adding an indicator is one ``register(Indicator(...))``.

``target``: the code of the plans indicator (``congdoan.plans.indicators``)
whose yearly target this figure is measured against, if any.
``per_child``: whether the report's tables show it for each child unit.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.functional import Promise
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from congdoan.activities.models import SessionKind
from congdoan.care.models import ProgrammeKind
from congdoan.common.formats import percent_of_plan
from congdoan.emulation import selectors as emulation
from congdoan.emulation.models import AwardForm, Grade, RecipientKind, RecognitionScope
from congdoan.org.models import EventKind, Level, Unit, UnitEvent, UnitVersion
from congdoan.plans import indicators as plan_indicators
from congdoan.plans import selectors as plans
from congdoan.reports import kept, sources  # noqa: F401 - sources registers the kept sources
from congdoan.reports.rollup import Value

Number = int | Decimal | None

#: Units of measure, and how a value of each is written (``format.py``).
PEOPLE, UNITS, INSTANCES, VND, PERCENT = "people", "units", "instances", "VND", "percent"
STOCK, FLOW = "stock", "flow"


@dataclass
class Period:
    """One subtree and period a figure is computed for; shares work between the figures of one report."""

    root: Unit
    start: dt.date
    end: dt.date
    _memo: dict[Any, Any] = field(default_factory=dict, repr=False)

    def once(self, key: str, compute: Callable[[], Any]) -> Any:
        """``compute()`` the first time ``key`` is asked for in this period, the stored result after."""
        if key not in self._memo:
            self._memo[key] = compute()
        return self._memo[key]

    @property
    def year(self) -> int:
        return self.start.year


#: A kept source (``kept.py``) and how the figure is read from its values.
Kept = tuple[kept.Source, Callable[[kept.Values], Value]]


def _kept(source: str, *keys: str) -> Kept:
    """The sum of the values ``keys`` of a kept source; a key ending in ":" stands for every key it begins."""

    exact = [key for key in keys if not key.endswith(":")]
    prefixes = tuple(key for key in keys if key.endswith(":"))

    def pick(values: kept.Values) -> Value:
        total = sum(values.get(key, 0) for key in exact)
        if prefixes:
            total += sum(v for k, v in values.items() if k.startswith(prefixes))
        return total

    return kept.get(source), pick


@dataclass(frozen=True)
class Indicator:
    """One figure. ``compute(period)`` gives it for the period's subtree; or ``kept`` names the kept
    source (``sources.py``) and the values of it the figure adds up, and the figure comes for the unit
    and for each of its children at once, from the children's kept values (``kept.py``)."""

    code: str
    label: str | Promise
    measure: str
    kind: str
    compute: Callable[[Period], Number] | None
    section: str
    target: str | None = None
    per_child: bool = False
    description: str | Promise = ""
    kept: Kept | None = None

    def _rolled(self, period: Period) -> tuple[Value, Counter[int]]:
        assert self.kept is not None
        source, pick = self.kept
        total, parts = period.once(
            f"kept:{source.name}",
            lambda: kept.rolled(
                source, period.root, period.start, period.end, period.once("kept:spans", dict)
            ),
        )
        return pick(total), Counter({child: pick(values) for child, values in parts.items()})

    @property
    def rolls_up(self) -> bool:
        return self.kept is not None

    def value(self, period: Period) -> Number:
        if self.rolls_up:
            return self._rolled(period)[0]
        assert self.compute is not None
        return self.compute(period)

    def by_child(self, period: Period) -> Counter[int] | None:
        """Values per child unit id (:data:`rollup.OWN` for the unit's own records), or None if not rolled up."""
        return self._rolled(period)[1] if self.rolls_up else None


SECTIONS: dict[str, str | Promise] = {
    "organisation": _("Tổ chức công đoàn và đoàn viên"),
    "care": _("Chăm lo đời sống đoàn viên, người lao động"),
    "activities": _("Tuyên truyền, học tập"),
    "emulation": _("Thi đua, khen thưởng"),
    "plans": _("Thực hiện chỉ tiêu"),
}

_REGISTRY: dict[str, Indicator] = {}


def register(indicator: Indicator) -> Indicator:
    if indicator.code in _REGISTRY and _REGISTRY[indicator.code] != indicator:
        raise ValueError(f"indicator {indicator.code!r} is registered already")
    if indicator.section not in SECTIONS:
        raise ValueError(f"unknown section {indicator.section!r}")
    _REGISTRY[indicator.code] = indicator
    return indicator


def get(code: str) -> Indicator:
    return _REGISTRY[code]


def all_indicators() -> list[Indicator]:
    """Every indicator, in the order of the report: by section, then as declared."""
    order = list(SECTIONS)
    return sorted(_REGISTRY.values(), key=lambda i: order.index(i.section))


def by_section() -> Iterator[tuple[str, str | Promise, list[Indicator]]]:
    for code, label in SECTIONS.items():
        found = [i for i in _REGISTRY.values() if i.section == code]
        if found:
            yield code, label, found


def _part(
    breakdown: Callable[[Period], dict[Any, Any]], key: str, field: str = ""
) -> Callable[[Period], Number]:
    """One entry of a breakdown computed once per period (``field`` of it, for nested counts)."""

    def compute(p: Period) -> Number:
        entry = breakdown(p).get(key, {} if field else 0)
        return int(entry.get(field, 0)) if field else int(entry)

    return compute


# --------------------------------------------------------------------------
# organisation and members


def _dissolved(p: Period) -> int:
    """Grassroots unions dissolved in the period that stood in the subtree the day before (three queries)."""
    events = list(
        UnitEvent.objects.filter(
            kind=EventKind.DISSOLVED, unit__level=Level.GRASSROOTS, on__gte=p.start, on__lte=p.end
        ).values_list("unit_id", "on")
    )
    if not events:
        return 0
    roots = list(
        UnitVersion.objects.filter(unit=p.root, valid_from__lt=p.end, valid_to__gte=p.start).values_list(
            "valid_from", "valid_to", "path"
        )
    )
    versions: dict[int, list[tuple[dt.date, dt.date, str]]] = {}
    rows = UnitVersion.objects.filter(unit_id__in={unit for unit, _on in events}).values_list(
        "unit_id", "valid_from", "valid_to", "path"
    )
    for unit_id, valid_from, valid_to, path in rows:
        versions.setdefault(unit_id, []).append((valid_from, valid_to, path))

    def path_on(rows: list[tuple[dt.date, dt.date, str]], day: dt.date) -> str | None:
        return next((path for valid_from, valid_to, path in rows if valid_from <= day < valid_to), None)

    count = 0
    for unit_id, on in events:
        before = on - dt.timedelta(days=1)
        root_path = path_on(roots, before)
        unit_path = path_on(versions.get(unit_id, []), before)
        count += root_path is not None and unit_path is not None and unit_path.startswith(root_path)
    return count


register(
    Indicator(
        "members.total",
        _("Đoàn viên"),
        PEOPLE,
        STOCK,
        None,
        "organisation",
        per_child=True,
        kept=_kept(kept.MEMBERS, "total"),
    )
)
register(
    Indicator(
        "members.women",
        _("Đoàn viên nữ"),
        PEOPLE,
        STOCK,
        None,
        "organisation",
        kept=_kept(kept.MEMBERS, "women"),
    )
)
register(
    Indicator(
        "members.minorities",
        _("Đoàn viên người dân tộc thiểu số"),
        PEOPLE,
        STOCK,
        None,
        "organisation",
        kept=_kept(kept.MEMBERS, "minorities"),
    )
)
register(
    Indicator(
        "members.foreign",
        _("Đoàn viên là người lao động nước ngoài"),
        PEOPLE,
        STOCK,
        None,
        "organisation",
        kept=_kept(kept.MEMBERS, "foreign"),
    )
)
register(
    Indicator(
        "workers.unionised",
        _("Công nhân, viên chức, lao động trong đơn vị có tổ chức công đoàn"),
        PEOPLE,
        STOCK,
        None,
        "organisation",
        per_child=True,
        kept=_kept(kept.WORKERS, "n"),
    )
)
register(
    Indicator(
        "grassroots.total",
        _("Công đoàn cơ sở"),
        UNITS,
        STOCK,
        None,
        "organisation",
        per_child=True,
        kept=_kept(kept.GRASSROOTS, "n"),
    )
)
register(
    Indicator(
        "grassroots.founded",
        _("Công đoàn cơ sở thành lập mới"),
        UNITS,
        FLOW,
        lambda p: plan_indicators.grassroots_founded(p.root, p.start, p.end),
        "organisation",
        target="new_grassroots_unions",
    )
)
register(
    Indicator("grassroots.dissolved", _("Công đoàn cơ sở giải thể"), UNITS, FLOW, _dissolved, "organisation")
)
register(
    Indicator(
        "members.new",
        _("Kết nạp đoàn viên mới"),
        PEOPLE,
        FLOW,
        None,
        "organisation",
        target="new_members",
        per_child=True,
        kept=_kept(kept.ADMISSIONS, "n"),
    )
)

# --------------------------------------------------------------------------
# care


register(
    Indicator(
        "support.count",
        _("Lượt đoàn viên, người lao động được hỗ trợ"),
        INSTANCES,
        FLOW,
        None,
        "care",
        per_child=True,
        kept=_kept(kept.SUPPORT, "n:"),
    )
)
register(
    Indicator(
        "support.amount",
        _("Tổng giá trị hỗ trợ"),
        VND,
        FLOW,
        None,
        "care",
        per_child=True,
        kept=_kept(kept.SUPPORT, "amount:"),
    )
)
for _kind, _kind_label in ProgrammeKind.choices:
    register(
        Indicator(
            f"support.count.{_kind}",
            format_lazy(_("Lượt hỗ trợ: {}"), _kind_label),
            INSTANCES,
            FLOW,
            None,
            "care",
            kept=_kept(kept.SUPPORT, f"n:{_kind}"),
        )
    )
    register(
        Indicator(
            f"support.amount.{_kind}",
            format_lazy(_("Giá trị hỗ trợ: {}"), _kind_label),
            VND,
            FLOW,
            None,
            "care",
            kept=_kept(kept.SUPPORT, f"amount:{_kind}"),
        )
    )

# --------------------------------------------------------------------------
# study and outreach


register(
    Indicator(
        "activities.participations",
        _("Lượt người tham gia học tập, tuyên truyền"),
        INSTANCES,
        FLOW,
        None,
        "activities",
        kept=_kept(kept.SESSIONS, "p:"),
        per_child=True,
    )
)
register(
    Indicator(
        "activities.participations.women",
        _("Lượt nữ tham gia học tập, tuyên truyền"),
        INSTANCES,
        FLOW,
        None,
        "activities",
        kept=_kept(kept.SESSIONS, "w:"),
    )
)
register(
    Indicator(
        "activities.sessions",
        _("Buổi học tập, tuyên truyền, tập huấn"),
        INSTANCES,
        FLOW,
        None,
        "activities",
        kept=_kept(kept.SESSIONS, "n:"),
    )
)
for _session_kind, _session_label in SessionKind.choices:
    register(
        Indicator(
            f"activities.participations.{_session_kind}",
            format_lazy(_("Lượt người tham gia: {}"), _session_label),
            INSTANCES,
            FLOW,
            None,
            "activities",
            kept=_kept(kept.SESSIONS, f"p:{_session_kind}"),
        )
    )

# --------------------------------------------------------------------------
# emulation and awards


def _recipients(p: Period) -> dict[tuple[str, str], int]:
    return p.once("recipients", lambda: emulation.recipients_by_form_and_kind(p.root, p.start, p.end))


def _decisions(p: Period) -> dict[str, int]:
    return p.once("decisions", lambda: emulation.decisions_by_form(p.root, p.start, p.end))


def _grades(p: Period) -> dict[str, int]:
    return p.once("grades", lambda: emulation.gradings_by_grade(p.root, p.start, p.end))


for _scope, _scope_label in RecognitionScope.choices:
    register(
        Indicator(
            f"initiatives.{_scope}",
            format_lazy(_("Sáng kiến được công nhận: {}"), _scope_label),
            INSTANCES,
            FLOW,
            None,
            "emulation",
            kept=_kept(kept.INITIATIVES, f"n:{_scope}"),
            per_child=_scope == RecognitionScope.GRASSROOTS,
        )
    )
register(
    Indicator(
        "creative_awards",
        _("Bằng Lao động sáng tạo"),
        INSTANCES,
        FLOW,
        lambda p: emulation.count_creative_awards(p.root, p.start, p.end),
        "emulation",
    )
)
for _form, _form_label in AwardForm.choices:
    register(
        Indicator(
            f"decisions.{_form}",
            format_lazy(_("Quyết định khen thưởng: {}"), _form_label),
            INSTANCES,
            FLOW,
            _part(_decisions, _form),
            "emulation",
        )
    )


def _recipients_of(kind: str) -> Callable[[Period], Number]:
    return lambda p: sum(n for (_form, of_kind), n in _recipients(p).items() if of_kind == kind)


for _recipient, _recipient_label in RecipientKind.choices:
    register(
        Indicator(
            f"awarded.{_recipient}",
            format_lazy(_("Được khen thưởng: {}"), _recipient_label),
            INSTANCES,
            FLOW,
            _recipients_of(_recipient),
            "emulation",
        )
    )
for _grade, _grade_label in Grade.choices:
    register(
        Indicator(
            f"grading.{_grade}",
            format_lazy(_("CĐCS xếp loại: {}"), _grade_label),
            UNITS,
            FLOW,
            _part(_grades, _grade),
            "emulation",
        )
    )

# --------------------------------------------------------------------------
# targets


def _percent_of(code: str, target: str) -> Callable[[Period], Number]:
    def compute(p: Period) -> Number:
        goal = plans.target_value(p.root, p.year, target)
        return percent_of_plan(get(code).value(p) or 0, goal) if goal else None

    return compute


def _targets_met(p: Period) -> dict[str, dict[str, int]]:
    return p.once("targets_met", lambda: plans.targets_met_count(p.root, p.start, p.end))


register(
    Indicator(
        "members.new.percent",
        _("Kết nạp đoàn viên mới so với chỉ tiêu"),
        PERCENT,
        FLOW,
        _percent_of("members.new", "new_members"),
        "plans",
    )
)
for _plan_code, _plan in plan_indicators.INDICATORS.items():
    register(
        Indicator(
            f"targets_met.{_plan_code}",
            format_lazy(_("Đơn vị đạt chỉ tiêu: {}"), _plan.label),
            UNITS,
            FLOW,
            _part(_targets_met, _plan_code, "met"),
            "plans",
        )
    )
