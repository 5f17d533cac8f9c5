"""Operations on emulation and awards: campaigns, registrations, initiatives, awards, grading.

Every function takes the acting user (None: the system itself, e.g. the
demo loader), checks scope and the rules, runs in one transaction and
writes one audit entry (bulk loads: one entry for the batch). The ``check_*``
functions apply the rules of one record without writing, so the import can
report every row's problems before anything is written.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from congdoan.accounts import audit
from congdoan.accounts.scope import path_allowed
from congdoan.common.errors import DomainError
from congdoan.common.formats import vn_date
from congdoan.common.text import nfc
from congdoan.emulation import grading
from congdoan.emulation.models import (
    AwardDecision,
    AwardForm,
    AwardLevel,
    AwardRecipient,
    Campaign,
    CampaignKind,
    CampaignRegistration,
    CreativeLabourAward,
    Grade,
    Grading,
    Initiative,
    InitiativeAuthor,
    InitiativeField,
    InitiativeKind,
    RecipientKind,
    RecognitionScope,
)
from congdoan.members.models import Person, Spell
from congdoan.org.models import Level, Status, Unit, UnitVersion
from congdoan.org.services import require
from congdoan.reports import kept


def _version_on(unit: Unit, on: dt.date) -> UnitVersion | None:
    return UnitVersion.objects.filter(unit=unit, valid_from__lte=on, valid_to__gt=on).first()


def _active_on(unit: Unit, on: dt.date, *, field: str = "unit") -> UnitVersion:
    version = _version_on(unit, on)
    if version is None or version.status != Status.ACTIVE:
        raise DomainError(
            _("%(unit)s không hoạt động vào ngày %(day)s.") % {"unit": unit.name, "day": vn_date(on)},
            code="unit_inactive",
            field=field,
        )
    return version


def _inside(unit: Unit, root: Unit, on: dt.date) -> bool:
    """Whether ``unit`` lay in ``root``'s subtree (root included) on ``on``."""
    root_version, version = _version_on(root, on), _version_on(unit, on)
    return bool(root_version and version and version.path.startswith(root_version.path))


def member_unit_on(person: Person, on: dt.date) -> Unit | None:
    """The unit where ``person`` held membership (active or suspended) on ``on``; None if not a member."""
    spell = (
        Spell.objects.filter(person=person, valid_from__lte=on, valid_to__gt=on)
        .select_related("unit")
        .first()
    )
    return spell.unit if spell else None


def _require_member(person: Person, on: dt.date, *, field: str, role: str) -> Unit:
    unit = member_unit_on(person, on)
    if unit is None:
        raise DomainError(
            _("%(name)s không phải là đoàn viên vào ngày %(day)s: không thể ghi là %(role)s.")
            % {"name": person.full_name, "day": vn_date(on), "role": role},
            code="not_a_member",
            field=field,
        )
    return unit


def _text(value: str | None, *, limit: int, label: str, field: str, required: bool = True) -> str:
    text = nfc(value or "").strip()
    if required and not text:
        raise DomainError(
            _("%(label)s không được để trống.") % {"label": label}, code="required", field=field
        )
    if len(text) > limit:
        raise DomainError(
            _("%(label)s quá dài (tối đa %(n)s ký tự).") % {"label": label, "n": limit},
            code="too_long",
            field=field,
        )
    return text


def _choice(value: str, choices: Any, *, label: str, field: str) -> str:
    if value not in choices.values:
        raise DomainError(
            _("%(label)s “%(value)s” không có trong danh mục.") % {"label": label, "value": value},
            code="choice_invalid",
            field=field,
        )
    return value


# --------------------------------------------------------------------------
# campaigns


def launch_campaign(
    *,
    actor: Any,
    unit: Unit,
    name: str,
    kind: str,
    launched_on: dt.date,
    starts_on: dt.date | None = None,
    ends_on: dt.date | None = None,
    theme: str = "",
    criteria: str = "",
    target_groups: str = "",
) -> Campaign:
    """Launch an emulation campaign (phát động phong trào thi đua) of ``unit`` for its subtree."""
    require(actor, unit, "change")
    with transaction.atomic():
        _active_on(unit, launched_on)
        campaign = Campaign(
            unit=unit,
            name=_text(name, limit=300, label=_("Tên phong trào"), field="name"),
            kind=_choice(kind, CampaignKind, label=_("Loại phong trào"), field="kind"),
            launched_on=launched_on,
            starts_on=starts_on or launched_on,
            ends_on=ends_on,
            theme=nfc(theme).strip(),
            criteria="\n".join(nfc(line) for line in criteria.splitlines() if line.strip()),
            target_groups=_text(
                target_groups, limit=500, label=_("Đối tượng"), field="target_groups", required=False
            ),
        )
        if campaign.ends_on is not None and campaign.ends_on < campaign.starts_on:
            raise DomainError(
                _("Ngày kết thúc phải sau ngày bắt đầu của phong trào."), code="period_order", field="ends_on"
            )
        campaign.save()
        audit.record(
            actor=actor,
            action="emulation.campaign_launch",
            obj=campaign,
            unit=unit,
            after={"name": campaign.name, "kind": kind, "launched_on": launched_on, "ends_on": ends_on},
        )
    return campaign


def _check_registration(campaign: Campaign, on: dt.date) -> None:
    if not campaign.runs_on(on) or on < campaign.launched_on:
        raise DomainError(
            _("Phong trào “%(name)s” không diễn ra vào ngày %(day)s.")
            % {"name": campaign.name, "day": vn_date(on)},
            code="campaign_not_running",
            field="registered_on",
        )


def register_for_campaign(
    *,
    actor: Any,
    campaign: Campaign,
    on: dt.date,
    unit: Unit | None = None,
    person: Person | None = None,
    commitment: str = "",
) -> CampaignRegistration:
    """Register a collective (``unit``) or a member (``person``) for a campaign (đăng ký thi đua).

    The collective, or the member's unit on ``on``, must lie in the
    launching unit's subtree on that day; each registers once.
    """
    if (unit is None) == (person is None):
        raise DomainError(_("Đăng ký cho một tập thể hoặc một đoàn viên."), code="registrant")
    with transaction.atomic():
        _check_registration(campaign, on)
        if person is not None:
            unit = _require_member(person, on, field="person", role=_("người đăng ký thi đua"))
        assert unit is not None
        require(actor, unit, "change")
        if person is None:
            _active_on(unit, on)
        if not _inside(unit, campaign.unit, on):
            raise DomainError(
                _("%(unit)s không thuộc %(launcher)s nên không đăng ký phong trào này được.")
                % {"unit": unit.name, "launcher": campaign.unit.name},
                code="outside_campaign",
                field="unit",
            )
        twice = CampaignRegistration.objects.filter(campaign=campaign)
        twice = (
            twice.filter(person=person)
            if person is not None
            else twice.filter(unit=unit, person__isnull=True)
        )
        if twice.exists():
            raise DomainError(
                _("%(who)s đã đăng ký phong trào này.") % {"who": person.full_name if person else unit.name},
                code="registered_twice",
            )
        registration = CampaignRegistration.objects.create(
            campaign=campaign, unit=unit, person=person, registered_on=on, commitment=nfc(commitment).strip()
        )
        audit.record(
            actor=actor,
            action="emulation.register",
            obj=registration,
            object_repr=f"{campaign.name}: {person.full_name if person else unit.name}",
            unit=unit,
            after={"campaign": campaign.pk, "person": person.pk if person else None, "on": on},
        )
    return registration


def load_registrations(
    *,
    actor: Any,
    campaign: Campaign,
    items: Sequence[tuple[Unit | None, Person | None, dt.date, str]],
    reason: str = "",
) -> list[CampaignRegistration]:
    """Register many collectives and members at once (unit, person, day, commitment): the rules of
    :func:`register_for_campaign` for each, checked in bulk, one audit entry for the batch."""
    from congdoan.org.selectors import subtree_versions

    inside: dict[dt.date, set[int]] = {}
    seen: set[tuple[int, int | None]] = set(
        CampaignRegistration.objects.filter(campaign=campaign).values_list("unit_id", "person_id")
    )
    seen_people = {person for _unit, person in seen if person is not None}
    rows: list[CampaignRegistration] = []
    with transaction.atomic():
        for unit, person, on, commitment in items:
            if (unit is None) == (person is None):
                raise DomainError(_("Đăng ký cho một tập thể hoặc một đoàn viên."), code="registrant")
            _check_registration(campaign, on)
            if person is not None:
                unit = _require_member(person, on, field="person", role=_("người đăng ký thi đua"))
            assert unit is not None
            require(actor, unit, "change")
            if on not in inside:
                inside[on] = set(subtree_versions(campaign.unit, on).values_list("unit_id", flat=True))
            if unit.pk not in inside[on]:
                raise DomainError(
                    _("%(unit)s không thuộc %(launcher)s nên không đăng ký phong trào này được.")
                    % {"unit": unit.name, "launcher": campaign.unit.name},
                    code="outside_campaign",
                    field="unit",
                )
            twice = person.pk in seen_people if person is not None else (unit.pk, None) in seen
            if twice:
                raise DomainError(
                    _("%(who)s đã đăng ký phong trào này.")
                    % {"who": person.full_name if person else unit.name},
                    code="registered_twice",
                )
            if person is not None:
                seen_people.add(person.pk)
            else:
                seen.add((unit.pk, None))
            rows.append(
                CampaignRegistration(
                    campaign=campaign, unit=unit, person=person, registered_on=on, commitment=nfc(commitment)
                )
            )
        CampaignRegistration.objects.bulk_create(rows, batch_size=1000)
        audit.record(
            actor=actor,
            action="emulation.register_load",
            obj=campaign,
            unit=campaign.unit,
            after={"count": len(rows)},
            reason=reason,
        )
    return rows


# --------------------------------------------------------------------------
# initiatives


@dataclass
class InitiativeData:
    """One initiative as entered (form, import row, demo)."""

    unit: Unit
    title: str
    field: str
    authors: list[Person]
    kind: str = InitiativeKind.INITIATIVE
    recognised_on: dt.date | None = None
    recognised_by: str = ""
    scope: str = ""
    value: int | None = None
    campaign: Campaign | None = None
    summary: str = ""
    extra: dict[str, Any] = dataclass_field(default_factory=dict)


def _check_recognition(on: dt.date | None, by: str, scope: str) -> tuple[str, str]:
    if on is None:
        if by or scope:
            raise DomainError(
                _("Có cơ quan hoặc cấp công nhận thì phải có ngày công nhận."),
                code="recognition_incomplete",
                field="recognised_on",
            )
        return "", ""
    if not scope:
        raise DomainError(_("Cần ghi cấp công nhận."), code="required", field="scope")
    scope = _choice(scope, RecognitionScope, label=_("Cấp công nhận"), field="scope")
    by = _text(by, limit=300, label=_("Cơ quan công nhận"), field="recognised_by")
    return by, scope


def check_initiative(*, actor: Any, data: InitiativeData) -> InitiativeData:
    """Apply every rule of one initiative; return it normalised or raise DomainError (nothing written)."""
    require(actor, data.unit, "change")
    data.title = _text(data.title, limit=500, label=_("Tên sáng kiến"), field="title")
    data.kind = _choice(data.kind, InitiativeKind, label=_("Loại"), field="kind")
    data.field = _choice(data.field, InitiativeField, label=_("Lĩnh vực"), field="field")
    data.recognised_by, data.scope = _check_recognition(data.recognised_on, data.recognised_by, data.scope)
    if data.value is not None and data.value < 0:
        raise DomainError(_("Giá trị làm lợi không được âm."), code="value_negative", field="value")
    if not data.authors:
        raise DomainError(_("Sáng kiến phải có ít nhất một tác giả."), code="no_author", field="authors")
    if len({p.pk for p in data.authors}) != len(data.authors):
        raise DomainError(_("Một tác giả được ghi hai lần."), code="author_twice", field="authors")
    on = data.recognised_on or timezone.localdate()
    for person in data.authors:
        _require_member(person, on, field="authors", role=_("tác giả"))
    if data.recognised_on is not None:
        _active_on(data.unit, data.recognised_on)
    return data


def _initiative_row(data: InitiativeData) -> Initiative:
    return Initiative(
        unit=data.unit,
        title=data.title,
        kind=data.kind,
        field=data.field,
        recognised_on=data.recognised_on,
        recognised_by=data.recognised_by,
        scope=data.scope,
        value=data.value,
        campaign=data.campaign,
        summary=nfc(data.summary).strip(),
    )


def _initiative_after(initiative: Initiative, authors: Sequence[Person]) -> dict[str, Any]:
    return {
        "title": initiative.title,
        "unit": initiative.unit_id,
        "kind": initiative.kind,
        "field": initiative.field,
        "authors": [p.pk for p in authors],
        "recognised_on": initiative.recognised_on,
        "recognised_by": initiative.recognised_by,
        "scope": initiative.scope,
        "value": initiative.value,
        "campaign": initiative.campaign_id,
    }


def _reason(reason: str, *, what: str) -> str:
    text = nfc(reason)
    if not text:
        raise DomainError(
            _("Cần ghi lý do %(what)s.") % {"what": what}, code="reason_required", field="reason"
        )
    return text


def _forget_initiatives(*touched: tuple[int, dt.date | None]) -> None:
    """The reports' kept initiative figures of these (unit, recognition day) are wrong now (``reports/kept.py``)."""
    days = [(unit, day) for unit, day in touched if day is not None]
    if days:
        kept.forget([kept.INITIATIVES], days, until=max(day for _unit, day in days))


def record_initiative(*, actor: Any, data: InitiativeData) -> Initiative:
    """Record an initiative with its authors in order, recognised already or not yet."""
    with transaction.atomic():
        check_initiative(actor=actor, data=data)
        initiative = _initiative_row(data)
        initiative.save()
        _forget_initiatives((initiative.unit_id, initiative.recognised_on))
        InitiativeAuthor.objects.bulk_create(
            InitiativeAuthor(initiative=initiative, person=p, position=i)
            for i, p in enumerate(data.authors, 1)
        )
        audit.record(
            actor=actor,
            action="emulation.initiative_record",
            obj=initiative,
            unit=initiative.unit,
            after=_initiative_after(initiative, data.authors),
        )
    return initiative


def load_initiatives(*, actor: Any, items: Sequence[InitiativeData], reason: str = "") -> list[Initiative]:
    """Record many initiatives at once (import, demo): every rule per item, one audit entry for the batch."""
    if not items:
        return []
    with transaction.atomic():
        for data in items:
            check_initiative(actor=actor, data=data)
        rows = Initiative.objects.bulk_create([_initiative_row(d) for d in items], batch_size=500)
        _forget_initiatives(*((r.unit_id, r.recognised_on) for r in rows))
        InitiativeAuthor.objects.bulk_create(
            [
                InitiativeAuthor(initiative=row, person=p, position=i)
                for row, data in zip(rows, items, strict=True)
                for i, p in enumerate(data.authors, 1)
            ],
            batch_size=1000,
        )
        top = _common_unit([d.unit for d in items])
        audit.record(
            actor=actor,
            action="emulation.initiative_load",
            object_type="emulation.initiative",
            object_repr=_("%(n)s sáng kiến") % {"n": len(rows)},
            unit=top,
            after={"count": len(rows), "ids": [r.pk for r in rows][:1000]},
            reason=reason,
        )
    return rows


def correct_initiative(
    *, actor: Any, initiative: Initiative, data: InitiativeData, reason: str
) -> Initiative:
    """Correct an initiative entered wrongly (sửa sáng kiến): every field and the authors, with a reason.

    The corrected initiative obeys the rules of :func:`record_initiative`
    (the actor may change both the old and the new unit). A creative-labour
    award rests on the recognition: an awarded initiative stays recognised,
    on or before the award's date, and the award follows it to its unit.
    """
    require(actor, initiative.unit, "change")
    reason = _reason(reason, what=_("sửa"))
    with transaction.atomic():
        initiative = Initiative.objects.select_for_update().get(pk=initiative.pk)
        check_initiative(actor=actor, data=data)
        award = CreativeLabourAward.objects.filter(initiative=initiative).first()
        if award is not None and (data.recognised_on is None or data.recognised_on > award.awarded_on):
            raise DomainError(
                _(
                    "Sáng kiến đã được tặng Bằng Lao động sáng tạo ngày %(day)s: ngày công nhận phải có "
                    "và không sau ngày đó."
                )
                % {"day": vn_date(award.awarded_on)},
                code="award_needs_recognition",
                field="recognised_on",
            )
        old_authors = [a.person for a in initiative.authors.select_related("person")]
        before = _initiative_after(initiative, old_authors)
        was = (initiative.unit_id, initiative.recognised_on)
        corrected = _initiative_row(data)
        for name in (
            "unit", "title", "kind", "field", "recognised_on", "recognised_by", "scope", "value", "campaign", "summary",
        ):  # fmt: skip
            setattr(initiative, name, getattr(corrected, name))
        initiative.save()
        _forget_initiatives(was, (initiative.unit_id, initiative.recognised_on))
        if [p.pk for p in old_authors] != [p.pk for p in data.authors]:
            initiative.authors.all().delete()
            InitiativeAuthor.objects.bulk_create(
                InitiativeAuthor(initiative=initiative, person=p, position=i)
                for i, p in enumerate(data.authors, 1)
            )
        if award is not None and award.unit_id != initiative.unit_id:
            award.unit = initiative.unit
            award.save(update_fields=["unit"])
        audit.record(
            actor=actor,
            action="emulation.initiative_correct",
            obj=initiative,
            unit=initiative.unit,
            before=before,
            after=_initiative_after(initiative, data.authors),
            reason=reason,
        )
    return initiative


def delete_initiative(*, actor: Any, initiative: Initiative, reason: str) -> None:
    """Delete an initiative recorded by mistake (xoá sáng kiến), with the reason; its data stays in the audit trail.

    An initiative awarded the creative-labour certificate is not deleted: the award is the confederation's record.
    """
    require(actor, initiative.unit, "change")
    reason = _reason(reason, what=_("xoá"))
    with transaction.atomic():
        initiative = Initiative.objects.select_for_update().get(pk=initiative.pk)
        if CreativeLabourAward.objects.filter(initiative=initiative).exists():
            raise DomainError(
                _("Sáng kiến “%(title)s” đã được tặng Bằng Lao động sáng tạo: không xoá được.")
                % {"title": initiative.title},
                code="has_creative_award",
            )
        authors = [a.person for a in initiative.authors.select_related("person")]
        audit.record(
            actor=actor,
            action="emulation.initiative_delete",
            obj=initiative,
            unit=initiative.unit,
            before=_initiative_after(initiative, authors),
            reason=reason,
        )
        _forget_initiatives((initiative.unit_id, initiative.recognised_on))
        initiative.delete()


def recognise_initiative(
    *, actor: Any, initiative: Initiative, on: dt.date, by: str, scope: str, value: int | None = None
) -> Initiative:
    """Record the recognition of an initiative (công nhận sáng kiến): date, body, scope, value."""
    require(actor, initiative.unit, "change")
    with transaction.atomic():
        if initiative.is_recognised:
            raise DomainError(
                _("Sáng kiến đã được công nhận ngày %(day)s.") % {"day": vn_date(initiative.recognised_on)},
                code="already_recognised",
            )
        by, scope = _check_recognition(on, by, scope)
        _active_on(initiative.unit, on)
        authors = [a.person for a in initiative.authors.select_related("person")]
        for person in authors:
            _require_member(person, on, field="authors", role=_("tác giả"))
        if value is not None and value < 0:
            raise DomainError(_("Giá trị làm lợi không được âm."), code="value_negative", field="value")
        initiative.recognised_on, initiative.recognised_by, initiative.scope = on, by, scope
        if value is not None:
            initiative.value = value
        initiative.save(update_fields=["recognised_on", "recognised_by", "scope", "value"])
        _forget_initiatives((initiative.unit_id, initiative.recognised_on))
        audit.record(
            actor=actor,
            action="emulation.initiative_recognise",
            obj=initiative,
            unit=initiative.unit,
            after={"recognised_on": on, "recognised_by": by, "scope": scope, "value": initiative.value},
        )
    return initiative


def award_creative_labour(
    *, actor: Any, initiative: Initiative, decision_number: str, on: dt.date
) -> CreativeLabourAward:
    """Record the confederation's creative-labour certificate (Bằng Lao động sáng tạo) for an initiative."""
    require(actor, initiative.unit, "change")
    with transaction.atomic():
        number = _text(decision_number, limit=100, label=_("Số quyết định"), field="decision_number")
        if not initiative.is_recognised:
            raise DomainError(
                _("Sáng kiến “%(title)s” chưa được công nhận: chưa thể ghi Bằng Lao động sáng tạo.")
                % {"title": initiative.title},
                code="not_recognised",
            )
        assert initiative.recognised_on is not None
        if on < initiative.recognised_on:
            raise DomainError(
                _("Ngày quyết định phải từ ngày công nhận sáng kiến (%(day)s) trở đi.")
                % {"day": vn_date(initiative.recognised_on)},
                code="award_before_recognition",
                field="awarded_on",
            )
        if CreativeLabourAward.objects.filter(initiative=initiative).exists():
            raise DomainError(_("Sáng kiến này đã được tặng Bằng Lao động sáng tạo."), code="awarded_twice")
        award = CreativeLabourAward.objects.create(
            initiative=initiative, unit=initiative.unit, decision_number=number, awarded_on=on
        )
        audit.record(
            actor=actor,
            action="emulation.creative_award",
            obj=award,
            unit=initiative.unit,
            after={"initiative": initiative.pk, "decision_number": number, "awarded_on": on},
        )
    return award


# --------------------------------------------------------------------------
# award decisions


def issue_award_decision(
    *,
    actor: Any,
    unit: Unit,
    number: str,
    decided_on: dt.date,
    signer_name: str,
    signer_title: str,
    form: str,
    level: str,
    reason: str,
    collectives: Sequence[Unit] = (),
    individuals: Sequence[Person] = (),
    issuer_name: str = "",
    campaign: Campaign | None = None,
) -> AwardDecision:
    """Record an award decision (quyết định khen thưởng) and its recipients, collectives first.

    Every recipient lies in ``unit``'s subtree on the decision's date (a
    member: their unit on that date); the number is unique for the unit and year.
    """
    require(actor, unit, "change")
    with transaction.atomic():
        number = _text(number, limit=100, label=_("Số quyết định"), field="number")
        decision = AwardDecision(
            unit=unit,
            issuer_name=_text(
                issuer_name, limit=300, label=_("Cơ quan ban hành"), field="issuer_name", required=False
            ),
            number=number,
            year=decided_on.year,
            decided_on=decided_on,
            signer_name=_text(signer_name, limit=120, label=_("Người ký"), field="signer_name"),
            signer_title=_text(signer_title, limit=200, label=_("Chức vụ người ký"), field="signer_title"),
            form=_choice(form, AwardForm, label=_("Hình thức khen thưởng"), field="form"),
            level=_choice(level, AwardLevel, label=_("Cấp khen thưởng"), field="level"),
            campaign=campaign,
            reason=_text(reason, limit=5000, label=_("Lý do khen thưởng"), field="reason"),
        )
        _active_on(unit, decided_on)
        if AwardDecision.objects.filter(unit=unit, year=decided_on.year, number=number).exists():
            raise DomainError(
                _("Số quyết định %(number)s đã dùng cho một quyết định năm %(year)s của %(unit)s.")
                % {"number": number, "year": decided_on.year, "unit": unit.name},
                code="number_taken",
                field="number",
            )
        if not collectives and not individuals:
            raise DomainError(
                _("Quyết định phải có ít nhất một tập thể hoặc cá nhân được khen thưởng."),
                code="no_recipient",
                field="collectives",
            )
        recipients: list[AwardRecipient] = []
        for collective in dict.fromkeys(collectives):
            if not _inside(collective, unit, decided_on):
                raise DomainError(
                    _("%(name)s không thuộc %(unit)s vào ngày %(day)s.")
                    % {"name": collective.name, "unit": unit.name, "day": vn_date(decided_on)},
                    code="recipient_outside",
                    field="collectives",
                )
            name = (_version_on(collective, decided_on) or collective).name
            recipients.append(AwardRecipient(kind=RecipientKind.COLLECTIVE, unit=collective, name=name))
        for person in dict.fromkeys(individuals):
            where = _require_member(person, decided_on, field="individuals", role=_("người được khen thưởng"))
            if not _inside(where, unit, decided_on):
                raise DomainError(
                    _("%(name)s (%(where)s) không thuộc %(unit)s vào ngày %(day)s.")
                    % {
                        "name": person.full_name,
                        "where": where.name,
                        "unit": unit.name,
                        "day": vn_date(decided_on),
                    },
                    code="recipient_outside",
                    field="individuals",
                )
            recipients.append(
                AwardRecipient(
                    kind=RecipientKind.INDIVIDUAL, unit=where, person=person, name=person.full_name
                )
            )
        decision.save()
        for position, recipient in enumerate(recipients, 1):
            recipient.decision, recipient.position = decision, position
            recipient.decided_on, recipient.form = decided_on, decision.form
        AwardRecipient.objects.bulk_create(recipients)
        audit.record(
            actor=actor,
            action="emulation.award_decision",
            obj=decision,
            unit=unit,
            after={
                "number": number,
                "decided_on": decided_on,
                "form": form,
                "level": level,
                "collectives": [r.unit_id for r in recipients if r.person is None],
                "individuals": [r.person.pk for r in recipients if r.person is not None],
            },
        )
    return decision


def decision_pdf_exported(*, actor: Any, decision: AwardDecision, what: str) -> None:
    """Audit the print or PDF of a decision (it lists people by name)."""
    with transaction.atomic():
        audit.record(actor=actor, action=f"emulation.decision_{what}", obj=decision, unit=decision.unit)


# --------------------------------------------------------------------------
# yearly grading of grassroots unions


@dataclass
class GradingData:
    """One grading as entered: ``grade`` (from an import) must agree with the sheet's total."""

    unit: Unit
    year: int
    sheet: list[dict[str, Any]]
    note: str = ""
    grade: str = ""
    extra: dict[str, Any] = dataclass_field(default_factory=dict)


def _existed_in(unit: Unit, year: int) -> bool:
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    return UnitVersion.objects.filter(
        unit=unit, status=Status.ACTIVE, valid_from__lte=end, valid_to__gt=start
    ).exists()


def check_grading(*, actor: Any, data: GradingData, seen: set[tuple[int, int]] | None = None) -> Grading:
    """Apply every rule of one grading; return the unsaved row or raise DomainError.

    ``seen``: (unit, year) pairs already taken by earlier rows of the same batch.
    """
    require(actor, data.unit, "change")
    if data.unit.level != Level.GRASSROOTS:
        raise DomainError(
            _("Chỉ xếp loại công đoàn cơ sở; %(unit)s không phải công đoàn cơ sở.")
            % {"unit": data.unit.name},
            code="not_grassroots",
            field="unit",
        )
    if not 1990 <= data.year <= timezone.localdate().year:
        raise DomainError(_("Năm %(y)s không hợp lệ.") % {"y": data.year}, code="year_invalid", field="year")
    if not _existed_in(data.unit, data.year):
        raise DomainError(
            _("%(unit)s không hoạt động trong năm %(y)s.") % {"unit": data.unit.name, "y": data.year},
            code="unit_absent_that_year",
            field="unit",
        )
    key = (data.unit.pk, data.year)
    if (seen is not None and key in seen) or Grading.objects.filter(unit=data.unit, year=data.year).exists():
        raise DomainError(
            _("%(unit)s đã được xếp loại năm %(y)s.") % {"unit": data.unit.name, "y": data.year},
            code="graded_twice",
            field="year",
        )
    sheet, total, maximum = grading.clean_sheet(data.sheet)
    grade = grading.grade_for(total, maximum)
    if data.grade and data.grade != grade:
        raise DomainError(
            _(
                "Xếp loại “%(given)s” không khớp với số điểm %(total)s/%(max)s (theo thang điểm là “%(grade)s”)."
            )
            % {
                "given": Grade(data.grade).label,
                "total": grading.points_text(total),
                "max": grading.points_text(maximum),
                "grade": Grade(grade).label,
            },
            code="grade_mismatch",
            field="grade",
        )
    if seen is not None:
        seen.add(key)
    return Grading(
        unit=data.unit,
        year=data.year,
        as_of=dt.date(data.year, 12, 31),
        sheet=sheet,
        total=total,
        max_total=maximum,
        grade=grade,
        note=nfc(data.note).strip(),
        graded_by=audit.stored_actor(actor),
    )


def grade_unit(*, actor: Any, unit: Unit, year: int, sheet: list[dict[str, Any]], note: str = "") -> Grading:
    """Grade a grassroots union for a year from its score sheet (the grade follows from the total)."""
    with transaction.atomic():
        row = check_grading(actor=actor, data=GradingData(unit=unit, year=year, sheet=sheet, note=note))
        row.save()
        audit.record(
            actor=actor,
            action="emulation.grade",
            obj=row,
            unit=unit,
            after={"year": year, "total": row.total, "max": row.max_total, "grade": row.grade},
        )
    return row


def _grading_state(row: Grading) -> dict[str, Any]:
    return {
        "unit": row.unit_id,
        "year": row.year,
        "sheet": row.sheet,
        "total": row.total,
        "max": row.max_total,
        "grade": row.grade,
        "note": row.note,
    }


def correct_grading(
    *, actor: Any, grading_row: Grading, sheet: list[dict[str, Any]], note: str, reason: str
) -> Grading:
    """Correct the score sheet and the remarks of a grading entered wrongly, with a reason; the grade follows.

    The unit and the year are what the grading is of: a grading of the wrong
    union or year is deleted (:func:`delete_grading`) and entered again.
    """
    require(actor, grading_row.unit, "change")
    reason = _reason(reason, what=_("sửa"))
    with transaction.atomic():
        row = Grading.objects.select_for_update().get(pk=grading_row.pk)
        before = _grading_state(row)
        row.sheet, row.total, row.max_total = grading.clean_sheet(sheet)
        row.grade = grading.grade_for(row.total, row.max_total)
        row.note = nfc(note).strip()
        row.graded_by = audit.stored_actor(actor)
        row.save(update_fields=["sheet", "total", "max_total", "grade", "note", "graded_by"])
        audit.record(
            actor=actor,
            action="emulation.grade_correct",
            obj=row,
            unit=row.unit,
            before=before,
            after=_grading_state(row),
            reason=reason,
        )
    return row


def delete_grading(*, actor: Any, grading_row: Grading, reason: str) -> None:
    """Delete a grading entered by mistake (wrong union or year), with the reason kept in the audit trail."""
    require(actor, grading_row.unit, "change")
    reason = _reason(reason, what=_("xoá"))
    with transaction.atomic():
        audit.record(
            actor=actor,
            action="emulation.grade_delete",
            obj=grading_row,
            unit=grading_row.unit,
            before=_grading_state(grading_row),
            reason=reason,
        )
        grading_row.delete()


def load_gradings(*, actor: Any, items: Sequence[GradingData], reason: str = "") -> list[Grading]:
    """Grade many grassroots unions at once (import, demo): every rule per item, one audit entry."""
    if not items:
        return []
    with transaction.atomic():
        seen: set[tuple[int, int]] = set()
        rows = [check_grading(actor=actor, data=data, seen=seen) for data in items]
        Grading.objects.bulk_create(rows, batch_size=500)
        audit.record(
            actor=actor,
            action="emulation.grade_load",
            object_type="emulation.grading",
            object_repr=_("%(n)s công đoàn cơ sở được xếp loại") % {"n": len(rows)},
            unit=_common_unit([d.unit for d in items]),
            after={"count": len(rows), "years": sorted({d.year for d in items})},
            reason=reason,
        )
    return rows


def _common_unit(units: Sequence[Unit]) -> Unit:
    """The lowest unit whose subtree (as it stands now) holds all of ``units``: where a batch is audited."""
    paths = [u.path for u in units]
    prefix = paths[0]
    for path in paths[1:]:
        while not path.startswith(prefix):
            prefix = prefix[: prefix.rstrip(".").rfind(".") + 1]
    by_path = Unit.objects.filter(path=prefix).first()
    return by_path or units[0]


def may(user: Any, unit: Unit, action: str = "change") -> bool:
    """Whether ``user`` may do ``action`` on ``unit`` (to show or hide buttons)."""
    return path_allowed(user, unit.path, action)
