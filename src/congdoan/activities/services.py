"""Operations on study, outreach and training sessions: record, change, take the roster, delete.

Every function takes the acting user (None: the system itself, e.g. the
demo loader), checks scope and role (``change`` on the organising unit),
runs in one transaction and writes the audit trail. Views, the import and
the tests call these and nothing else.

Rules of a session: a topic, a known kind, a date that has come and on
which the organising unit existed and was active; its participants either
as a headcount (a whole number ≥ 1 in total, women a whole number between 0
and the total) or as a roster of members who belonged to the organising
unit's subtree on the session's date (each once, present or absent, at
least one present).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from congdoan.accounts import audit
from congdoan.activities.models import Attendance, Mode, Session, SessionKind
from congdoan.common.errors import DomainError
from congdoan.common.formats import vn_date, vn_number
from congdoan.common.text import nfc
from congdoan.members.models import Person, Spell, SpellState
from congdoan.members.reference import Gender
from congdoan.org.models import Status, Unit
from congdoan.org.selectors import subtree_versions, unit_on
from congdoan.org.services import require
from congdoan.reports import kept

#: The largest headcount accepted for one session (a province-wide conference; catches a typo's extra zeros).
MAX_PARTICIPANTS = 50_000


def today() -> dt.date:
    return timezone.localdate()


@dataclass
class SessionInput:
    """One session before it is checked (the forms, the import and the tests build these).

    ``roster``: (member, present) pairs; None for a headcount (``participants``, ``women``).
    """

    unit: Unit | None
    topic: str
    kind: str
    on: dt.date | None
    participants: int | None = None
    women: int | None = None
    roster: list[tuple[Person, bool]] | None = None
    place: str = ""
    note: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def mode(self) -> str:
        return Mode.HEADCOUNT if self.roster is None else Mode.ROSTER


def headcount_problems(participants: Any, women: Any) -> list[tuple[str, str]]:
    """(field, message) for each thing wrong with a headcount."""
    problems: list[tuple[str, str]] = []
    if participants is None:
        problems.append(("participants", _("Cần ghi tổng số người tham dự.")))
    elif not isinstance(participants, int) or participants < 0:
        problems.append(("participants", _("Số người tham dự phải là số nguyên không âm.")))
    elif participants == 0:
        problems.append(("participants", _("Buổi sinh hoạt phải có ít nhất một người tham dự.")))
    elif participants > MAX_PARTICIPANTS:
        problems.append(
            (
                "participants",
                _("%(n)s người tham dự một buổi là quá lớn: kiểm tra lại số liệu.")
                % {"n": vn_number(participants)},
            )
        )
    if women is None:
        problems.append(("women", _("Cần ghi số nữ tham dự (ghi 0 nếu không có).")))
    elif not isinstance(women, int) or women < 0:
        problems.append(("women", _("Số nữ phải là số nguyên không âm.")))
    elif isinstance(participants, int) and participants >= 0 and women > participants:
        problems.append(
            (
                "women",
                _("Số nữ (%(w)s) lớn hơn tổng số người tham dự (%(n)s).")
                % {"w": vn_number(women), "n": vn_number(participants)},
            )
        )
    return problems


def outside_members(unit: Unit, on: dt.date, people: Iterable[Person]) -> list[Person]:
    """The people who were not members of ``unit``'s subtree (as it stood) on ``on``."""
    people = list(people)
    units = subtree_versions(unit, on).values("unit_id")
    inside = set(
        Spell.objects.on(on)
        .filter(
            person_id__in=[p.pk for p in people],
            unit_id__in=units,
            state__in=(SpellState.ACTIVE, SpellState.SUSPENDED),
        )
        .values_list("person_id", flat=True)
    )
    return [p for p in people if p.pk not in inside]


def roster_problems(unit: Unit, on: dt.date, roster: Sequence[tuple[Person, bool]]) -> list[tuple[str, str]]:
    """(field, message) for each thing wrong with a roster of ``unit``'s session on ``on``."""
    problems: list[tuple[str, str]] = []
    if not roster:
        return [("roster", _("Danh sách người tham dự đang trống."))]
    seen: set[int] = set()
    for person, _present in roster:
        if person.pk in seen:
            problems.append(
                ("roster", _("%(name)s có hai lần trong danh sách.") % {"name": person.full_name})
            )
        seen.add(person.pk)
    if not any(present for _p, present in roster):
        problems.append(("roster", _("Danh sách chưa có ai có mặt.")))
    outside = outside_members(unit, on, {p.pk: p for p, _x in roster}.values())
    if outside:
        names = ", ".join(p.full_name for p in outside[:5]) + (" …" if len(outside) > 5 else "")
        problems.append(
            (
                "roster",
                _("Không phải đoàn viên của %(unit)s ngày %(on)s: %(names)s.")
                % {"unit": unit.name, "on": vn_date(on), "names": names},
            )
        )
    return problems


def session_problems(item: SessionInput, *, check_roster: bool = True) -> list[tuple[str, str]]:
    """Every (field, message) wrong with one session, without writing. Normalises text in place."""
    problems: list[tuple[str, str]] = []
    item.topic = nfc(item.topic or "")
    item.place = nfc(item.place or "")
    item.note = nfc(item.note or "")
    if not item.topic:
        problems.append(("topic", _("Cần ghi chủ đề, nội dung của buổi sinh hoạt.")))
    elif len(item.topic) > 300:
        problems.append(("topic", _("Chủ đề quá dài (tối đa 300 ký tự).")))
    if len(item.place) > 300:
        problems.append(("place", _("Địa điểm quá dài (tối đa 300 ký tự).")))
    if item.kind not in SessionKind.values:
        problems.append(("kind", _("Hình thức không hợp lệ.")))
    unit = item.unit
    if unit is None:
        problems.append(("unit", _("Cần ghi đơn vị tổ chức.")))
    if not isinstance(item.on, dt.date):
        problems.append(("on", _("Cần ghi ngày tổ chức.")))
    elif item.on > today():
        problems.append(("on", _("Ngày tổ chức %(on)s chưa đến.") % {"on": vn_date(item.on)}))
    elif unit is not None:
        version = unit_on(unit, item.on)
        if version is None or version.status != Status.ACTIVE:
            problems.append(
                (
                    "on",
                    _("Ngày %(on)s %(unit)s chưa thành lập hoặc đã thôi hoạt động.")
                    % {"on": vn_date(item.on), "unit": unit.name},
                )
            )
    if item.roster is None:
        problems += headcount_problems(item.participants, item.women)
    elif check_roster and unit is not None and isinstance(item.on, dt.date) and not problems:
        problems += roster_problems(unit, item.on, item.roster)
    return problems


def _raise_first(problems: list[tuple[str, str]]) -> None:
    if problems:
        field_name, message = problems[0]
        raise DomainError(message, field=field_name, code="invalid_session")


def _counts(item: SessionInput) -> tuple[int, int]:
    if item.roster is None:
        assert item.participants is not None and item.women is not None  # checked
        return item.participants, item.women
    present = [person for person, here in item.roster if here]
    return len(present), sum(1 for person in present if person.gender == Gender.FEMALE)


def _forget(*touched: tuple[int, dt.date]) -> None:
    """The reports' kept figures of these (unit, day) are wrong now (``reports/kept.py``)."""
    if touched:
        kept.forget([kept.SESSIONS], touched, until=max(day for _unit, day in touched))


def snapshot(session: Session) -> dict[str, Any]:
    return {
        "topic": session.topic,
        "kind": session.kind,
        "unit": session.unit_id,
        "on": session.on,
        "place": session.place,
        "mode": session.mode,
        "participants": session.participants,
        "women": session.women,
        "roster": list(session.roster.values_list("person_id", "present")) if session.pk else [],
    }


def _fill(session: Session, item: SessionInput) -> None:
    participants, women = _counts(item)
    assert item.on is not None
    session.topic, session.kind, session.on = item.topic, item.kind, item.on
    session.place, session.note, session.mode = item.place, item.note, item.mode
    session.participants, session.women = participants, women


def _write_roster(session: Session, roster: Sequence[tuple[Person, bool]] | None) -> None:
    session.roster.all().delete()
    if roster:
        Attendance.objects.bulk_create(
            [Attendance(session=session, person=person, present=present) for person, present in roster]
        )


def create_session(
    *,
    actor: Any,
    unit: Unit,
    topic: str,
    kind: str,
    on: dt.date,
    participants: int | None = None,
    women: int | None = None,
    roster: Sequence[tuple[Person, bool]] | None = None,
    place: str = "",
    note: str = "",
) -> Session:
    """Record a session organised by ``unit`` (ghi buổi học tập, tuyên truyền).

    Give either a headcount (``participants``, ``women``) or a ``roster`` of
    (member, present) pairs; with a roster the counts are its members present.
    """
    require(actor, unit, "change")
    item = SessionInput(
        unit=unit,
        topic=topic,
        kind=kind,
        on=on,
        participants=participants,
        women=women,
        roster=list(roster) if roster is not None else None,
        place=place,
        note=note,
    )
    _raise_first(session_problems(item))
    with transaction.atomic():
        session = Session(unit=unit, created_by=audit.stored_actor(actor))
        _fill(session, item)
        session.save()
        _write_roster(session, item.roster)
        _forget((session.unit_id, session.on))
        audit.record(
            actor=actor, action="activities.session_create", obj=session, unit=unit, after=snapshot(session)
        )
    return session


def update_session(
    *,
    actor: Any,
    session: Session,
    topic: str,
    kind: str,
    on: dt.date,
    participants: int | None = None,
    women: int | None = None,
    roster: Sequence[tuple[Person, bool]] | None = None,
    keep_roster: bool = False,
    place: str = "",
    note: str = "",
    reason: str = "",
) -> Session:
    """Change a session's details and its participants (a headcount, or a new roster).

    ``keep_roster``: a roster session keeps its roster (only the details
    change); the roster is then checked again against the new date.
    """
    require(actor, session.unit, "change")
    if keep_roster and session.mode == Mode.ROSTER:
        roster = [(a.person, a.present) for a in session.roster.select_related("person")]
    item = SessionInput(
        unit=session.unit,
        topic=topic,
        kind=kind,
        on=on,
        participants=participants,
        women=women,
        roster=list(roster) if roster is not None else None,
        place=place,
        note=note,
    )
    _raise_first(session_problems(item))
    with transaction.atomic():
        locked = Session.objects.select_for_update().get(pk=session.pk)
        before = snapshot(locked)
        was = (locked.unit_id, locked.on)
        _fill(locked, item)
        locked.save()
        _write_roster(locked, item.roster)
        _forget(was, (locked.unit_id, locked.on))
        audit.record(
            actor=actor,
            action="activities.session_update",
            obj=locked,
            unit=locked.unit,
            before=before,
            after=snapshot(locked),
            reason=nfc(reason),
        )
    return locked


def set_roster(
    *, actor: Any, session: Session, roster: Sequence[tuple[Person, bool]], reason: str = ""
) -> Session:
    """Replace a session's participants by a roster (điểm danh); its counts follow the members present."""
    return update_session(
        actor=actor,
        session=session,
        topic=session.topic,
        kind=session.kind,
        on=session.on,
        roster=roster,
        place=session.place,
        note=session.note,
        reason=reason,
    )


def delete_session(*, actor: Any, session: Session, reason: str) -> None:
    """Delete a session recorded by mistake, with the reason (kept in the audit trail with its data)."""
    require(actor, session.unit, "change")
    reason = nfc(reason)
    if not reason:
        raise DomainError(_("Cần ghi lý do xoá."), field="reason", code="reason_required")
    with transaction.atomic():
        before = snapshot(session)
        audit.record(
            actor=actor,
            action="activities.session_delete",
            obj=session,
            unit=session.unit,
            before=before,
            reason=reason,
        )
        _forget((session.unit_id, session.on))
        session.delete()


def create_sessions(
    *, actor: Any, items: Sequence[SessionInput], unit: Unit | None = None, reason: str = ""
) -> list[Session]:
    """Record many sessions at once (the import): all or nothing, in bulk, one audit entry.

    Each item is checked like :func:`create_session`; the first problems are
    listed in one DomainError and nothing is written.
    """
    errors: list[str] = []
    checked: set[int] = set()
    for index, item in enumerate(items, start=1):
        if item.unit is not None and item.unit.pk not in checked:
            require(actor, item.unit, "change")
            checked.add(item.unit.pk)
        problems = session_problems(item)
        if problems:
            errors.append(
                _("%(i)s. %(topic)s: %(p)s")
                % {"i": index, "topic": item.topic, "p": " ".join(m for _f, m in problems)}
            )
            if len(errors) >= 20:
                break
    if errors:
        raise DomainError(
            _("Chưa ghi buổi sinh hoạt nào vì có lỗi: %(e)s") % {"e": " ".join(errors)}, code="invalid_rows"
        )
    if not items:
        raise DomainError(_("Không có buổi sinh hoạt nào để ghi."), code="empty")
    with transaction.atomic():
        stored = audit.stored_actor(actor)
        sessions = []
        for item in items:
            session = Session(unit=item.unit, created_by=stored)
            _fill(session, item)
            sessions.append(session)
        Session.objects.bulk_create(sessions, batch_size=2000)
        _forget(*((s.unit_id, s.on) for s in sessions))
        Attendance.objects.bulk_create(
            [
                Attendance(session=session, person=person, present=present)
                for session, item in zip(sessions, items, strict=True)
                for person, present in item.roster or ()
            ],
            batch_size=5000,
        )
        audit.record(
            actor=actor,
            action="activities.session_create_bulk",
            object_type="activities.session",
            object_repr=_("%(n)s buổi học tập, tuyên truyền") % {"n": len(sessions)},
            unit=unit,
            after={
                "count": len(sessions),
                "participants": sum(s.participants for s in sessions),
                "women": sum(s.women for s in sessions),
                "units": sorted({s.unit_id for s in sessions}),
                "ids": [s.pk for s in sessions][:1000],
            },
            reason=reason,
        )
    return sessions
