"""Reads on the member registry: members of a subtree on a date, new members, search, lists.

Counts go through the membership spells and the unit versions valid on the
day, so a member counts where the unit stood in the tree that day (before a
merge in the merged unit's old parent, after it in the successor's).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from congdoan.accounts.scope import path_in_subtree_q
from congdoan.common.text import fold
from congdoan.members import ids
from congdoan.members.models import EventKind, MemberEvent, MemberStatus, Person, Spell, SpellState
from congdoan.members.reference import KINH, Citizenship, Gender
from congdoan.org.models import Unit, UnitVersion
from congdoan.org.selectors import subtree_versions

ACTIVE_ONLY = (SpellState.ACTIVE,)
ALL_MEMBERS = (SpellState.ACTIVE, SpellState.SUSPENDED)


def spells_on(root: Unit, on: dt.date, *, states: tuple[str, ...] = ACTIVE_ONLY) -> QuerySet[Spell]:
    """Spells valid on ``on`` in units of ``root``'s subtree as it stood that day."""
    units = subtree_versions(root, on).values("unit_id")
    return Spell.objects.on(on).filter(state__in=states, unit_id__in=units)


def count_members(root: Unit, on: dt.date, *, states: tuple[str, ...] = ACTIVE_ONLY) -> int:
    """Members of ``root``'s subtree on ``on`` (active ones unless ``states`` says otherwise)."""
    return spells_on(root, on, states=states).count()


def members_on(root: Unit, on: dt.date, *, states: tuple[str, ...] = ACTIVE_ONLY) -> QuerySet[Person]:
    return Person.objects.filter(pk__in=spells_on(root, on, states=states).values("person_id"))


def _in_subtree_on_event_date(root: Unit, start: dt.date, end: dt.date) -> Q:
    """Events whose unit lay in ``root``'s subtree on the event's own date, within [start, end]."""
    condition = Q(pk__in=[])
    for version in UnitVersion.objects.filter(unit=root, valid_from__lte=end, valid_to__gt=start):
        low = max(start, version.valid_from)
        high = min(end, version.valid_to - dt.timedelta(days=1))
        inside = UnitVersion.objects.filter(
            path_in_subtree_q("path", version.path),
            unit_id=OuterRef("unit_id"),
            valid_from__lte=OuterRef("on"),
            valid_to__gt=OuterRef("on"),
        )
        condition |= Q(on__gte=low, on__lte=high) & Q(Exists(inside))
    return condition


def new_members(root: Unit, start: dt.date, end: dt.date) -> QuerySet[MemberEvent]:
    """Admissions (kết nạp) in ``root``'s subtree from ``start`` to ``end`` inclusive.

    Transfers in are not new members. An admission counts in the subtree its
    unit belonged to on the day of admission.
    """
    return MemberEvent.objects.filter(kind=EventKind.ADMITTED, on__gte=start, on__lte=end).filter(
        _in_subtree_on_event_date(root, start, end)
    )


@dataclass
class MemberStats:
    total: int
    suspended: int
    women: int
    minorities: int
    foreign: int
    by_kind: dict[str, int]

    def as_dict(self) -> dict[str, Any]:
        return {
            "total": self.total,
            "suspended": self.suspended,
            "women": self.women,
            "ethnic_minorities": self.minorities,
            "foreign_workers": self.foreign,
            "by_unit_kind": self.by_kind,
        }


def member_stats(root: Unit, on: dt.date) -> MemberStats:
    """Counts for a subtree on a date: active members, women, ethnic minorities, by kind of unit."""
    active = spells_on(root, on)
    figures = active.aggregate(
        total=Count("id"),
        women=Count("id", filter=Q(person__gender=Gender.FEMALE)),
        minorities=Count(
            "id", filter=Q(person__citizenship=Citizenship.VIETNAMESE) & ~Q(person__ethnicity=KINH)
        ),
        foreign=Count("id", filter=Q(person__citizenship=Citizenship.FOREIGN)),
    )
    by_kind = dict(active.values_list("unit__kind").annotate(n=Count("id")).values_list("unit__kind", "n"))
    suspended = spells_on(root, on, states=(SpellState.SUSPENDED,)).count()
    return MemberStats(
        total=figures["total"],
        suspended=suspended,
        women=figures["women"],
        minorities=figures["minorities"],
        foreign=figures["foreign"],
        by_kind={kind or "other": n for kind, n in sorted(by_kind.items(), key=lambda kv: kv[0] or "")},
    )


# --------------------------------------------------------------------------
# search and lists


def _number_condition(digits: str) -> Q:
    condition = Q(cccd=digits) | Q(other_id=digits) | Q(card_number=digits) | Q(phone=digits)
    if digits.startswith("0") and len(digits) >= 9:
        condition |= Q(phone="+84" + digits[1:]) | Q(phone="84" + digits[1:])
    elif digits.startswith("84") and len(digits) >= 10:
        condition |= Q(phone="0" + digits[2:])
    return condition


def _as_number(query: str) -> str | None:
    """The digits of ``query`` when it is an ID, card or phone number (6+ digits), else None."""
    digits = ids.clean_id(query).lstrip("+")
    return digits if digits.isdigit() and len(digits) >= 6 else None


def search_condition(query: str) -> Q | None:
    """What ``query`` asks for: an ID, card or phone number, or words that begin words of the name.

    "hoang gi", "Giang Hoàng" and "hoàng giang" all find "Hoàng Giang":
    every word of the query must begin some word of the name, in any order,
    with or without diacritics.
    """
    digits = _as_number(query)
    if digits is not None:
        return _number_condition(digits)
    words = fold(query).split()
    if not words:
        return None
    condition = Q()
    for word in sorted(set(words), key=len, reverse=True):
        condition &= Q(name_fold__contains=" " + word)
    return condition


def search_people(user: Any, query: str, *, limit: int = 50) -> list[Person]:
    """People in the user's scope matching ``query``, in Vietnamese order."""
    condition = search_condition(query)
    if condition is None:
        return []
    qs = Person.objects.visible_to(user).filter(condition).select_related("unit")
    if _as_number(query) is not None:
        # A number matches a handful of rows through unique indexes; an ORDER BY
        # would tempt the planner into walking the whole name index instead.
        return sorted(qs[: limit * 4], key=lambda p: (p.name_sort, p.pk))[:limit]
    return list(qs.order_by("name_sort", "id")[:limit])


STATUS_FILTERS = {
    "active": ACTIVE_ONLY,
    "suspended": (SpellState.SUSPENDED,),
    "members": ALL_MEMBERS,
}
FORMER_STATUSES = (MemberStatus.LEFT, MemberStatus.EXPELLED, MemberStatus.DECEASED)

#: Age bands (label key -> inclusive age range) of the list filters and reports.
AGE_BANDS: dict[str, tuple[int, int]] = {
    "under30": (0, 29),
    "30to39": (30, 39),
    "40to49": (40, 49),
    "50plus": (50, 200),
}

SORTS = {
    "name": ("name_sort", "id"),
    "-name": ("-name_sort", "-id"),
    "joined": ("joined_on", "name_sort", "id"),
    "-joined": ("-joined_on", "name_sort", "id"),
    "born": ("birth_year", "birth_date", "name_sort", "id"),
    "-born": ("-birth_year", "-birth_date", "name_sort", "id"),
    "unit": ("unit__name_sort", "name_sort", "id"),
}


def member_list(
    user: Any,
    root: Unit,
    on: dt.date,
    *,
    status: str = "active",
    gender: str = "",
    ethnicity: str = "",
    age_band: str = "",
    joined_year: int | None = None,
    citizenship: str = "",
    unit_kind: str = "",
    query: str = "",
    sort: str = "name",
) -> QuerySet[Person]:
    """People of ``root``'s subtree for the member list, filtered, in the user's scope.

    ``status`` "active", "suspended" or "members" reads the spells valid on
    ``on`` (the tree of that day); "former" lists people whose record ended
    (left, expelled, deceased) in units now in the subtree.
    """
    qs = Person.objects.visible_to(user)
    if status == "former":
        qs = qs.filter(status__in=FORMER_STATUSES).filter(path_in_subtree_q("unit__path", root.path))
        if unit_kind:
            qs = qs.filter(unit__kind=unit_kind)
    else:
        spells = spells_on(root, on, states=STATUS_FILTERS.get(status, ACTIVE_ONLY))
        if unit_kind:
            spells = spells.filter(unit__kind=unit_kind)
        qs = qs.filter(pk__in=spells.values("person_id"))
    if gender:
        qs = qs.filter(gender=gender)
    if ethnicity == "minority":
        qs = qs.filter(citizenship=Citizenship.VIETNAMESE).exclude(ethnicity=KINH)
    elif ethnicity:
        qs = qs.filter(ethnicity=ethnicity)
    if age_band in AGE_BANDS:
        youngest, oldest = AGE_BANDS[age_band]
        # Age by year of birth, as union statistics count it.
        qs = qs.filter(birth_year__gte=on.year - oldest, birth_year__lte=on.year - youngest)
    if joined_year:
        qs = qs.filter(joined_on__gte=dt.date(joined_year, 1, 1), joined_on__lte=dt.date(joined_year, 12, 31))
    if citizenship:
        qs = qs.filter(citizenship=citizenship)
    if query:
        condition = search_condition(query)
        if condition is not None:
            qs = qs.filter(condition)
    return qs.select_related("unit").order_by(*SORTS.get(sort, SORTS["name"]))


def history(person: Person) -> QuerySet[MemberEvent]:
    return person.events.select_related("unit", "other_unit", "recorded_by").order_by("on", "id")
