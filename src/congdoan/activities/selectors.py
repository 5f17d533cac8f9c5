"""Reads on sessions: lists within the user's scope, rosters, counts of participations for reports.

Counting rule (reports, issue 6): participations (lượt người tham dự) are
the sum of the sessions' ``participants`` (the headcount, or the members
present on the roster); a member at two sessions counts twice. A session
counts on its date (``Session.on``) for the subtree its organising unit
stood in on that date (:func:`congdoan.org.selectors.dated_in_subtree_q`),
so a session of a union that has since merged or moved still counts where
the union was then.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import Coalesce

from congdoan.activities.models import Attendance, Session, SessionKind
from congdoan.common.text import nfc
from congdoan.members import ids
from congdoan.members.models import Person
from congdoan.org.models import Unit
from congdoan.org.selectors import dated_in_subtree_q, in_subtree_and_period

# --------------------------------------------------------------------------
# counts for reports


def sessions_in(root: Unit, start: dt.date, end: dt.date) -> QuerySet[Session]:
    """Sessions dated ``start``..``end`` (inclusive) organised in ``root``'s subtree as it stood on each date."""
    return Session.objects.filter(dated_in_subtree_q(root, start, end))


def participation_counts(root: Unit, start: dt.date, end: dt.date, *, kind: str = "") -> dict[str, int]:
    """``{"sessions", "participants", "women"}`` of the subtree and period (participations, not people)."""
    qs = sessions_in(root, start, end)
    if kind:
        qs = qs.filter(kind=kind)
    row = qs.aggregate(
        sessions=Count("id"),
        participants=Coalesce(Sum("participants"), 0),
        women=Coalesce(Sum("women"), 0),
    )
    return {key: int(value) for key, value in row.items()}


def participations(root: Unit, start: dt.date, end: dt.date, *, kind: str = "") -> int:
    """Participations (lượt người) in sessions of the subtree and period, of one kind or all."""
    return participation_counts(root, start, end, kind=kind)["participants"]


def participations_women(root: Unit, start: dt.date, end: dt.date, *, kind: str = "") -> int:
    """Participations of women in sessions of the subtree and period."""
    return participation_counts(root, start, end, kind=kind)["women"]


def session_count(root: Unit, start: dt.date, end: dt.date, *, kind: str = "") -> int:
    """Sessions organised in the subtree and period."""
    return participation_counts(root, start, end, kind=kind)["sessions"]


def participations_by_kind(root: Unit, start: dt.date, end: dt.date) -> dict[str, dict[str, int]]:
    """``{kind: {"sessions", "participants", "women"}}`` for every kind (0s where none)."""
    result = {kind: {"sessions": 0, "participants": 0, "women": 0} for kind in SessionKind.values}
    rows = (
        sessions_in(root, start, end)
        .values_list("kind")
        .annotate(n=Count("id"), total=Sum("participants"), women_total=Sum("women"))
        .values_list("kind", "n", "total", "women_total")
    )
    for kind, n, total, women in rows:
        result[kind] = {"sessions": n, "participants": int(total or 0), "women": int(women or 0)}
    return result


# --------------------------------------------------------------------------
# lists


def visible_sessions(user: Any, action: str = "view") -> QuerySet[Session]:
    return Session.objects.visible_to(user, action)


def session_list(
    user: Any,
    *,
    root: Unit | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
    kind: str = "",
    mode: str = "",
    query: str = "",
) -> QuerySet[Session]:
    """Sessions the user may see, filtered. With a period, ``root``'s subtree is taken as it stood on each
    session's date (as the reports count); without one, as it stands today."""
    qs = visible_sessions(user)
    qs = in_subtree_and_period(qs, root, start, end)
    if kind:
        qs = qs.filter(kind=kind)
    if mode:
        qs = qs.filter(mode=mode)
    if query:
        qs = qs.filter(topic__icontains=nfc(query))
    return qs.select_related("unit")


def totals(qs: QuerySet[Session]) -> dict[str, int]:
    """Sessions, participations and women of a list."""
    row = qs.order_by().aggregate(
        n=Count("id"),
        participants=Coalesce(Sum("participants"), 0),
        women=Coalesce(Sum("women"), 0),
    )
    return {key: int(value) for key, value in row.items()}


def roster(session: Session) -> QuerySet[Attendance]:
    """The session's roster, by name as Vietnamese lists sort."""
    return session.roster.select_related("person", "person__unit").order_by("person__name_sort", "id")


def roster_candidates(user: Any, session: Session) -> QuerySet[Person]:
    """Members the roster may hold: of the organising unit's subtree on the session's date, visible to the user."""
    from congdoan.members.selectors import ALL_MEMBERS, members_on

    return (
        members_on(session.unit, session.on, states=ALL_MEMBERS)
        .filter(pk__in=Person.objects.visible_to(user).values("pk"))
        .select_related("unit")
        .order_by("name_sort", "id")
    )


def find_member(user: Any, ref: str) -> Person | None:
    """A person the user may see, by CCCD or member card number (spaces and dots allowed)."""
    digits = ids.clean_id(ref)
    if not digits:
        return None
    return (
        Person.objects.visible_to(user)
        .filter(Q(cccd=digits) | Q(card_number=digits))
        .select_related("unit")
        .first()
    )
