"""Reads on the member registry: members of a subtree on a date, new members, search, lists.

Counts go through the membership spells and the unit versions valid on the
day, so a member counts where the unit stood in the tree that day (before a
merge in the merged unit's old parent, after it in the successor's).
"""

from __future__ import annotations

import datetime as dt
import operator
from collections.abc import Iterator
from dataclasses import dataclass
from functools import reduce
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import (
    Count,
    Exists,
    F,
    Max,
    OuterRef,
    Q,
    QuerySet,
)
from django.db.models.expressions import RawSQL

from congdoan.accounts.scope import path_allowed, path_in_subtree_q
from congdoan.common.text import fold
from congdoan.members import ids, name_index
from congdoan.members.models import EventKind, MemberEvent, MemberStatus, Person, Spell, SpellState
from congdoan.members.reference import KINH, Citizenship, Gender
from congdoan.org.models import Unit
from congdoan.org.selectors import dated_in_subtree_q, subtree_versions

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


def new_members(root: Unit, start: dt.date, end: dt.date) -> QuerySet[MemberEvent]:
    """Admissions (kết nạp) in ``root``'s subtree from ``start`` to ``end`` inclusive.

    Transfers in are not new members. An admission counts in the subtree its
    unit belonged to on the day of admission.
    """
    return MemberEvent.objects.filter(kind=EventKind.ADMITTED, on__gte=start, on__lte=end).filter(
        dated_in_subtree_q(root, start, end)
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


def _number_conditions(digits: str) -> list[Q]:
    """One equality per column and spelling that a number may be (ID, card, phone)."""
    phones = [digits]
    if digits.startswith("0") and len(digits) >= 9:
        phones += ["+84" + digits[1:], "84" + digits[1:]]
    elif digits.startswith("84") and len(digits) >= 10:
        phones += ["0" + digits[2:]]
    return [Q(cccd=digits), Q(other_id=digits), Q(card_number=digits), *(Q(phone=p) for p in phones)]


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
        return reduce(operator.or_, _number_conditions(digits))
    words = fold(query).split()
    if not words:
        return None
    condition = Q()
    for word in sorted(set(words), key=len, reverse=True):
        condition &= Q(name_fold__contains=" " + word)
    return condition


#: Up to this many name candidates are read from the name index; beyond, the search walks the names.
DENSE_NAMES = 30_000


def search_people(user: Any, query: str, *, limit: int = 50) -> list[Person]:
    """People in the user's scope matching ``query``, in Vietnamese order."""
    condition = search_condition(query)
    if condition is None:
        return []
    qs = Person.objects.visible_to(user).filter(condition).select_related("unit")
    digits = _as_number(query)
    if digits is not None:
        # A number matches a handful of rows through its indexes. Find them on
        # the people table alone, unordered: an ORDER BY or the scope's join
        # tempts the planner into walking the whole name index or every unit.
        # One query per column: with most "other ID" cells empty, SQLite's
        # statistics make an OR of the columns look like a scan.
        columns = [
            Person.objects.filter(part).order_by().values_list("pk", flat=True) for part in condition.children
        ]
        found = list(columns[0].union(*columns[1:])[: limit * 4])
        return list(qs.filter(pk__in=found).order_by("name_sort", "id")[:limit])
    # A name: the name index proposes candidates unless they are very many;
    # then matches are dense and walking the names in order finds a page soon.
    return name_index.first_matches(
        qs, fold(query).split(), condition, order=("name_sort", "id"), limit=limit, dense=DENSE_NAMES
    )


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
) -> MemberListing:
    """People of ``root``'s subtree for the member list, filtered, if ``root`` is in the user's scope.

    ``status`` "active", "suspended" or "members" reads the spells valid on
    ``on`` (the tree of that day): the list of a unit on a date is who
    belonged to it then, as the counts and reports see it. "former" lists
    people whose record ended (left, expelled, deceased) in units now in the
    subtree. The result is a :class:`MemberListing`: a queryset for bulk
    work (``.people``) and a fast count and page for the paginator.
    """
    if not path_allowed(user, root.path):
        return MemberListing(Person.objects.none(), None, sort)
    spells: QuerySet[Spell] | None = None
    units: QuerySet[Any] | None = None
    if status == "former":
        qs = Person.objects.filter(status__in=FORMER_STATUSES).filter(
            path_in_subtree_q("unit__path", root.path)
        )
        if unit_kind:
            qs = qs.filter(unit__kind=unit_kind)
    else:
        units = subtree_versions(root, on)
        if unit_kind:
            units = units.filter(unit__kind=unit_kind)
        units = units.values("unit_id")
        spells = Spell.objects.on(on).filter(
            state__in=STATUS_FILTERS.get(status, ACTIVE_ONLY), unit_id__in=units
        )
        qs = Person.objects.filter(pk__in=spells.values("person_id"))
    person_filters = Q()
    if gender:
        person_filters &= Q(gender=gender)
    if ethnicity == "minority":
        person_filters &= Q(citizenship=Citizenship.VIETNAMESE) & ~Q(ethnicity=KINH)
    elif ethnicity:
        person_filters &= Q(ethnicity=ethnicity)
    if age_band in AGE_BANDS:
        youngest, oldest = AGE_BANDS[age_band]
        # Age by year of birth, as union statistics count it.
        person_filters &= Q(birth_year__gte=on.year - oldest, birth_year__lte=on.year - youngest)
    if joined_year:
        person_filters &= Q(
            joined_on__gte=dt.date(joined_year, 1, 1), joined_on__lte=dt.date(joined_year, 12, 31)
        )
    if citizenship:
        person_filters &= Q(citizenship=citizenship)
    if query:
        condition = search_condition(query)
        if condition is not None:
            person_filters &= condition
    people = qs.filter(person_filters).select_related("unit").order_by(*SORTS.get(sort, SORTS["name"]))
    return MemberListing(people, spells, sort, person_filters, units)


class MemberListing:
    """The member list as the paginator reads it: ``count()`` and slices, each the cheap way.

    - Without filters on the people themselves, the count is the number of
      spells (a person has at most one spell on a day), read from the spell
      index alone, and a page in name order near the top of a large list
      walks the name index, keeping the people with a spell in the subtree
      and stopping after the page. The walk reads about ``(offset + page) ×
      people / listed`` index entries where sorting reads ``listed`` rows,
      so it wins while ``(offset + page) × people < listed²``.
    - With filters on the people (gender, age, …) counting reads every
      listed person's row anyway, so for a list of up to ``ONE_PASS`` spells
      one query returns all the ids in order: the count is their number and
      a page is a slice of them.
    - Otherwise the ids of the page are sorted alone, then the page's rows
      are read: sorting whole rows (every column and the unit) costs
      several times more.

    On PostgreSQL the one pass reads the people by their current unit
    (:meth:`_ids_by_current_unit`) instead of looking up each listed person.
    """

    ordered = True  # for the paginator: the people come in a defined order
    ONE_PASS = 100_000
    #: Read the one pass by current unit (None: on PostgreSQL, which has the covering index for it).
    BY_CURRENT_UNIT: bool | None = None

    def __init__(
        self,
        people: QuerySet[Person],
        spells: QuerySet[Spell] | None,
        sort: str,
        person_filters: Q | None = None,
        units: QuerySet[Any] | None = None,
    ) -> None:
        self.people = people
        self._spells = spells
        self._units = units
        self._sort = sort
        self._person_filters = person_filters or Q()
        self._count: int | None = None
        self._spell_count: int | None = None
        self._ids: list[int] | None = None

    def _spells_listed(self) -> int:
        assert self._spells is not None
        if self._spell_count is None:
            self._spell_count = self._spells.count()
        return self._spell_count

    def count(self) -> int:
        if self._count is None:
            if self._spells is None:
                self._count = self.people.count()
            elif not self._person_filters:
                self._count = self._spells_listed()
            elif self._spells_listed() <= self.ONE_PASS:
                self._ids = self._all_ids()
                self._count = len(self._ids)
            else:
                self._count = self.people.count()
        return self._count

    def __len__(self) -> int:
        return self.count()

    def __iter__(self) -> Iterator[Person]:
        return iter(self.people)

    def __getitem__(self, index: slice) -> list[Person]:
        if not isinstance(index, slice):
            raise TypeError("MemberListing reads pages (slices) only")
        start, stop = index.start or 0, index.stop
        if self._ids is not None:
            ids = self._ids[start:stop]
        elif self._spells is not None and stop is not None and self._walk_pays(stop):
            walk = (
                Person.objects.filter(self._person_filters)
                .filter(Exists(self._spells.filter(person_id=OuterRef("pk"))))
                .order_by(*SORTS[self._sort])
            )
            ids = list(walk.values_list("pk", flat=True)[start:stop])
        elif self._by_current_unit() and self._spells_listed() <= self.ONE_PASS:
            self._ids = self._all_ids()
            ids = self._ids[start:stop]
        else:
            ids = list(self.people.values_list("pk", flat=True)[start:stop])
        rows = Person.objects.select_related("unit").in_bulk(ids)
        return [rows[pk] for pk in ids]

    def _by_current_unit(self) -> bool:
        if self._units is None:
            return False
        if self.BY_CURRENT_UNIT is None:
            return connection.vendor == "postgresql"
        return self.BY_CURRENT_UNIT

    def _all_ids(self) -> list[int]:
        """Every listed id, in order."""
        if self._by_current_unit():
            try:
                return self._ids_by_current_unit()
            except EmptyResultSet:  # the unit did not exist on the date: nobody to list
                return []
        return list(self.people.values_list("pk", flat=True))

    def _ids_by_current_unit(self) -> list[int]:
        """Every listed id in order, reading most people through their current unit.

        Looking up each listed person by id costs one index descent each
        (~29,000 for a province: 70–100 ms on PostgreSQL). Most people listed
        for a unit on a date are still in one of its units, so the people of
        those units are read as ranges of the index ``(unit, id) INCLUDE
        (what the list filters and sorts on)`` (migration 0007) and matched
        with the spells by hashing; only the listed people whose current unit
        lies elsewhere (moved since the date) are looked up one by one. The
        person's unit only chooses how a row is found: who is listed is still
        decided by the spells of the date.
        """
        assert self._spells is not None and self._units is not None
        order = SORTS[self._sort]
        fields = [name.lstrip("-") for name in order if name.lstrip("-") != "id"]
        keys = [f"k{i}" for i in range(1, len(fields) + 1)]
        columns = {"k0": F("pk"), **{key: F(field) for key, field in zip(keys, fields, strict=True)}}
        listed = self._spells.order_by().values("person_id")
        # People whose current unit is one of the units: read by unit, matched with the spells by hashing.
        here = (
            Person.objects.filter(unit_id__in=self._units, pk__in=listed)
            .filter(self._person_filters)
            .order_by()
            .values(**columns)
        )
        # The listed people whose current unit is elsewhere: found by hashing too, then read by id.
        now_here_sql, now_here_params = (
            Person.objects.filter(unit_id__in=self._units).order_by().values("pk").query.sql_with_params()
        )
        elsewhere = (
            Person.objects.filter(self._person_filters)
            .filter(
                pk__in=RawSQL(  # noqa: S611 - compiled ORM SQL, values as parameters
                    f"SELECT person_id FROM s WHERE person_id NOT IN ({now_here_sql})",  # noqa: S608
                    now_here_params,
                )
            )
            .order_by()
            .values(**columns)
        )
        spells_sql, spells_params = listed.query.sql_with_params()
        here_sql, here_params = here.query.sql_with_params()
        elsewhere_sql, elsewhere_params = elsewhere.query.sql_with_params()
        postgres = connection.vendor == "postgresql"
        ordering = []
        for name in order:
            field = name.lstrip("-")
            key = "k0" if field == "id" else keys[fields.index(field)]
            if postgres and field.endswith("name_sort"):
                key += ' COLLATE "C"'  # digits only: the same order, compared as bytes (faster)
            ordering.append(key + (" DESC" if name.startswith("-") else ""))
        # The spells of the second part are fenced (MATERIALIZED): otherwise PostgreSQL's
        # planner reads every spell of the table to apply the NOT IN first.
        # Only compiled ORM SQL and fixed names are joined here; every value is a parameter.
        sql = (
            f"WITH s(person_id) AS {'MATERIALIZED ' if postgres else ''}({spells_sql}) "  # noqa: S608
            f"SELECT k0 FROM ({here_sql} UNION ALL {elsewhere_sql}) x ORDER BY {', '.join(ordering)}"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, (*spells_params, *here_params, *elsewhere_params))
            return [row[0] for row in cursor.fetchall()]

    def _walk_pays(self, stop: int) -> bool:
        if self._sort not in ("name", "-name"):
            return False
        listed = self.count()
        everyone = Person.objects.aggregate(top=Max("id"))["top"] or 0
        return stop * everyone < listed * listed


def history(person: Person) -> QuerySet[MemberEvent]:
    return person.events.select_related("unit", "other_unit", "recorded_by").order_by("on", "id")
