"""Reads of emulation and awards: the counts the reports declare indicators on, and the list pages.

Every count takes ``(root, start, end)`` (both days included) and counts a
record where its unit stood in the tree on the record's own date
(``org.selectors.dated_in_subtree_q``):

- initiatives by their recognition date, in the initiative's unit;
- creative-labour awards by the award's date, in the initiative's unit;
- award decisions by their date, in the issuing unit;
- award recipients by the decision's date, in the collective or in the member's unit on that date;
- gradings by the last day of their year, in the graded unit (a grading of
  2024 counts for a period that holds 31/12/2024).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum

from congdoan.accounts.scope import path_in_subtree_q, scope_q
from congdoan.emulation.models import (
    AwardDecision,
    AwardRecipient,
    Campaign,
    CampaignRegistration,
    CreativeLabourAward,
    Grade,
    Grading,
    Initiative,
    RecipientKind,
    RecognitionScope,
)
from congdoan.org.models import Unit
from congdoan.org.selectors import dated_in_subtree_q


def initiatives_in(root: Unit, start: dt.date, end: dt.date) -> QuerySet[Initiative]:
    """Initiatives recognised from ``start`` to ``end`` in ``root``'s subtree as it stood on each date."""
    return Initiative.objects.filter(
        dated_in_subtree_q(root, start, end, unit_field="unit_id", date_field="recognised_on")
    )


def initiatives_by_scope(root: Unit, start: dt.date, end: dt.date) -> dict[str, int]:
    """Initiatives recognised in the period by recognition scope: every scope present, zeros included."""
    counts = dict(
        initiatives_in(root, start, end)
        .values_list("scope")
        .annotate(n=Count("id"))
        .values_list("scope", "n")
    )
    return {scope: counts.get(scope, 0) for scope in RecognitionScope.values}


def count_initiatives(root: Unit, start: dt.date, end: dt.date, *, scope: str | None = None) -> int:
    """Initiatives recognised in the period (of one recognition scope, when given)."""
    qs = initiatives_in(root, start, end)
    return (qs.filter(scope=scope) if scope else qs).count()


def initiatives_value(root: Unit, start: dt.date, end: dt.date) -> int:
    """Estimated value (VND) of the initiatives recognised in the period."""
    return int(initiatives_in(root, start, end).aggregate(v=Sum("value"))["v"] or 0)


def creative_awards_in(root: Unit, start: dt.date, end: dt.date) -> QuerySet[CreativeLabourAward]:
    return CreativeLabourAward.objects.filter(
        dated_in_subtree_q(root, start, end, unit_field="unit_id", date_field="awarded_on")
    )


def count_creative_awards(root: Unit, start: dt.date, end: dt.date) -> int:
    """Creative-labour certificates (Bằng Lao động sáng tạo) awarded in the period."""
    return creative_awards_in(root, start, end).count()


def decisions_in(root: Unit, start: dt.date, end: dt.date) -> QuerySet[AwardDecision]:
    return AwardDecision.objects.filter(
        dated_in_subtree_q(root, start, end, unit_field="unit_id", date_field="decided_on")
    )


def decisions_by_form(root: Unit, start: dt.date, end: dt.date) -> dict[str, int]:
    """Award decisions issued (or recorded) by units of the subtree in the period, by form."""
    rows = decisions_in(root, start, end).values_list("form").annotate(n=Count("id")).values_list("form", "n")
    return dict(rows)


def recipients_in(root: Unit, start: dt.date, end: dt.date) -> QuerySet[AwardRecipient]:
    return AwardRecipient.objects.filter(
        dated_in_subtree_q(root, start, end, unit_field="unit_id", date_field="decided_on")
    )


def recipients_by_form_and_kind(root: Unit, start: dt.date, end: dt.date) -> dict[tuple[str, str], int]:
    """Collectives and individuals of the subtree awarded in the period: {(form, kind): count}."""
    rows = recipients_in(root, start, end).values_list("form", "kind").annotate(n=Count("id"))
    return {(form, kind): n for form, kind, n in rows}


def count_recipients(
    root: Unit, start: dt.date, end: dt.date, *, kind: str | None = None, form: str | None = None
) -> int:
    """Recipients of the subtree awarded in the period, of one kind (collective/individual) and form."""
    qs = recipients_in(root, start, end)
    if kind:
        qs = qs.filter(kind=kind)
    if form:
        qs = qs.filter(form=form)
    return qs.count()


def count_collectives_awarded(root: Unit, start: dt.date, end: dt.date) -> int:
    return count_recipients(root, start, end, kind=RecipientKind.COLLECTIVE)


def count_individuals_awarded(root: Unit, start: dt.date, end: dt.date) -> int:
    return count_recipients(root, start, end, kind=RecipientKind.INDIVIDUAL)


def gradings_in(root: Unit, start: dt.date, end: dt.date) -> QuerySet[Grading]:
    """Gradings whose year ends in the period, where the unit stood on that year's last day."""
    return Grading.objects.filter(
        dated_in_subtree_q(root, start, end, unit_field="unit_id", date_field="as_of")
    )


def gradings_by_grade(root: Unit, start: dt.date, end: dt.date) -> dict[str, int]:
    """Grassroots unions graded for the years ending in the period, by grade (zeros included)."""
    counts = dict(
        gradings_in(root, start, end).values_list("grade").annotate(n=Count("id")).values_list("grade", "n")
    )
    return {grade: counts.get(grade, 0) for grade in Grade.values}


def count_graded(root: Unit, start: dt.date, end: dt.date, *, grade: str | None = None) -> int:
    qs = gradings_in(root, start, end)
    return (qs.filter(grade=grade) if grade else qs).count()


# --------------------------------------------------------------------------
# the list pages: the user's scope, a subtree as it stands now, a period


def _in_subtree(qs: QuerySet[Any], unit: Unit | None, field: str = "unit__path") -> QuerySet[Any]:
    return qs if unit is None else qs.filter(path_in_subtree_q(field, unit.path))


def _in_period(qs: QuerySet[Any], field: str, start: dt.date | None, end: dt.date | None) -> QuerySet[Any]:
    if start:
        qs = qs.filter(**{f"{field}__gte": start})
    if end:
        qs = qs.filter(**{f"{field}__lte": end})
    return qs


def campaign_list(
    user: Any,
    *,
    unit: Unit | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
    q: str = "",
) -> QuerySet[Campaign]:
    """Campaigns the user may see, launched by ``unit``'s subtree, running at some time in the period."""
    qs: QuerySet[Campaign] = _in_subtree(Campaign.objects.visible_to(user), unit)
    if start:
        qs = qs.filter(Q(ends_on__isnull=True) | Q(ends_on__gte=start))
    if end:
        qs = qs.filter(starts_on__lte=end)
    if q:
        qs = qs.filter(name__icontains=q)
    # A campaign launched above the user is visible, but only their own subtree's registrations count
    # (the detail page lists the same ones).
    mine = scope_q(user, "view", field="registrations__unit__path")
    registered = Count("registrations", filter=mine) if mine is not None else Count("registrations")
    return qs.select_related("unit").annotate(registered=registered).order_by("-launched_on", "id")


def registrations_of(user: Any, campaign: Campaign) -> QuerySet[CampaignRegistration]:
    """The registrations for ``campaign`` the user may see (their own subtree's only)."""
    return (
        CampaignRegistration.objects.visible_to(user)
        .filter(campaign=campaign)
        .select_related("unit", "person")
        .order_by("person_id", "unit__name_sort", "id")
    )


def initiative_list(
    user: Any,
    *,
    unit: Unit | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
    scope: str = "",
    q: str = "",
) -> QuerySet[Initiative]:
    """Initiatives the user may see in ``unit``'s subtree, recognised in the period (unrecognised: no period)."""
    qs = _in_subtree(Initiative.objects.visible_to(user), unit)
    if start or end:
        qs = _in_period(qs.filter(recognised_on__isnull=False), "recognised_on", start, end)
    if scope == "none":
        qs = qs.filter(recognised_on__isnull=True)
    elif scope:
        qs = qs.filter(scope=scope)
    if q:
        qs = qs.filter(title__icontains=q)
    return (
        qs.select_related("unit", "creative_award")
        .prefetch_related("authors__person")
        .order_by("-recognised_on", "-id")
    )


def creative_award_list(
    user: Any,
    *,
    unit: Unit | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
    q: str = "",
) -> QuerySet[CreativeLabourAward]:
    """Creative-labour awards the user may see in ``unit``'s subtree, dated in the period, by title or number."""
    qs = _in_period(_in_subtree(CreativeLabourAward.objects.visible_to(user), unit), "awarded_on", start, end)
    if q:
        qs = qs.filter(Q(initiative__title__icontains=q) | Q(decision_number__icontains=q))
    return qs.select_related("unit", "initiative").order_by("-awarded_on", "-id")


def decision_list(
    user: Any,
    *,
    unit: Unit | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
    form: str = "",
    q: str = "",
) -> QuerySet[AwardDecision]:
    """Decisions issued or recorded by ``unit``'s subtree in the period, with their recipient counts."""
    qs = _in_period(_in_subtree(AwardDecision.objects.visible_to(user), unit), "decided_on", start, end)
    if form:
        qs = qs.filter(form=form)
    if q:
        qs = qs.filter(Q(number__icontains=q) | Q(reason__icontains=q))
    return (
        qs.select_related("unit")
        .annotate(
            collectives=Count("recipients", filter=Q(recipients__kind=RecipientKind.COLLECTIVE)),
            individuals=Count("recipients", filter=Q(recipients__kind=RecipientKind.INDIVIDUAL)),
        )
        .order_by("-decided_on", "-id")
    )


def grading_list(
    user: Any, *, unit: Unit | None = None, year: int | None = None, grade: str = ""
) -> QuerySet[Grading]:
    qs = _in_subtree(Grading.objects.visible_to(user), unit)
    if year:
        qs = qs.filter(year=year)
    if grade:
        qs = qs.filter(grade=grade)
    return qs.select_related("unit").order_by("-year", "unit__name_sort", "id")
