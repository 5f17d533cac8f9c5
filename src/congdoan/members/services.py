"""Operations on the member registry: admission, transfer, suspension, leaving, discipline, cards.

Every function takes the acting user (None: the system itself, e.g. the
demo loader), checks scope, runs in one transaction and writes the audit
trail. Views, the CLI, imports and the API call these and nothing else.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from congdoan.accounts import audit
from congdoan.common.errors import DomainError
from congdoan.common.formats import vn_date
from congdoan.common.text import fold, name_sort_key, nfc
from congdoan.members import ids
from congdoan.members.models import (
    MEMBER_STATUSES,
    Card,
    CardKind,
    CardSerial,
    EventKind,
    MemberEvent,
    MemberStatus,
    Person,
    Spell,
)
from congdoan.members.reference import (
    ETHNICITIES,
    FOREIGN_ETHNICITY,
    Citizenship,
    ContractType,
    Education,
    Gender,
    Religion,
    UnionOffice,
    union_office_code,
)
from congdoan.members.timeline import SpellRow, Timeline
from congdoan.org.models import OPEN_END, Level, Status, Unit, UnitVersion
from congdoan.org.services import require
from congdoan.reports import kept

#: Foreign workers may join from this date (Luật Công đoàn 2024, Điều 5).
FOREIGN_WORKERS_FROM = dt.date(2025, 7, 1)
FOREIGN_MIN_CONTRACT_MONTHS = 12
MIN_AGE = 15

#: Levels whose units hold members directly.
MEMBER_LEVELS = frozenset({Level.GRASSROOTS, Level.BRANCH, Level.GROUP})

PERSON_FIELDS = (
    "full_name",
    "gender",
    "birth_date",
    "birth_year",
    "cccd",
    "other_id",
    "citizenship",
    "nationality",
    "ethnicity",
    "religion",
    "education",
    "hometown_province_code",
    "hometown_ward_code",
    "residence_province_code",
    "residence_ward_code",
    "residence_street",
    "phone",
    "email",
    "employer",
    "job_title",
    "contract_type",
    "contract_months",
    "insurance_salary",
    "union_office",
)


def today() -> dt.date:
    return timezone.localdate()


# --------------------------------------------------------------------------
# personal data


def identity_key(full_name: str, birth_date: dt.date | None, birth_year: int | None, hometown: Any) -> str:
    """Normalised name | birth date (or year) | hometown: two people with one key are one person."""
    born = birth_date.isoformat() if birth_date else str(birth_year or "")
    return f"{fold(full_name)}|{born}|{hometown or ''}"


def _hometown(data: dict[str, Any]) -> Any:
    return data.get("hometown_ward_code") or data.get("hometown_province_code") or ""


_GENDERS = frozenset(Gender.values)
_CITIZENSHIPS = frozenset(Citizenship.values)
_CHOICE_FIELDS = (
    ("religion", frozenset(Religion.values), lambda: _("Tôn giáo")),
    ("education", frozenset(Education.values), lambda: _("Trình độ học vấn")),
    ("contract_type", frozenset(ContractType.values), lambda: _("Loại hợp đồng")),
)


def person_problems(data: dict[str, Any], *, on: dt.date | None = None) -> list[tuple[str, str]]:
    """Normalise ``data`` in place and return every (field, message) that is wrong with it.

    ``on``: today's date, when the caller checks many people (it is read once).
    """
    from congdoan.org.places import province_name, ward

    problems: list[tuple[str, str]] = []
    for key in ("full_name", "nationality", "residence_street", "employer", "job_title", "other_id"):
        data[key] = nfc(data.get(key) or "")
    data["phone"] = ids.clean_id(data.get("phone") or "")
    data["email"] = (data.get("email") or "").strip()
    if not data["full_name"]:
        problems.append(("full_name", _("Họ và tên không được để trống.")))
    elif len(data["full_name"]) > 120:
        problems.append(("full_name", _("Họ và tên quá dài (tối đa 120 ký tự).")))
    if data.get("gender") not in _GENDERS:
        problems.append(("gender", _("Giới tính phải là Nam hoặc Nữ.")))
    birth_date = data.get("birth_date")
    if birth_date:
        if data.get("birth_year") and data["birth_year"] != birth_date.year:
            problems.append(("birth_year", _("Năm sinh không khớp với ngày sinh.")))
        data["birth_year"] = birth_date.year
    year = data.get("birth_year")
    if not year:
        problems.append(("birth_date", _("Cần ghi ngày sinh (hoặc ít nhất năm sinh).")))
    elif not 1900 <= int(year) <= (on or today()).year:
        problems.append(("birth_date", _("Năm sinh %(y)s không hợp lệ.") % {"y": year}))
    citizenship = data.get("citizenship") or Citizenship.VIETNAMESE
    data["citizenship"] = citizenship
    if citizenship not in _CITIZENSHIPS:
        problems.append(("citizenship", _("Quốc tịch không hợp lệ.")))
    cccd = ids.clean_id(data.get("cccd") or "")
    if cccd and len(cccd) == 9 and cccd.isdigit():
        # An old CMND typed in the CCCD column: keep it as the legacy ID.
        data["other_id"] = data["other_id"] or cccd
        cccd = ""
    data["cccd"] = cccd or None
    if cccd:
        if citizenship == Citizenship.FOREIGN:
            problems.append(("cccd", _("Người lao động nước ngoài không có số CCCD: ghi số hộ chiếu.")))
        else:
            for message in ids.cccd_problems(cccd, gender=data.get("gender"), birth_year=year):
                problems.append(("cccd", message[0].upper() + message[1:]))
    if citizenship == Citizenship.FOREIGN:
        data["ethnicity"] = FOREIGN_ETHNICITY
        if not data["nationality"]:
            problems.append(("nationality", _("Cần ghi quốc gia của người lao động nước ngoài.")))
    else:
        data["ethnicity"] = data.get("ethnicity") or "01"
        if data["ethnicity"] not in ETHNICITIES:
            problems.append(("ethnicity", _("Dân tộc không có trong danh mục 54 dân tộc.")))
    data["religion"] = data.get("religion") or Religion.NONE
    for key, values, label in _CHOICE_FIELDS:
        data[key] = data.get(key) or ("" if key != "religion" else Religion.NONE)
        if data[key] and data[key] not in values:
            problems.append((key, _("%(label)s không hợp lệ: %(v)s") % {"label": label(), "v": data[key]}))
    for prefix in ("hometown", "residence"):
        province = data.get(f"{prefix}_province_code")
        ward_code = data.get(f"{prefix}_ward_code")
        if province and province_name(province) is None:
            problems.append(
                (f"{prefix}_province_code", _("Mã tỉnh, thành phố không có: %(c)s") % {"c": province})
            )
        if ward_code:
            w = ward(ward_code)
            if w is None:
                problems.append(
                    (f"{prefix}_ward_code", _("Mã xã, phường không có: %(c)s") % {"c": ward_code})
                )
            elif province and int(w.province_code) != int(province):
                problems.append((f"{prefix}_ward_code", _("Xã, phường không thuộc tỉnh, thành phố đã chọn.")))
            else:
                data[f"{prefix}_province_code"] = int(w.province_code)
    office = union_office_code(data.get("union_office"))
    if office is None:
        problems.append(
            (
                "union_office",
                _(
                    "Chức vụ công đoàn «%(v)s» không có trong danh mục: ghi một trong %(known)s, hoặc để trống."
                )
                % {"v": data.get("union_office"), "known": _union_office_labels()},
            )
        )
    elif office and citizenship == Citizenship.FOREIGN:
        problems.append(
            (
                "union_office",
                _(
                    "Người lao động nước ngoài không được giữ chức vụ công đoàn (Luật Công đoàn 2024): "
                    "bỏ chức vụ «%(office)s» hoặc sửa quốc tịch."
                )
                % {"office": UnionOffice(office).label},
            )
        )
    data["union_office"] = office or ""
    salary = data.get("insurance_salary")
    if salary is not None and salary < 0:
        problems.append(("insurance_salary", _("Tiền lương không được âm.")))
    if data["phone"] and not (data["phone"].lstrip("+").isdigit() and 8 <= len(data["phone"]) <= 15):
        problems.append(("phone", _("Số điện thoại %(p)s không hợp lệ.") % {"p": data["phone"]}))
    return problems


def _union_office_labels() -> str:
    return ", ".join(f"«{label}»" for label in UnionOffice.labels)


def clean_person(data: dict[str, Any]) -> dict[str, Any]:
    """``data`` normalised, or DomainError naming every problem."""
    data = {key: data.get(key) for key in PERSON_FIELDS}
    problems = person_problems(data)
    if problems:
        raise DomainError(" ".join(message for _field, message in problems), field=problems[0][0])
    return data


def _derived(data: dict[str, Any]) -> dict[str, Any]:
    return {
        "name_fold": " " + fold(data["full_name"]),
        "name_sort": name_sort_key(data["full_name"]),
        "identity_key": identity_key(
            data["full_name"], data["birth_date"], data["birth_year"], _hometown(data)
        ),
    }


def _admission_problems(data: dict[str, Any], on: dt.date) -> list[str]:
    problems = []
    born = data["birth_date"] or dt.date(data["birth_year"], 12, 31)
    if (on.year - born.year) - ((on.month, on.day) < (born.month, born.day)) < MIN_AGE:
        problems.append(_("Người lao động phải đủ %(n)s tuổi vào ngày kết nạp.") % {"n": MIN_AGE})
    if data["citizenship"] == Citizenship.FOREIGN:
        if on < FOREIGN_WORKERS_FROM:
            problems.append(
                _("Người lao động nước ngoài chỉ được gia nhập công đoàn từ ngày %(d)s.")
                % {"d": vn_date(FOREIGN_WORKERS_FROM)}
            )
        if (data.get("contract_months") or 0) < FOREIGN_MIN_CONTRACT_MONTHS:
            problems.append(
                _("Người lao động nước ngoài cần hợp đồng từ %(n)s tháng trở lên.")
                % {"n": FOREIGN_MIN_CONTRACT_MONTHS}
            )
    return problems


def find_same_person(data: dict[str, Any], *, exclude: int | None = None) -> Person | None:
    """The registered person with the same CCCD, or the same name, birth date and hometown."""
    condition = Q(identity_key=_derived(data)["identity_key"])
    if data.get("cccd"):
        condition = Q(cccd=data["cccd"]) | (condition & Q(cccd__isnull=True))
    qs = Person.objects.filter(condition).select_related("unit")
    if exclude is not None:
        qs = qs.exclude(pk=exclude)
    matches = sorted(qs[:5], key=lambda p: (p.cccd != data.get("cccd"), p.pk))
    return matches[0] if matches else None


def already_member_message(person: Person) -> str:
    return _(
        "Người này (%(name)s) đang là đoàn viên của %(unit)s (%(status)s): "
        "chuyển sinh hoạt thay vì kết nạp mới?"
    ) % {"name": person.full_name, "unit": person.unit.name, "status": person.get_status_display().lower()}


# --------------------------------------------------------------------------
# units and timelines


def _member_unit_problem(unit: Unit, on: dt.date, versions: list[UnitVersion] | None = None) -> str | None:
    """Why ``unit`` cannot hold members on ``on`` (None: it can). ``versions``: the unit's, preloaded."""
    if unit.level not in MEMBER_LEVELS:
        return _("“%(name)s” không phải công đoàn cơ sở (hoặc công đoàn bộ phận, tổ công đoàn).") % {
            "name": unit.name
        }
    if versions is None:
        versions = list(UnitVersion.objects.filter(unit=unit, valid_from__lte=on, valid_to__gt=on))
    version = next((v for v in versions if v.valid_from <= on < v.valid_to), None)
    if version is None or version.status != Status.ACTIVE:
        return _("“%(name)s” không hoạt động vào ngày %(on)s.") % {"name": unit.name, "on": vn_date(on)}
    return None


def _check_member_unit(unit: Unit, on: dt.date) -> None:
    problem = _member_unit_problem(unit, on)
    if problem:
        raise DomainError(problem, field="unit")


def _check_on(on: Any) -> dt.date:
    if not isinstance(on, dt.date):
        raise DomainError(_("Cần ghi ngày."), field="on")
    if on > today():
        raise DomainError(_("Ngày %(on)s chưa đến.") % {"on": vn_date(on)}, field="on")
    return on


#: The person's data the member figures are counted by (``reports/sources.py``).
COUNTED_FIELDS = frozenset({"gender", "ethnicity", "citizenship"})


def forget_figures(touched: Iterable[tuple[int, dt.date]]) -> None:
    """The reports' kept member figures of these (unit, first day changed) are wrong now (``reports/kept.py``)."""
    kept.forget([kept.MEMBERS, kept.ADMISSIONS], touched)


def forget_people(person_ids: Iterable[int]) -> None:
    """The counted data of these people changed: their units' kept member figures, since they joined."""
    ids = list(person_ids)
    if ids:
        forget_figures(
            Spell.objects.filter(person_id__in=ids).values_list("unit_id", "valid_from").distinct()
        )


def _changed_days(rows: Iterable[SpellRow], deleted: Iterable[int]) -> list[tuple[int, dt.date]]:
    """(unit, first day whose count changes) of the spells about to be written or deleted."""
    rows = list(rows)
    deleted = list(deleted)
    old = {
        pk: (unit_id, valid_from, valid_to, state)
        for pk, unit_id, valid_from, valid_to, state in Spell.objects.filter(
            pk__in=[r.pk for r in rows if r.pk is not None] + deleted
        ).values_list("pk", "unit_id", "valid_from", "valid_to", "state")
    }
    touched = [(old[pk][0], old[pk][1]) for pk in deleted if pk in old]
    for row in rows:
        before = old.get(row.pk) if row.pk is not None else None
        if before is None:
            touched.append((row.unit_id, row.valid_from))
        elif (before[0], before[1], before[3]) != (row.unit_id, row.valid_from, row.state):
            touched += [(before[0], min(before[1], row.valid_from)), (row.unit_id, row.valid_from)]
        elif before[2] != row.valid_to:
            touched.append((row.unit_id, min(before[2], row.valid_to)))
    return touched


def _timeline(person: Person) -> Timeline:
    spells = [
        SpellRow(unit_id=s.unit_id, valid_from=s.valid_from, valid_to=s.valid_to, state=s.state, pk=s.pk)
        for s in Spell.objects.filter(person=person).order_by("valid_from")
    ]
    last = (
        MemberEvent.objects.filter(person=person)
        .exclude(kind__in=[EventKind.CARD_ISSUED, EventKind.UPDATED])
        .order_by("-on")
        .values_list("on", flat=True)
        .first()
    )
    return Timeline(
        status=person.status, unit_id=person.unit_id, joined_on=person.joined_on, last_on=last, spells=spells
    )


def _save_timeline(person: Person, tl: Timeline) -> None:
    forget_figures(_changed_days(tl.dirty, tl.deleted))
    if tl.deleted:
        Spell.objects.filter(pk__in=tl.deleted).delete()
    for row in tl.dirty:
        if row.pk is None:
            row.pk = Spell.objects.create(
                person=person,
                unit_id=row.unit_id,
                valid_from=row.valid_from,
                valid_to=row.valid_to,
                state=row.state,
            ).pk
        else:
            Spell.objects.filter(pk=row.pk).update(
                valid_to=row.valid_to, state=row.state, unit_id=row.unit_id
            )
    tl.dirty.clear()
    tl.deleted.clear()
    assert tl.status is not None and tl.unit_id is not None and tl.joined_on is not None
    person.status = tl.status
    person.unit_id = tl.unit_id
    person.joined_on = tl.joined_on
    person.save(update_fields=["status", "unit", "joined_on", "updated_at"])


def _locked(person: Person) -> Person:
    return Person.objects.select_for_update().select_related("unit").get(pk=person.pk)


def _event(
    person: Person,
    kind: str,
    on: dt.date,
    unit: Unit | int,
    *,
    actor: Any,
    other_unit: Unit | None = None,
    decision: str = "",
    reason: str = "",
    details: dict[str, Any] | None = None,
) -> MemberEvent:
    if kind == EventKind.ADMITTED:
        kept.forget([kept.ADMISSIONS], [(unit if isinstance(unit, int) else unit.pk, on)])
    return MemberEvent.objects.create(
        person=person,
        kind=kind,
        on=on,
        unit_id=unit if isinstance(unit, int) else unit.pk,
        other_unit=other_unit,
        decision=nfc(decision),
        reason=nfc(reason),
        details=details or {},
        recorded_by=audit.stored_actor(actor),
    )


def _snapshot(person: Person) -> dict[str, Any]:
    return {"unit": person.unit_id, "status": person.status, "joined_on": person.joined_on}


# --------------------------------------------------------------------------
# admission


def admit(
    *,
    actor: Any,
    unit: Unit,
    on: dt.date,
    person: dict[str, Any],
    decision: str = "",
    reason: str = "",
) -> Person:
    """Admit a worker into the union (kết nạp đoàn viên) in ``unit`` from ``on``.

    A person who is already a member anywhere is refused with the unit they
    belong to (a transfer is what is wanted). A former member found by CCCD,
    or by name, birth date and hometown, is admitted again on their record.
    """
    on = _check_on(on)
    require(actor, unit, "change")
    data = clean_person(person)
    with transaction.atomic():
        _check_member_unit(unit, on)
        problems = _admission_problems(data, on)
        if problems:
            raise DomainError(" ".join(problems), field="birth_date")
        existing = find_same_person(data)
        if existing is not None:
            if existing.is_member:
                raise DomainError(already_member_message(existing), code="duplicate")
            if existing.status == MemberStatus.DECEASED:
                raise DomainError(
                    _("Hồ sơ trùng với %(name)s, người đã từ trần.") % {"name": existing.full_name},
                    code="duplicate",
                )
            record = _locked(existing)
            before = {**_snapshot(record), **{k: getattr(record, k) for k in PERSON_FIELDS}}
            for key, value in {**data, **_derived(data)}.items():
                setattr(record, key, value)
            record.save()
        else:
            before = None
            record = Person(**data, **_derived(data), unit=unit, status=MemberStatus.LEFT, joined_on=on)
            record.save()
        tl = _timeline(record) if existing is not None else Timeline()
        tl.step(EventKind.ADMITTED, on, unit.pk)
        _save_timeline(record, tl)
        _event(record, EventKind.ADMITTED, on, unit, actor=actor, decision=decision, reason=reason)
        audit.record(
            actor=actor,
            action="member.admit" if existing is None else "member.readmit",
            obj=record,
            unit=unit,
            before=before,
            after={**data, "unit": unit.code, "on": on, "decision": decision},
            reason=reason,
        )
    return record


# --------------------------------------------------------------------------
# events on a member


def _change_unit_allowed(actor: Any, person: Person) -> None:
    require(actor, person.unit, "change")


def transfer(
    *,
    actor: Any,
    person: Person,
    to_unit: Unit,
    on: dt.date,
    decision: str = "",
    reason: str = "",
) -> Person:
    """Move a member's activity to another unit (chuyển sinh hoạt).

    Not a new admission: the card and the original join date stay.
    """
    on = _check_on(on)
    _change_unit_allowed(actor, person)
    with transaction.atomic():
        person = _locked(person)
        _check_member_unit(to_unit, on)
        source = person.unit
        before = _snapshot(person)
        tl = _timeline(person)
        tl.step(EventKind.TRANSFERRED_OUT, on, to_unit.pk)
        _save_timeline(person, tl)
        details = {"from": source.code, "to": to_unit.code}
        _event(
            person,
            EventKind.TRANSFERRED_OUT,
            on,
            source,
            actor=actor,
            other_unit=to_unit,
            decision=decision,
            reason=reason,
            details=details,
        )
        _event(
            person,
            EventKind.TRANSFERRED_IN,
            on,
            to_unit,
            actor=actor,
            other_unit=source,
            decision=decision,
            reason=reason,
            details=details,
        )
        audit.record(
            actor=actor,
            action="member.transfer",
            obj=person,
            unit=source,
            before=before,
            after={**_snapshot(person), **details, "on": on},
            reason=reason,
        )
    person.unit = to_unit
    return person


def receive_transfer(
    *,
    actor: Any,
    unit: Unit,
    on: dt.date,
    person: dict[str, Any],
    joined_on: dt.date,
    card_number: str = "",
    came_from: str = "",
    decision: str = "",
    reason: str = "",
) -> Person:
    """Receive a member from a union outside this database (chuyển sinh hoạt đến).

    The person keeps their original join date and card number.
    """
    on = _check_on(on)
    require(actor, unit, "change")
    data = clean_person(person)
    card_number = ids.clean_id(card_number)
    if not isinstance(joined_on, dt.date) or joined_on > on:
        raise DomainError(_("Ngày vào công đoàn phải có và không sau ngày chuyển đến."), field="joined_on")
    with transaction.atomic():
        _check_member_unit(unit, on)
        existing = find_same_person(data)
        if existing is not None and existing.is_member:
            raise DomainError(
                _(
                    "Người này (%(name)s) đang là đoàn viên của %(unit)s: "
                    "hãy chuyển sinh hoạt từ đơn vị đó, không nhận như người từ nơi khác đến."
                )
                % {"name": existing.full_name, "unit": existing.unit.name},
                code="duplicate",
            )
        if existing is not None:
            raise DomainError(
                _("Đã có hồ sơ của %(name)s (%(status)s) tại %(unit)s: hãy kết nạp lại từ hồ sơ đó.")
                % {
                    "name": existing.full_name,
                    "status": existing.get_status_display().lower(),
                    "unit": existing.unit.name,
                },
                code="duplicate",
            )
        if card_number and Person.objects.filter(card_number=card_number).exists():
            raise DomainError(
                _("Số thẻ %(n)s đã thuộc người khác.") % {"n": card_number}, field="card_number"
            )
        record = Person(
            **data,
            **_derived(data),
            unit=unit,
            status=MemberStatus.ACTIVE,
            joined_on=joined_on,
            card_number=card_number or None,
        )
        record.save()
        tl = Timeline(joined_on=joined_on)
        tl.step(EventKind.TRANSFERRED_IN, on, unit.pk)
        _save_timeline(record, tl)
        _event(
            record,
            EventKind.TRANSFERRED_IN,
            on,
            unit,
            actor=actor,
            decision=decision,
            reason=reason,
            details={"from": nfc(came_from), "joined_on": joined_on.isoformat()},
        )
        audit.record(
            actor=actor,
            action="member.receive",
            obj=record,
            unit=unit,
            after={**data, "unit": unit.code, "on": on, "joined_on": joined_on, "from": came_from},
            reason=reason,
        )
    return record


def _simple_event(
    kind: str,
    *,
    actor: Any,
    person: Person,
    on: dt.date,
    decision: str,
    reason: str,
    need_reason: bool = False,
) -> Person:
    on = _check_on(on)
    _change_unit_allowed(actor, person)
    if need_reason and not nfc(reason):
        raise DomainError(_("Cần ghi lý do."), field="reason")
    with transaction.atomic():
        person = _locked(person)
        before = _snapshot(person)
        tl = _timeline(person)
        tl.step(kind, on)
        _save_timeline(person, tl)
        _event(person, kind, on, person.unit, actor=actor, decision=decision, reason=reason)
        audit.record(
            actor=actor,
            action=f"member.{kind}",
            obj=person,
            unit=person.unit,
            before=before,
            after={**_snapshot(person), "on": on, "decision": decision},
            reason=reason,
        )
    return person


def suspend(*, actor: Any, person: Person, on: dt.date, reason: str, decision: str = "") -> Person:
    """Temporary suspension (tạm dừng sinh hoạt), e.g. unpaid leave or work abroad."""
    return _simple_event(
        EventKind.SUSPENDED,
        actor=actor,
        person=person,
        on=on,
        decision=decision,
        reason=reason,
        need_reason=True,
    )


def resume(*, actor: Any, person: Person, on: dt.date, reason: str = "", decision: str = "") -> Person:
    return _simple_event(
        EventKind.RESUMED, actor=actor, person=person, on=on, decision=decision, reason=reason
    )


def leave(*, actor: Any, person: Person, on: dt.date, reason: str, decision: str = "") -> Person:
    """Leaving the union (ra khỏi tổ chức công đoàn)."""
    return _simple_event(
        EventKind.LEFT, actor=actor, person=person, on=on, decision=decision, reason=reason, need_reason=True
    )


def record_death(*, actor: Any, person: Person, on: dt.date, reason: str = "", decision: str = "") -> Person:
    return _simple_event(EventKind.DIED, actor=actor, person=person, on=on, decision=decision, reason=reason)


DISCIPLINE_KINDS = {
    "reprimand": EventKind.REPRIMANDED,
    "warning": EventKind.WARNED,
    "expulsion": EventKind.EXPELLED,
}


def discipline(
    *, actor: Any, person: Person, on: dt.date, measure: str, reason: str, decision: str = ""
) -> Person:
    """Discipline (kỷ luật): reprimand, warning, or expulsion, with the reason.

    Unpaid dues are the common reason: ``reason`` says e.g. "không đóng đoàn
    phí 6 tháng liên tục".
    """
    if measure not in DISCIPLINE_KINDS:
        raise DomainError(_("Hình thức kỷ luật không hợp lệ: %(m)s") % {"m": measure}, field="measure")
    if not nfc(decision):
        raise DomainError(_("Cần ghi số quyết định kỷ luật."), field="decision")
    return _simple_event(
        DISCIPLINE_KINDS[measure],
        actor=actor,
        person=person,
        on=on,
        decision=decision,
        reason=reason,
        need_reason=True,
    )


def update_person(*, actor: Any, person: Person, reason: str = "", **changes: Any) -> Person:
    """Correct personal data; the CCCD is checked again against gender and birth year."""
    _change_unit_allowed(actor, person)
    unknown = set(changes) - set(PERSON_FIELDS)
    if unknown:
        raise DomainError(_("Không sửa được trường: %(f)s") % {"f": ", ".join(sorted(unknown))})
    with transaction.atomic():
        person = _locked(person)
        current = {key: getattr(person, key) for key in PERSON_FIELDS}
        data = clean_person({**current, **changes})
        changed = {key: value for key, value in data.items() if value != current[key]}
        if not changed:
            return person
        if "cccd" in changed and data["cccd"]:
            other = Person.objects.filter(cccd=data["cccd"]).exclude(pk=person.pk).first()
            if other is not None:
                raise DomainError(
                    _("Số CCCD %(n)s đã thuộc hồ sơ %(name)s.")
                    % {"n": data["cccd"], "name": other.full_name},
                    field="cccd",
                )
        for key, value in {**data, **_derived(data)}.items():
            setattr(person, key, value)
        person.save()
        if COUNTED_FIELDS & set(changed):
            forget_people([person.pk])
        audit.record(
            actor=actor,
            action="member.update",
            obj=person,
            unit=person.unit,
            before={key: current[key] for key in changed},
            after=changed,
            reason=reason,
        )
    return person


def reveal_id(*, actor: Any, person: Person) -> str:
    """The unmasked ID number, for a user whose role needs it; every reveal is audited."""
    require(actor, person.unit, "reveal_id")
    with transaction.atomic():
        audit.record(actor=actor, action="member.reveal_id", obj=person, unit=person.unit)
    return person.cccd or person.other_id


# --------------------------------------------------------------------------
# cards


def card_prefix(unit: Unit, on: dt.date) -> str:
    """Two digits of the province (2025 code; 99 outside a province) and two of the year."""
    ancestor_ids = [int(segment) for segment in unit.path.strip(".").split(".")]
    province = (
        Unit.objects.filter(pk__in=ancestor_ids, level=Level.PROVINCE_FEDERATION, province_code__isnull=False)
        .values_list("province_code", flat=True)
        .first()
    )
    province = province or unit.province_code or 99
    return f"{province:02d}{on.year % 100:02d}"


def luhn_digit(digits: str) -> str:
    """The Luhn check digit of ``digits``."""
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 0:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return str((10 - total % 10) % 10)


def valid_card_number(number: str) -> bool:
    return len(number) == 11 and number.isdigit() and luhn_digit(number[:-1]) == number[-1]


def _next_numbers(prefix: str, count: int) -> list[str]:
    serial, _created = CardSerial.objects.select_for_update().get_or_create(prefix=prefix)
    start = serial.last + 1
    if serial.last + count > 999_999:
        raise DomainError(_("Hết số thẻ cho mã %(p)s trong năm.") % {"p": prefix})
    serial.last += count
    serial.save(update_fields=["last"])
    return [prefix + f"{n:06d}" + luhn_digit(prefix + f"{n:06d}") for n in range(start, start + count)]


def issue_cards(
    *, actor: Any, people: Sequence[Person], on: dt.date, reason: str = "", reissue: bool = False
) -> list[Card]:
    """Issue member cards (cấp thẻ): a new number for a first card, the same number on re-issue.

    A re-issue revokes the previous card, so its QR code no longer verifies.
    """
    on = _check_on(on)
    cards: list[Card] = []
    with transaction.atomic():
        locked = list(
            Person.objects.select_for_update().select_related("unit").filter(pk__in=[p.pk for p in people])
        )
        for person in locked:
            require(actor, person.unit, "change")
            if not person.is_member:
                raise DomainError(
                    _("%(name)s không còn là đoàn viên: không cấp thẻ.") % {"name": person.full_name}
                )
            if not reissue and person.card_number:
                raise DomainError(
                    _("%(name)s đã có thẻ số %(n)s: hãy chọn cấp lại.")
                    % {"name": person.full_name, "n": person.card_number}
                )
            if reissue and not person.card_number:
                raise DomainError(_("%(name)s chưa có thẻ để cấp lại.") % {"name": person.full_name})
        by_prefix: dict[str, list[Person]] = {}
        prefixes: dict[int, str] = {}  # one lookup per unit, not per person
        for person in locked:
            if not reissue:
                if person.unit_id not in prefixes:
                    prefixes[person.unit_id] = card_prefix(person.unit, on)
                by_prefix.setdefault(prefixes[person.unit_id], []).append(person)
        for prefix, group in by_prefix.items():
            for person, number in zip(group, _next_numbers(prefix, len(group)), strict=True):
                person.card_number = number
                person.save(update_fields=["card_number", "updated_at"])
        if reissue:
            Card.objects.filter(person__in=locked, revoked_on__isnull=True).update(revoked_on=on)
        for person in locked:
            card = Card.objects.create(
                person=person,
                number=person.card_number or "",
                kind=CardKind.REISSUE if reissue else CardKind.NEW,
                issued_on=on,
                unit=person.unit,
                reason=nfc(reason),
                nonce=secrets.token_hex(8),
            )
            cards.append(card)
            _event(
                person,
                EventKind.CARD_ISSUED,
                on,
                person.unit,
                actor=actor,
                reason=reason,
                details={"number": card.number, "kind": card.kind},
            )
            audit.record(
                actor=actor,
                action="member.card_reissue" if reissue else "member.card_issue",
                obj=person,
                unit=person.unit,
                after={"number": card.number, "on": on},
                reason=reason,
            )
    return cards


# --------------------------------------------------------------------------
# units that end: their members follow the unit's history


def on_unit_absorbed(event: Any) -> None:
    """Members of a merged, split or dissolved unit go to its successor, or leave with it."""
    source: Unit = event.source
    target: Unit | None = event.target
    on: dt.date = event.on
    open_spells = list(Spell.objects.filter(unit=source, valid_to=OPEN_END).select_related("person"))
    if not open_spells:
        return
    later = MemberEvent.objects.filter(unit=source, on__gt=on).exclude(kind=EventKind.CARD_ISSUED).first()
    if later is not None:
        raise DomainError(
            _("“%(unit)s” có biến động đoàn viên ngày %(d)s, sau ngày %(on)s: không sắp xếp lùi ngày được.")
            % {"unit": source.name, "d": vn_date(later.on), "on": vn_date(on)}
        )
    if target is not None and target.level not in MEMBER_LEVELS:
        # A grassroots union merged into a unit that holds no members directly: refuse.
        raise DomainError(
            _("Đoàn viên của “%(unit)s” không chuyển được vào “%(target)s” (không phải công đoàn cơ sở).")
            % {"unit": source.name, "target": target.name}
        )
    kind = EventKind.REORGANISED if target is not None else EventKind.LEFT
    reason = event.reason or (
        _("Sáp nhập vào %(t)s") % {"t": target.name}
        if target
        else _("Đơn vị %(u)s giải thể") % {"u": source.name}
    )
    timelines = []
    for spell in open_spells:
        person = spell.person
        tl = Timeline(
            status=person.status,
            unit_id=person.unit_id,
            joined_on=person.joined_on,
            spells=[SpellRow(spell.unit_id, spell.valid_from, spell.state, spell.valid_to, spell.pk)],
        )
        tl.step(kind, on, target.pk if target else None)
        timelines.append((person, tl))
    _bulk_write(timelines)
    actor = audit.stored_actor(event.actor)
    MemberEvent.objects.bulk_create(
        MemberEvent(
            person=person,
            kind=kind,
            on=on,
            unit=source,
            other_unit=target,
            reason=reason,
            details={"from": source.code, "to": target.code if target else None},
            recorded_by=actor,
        )
        for person, _tl in timelines
    )
    audit.record(
        actor=event.actor,
        action="member.reorganise" if target else "member.leave_with_unit",
        object_type="org.unit",
        object_id=str(source.pk),
        object_repr=source.name,
        unit=source,
        after={"to": target.code if target else None, "on": on, "people": [p.pk for p, _tl in timelines]},
        reason=reason,
    )


def _bulk_write(timelines: Iterable[tuple[Person, Timeline]]) -> None:
    """Write many timelines' changed spells and people in a few statements."""
    deleted: list[int] = []
    new: list[Spell] = []
    changed: list[Spell] = []
    people: list[Person] = []
    for person, tl in timelines:
        deleted.extend(tl.deleted)
        for row in tl.dirty:
            spell = Spell(
                pk=row.pk,
                person=person,
                unit_id=row.unit_id,
                valid_from=row.valid_from,
                valid_to=row.valid_to,
                state=row.state,
            )
            (new if row.pk is None else changed).append(spell)
        assert tl.status is not None and tl.unit_id is not None and tl.joined_on is not None
        person.status, person.unit_id, person.joined_on = tl.status, tl.unit_id, tl.joined_on
        people.append(person)
    forget_figures(
        _changed_days(
            (SpellRow(s.unit_id, s.valid_from, s.state, s.valid_to, s.pk) for s in [*changed, *new]), deleted
        )
    )
    if deleted:
        Spell.objects.filter(pk__in=deleted).delete()
    if changed:
        Spell.objects.bulk_update(changed, ["valid_to", "state", "unit"], batch_size=500)
    if new:
        Spell.objects.bulk_create(new, batch_size=500)
    Person.objects.bulk_update(people, ["status", "unit", "joined_on"], batch_size=500)


# --------------------------------------------------------------------------
# loading whole histories (demo, migration from an old registry)


@dataclass
class HistoryEvent:
    kind: str
    on: dt.date
    unit: Unit | None = None
    decision: str = ""
    reason: str = ""


@dataclass
class History:
    """One person's data and membership events, oldest first."""

    person: dict[str, Any]
    events: list[HistoryEvent]
    card_number: str = ""
    joined_on: dt.date | None = None  # for a history that starts with a transfer in
    came_from: str = ""
    card_issued_on: dt.date | None = None  # default: the first day of membership here


def load_histories(*, actor: Any, histories: Sequence[History], reason: str = "") -> list[Person]:
    """Check and write many people with their whole membership history in a few statements.

    Every history runs through the same state machine and checks as the
    one-at-a-time operations; if any is wrong, nothing is written and
    DomainError lists the first problems with their position (1-based).
    The audit trail gets one entry per person.
    """
    errors: list[str] = []
    prepared: list[tuple[Person, Timeline, list[MemberEvent]]] = []
    seen_cccd: dict[str, int] = {}
    seen_keys: dict[str, int] = {}
    seen_cards: dict[str, int] = {}
    unit_versions: dict[int, list[UnitVersion]] = {}
    latest_day = today()
    for index, history in enumerate(histories, start=1):
        problems: list[str] = []
        data = {key: history.person.get(key) for key in PERSON_FIELDS}
        problems.extend(message for _f, message in person_problems(data))
        if not history.events:
            problems.append(_("Không có biến động nào."))
        if problems:
            errors.append(
                _("Người thứ %(i)s (%(name)s): %(p)s")
                % {"i": index, "name": data["full_name"], "p": " ".join(problems)}
            )
            continue
        derived = _derived(data)
        for seen, key in ((seen_cccd, data["cccd"]), (seen_keys, derived["identity_key"])):
            if key and key in seen:
                problems.append(_("trùng với người thứ %(j)s.") % {"j": seen[key]})
            elif key:
                seen[key] = index
        card_number = ids.clean_id(history.card_number)
        if card_number:
            if card_number in seen_cards:
                problems.append(
                    _("số thẻ %(n)s trùng với người thứ %(j)s.")
                    % {"n": card_number, "j": seen_cards[card_number]}
                )
            seen_cards[card_number] = index
        tl = Timeline(joined_on=history.joined_on)
        events: list[MemberEvent] = []
        first_unit: Unit | None = None
        for ev in history.events:
            unit = ev.unit
            if unit is not None:
                require(actor, unit, "change")
                if unit.pk not in unit_versions:
                    unit_versions[unit.pk] = list(UnitVersion.objects.filter(unit=unit))
                problem = _member_unit_problem(unit, ev.on, unit_versions[unit.pk])
                if problem:
                    problems.append(problem)
                    break
            if ev.on > latest_day:
                problems.append(_("ngày %(on)s chưa đến.") % {"on": vn_date(ev.on)})
                break
            if ev.kind == EventKind.ADMITTED:
                problems.extend(_admission_problems(data, ev.on))
            previous_unit = tl.unit_id
            try:
                if ev.kind == EventKind.TRANSFERRED_IN and tl.status in MEMBER_STATUSES:
                    tl.step(EventKind.TRANSFERRED_OUT, ev.on, unit.pk if unit else None)
                else:
                    tl.step(ev.kind, ev.on, unit.pk if unit else None)
            except DomainError as exc:
                problems.append(exc.message)
                break
            first_unit = first_unit or unit
            common = {"on": ev.on, "decision": nfc(ev.decision), "reason": nfc(ev.reason)}
            if ev.kind == EventKind.TRANSFERRED_IN and previous_unit is not None:
                details: dict[str, Any] = {"from_unit": previous_unit, "to_unit": tl.unit_id}
                events.append(
                    MemberEvent(
                        kind=EventKind.TRANSFERRED_OUT,
                        unit_id=previous_unit,
                        other_unit_id=tl.unit_id or 0,
                        details=details,
                        **common,
                    )
                )
                events.append(
                    MemberEvent(
                        kind=EventKind.TRANSFERRED_IN,
                        unit_id=tl.unit_id or 0,
                        other_unit_id=previous_unit,
                        details=details,
                        **common,
                    )
                )
            else:
                details = {"from": history.came_from} if ev.kind == EventKind.TRANSFERRED_IN else {}
                events.append(MemberEvent(kind=ev.kind, unit_id=tl.unit_id or 0, details=details, **common))
        if problems:
            errors.append(
                _("Người thứ %(i)s (%(name)s): %(p)s")
                % {"i": index, "name": data["full_name"], "p": " ".join(problems)}
            )
            continue
        assert tl.status is not None and tl.unit_id is not None and tl.joined_on is not None
        person = Person(
            **data,
            **derived,
            unit_id=tl.unit_id,
            status=tl.status,
            joined_on=tl.joined_on,
            card_number=card_number or None,
        )
        if card_number:
            issued = history.card_issued_on or tl.spells[0].valid_from
            unit_then = next(
                (r.unit_id for r in tl.spells if r.valid_from <= issued < r.valid_to), tl.spells[0].unit_id
            )
            person._card_issue = (issued, unit_then)  # type: ignore[attr-defined]
        prepared.append((person, tl, events))
    if not errors:
        errors.extend(_existing_duplicates([p for p, _tl, _e in prepared]))
    if errors:
        more = len(errors) - 20
        message = " ".join(errors[:20])
        if more > 0:
            message += " " + _("(và %(n)s lỗi khác)") % {"n": more}
        raise DomainError(message, code="invalid_rows")
    recorded_by = audit.stored_actor(actor)
    with transaction.atomic():
        people = Person.objects.bulk_create([p for p, _tl, _e in prepared], batch_size=500)
        spells = []
        event_rows: list[MemberEvent] = []
        for person, (_p, tl, person_events) in zip(people, prepared, strict=True):
            for row in tl.spells:
                spells.append(
                    Spell(
                        person=person,
                        unit_id=row.unit_id,
                        valid_from=row.valid_from,
                        valid_to=row.valid_to,
                        state=row.state,
                    )
                )
            for member_event in person_events:
                member_event.person = person
                member_event.recorded_by = recorded_by
                event_rows.append(member_event)
        Spell.objects.bulk_create(spells, batch_size=1000)
        MemberEvent.objects.bulk_create(event_rows, batch_size=1000)
        forget_figures([(s.unit_id, s.valid_from) for s in spells] + [(e.unit_id, e.on) for e in event_rows])
        _load_cards([p for p in people if p.card_number])
        audit.record_many(
            [
                audit.entry(
                    actor=actor,
                    action="member.load",
                    obj=person,
                    unit_id=person.unit_id,
                    after={
                        "status": person.status,
                        "unit": person.unit_id,
                        "joined_on": person.joined_on,
                        "events": len(person_events),
                    },
                    reason=reason,
                )
                for person, (_p, _tl, person_events) in zip(people, prepared, strict=True)
            ]
        )
    return people


def _load_cards(people: list[Person]) -> None:
    """Card rows for loaded card numbers; serials of our own format move past the loaded ones."""
    Card.objects.bulk_create(
        [
            Card(
                person=person,
                number=person.card_number or "",
                kind=CardKind.NEW,
                issued_on=person._card_issue[0],  # type: ignore[attr-defined]
                unit_id=person._card_issue[1],  # type: ignore[attr-defined]
                nonce=secrets.token_hex(8),
            )
            for person in people
        ],
        batch_size=1000,
    )
    highest: dict[str, int] = {}
    for person in people:
        number = person.card_number or ""
        if valid_card_number(number):
            prefix, serial = number[:4], int(number[4:10])
            highest[prefix] = max(highest.get(prefix, 0), serial)
    for prefix, serial in highest.items():
        row, _created = CardSerial.objects.select_for_update().get_or_create(prefix=prefix)
        if row.last < serial:
            row.last = serial
            row.save(update_fields=["last"])


def _existing_duplicates(people: list[Person]) -> list[str]:
    """Problems for people who are already registered (by CCCD, identity key or card number)."""
    errors = []
    chunk = 500
    for start in range(0, len(people), chunk):
        part = people[start : start + chunk]
        cccds = [p.cccd for p in part if p.cccd]
        keys = [p.identity_key for p in part]
        cards = [p.card_number for p in part if p.card_number]
        found = Person.objects.filter(
            Q(cccd__in=cccds) | Q(identity_key__in=keys) | Q(card_number__in=cards)
        ).select_related("unit")
        by_cccd = {p.cccd: p for p in found if p.cccd}
        by_key = {p.identity_key: p for p in found}
        by_card = {p.card_number: p for p in found if p.card_number}
        for offset, person in enumerate(part):
            other = by_cccd.get(person.cccd) if person.cccd else None
            other = other or by_key.get(person.identity_key)
            if other is not None:
                errors.append(
                    _("Người thứ %(i)s (%(name)s) đã có hồ sơ tại %(unit)s.")
                    % {"i": start + offset + 1, "name": person.full_name, "unit": other.unit.name}
                )
            elif person.card_number and person.card_number in by_card:
                errors.append(
                    _("Người thứ %(i)s: số thẻ %(n)s đã thuộc %(name)s.")
                    % {
                        "i": start + offset + 1,
                        "n": person.card_number,
                        "name": by_card[person.card_number].full_name,
                    }
                )
    return errors


__all__ = [
    "admit",
    "transfer",
    "receive_transfer",
    "suspend",
    "resume",
    "leave",
    "record_death",
    "discipline",
    "update_person",
    "reveal_id",
    "issue_cards",
    "load_histories",
    "History",
    "HistoryEvent",
]
