"""The indicators a yearly target can be set on (danh mục chỉ tiêu): one declaration each.

An :class:`Indicator` says what is counted (code, Vietnamese label, unit of
measure), how far down the tree its targets are distributed, and how the
achievement of a subtree over a period is computed. Adding an indicator is
adding one ``register(Indicator(...))`` below; the distribution form, the
checks, the pages, the import and the selectors read :data:`INDICATORS`.

The reports issue (6) builds the general indicator registry; it can absorb
these declarations as they are (same fields, same function signatures).

Counting rule (every indicator): a record counts in the subtree its unit
belonged to *on the record's own date* (``org.selectors.dated_in_subtree_q``),
so an admission in a grassroots union that later merged counts where the
union stood when it admitted the member.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Count
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from congdoan.org.models import TIER, EventKind, Level, Unit, UnitEvent
from congdoan.org.selectors import dated_in_subtree_q

#: Records of a subtree over a period, counted per (unit id, day): what the roll-up reads.
ByUnitDay = Callable[[Unit, dt.date, dt.date], Counter[tuple[int, dt.date]]]


@dataclass(frozen=True)
class Indicator:
    """One indicator targets are set on (chỉ tiêu).

    - ``code``: stable identifier (files, URLs, the import's "Chỉ tiêu" column).
    - ``label``: Vietnamese name shown to officers.
    - ``unit``: unit of measure: "people", "units", "instances" or "VND".
    - ``unit_label``: how a value's unit is written ("người", "CĐCS" …).
    - ``count(root, start, end) -> int``: achievement of ``root``'s subtree
      from ``start`` to ``end`` inclusive, on the tree of each record's date.
    - ``by_unit_day(root, start, end)``: the same records as a Counter of
      (unit id, day) → number, so that the achievement of every unit of a
      subtree is computed in one pass (``selectors.achievements``).
    - ``lowest_tier``: the deepest tier of the tree that receives targets
      (4: down to grassroots unions; 3: down to the unions directly above
      them — a grassroots union founds no grassroots union).
    """

    code: str
    label: str | Promise
    unit: str
    unit_label: str | Promise
    count: Callable[[Unit, dt.date, dt.date], int]
    by_unit_day: ByUnitDay
    lowest_tier: int = TIER[Level.GRASSROOTS]
    description: str | Promise = ""

    def receives_targets(self, unit: Unit) -> bool:
        """Whether ``unit``'s level is one this indicator's targets are distributed to."""
        return TIER[unit.level] <= self.lowest_tier


INDICATORS: dict[str, Indicator] = {}


def register(indicator: Indicator) -> Indicator:
    if indicator.code in INDICATORS:
        raise ValueError(f"indicator {indicator.code!r} declared twice")
    INDICATORS[indicator.code] = indicator
    return indicator


def get(code: str) -> Indicator | None:
    return INDICATORS.get(code)


def choices() -> list[tuple[str, str]]:
    return [(code, str(ind.label)) for code, ind in INDICATORS.items()]


# --------------------------------------------------------------------------
# new members (kết nạp đoàn viên mới)


def _admissions(root: Unit, start: dt.date, end: dt.date):  # type: ignore[no-untyped-def]
    from congdoan.members.selectors import new_members

    return new_members(root, start, end)


def new_members_count(root: Unit, start: dt.date, end: dt.date) -> int:
    """Admissions in ``root``'s subtree from ``start`` to ``end`` (transfers in are not new members)."""
    return int(_admissions(root, start, end).count())


def new_members_by_unit_day(root: Unit, start: dt.date, end: dt.date) -> Counter[tuple[int, dt.date]]:
    rows = _admissions(root, start, end).order_by().values_list("unit_id", "on").annotate(n=Count("id"))
    return Counter({(unit_id, on): n for unit_id, on, n in rows})


# --------------------------------------------------------------------------
# new grassroots unions (thành lập mới công đoàn cơ sở)


def _restructure_born(days: set[dt.date]) -> set[str]:
    """Codes of units founded by a merge (A + B → C) or a split on one of ``days``.

    The org app founds the new unit of a merge or split with an ordinary
    "founded" event and names it in the sources' "merged"/"split" event
    (``details["into"]``, ``details["parts"]``). Such a unit is a
    reorganisation of existing unions, not a newly established one.
    """
    codes: set[str] = set()
    if not days:
        return codes
    events = UnitEvent.objects.filter(kind__in=[EventKind.MERGED, EventKind.SPLIT], on__in=days)
    for kind, details in events.values_list("kind", "details"):
        details = details or {}
        if kind == EventKind.MERGED and details.get("into"):
            codes.add(details["into"])
        elif kind == EventKind.SPLIT:
            codes.update(details.get("parts") or [])
    return codes


def grassroots_founded_by_unit_day(root: Unit, start: dt.date, end: dt.date) -> Counter[tuple[int, dt.date]]:
    """Grassroots unions founded in ``root``'s subtree in the period, per (unit id, founding day).

    Read from the org app's dated history: the "founded" event of each unit
    (``org.services.found_unit`` writes it on the founding date, with the
    unit's first version, under the parent of that day). Units founded by a
    merge or a split are reorganisations and are left out.
    """
    rows = list(
        UnitEvent.objects.filter(kind=EventKind.FOUNDED, unit__level=Level.GRASSROOTS)
        .filter(dated_in_subtree_q(root, start, end, unit_field="unit_id", date_field="on"))
        .values_list("unit_id", "unit__code", "on")
    )
    born = _restructure_born({on for _unit, _code, on in rows})
    return Counter((unit_id, on) for unit_id, code, on in rows if code not in born)


def grassroots_founded(root: Unit, start: dt.date, end: dt.date) -> int:
    """Grassroots unions newly founded in ``root``'s subtree from ``start`` to ``end`` inclusive."""
    return sum(grassroots_founded_by_unit_day(root, start, end).values())


# --------------------------------------------------------------------------
# the catalogue

NEW_MEMBERS = register(
    Indicator(
        code="new_members",
        label=_("Kết nạp đoàn viên mới"),
        unit="people",
        unit_label=_("đoàn viên"),
        count=new_members_count,
        by_unit_day=new_members_by_unit_day,
        description=_("Số người được kết nạp trong năm; đoàn viên chuyển đến không tính là kết nạp mới."),
    )
)

NEW_GRASSROOTS_UNIONS = register(
    Indicator(
        code="new_grassroots_unions",
        label=_("Thành lập mới công đoàn cơ sở"),
        unit="units",
        unit_label=_("CĐCS"),
        count=grassroots_founded,
        by_unit_day=grassroots_founded_by_unit_day,
        lowest_tier=TIER[Level.DISTRICT_FEDERATION],
        description=_(
            "Số công đoàn cơ sở được thành lập trong năm; đơn vị hình thành do hợp nhất, chia tách không tính."
        ),
    )
)
