"""Reads on support: lists within the user's scope, budget use, the approval queue, counts for reports.

Counting rule (reports, issue 6): a support instance (lượt hỗ trợ) counts
when it is **paid**; requested, approved-but-unpaid and rejected grants do
not count. It counts on its date (``SupportGrant.on``) for the subtree its
giving unit stood in on that date (:func:`congdoan.org.selectors.dated_in_subtree_q`),
so a grant of a union that has since merged or moved still counts where
the union was then.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from congdoan.accounts.scope import path_in_subtree_q, scope_paths
from congdoan.care.models import (
    FundingKind,
    GrantState,
    ProgrammeKind,
    SupportGrant,
    SupportProgramme,
)
from congdoan.members.models import Person
from congdoan.org.models import PATH_SEGMENT_WIDTH, Unit
from congdoan.org.selectors import dated_in_subtree_q, in_subtree_and_period

# --------------------------------------------------------------------------
# counts for reports


def paid_grants(root: Unit, start: dt.date, end: dt.date) -> QuerySet[SupportGrant]:
    """Paid grants dated ``start``..``end`` (inclusive) given in ``root``'s subtree as it stood on each date."""
    return SupportGrant.objects.filter(state=GrantState.PAID).filter(dated_in_subtree_q(root, start, end))


def support_count(root: Unit, start: dt.date, end: dt.date) -> int:
    """Support instances (lượt) paid in the subtree and period."""
    return paid_grants(root, start, end).count()


def support_amount(root: Unit, start: dt.date, end: dt.date) -> int:
    """Total value in VND (money and in kind) of the support paid in the subtree and period."""
    return int(paid_grants(root, start, end).aggregate(total=Coalesce(Sum("amount"), 0))["total"])


def support_by_kind(root: Unit, start: dt.date, end: dt.date) -> dict[str, dict[str, int]]:
    """Paid support by programme kind: ``{kind: {"count": lượt, "amount": VND}}``, every kind present (0s)."""
    rows = (
        paid_grants(root, start, end)
        .values_list("programme__kind")
        .annotate(n=Count("id"), total=Sum("amount"))
        .values_list("programme__kind", "n", "total")
    )
    result = {kind: {"count": 0, "amount": 0} for kind in ProgrammeKind.values}
    for kind, n, total in rows:
        result[kind] = {"count": n, "amount": int(total or 0)}
    return result


def support_count_by_kind(root: Unit, start: dt.date, end: dt.date) -> dict[str, int]:
    """Paid support instances by programme kind."""
    return {kind: row["count"] for kind, row in support_by_kind(root, start, end).items()}


def support_amount_by_kind(root: Unit, start: dt.date, end: dt.date) -> dict[str, int]:
    """Paid support amount (VND) by programme kind."""
    return {kind: row["amount"] for kind, row in support_by_kind(root, start, end).items()}


def support_members_count(root: Unit, start: dt.date, end: dt.date) -> int:
    """Paid support instances that went to members (the rest went to workers who are not members)."""
    return paid_grants(root, start, end).exclude(person=None).count()


# --------------------------------------------------------------------------
# lists


def visible_grants(user: Any, action: str = "view") -> QuerySet[SupportGrant]:
    return SupportGrant.objects.visible_to(user, action)


def grant_list(
    user: Any,
    *,
    root: Unit | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
    programme: SupportProgramme | None = None,
    kind: str = "",
    state: str = "",
    query: str = "",
) -> QuerySet[SupportGrant]:
    """Grants the user may see, filtered. With a period, ``root``'s subtree is taken as it stood on each
    grant's date (as the reports count); without one, as it stands today."""
    qs = visible_grants(user)
    qs = in_subtree_and_period(qs, root, start, end)
    if programme is not None:
        qs = qs.filter(programme=programme)
    if kind:
        qs = qs.filter(programme__kind=kind)
    if state:
        qs = qs.filter(state=state)
    if query:
        from congdoan.common.text import fold, nfc
        from congdoan.members import ids

        digits = ids.clean_id(query)
        if digits.isdigit() and len(digits) >= 5:
            qs = qs.filter(recipient_cccd__endswith=digits)
        else:
            text = nfc(query)
            folded = fold(query)
            qs = qs.filter(Q(recipient_name__icontains=text) | Q(person__name_fold__contains=folded))
    return qs.select_related("programme", "unit")


def totals(qs: QuerySet[SupportGrant]) -> dict[str, int]:
    """Count and amount of a list, and of its paid part."""
    row = qs.order_by().aggregate(
        n=Count("id"),
        total=Coalesce(Sum("amount"), 0),
        paid_n=Count("id", filter=Q(state=GrantState.PAID)),
        paid_total=Coalesce(Sum("amount", filter=Q(state=GrantState.PAID)), 0),
    )
    return {key: int(value) for key, value in row.items()}


def approval_queue(user: Any) -> QuerySet[SupportGrant]:
    """Requested grants the user may approve, except the user's own requests."""
    qs = SupportGrant.objects.visible_to(user, "approve").filter(state=GrantState.REQUESTED)
    if getattr(user, "pk", None):
        qs = qs.exclude(requested_by=user)
    return qs.select_related("programme", "unit").order_by("requested_at", "id")


def payment_queue(user: Any) -> QuerySet[SupportGrant]:
    """Approved grants the user may mark paid."""
    return (
        SupportGrant.objects.visible_to(user, "pay")
        .filter(state=GrantState.APPROVED)
        .select_related("programme", "unit")
        .order_by("decided_at", "id")
    )


# --------------------------------------------------------------------------
# programmes


def visible_programmes(user: Any, action: str = "view") -> QuerySet[SupportProgramme]:
    return SupportProgramme.objects.visible_to(user, action).select_related("unit")


def programmes_for_entry(user: Any) -> QuerySet[SupportProgramme]:
    """Programmes the user may enter grants in: run by a unit the user may change, or by one above it.

    An officer of a grassroots union enters its grants in the province's
    programmes (Tết Sum vầy …) as well as in its own.
    """
    paths = scope_paths(user, "change")
    qs = SupportProgramme.objects.select_related("unit")
    if paths is None:
        return qs
    if not paths:
        return qs.none()
    condition = Q()
    ancestors: set[int] = set()
    for path in paths:
        condition |= path_in_subtree_q("unit__path", path)
        segments = [s for s in path.split(".") if s]
        ancestors.update(int(s) for s in segments[:-1] if len(s) == PATH_SEGMENT_WIDTH)
    if ancestors:
        condition |= Q(unit_id__in=ancestors)
    return qs.filter(condition)


@dataclass
class FundingUse:
    """Budget use of one funding source of a programme."""

    kind: str
    label: str
    sponsor: str
    budget: int
    requested: int
    approved: int
    paid: int

    @property
    def left(self) -> int:
        return self.budget - self.paid

    @property
    def percent(self) -> float | None:
        return None if not self.budget else self.paid * 100 / self.budget


def programme_use(programme: SupportProgramme) -> list[FundingUse]:
    """Each funding source with the money requested, approved (not yet paid) and paid from it.

    Grants with no source named are shown on a line of their own; all
    grants of the programme count, whichever unit of its subtree gave them.
    """
    sums: dict[str, dict[str, int]] = {}
    rows = (
        programme.grants.values_list("funding", "state")
        .annotate(total=Sum("amount"))
        .values_list("funding", "state", "total")
    )
    for funding, state, total in rows:
        sums.setdefault(funding, {})[state] = int(total or 0)
    lines = []
    for source in programme.funding.all():
        got = sums.pop(source.kind, {})
        lines.append(
            FundingUse(
                source.kind,
                str(FundingKind(source.kind).label),
                source.sponsor,
                source.amount,
                got.get(GrantState.REQUESTED, 0),
                got.get(GrantState.APPROVED, 0),
                got.get(GrantState.PAID, 0),
            )
        )
    for kind, got in sorted(sums.items()):
        label = str(FundingKind(kind).label) if kind else ""
        lines.append(
            FundingUse(
                kind,
                label,
                "",
                0,
                got.get(GrantState.REQUESTED, 0),
                got.get(GrantState.APPROVED, 0),
                got.get(GrantState.PAID, 0),
            )
        )
    return lines


def programme_totals(programme: SupportProgramme) -> dict[str, int]:
    """Grants of the programme: count and amount in each state."""
    result = {f"{state}_{what}": 0 for state in GrantState.values for what in ("count", "amount")}
    rows = programme.grants.values_list("state").annotate(n=Count("id"), total=Sum("amount"))
    for state, n, total in rows.values_list("state", "n", "total"):
        result[f"{state}_count"] = n
        result[f"{state}_amount"] = int(total or 0)
    return result


def programme_list(
    user: Any, *, year: int | None = None, kind: str = "", root: Unit | None = None
) -> QuerySet:
    """Programmes visible to the user, with their paid count and amount."""
    qs = visible_programmes(user)
    if year:
        qs = qs.filter(start__lte=dt.date(year, 12, 31), end__gte=dt.date(year, 1, 1))
    if kind:
        qs = qs.filter(kind=kind)
    if root is not None:
        qs = qs.filter(path_in_subtree_q("unit__path", root.path))
    return qs.annotate(
        paid_count=Count("grants", filter=Q(grants__state=GrantState.PAID)),
        paid_amount=Coalesce(Sum("grants__amount", filter=Q(grants__state=GrantState.PAID)), 0),
    )


def history(grant: SupportGrant) -> list[tuple[dt.datetime, str, Any, str]]:
    """The steps of a grant: (when, step label, by whom, note), oldest first."""
    steps: list[tuple[dt.datetime, str, Any, str]] = [
        (grant.requested_at, _("Đề nghị hỗ trợ"), grant.requested_by, grant.duplicate_reason)
    ]
    if grant.decided_at:
        if grant.state == GrantState.REJECTED:
            steps.append((grant.decided_at, _("Không duyệt"), grant.decided_by, grant.rejection_reason))
        else:
            steps.append((grant.decided_at, _("Duyệt"), grant.decided_by, ""))
    if grant.paid_at:
        steps.append((grant.paid_at, _("Chi"), grant.paid_by, ""))
    return steps


def find_member(user: Any, ref: str) -> Person | None:
    """A person the user may see, by CCCD or member card number (as typed: spaces and dots allowed)."""
    from congdoan.members import ids

    digits = ids.clean_id(ref)
    if not digits:
        return None
    return (
        Person.objects.visible_to(user)
        .filter(Q(cccd=digits) | Q(card_number=digits))
        .select_related("unit")
        .first()
    )


def programme_for_user(user: Any, pk: Any) -> SupportProgramme | None:
    """A programme the user may see or enter grants in (the list's programme filter)."""
    if not str(pk).isdigit():
        return None
    return visible_programmes(user).filter(pk=pk).first() or programmes_for_entry(user).filter(pk=pk).first()


@dataclass
class ChildUse:
    """A programme's grants given under one child unit of the programme's unit (or by the unit itself)."""

    unit: Unit | None
    count: int
    amount: int
    paid_count: int
    paid_amount: int


def programme_by_child(programme: SupportProgramme) -> list[ChildUse]:
    """The programme's grants grouped by the child of its unit they were given under (today's tree).

    A province's programme shows, per district federation, what its
    grassroots unions gave: the programme is seen up the tree.
    """
    from django.db.models.functions import Substr

    root = programme.unit.path
    width = len(root) + PATH_SEGMENT_WIDTH + 1
    rows = (
        programme.grants.exclude(state=GrantState.REJECTED)
        .annotate(top=Substr("unit__path", 1, width))
        .values_list("top")
        .annotate(
            n=Count("id"),
            total=Sum("amount"),
            paid_n=Count("id", filter=Q(state=GrantState.PAID)),
            paid_total=Coalesce(Sum("amount", filter=Q(state=GrantState.PAID)), 0),
        )
        .values_list("top", "n", "total", "paid_n", "paid_total")
    )
    found = list(rows)
    units = {u.path: u for u in Unit.objects.filter(path__in=[top for top, *_rest in found])}
    result = [
        ChildUse(units.get(top) if top != root else None, n, int(total or 0), paid_n, int(paid_total))
        for top, n, total, paid_n, paid_total in found
    ]
    return sorted(result, key=lambda r: (r.unit is not None, r.unit.name_sort if r.unit else ""))
