"""Operations on support: programmes, grants and their workflow (requested → approved → paid, or rejected).

Every function takes the acting user (None: the system itself, e.g. the
demo loader), checks scope and role, runs in one transaction and writes the
audit trail. Views, the import and the demo call these and nothing else.

Who does what (``accounts.models.ROLE_ACTIONS``): an officer (action
``change`` on the giving unit) requests a grant; an approver (``approve``)
approves or rejects it, never their own request; an accountant (``pay``)
marks an approved grant paid.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from congdoan.accounts import audit
from congdoan.accounts.scope import path_allowed
from congdoan.care.models import (
    FundingKind,
    GrantState,
    ProgrammeFunding,
    ProgrammeKind,
    SupportGrant,
    SupportProgramme,
)
from congdoan.common.errors import DomainError, ScopeError
from congdoan.common.formats import vn_date, vn_number
from congdoan.common.text import nfc
from congdoan.members import ids
from congdoan.members.models import Person
from congdoan.org.models import Status, Unit
from congdoan.org.services import require
from congdoan.reports import kept

#: The largest single grant accepted (a Mái ấm house is 50 million; this catches a typo's extra zeros).
MAX_AMOUNT = 500_000_000


def now() -> dt.datetime:
    return timezone.now()


# --------------------------------------------------------------------------
# programmes


def _funding_problems(budget: int, funding: dict[str, tuple[int, str]]) -> list[tuple[str, str]]:
    problems: list[tuple[str, str]] = []
    for kind, (amount, _sponsor) in funding.items():
        if kind not in FundingKind.values:
            problems.append(("funding", _("Nguồn kinh phí “%(k)s” không hợp lệ.") % {"k": kind}))
        elif amount < 0:
            problems.append((f"funding_{kind}", _("Số tiền của một nguồn không được âm.")))
    total = sum(amount for amount, _s in funding.values())
    if funding and total != budget:
        problems.append(
            (
                "budget",
                _("Tổng các nguồn kinh phí (%(total)s đồng) phải bằng dự toán (%(budget)s đồng).")
                % {"total": vn_number(total), "budget": vn_number(budget)},
            )
        )
    return problems


def _check_programme(
    *,
    unit: Unit,
    name: str,
    kind: str,
    start: Any,
    end: Any,
    budget: int,
    funding: dict[str, tuple[int, str]],
) -> None:
    if not name:
        raise DomainError(_("Tên chương trình không được để trống."), field="name", code="required")
    if kind not in ProgrammeKind.values:
        raise DomainError(_("Loại chương trình không hợp lệ."), field="kind", code="invalid_kind")
    if not isinstance(start, dt.date) or not isinstance(end, dt.date):
        raise DomainError(
            _("Cần ghi thời gian thực hiện (từ ngày, đến ngày)."), field="start", code="required"
        )
    if end < start:
        raise DomainError(_("Ngày kết thúc phải sau ngày bắt đầu."), field="end", code="period")
    if budget is None or budget < 0:
        raise DomainError(_("Dự toán phải là số tiền không âm."), field="budget", code="budget")
    if unit.status != Status.ACTIVE:
        raise DomainError(
            _("%(unit)s không còn hoạt động: không thể mở chương trình mới.") % {"unit": unit.name},
            field="unit",
            code="unit_inactive",
        )
    for field_name, message in _funding_problems(budget, funding):
        raise DomainError(message, field=field_name, code="funding")


def _write_funding(programme: SupportProgramme, funding: dict[str, tuple[int, str]]) -> None:
    programme.funding.exclude(kind__in=list(funding)).delete()
    for kind, (amount, sponsor) in funding.items():
        ProgrammeFunding.objects.update_or_create(
            programme=programme, kind=kind, defaults={"amount": amount, "sponsor": nfc(sponsor)}
        )


def _programme_snapshot(programme: SupportProgramme) -> dict[str, Any]:
    return {
        "name": programme.name,
        "kind": programme.kind,
        "unit": programme.unit_id,
        "start": programme.start,
        "end": programme.end,
        "budget": programme.budget,
        "funding": {f.kind: [f.amount, f.sponsor] for f in programme.funding.all()},
    }


def create_programme(
    *,
    actor: Any,
    unit: Unit,
    name: str,
    kind: str,
    start: dt.date,
    end: dt.date,
    budget: int,
    funding: dict[str, tuple[int, str]] | None = None,
    description: str = "",
) -> SupportProgramme:
    """Open a support programme of ``unit``; ``funding`` maps a FundingKind to (amount, sponsor names).

    When funding is given, its amounts must add up to the budget.
    """
    require(actor, unit, "change")
    name = nfc(name)
    funding = {k: v for k, v in (funding or {}).items() if v[0]}
    _check_programme(unit=unit, name=name, kind=kind, start=start, end=end, budget=budget, funding=funding)
    with transaction.atomic():
        programme = SupportProgramme.objects.create(
            name=name,
            kind=kind,
            unit=unit,
            start=start,
            end=end,
            budget=budget,
            description=nfc(description),
            created_by=audit.stored_actor(actor),
        )
        _write_funding(programme, funding)
        audit.record(
            actor=actor,
            action="care.programme_create",
            obj=programme,
            unit=unit,
            after=_programme_snapshot(programme),
        )
    return programme


def update_programme(
    *,
    actor: Any,
    programme: SupportProgramme,
    name: str,
    kind: str,
    start: dt.date,
    end: dt.date,
    budget: int,
    funding: dict[str, tuple[int, str]] | None = None,
    description: str = "",
    reason: str = "",
) -> SupportProgramme:
    """Change a programme's details; its grants must stay inside the new period."""
    require(actor, programme.unit, "change")
    name = nfc(name)
    funding = {k: v for k, v in (funding or {}).items() if v[0]}
    _check_programme(
        unit=programme.unit, name=name, kind=kind, start=start, end=end, budget=budget, funding=funding
    )
    outside = programme.grants.filter(Q(on__lt=start) | Q(on__gt=end)).exclude(state=GrantState.REJECTED)
    if outside.exists():
        raise DomainError(
            _("Có %(n)s lượt hỗ trợ nằm ngoài thời gian mới của chương trình.") % {"n": outside.count()},
            field="start",
            code="grants_outside",
        )
    used = set(programme.grants.exclude(funding="").values_list("funding", flat=True).distinct())
    if funding and used - set(funding):
        labels = ", ".join(str(FundingKind(k).label) for k in sorted(used - set(funding)))
        raise DomainError(
            _("Không bỏ được nguồn kinh phí đã có lượt hỗ trợ: %(l)s.") % {"l": labels},
            field="budget",
            code="funding_in_use",
        )
    with transaction.atomic():
        before = _programme_snapshot(programme)
        if kind != programme.kind:  # the support figures by kind change for every grant of it
            _forget(*programme.grants.values_list("unit_id", "on").distinct())
        programme.name, programme.kind, programme.start, programme.end = name, kind, start, end
        programme.budget, programme.description = budget, nfc(description)
        programme.save()
        _write_funding(programme, funding)
        audit.record(
            actor=actor,
            action="care.programme_update",
            obj=programme,
            unit=programme.unit,
            before=before,
            after=_programme_snapshot(programme),
            reason=reason,
        )
    return programme


# --------------------------------------------------------------------------
# grants: the recipient and the double-payment guard


@dataclass
class Recipient:
    """Who receives a grant: a member, or a worker who is not a member (CCCD and name)."""

    person: Person | None = None
    full_name: str = ""
    cccd: str = ""
    birth_year: int | None = None

    @classmethod
    def member(cls, person: Person) -> Recipient:
        return cls(
            person=person, full_name=person.full_name, cccd=person.cccd or "", birth_year=person.birth_year
        )


def recipient_problems(recipient: Recipient) -> list[tuple[str, str]]:
    """Normalise a non-member recipient in place; (field, message) for each problem."""
    if recipient.person is not None:
        return []
    problems: list[tuple[str, str]] = []
    recipient.full_name = nfc(recipient.full_name)
    recipient.cccd = ids.clean_id(recipient.cccd)
    if not recipient.full_name:
        problems.append(("recipient_name", _("Cần ghi họ và tên người nhận.")))
    elif len(recipient.full_name) > 120:
        problems.append(("recipient_name", _("Họ và tên quá dài (tối đa 120 ký tự).")))
    year = recipient.birth_year
    if year is not None and not 1900 <= year <= timezone.localdate().year:
        problems.append(("recipient_birth_year", _("Năm sinh %(y)s không hợp lệ.") % {"y": year}))
        year = None
    if not recipient.cccd:
        problems.append(
            ("recipient_cccd", _("Người lao động không phải đoàn viên: cần ghi số CCCD để tránh chi trùng."))
        )
    else:
        found = ids.cccd_problems(recipient.cccd, gender=None, birth_year=year)
        problems += [("recipient_cccd", message) for message in found]
        if not found and year and recipient.cccd.isdigit() and len(recipient.cccd) == 12:
            # Without a gender the fourth digit still tells the century of birth.
            digit = int(recipient.cccd[3])
            if digit // 2 != year // 100 - 19:
                start = 1900 + (digit // 2) * 100
                problems.append(
                    (
                        "recipient_cccd",
                        _(
                            "số CCCD %(n)s: chữ số thứ 4 là %(d)s (sinh %(start)s–%(end)s) nhưng năm sinh ghi %(year)s."
                        )
                        % {"n": recipient.cccd, "d": digit, "start": start, "end": start + 99, "year": year},
                    )
                )
    return problems


def previous_grants(
    programme: SupportProgramme, recipient: Recipient, *, exclude: int | None = None
) -> list[SupportGrant]:
    """Grants (not rejected) of ``programme`` to the same person: the same member or the same CCCD.

    A programme's grants all fall in its period, so this is "the same
    person in the same programme and period".
    """
    same = Q(pk__in=[])
    if recipient.person is not None:
        same |= Q(person=recipient.person)
    if recipient.cccd:
        same |= Q(recipient_cccd=recipient.cccd)
    qs = programme.grants.filter(same).exclude(state=GrantState.REJECTED)
    if exclude is not None:
        qs = qs.exclude(pk=exclude)
    return list(qs.order_by("on", "id"))


def duplicate_message(recipient_name: str, earlier: Sequence[SupportGrant]) -> str:
    """The guard's warning: who, when and how much they received already."""
    first = earlier[0]
    return _(
        "%(name)s đã được hỗ trợ trong chương trình này %(n)s lần (lần đầu ngày %(on)s, %(amount)s đồng). "
        "Nếu vẫn hỗ trợ thêm, hãy ghi lý do."
    ) % {
        "name": recipient_name,
        "n": len(earlier),
        "on": vn_date(first.on),
        "amount": vn_number(first.amount),
    }


# --------------------------------------------------------------------------
# grants: requesting


@dataclass
class GrantInput:
    """One grant to request, before it is checked (the form, bulk entry and the import build these)."""

    recipient: Recipient
    on: dt.date | None
    amount: int | None
    in_kind: str = ""
    funding: str = ""
    note: str = ""
    duplicate_reason: str = ""
    unit: Unit | None = None  # the giving unit when it differs per row (import)
    extra: dict[str, Any] = field(default_factory=dict)


def _giving_unit_problem(programme: SupportProgramme, unit: Unit) -> str | None:
    if not unit.path.startswith(programme.unit.path):
        return _("%(unit)s không thuộc %(owner)s, đơn vị thực hiện chương trình.") % {
            "unit": unit.name,
            "owner": programme.unit.name,
        }
    return None


def grant_problems(
    programme: SupportProgramme, unit: Unit, item: GrantInput, *, funding_kinds: set[str] | None = None
) -> list[tuple[str, str]]:
    """Every (field, message) wrong with one grant, without the double-payment guard or writing."""
    problems = recipient_problems(item.recipient)
    problem = _giving_unit_problem(programme, unit)
    if problem:
        problems.append(("unit", problem))
    if not isinstance(item.on, dt.date):
        problems.append(("on", _("Cần ghi ngày hỗ trợ.")))
    elif not programme.start <= item.on <= programme.end:
        problems.append(
            (
                "on",
                _("Ngày hỗ trợ %(on)s nằm ngoài thời gian của chương trình (%(start)s – %(end)s).")
                % {"on": vn_date(item.on), "start": vn_date(programme.start), "end": vn_date(programme.end)},
            )
        )
    elif item.on > timezone.localdate():
        problems.append(("on", _("Ngày hỗ trợ %(on)s chưa đến.") % {"on": vn_date(item.on)}))
    if item.amount is None:
        problems.append(("amount", _("Cần ghi số tiền (hoặc giá trị hiện vật) bằng đồng.")))
    elif item.amount <= 0:
        problems.append(("amount", _("Số tiền phải lớn hơn 0.")))
    elif item.amount > MAX_AMOUNT:
        problems.append(
            ("amount", _("Số tiền %(a)s đồng quá lớn cho một lượt hỗ trợ.") % {"a": vn_number(item.amount)})
        )
    item.in_kind = nfc(item.in_kind)
    if len(item.in_kind) > 300:
        problems.append(("in_kind", _("Mô tả hiện vật quá dài (tối đa 300 ký tự).")))
    if item.funding:
        kinds = (
            funding_kinds
            if funding_kinds is not None
            else set(programme.funding.values_list("kind", flat=True))
        )
        if item.funding not in FundingKind.values:
            problems.append(("funding", _("Nguồn kinh phí không hợp lệ.")))
        elif kinds and item.funding not in kinds:
            problems.append(
                (
                    "funding",
                    _("Chương trình không có nguồn kinh phí “%(f)s”.")
                    % {"f": FundingKind(item.funding).label},
                )
            )
    return problems


def _check_recipient_scope(actor: Any, recipient: Recipient) -> None:
    person = recipient.person
    if actor is not None and person is not None and not path_allowed(actor, person.unit.path, "view"):
        raise ScopeError()


def _new_grant(
    actor: Any, programme: SupportProgramme, unit: Unit, item: GrantInput, stamp: dt.datetime
) -> SupportGrant:
    recipient = item.recipient
    assert item.on is not None and item.amount is not None  # checked by grant_problems
    return SupportGrant(
        programme=programme,
        unit=unit,
        person=recipient.person,
        recipient_name=recipient.full_name,
        recipient_cccd=recipient.cccd,
        recipient_birth_year=recipient.birth_year,
        on=item.on,
        amount=item.amount,
        in_kind=item.in_kind,
        funding=item.funding,
        note=nfc(item.note),
        duplicate_reason=nfc(item.duplicate_reason),
        state=GrantState.REQUESTED,
        requested_at=stamp,
        requested_by=audit.stored_actor(actor),
    )


def grant_snapshot(grant: SupportGrant) -> dict[str, Any]:
    return {
        "programme": grant.programme_id,
        "unit": grant.unit_id,
        "person": grant.person_id,
        "recipient_name": grant.recipient_name,
        "recipient_cccd": ids.mask_id(grant.recipient_cccd),
        "on": grant.on,
        "amount": grant.amount,
        "in_kind": grant.in_kind,
        "funding": grant.funding,
        "state": grant.state,
    }


def _raise_first(problems: list[tuple[str, str]]) -> None:
    if problems:
        field_name, message = problems[0]
        raise DomainError(message, field=field_name, code="invalid_grant")


def request_grant(
    *,
    actor: Any,
    programme: SupportProgramme,
    unit: Unit,
    recipient: Recipient,
    on: dt.date,
    amount: int,
    in_kind: str = "",
    funding: str = "",
    note: str = "",
    duplicate_reason: str = "",
) -> SupportGrant:
    """Record a grant as requested (đề nghị hỗ trợ) by ``unit``, the programme's unit or one below it.

    The double-payment guard: when the same member or the same CCCD already
    has a grant (not rejected) in the programme, DomainError with code
    ``duplicate`` unless ``duplicate_reason`` says why; the reason is stored
    and audited.
    """
    require(actor, unit, "change")
    _check_recipient_scope(actor, recipient)
    item = GrantInput(
        recipient=recipient,
        on=on,
        amount=amount,
        in_kind=in_kind,
        funding=funding,
        note=note,
        duplicate_reason=nfc(duplicate_reason),
    )
    _raise_first(grant_problems(programme, unit, item))
    with transaction.atomic():
        # Lock the programme: two requests for one person at once must not both pass the guard.
        SupportProgramme.objects.select_for_update().filter(pk=programme.pk).first()
        earlier = previous_grants(programme, recipient)
        if earlier and not item.duplicate_reason:
            raise DomainError(
                duplicate_message(recipient.full_name, earlier), field="duplicate_reason", code="duplicate"
            )
        grant = _new_grant(actor, programme, unit, item, now())
        grant.save()
        audit.record(
            actor=actor,
            action="care.grant_request",
            obj=grant,
            unit=unit,
            after=grant_snapshot(grant),
            reason=item.duplicate_reason,
        )
    return grant


def request_grants(
    *,
    actor: Any,
    programme: SupportProgramme,
    unit: Unit | None,
    items: Sequence[GrantInput],
    reason: str = "",
    state: str = GrantState.REQUESTED,
) -> list[SupportGrant]:
    """Request many grants at once (bulk entry, the import): all or nothing, one audit entry.

    Each item is checked like :func:`request_grant` (an item's own ``unit``
    overrides ``unit``), including the double-payment guard against the
    programme's grants and against the other items; the first problems are
    listed in one DomainError and nothing is written.

    ``state`` PAID is for loading records of support already given (the
    demo, a past year's list): only the system or a user who may approve
    and pay on the unit can load them so.
    """
    if state not in (GrantState.REQUESTED, GrantState.PAID):
        raise DomainError(_("Trạng thái không hợp lệ."), code="invalid_state")
    kinds = set(programme.funding.values_list("kind", flat=True))
    errors: list[str] = []
    checked_units: set[int] = set()
    seen_people: dict[Any, int] = {}
    with transaction.atomic():
        SupportProgramme.objects.select_for_update().filter(pk=programme.pk).first()
        existing_people = set(
            programme.grants.exclude(state=GrantState.REJECTED)
            .exclude(person=None)
            .values_list("person_id", flat=True)
        )
        existing_cccds = set(
            programme.grants.exclude(state=GrantState.REJECTED)
            .exclude(recipient_cccd="")
            .values_list("recipient_cccd", flat=True)
        )
        stamp = now()
        grants: list[SupportGrant] = []
        for index, item in enumerate(items, start=1):
            giver = item.unit or unit
            if giver is None:
                errors.append(
                    _("%(i)s. %(name)s: cần ghi đơn vị trao.")
                    % {"i": index, "name": item.recipient.full_name}
                )
                continue
            if giver.pk not in checked_units:
                require(actor, giver, "change")
                if state == GrantState.PAID:
                    require(actor, giver, "approve")
                    require(actor, giver, "pay")
                checked_units.add(giver.pk)
            _check_recipient_scope(actor, item.recipient)
            problems = [
                message for _f, message in grant_problems(programme, giver, item, funding_kinds=kinds)
            ]
            recipient = item.recipient
            keys: list[tuple[str, Any]] = [("p", recipient.person.pk)] if recipient.person is not None else []
            keys += [("c", recipient.cccd)] if recipient.cccd else []
            earlier_here = next((seen_people[k] for k in keys if k in seen_people), None)
            in_db = (recipient.person is not None and recipient.person.pk in existing_people) or (
                recipient.cccd in existing_cccds
            )
            if (earlier_here or in_db) and not nfc(item.duplicate_reason):
                if earlier_here:
                    problems.append(
                        _("trùng người với dòng %(j)s; nếu vẫn hỗ trợ thêm, hãy ghi lý do.")
                        % {"j": earlier_here}
                    )
                else:
                    problems.append(
                        duplicate_message(recipient.full_name, previous_grants(programme, recipient))
                    )
            for key in keys:
                seen_people.setdefault(key, index)
            if problems:
                errors.append(
                    _("%(i)s. %(name)s: %(p)s")
                    % {"i": index, "name": recipient.full_name, "p": " ".join(problems)}
                )
                if len(errors) >= 20:
                    break
                continue
            grant = _new_grant(actor, programme, giver, item, stamp)
            if state == GrantState.PAID:
                # A past record may carry the times its steps were taken (``extra``).
                grant.state = GrantState.PAID
                grant.requested_at = item.extra.get("requested_at", stamp)
                grant.decided_at = item.extra.get("decided_at", stamp)
                grant.paid_at = item.extra.get("paid_at", stamp)
                grant.decided_by = grant.paid_by = audit.stored_actor(actor)
            grants.append(grant)
        if errors:
            raise DomainError(
                _("Chưa ghi lượt hỗ trợ nào vì có lỗi: %(e)s") % {"e": " ".join(errors)}, code="invalid_rows"
            )
        if not grants:
            raise DomainError(_("Chưa chọn người nhận nào."), code="empty")
        SupportGrant.objects.bulk_create(grants, batch_size=2000)
        _forget(*((g.unit_id, g.on) for g in grants))
        overridden = sum(1 for g in grants if g.duplicate_reason)
        audit.record(
            actor=actor,
            action="care.grant_request_bulk" if state == GrantState.REQUESTED else "care.grant_load",
            obj=programme,
            unit=unit or programme.unit,
            after={
                "count": len(grants),
                "amount": sum(g.amount for g in grants),
                "state": state,
                "units": sorted({g.unit_id for g in grants}),
                "duplicates_overridden": overridden,
            },
            reason=reason,
        )
    return grants


# --------------------------------------------------------------------------
# grants: the workflow


def _forget(*touched: tuple[int, dt.date]) -> None:
    """The reports' kept support figures of these (unit, day) are wrong now (``reports/kept.py``)."""
    if touched:
        kept.forget([kept.SUPPORT], touched, until=max(day for _unit, day in touched))


def _locked(grant: SupportGrant) -> SupportGrant:
    return SupportGrant.objects.select_for_update().select_related("unit", "programme").get(pk=grant.pk)


_STATE_WORDS: dict[str, Callable[[], str]] = {
    GrantState.REQUESTED: lambda: _("đang chờ duyệt"),
    GrantState.APPROVED: lambda: _("đã được duyệt"),
    GrantState.PAID: lambda: _("đã được chi"),
    GrantState.REJECTED: lambda: _("đã bị từ chối"),
}


def _refuse(grant: SupportGrant, what: str, code: str) -> DomainError:
    return DomainError(
        _("Không thể %(what)s: lượt hỗ trợ này %(state)s.")
        % {"what": what, "state": _STATE_WORDS[grant.state]()},
        code=code,
    )


def _decide(actor: Any, grant: SupportGrant, *, approve: bool, reason: str) -> SupportGrant:
    require(actor, grant.unit, "approve")
    with transaction.atomic():
        locked = _locked(grant)
        if locked.state != GrantState.REQUESTED:
            raise _refuse(locked, _("duyệt") if approve else _("từ chối"), "not_requested")
        if actor is not None and locked.requested_by_id == getattr(actor, "pk", None):
            raise DomainError(
                _("Người đề nghị không được tự duyệt lượt hỗ trợ của mình: cần một người duyệt khác."),
                code="own_request",
            )
        if not approve and not nfc(reason):
            raise DomainError(_("Cần ghi lý do không duyệt."), field="reason", code="reason_required")
        before = grant_snapshot(locked)
        locked.state = GrantState.APPROVED if approve else GrantState.REJECTED
        locked.decided_at = now()
        locked.decided_by = audit.stored_actor(actor)
        if not approve:
            locked.rejection_reason = nfc(reason)
        locked.save(update_fields=["state", "decided_at", "decided_by", "rejection_reason"])
        audit.record(
            actor=actor,
            action="care.grant_approve" if approve else "care.grant_reject",
            obj=locked,
            unit=locked.unit,
            before=before,
            after=grant_snapshot(locked),
            reason=nfc(reason),
        )
    return locked


def approve_grant(*, actor: Any, grant: SupportGrant, note: str = "") -> SupportGrant:
    """Approve a requested grant (duyệt chi). Needs ``approve`` on the giving unit; not one's own request."""
    return _decide(actor, grant, approve=True, reason=note)


def reject_grant(*, actor: Any, grant: SupportGrant, reason: str) -> SupportGrant:
    """Reject a requested grant, with the reason (không duyệt). Same rights as approving."""
    return _decide(actor, grant, approve=False, reason=reason)


def pay_grant(*, actor: Any, grant: SupportGrant, note: str = "") -> SupportGrant:
    """Mark an approved grant paid (đã chi). Needs ``pay`` on the giving unit."""
    require(actor, grant.unit, "pay")
    with transaction.atomic():
        locked = _locked(grant)
        if locked.state != GrantState.APPROVED:
            if locked.state == GrantState.REQUESTED:
                raise DomainError(_("Không thể chi: lượt hỗ trợ này chưa được duyệt."), code="not_approved")
            raise _refuse(locked, _("chi"), "not_approved")
        before = grant_snapshot(locked)
        locked.state = GrantState.PAID
        locked.paid_at = now()
        locked.paid_by = audit.stored_actor(actor)
        locked.save(update_fields=["state", "paid_at", "paid_by"])
        _forget((locked.unit_id, locked.on))
        audit.record(
            actor=actor,
            action="care.grant_pay",
            obj=locked,
            unit=locked.unit,
            before=before,
            after=grant_snapshot(locked),
            reason=nfc(note),
        )
    return locked
