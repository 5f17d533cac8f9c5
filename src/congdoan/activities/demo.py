"""Demo sessions of the Lào Cai federation in 2024: exactly 82,437 participations in study and outreach.

Deterministic (the demo's seeded generator). The province trains union
officers and holds conferences to study the resolutions; each district and
sector union holds outreach and law-dissemination sessions; every
grassroots union holds one to three sessions whose headcount follows its
membership, and 300 of them kept an attendance roster of their real demo
members. The headcounts are nudged so that the year's participations land
on the figure of the federation's review (82,437, of which 46–47% women).

Written with ``bulk_create`` as ``services.create_sessions`` would have
left them (counts of a roster session are its members present), with one
audit entry, so the step takes a second or two.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections import defaultdict
from collections.abc import Callable

from django.db import transaction

from congdoan.accounts import audit
from congdoan.activities.models import Attendance, Mode, Session, SessionKind
from congdoan.common.formats import vn_number
from congdoan.members.models import Spell, SpellState
from congdoan.members.reference import Gender
from congdoan.org.models import Level, Unit
from congdoan.org.selectors import subtree_versions

Progress = Callable[[str], object]

YEAR_START, YEAR_END = dt.date(2024, 1, 1), dt.date(2024, 12, 31)
PARTICIPATIONS_2024 = 82_437
ROSTER_SESSIONS = 300
WOMEN_SHARE = 0.465

_TOPICS: dict[str, list[str]] = {
    SessionKind.STUDY: [
        "Quán triệt Nghị quyết Đại hội XIII Công đoàn Việt Nam",
        "Học tập, quán triệt Nghị quyết Đại hội Công đoàn tỉnh Lào Cai lần thứ XVI",
        "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh năm 2024",
        "Quán triệt Chỉ thị 01-CT/TLĐ về công tác phát triển đoàn viên",
        "Học tập Nghị quyết số 02-NQ/TW về đổi mới tổ chức và hoạt động Công đoàn",
    ],
    SessionKind.OUTREACH: [
        "Tuyên truyền kỷ niệm 95 năm Ngày thành lập Công đoàn Việt Nam (28/7/1929 – 28/7/2024)",
        "Tuyên truyền Tháng Công nhân và Tháng hành động về an toàn, vệ sinh lao động năm 2024",
        "Tuyên truyền phòng, chống thiên tai sau bão số 3 (Yagi)",
        "Tuyên truyền kỷ niệm 70 năm Chiến thắng Điện Biên Phủ",
    ],
    SessionKind.POLICY_LAW: [
        "Phổ biến Luật Bảo hiểm xã hội năm 2024",
        "Phổ biến Bộ luật Lao động và Luật Công đoàn",
        "Phổ biến chính sách tiền lương mới từ ngày 01/7/2024",
        "Phổ biến Luật Đất đai năm 2024",
        "Phổ biến Luật Phòng, chống ma tuý",
    ],
    SessionKind.OFFICER_TRAINING: [
        "Tập huấn nghiệp vụ công tác công đoàn cho cán bộ công đoàn cơ sở",
        "Tập huấn công tác tài chính công đoàn",
        "Tập huấn kỹ năng thương lượng tập thể, đối thoại tại nơi làm việc",
        "Tập huấn công tác kiểm tra, giám sát",
    ],
    SessionKind.LEGAL_CONSULTATION: ["Tư vấn pháp luật lao động cho đoàn viên, người lao động"],
    SessionKind.DIALOGUE: ["Đối thoại định kỳ tại nơi làm việc năm 2024"],
    SessionKind.BARGAINING: ["Thương lượng thoả ước lao động tập thể"],
}
#: Grassroots sessions by kind (weights).
_GRASSROOTS_KINDS = [
    (SessionKind.STUDY, 40),
    (SessionKind.POLICY_LAW, 30),
    (SessionKind.OUTREACH, 20),
    (SessionKind.LEGAL_CONSULTATION, 4),
    (SessionKind.DIALOGUE, 5),
    (SessionKind.BARGAINING, 1),
]


def _day(rng: random.Random, first: dt.date) -> dt.date:
    start = max(first, YEAR_START)
    last = dt.date(2024, 12, 20)
    return start + dt.timedelta(days=rng.randrange(max(1, (last - start).days + 1)))


def _women(rng: random.Random, participants: int) -> int:
    return min(
        participants, max(0, round(participants * rng.uniform(WOMEN_SHARE - 0.15, WOMEN_SHARE + 0.15)))
    )


def build_activities(province: Unit, rng: random.Random, progress: Progress) -> None:
    """The 2024 sessions of ``province``'s 2024 tree (run before the 2025 reform)."""
    started = time.monotonic()
    versions = list(subtree_versions(province, YEAR_END).select_related("unit"))
    grassroots = sorted((v.unit for v in versions if v.unit.level == Level.GRASSROOTS), key=lambda u: u.code)
    uppers = sorted((v.unit for v in versions if v.parent_id == province.pk), key=lambda u: u.code)
    if not grassroots:
        progress("Chưa có công đoàn cơ sở: bỏ qua dữ liệu học tập, tuyên truyền.")
        return
    # Members of each grassroots union for the whole year (a roster names only them).
    members: dict[int, list[tuple[int, str]]] = defaultdict(list)
    spells = Spell.objects.filter(
        unit_id__in=[u.pk for u in grassroots],
        state=SpellState.ACTIVE,
        valid_from__lte=YEAR_START,
        valid_to__gt=YEAR_END,
    ).order_by("person_id")
    for unit_id, person_id, gender in spells.values_list("unit_id", "person_id", "person__gender"):
        members[unit_id].append((person_id, gender))
    progress(
        f"Đang tạo các buổi học tập, tuyên truyền năm 2024 ({vn_number(PARTICIPATIONS_2024)} lượt người)…"
    )

    sessions: list[Session] = []
    rosters: list[list[tuple[int, bool]]] = []  # per session, [] for a headcount

    def add(unit: Unit, kind: str, on: dt.date, participants: int, place: str = "") -> None:
        sessions.append(
            Session(
                unit=unit,
                topic=rng.choice(_TOPICS[kind]),
                kind=kind,
                on=on,
                place=place,
                mode=Mode.HEADCOUNT,
                participants=participants,
                women=_women(rng, participants),
            )
        )
        rosters.append([])

    for kind, count, low, high in (
        (SessionKind.OFFICER_TRAINING, 6, 80, 160),
        (SessionKind.STUDY, 3, 250, 400),
        (SessionKind.POLICY_LAW, 3, 120, 250),
    ):
        for _i in range(count):
            add(
                province,
                kind,
                _day(rng, province.founded_on),
                rng.randint(low, high),
                "Hội trường Liên đoàn Lao động tỉnh",
            )
    for unit in uppers:
        for kind, count, low, high in (
            (SessionKind.OUTREACH, 3, 60, 200),
            (SessionKind.POLICY_LAW, 3, 60, 180),
            (SessionKind.OFFICER_TRAINING, 2, 40, 90),
        ):
            for _i in range(count):
                add(unit, kind, _day(rng, unit.founded_on), rng.randint(low, high))

    # Roster sessions: grassroots unions with at least ten members all year.
    eligible = [u for u in grassroots if len(members[u.pk]) >= 10]
    with_roster = rng.sample(eligible, min(ROSTER_SESSIONS, len(eligible)))
    for unit in with_roster:
        people = members[unit.pk]
        chosen = rng.sample(people, min(len(people), rng.randint(10, 30)))
        roster = [(pk, rng.random() < 0.9 or index == 0) for index, (pk, _g) in enumerate(chosen)]
        present = [gender for (pk, gender), (_p, here) in zip(chosen, roster, strict=True) if here]
        kind = rng.choice([SessionKind.STUDY, SessionKind.POLICY_LAW, SessionKind.OUTREACH])
        sessions.append(
            Session(
                unit=unit,
                topic=rng.choice(_TOPICS[kind]),
                kind=kind,
                on=_day(rng, unit.founded_on),
                mode=Mode.ROSTER,
                participants=len(present),
                women=sum(1 for gender in present if gender == Gender.FEMALE),
            )
        )
        rosters.append(roster)

    # Grassroots headcounts: one to three sessions, each attended by most of the union.
    kinds = [k for k, _w in _GRASSROOTS_KINDS]
    weights = [w for _k, w in _GRASSROOTS_KINDS]
    headcounts: list[Session] = []
    for unit in grassroots:
        size = max(len(members[unit.pk]), 5)
        for _i in range(rng.choice([1, 2, 2, 3])):
            add(
                unit,
                rng.choices(kinds, weights)[0],
                _day(rng, unit.founded_on),
                max(3, round(size * rng.uniform(0.4, 0.9))),
            )
            headcounts.append(sessions[-1])

    # Land the year on the published figure: scale the grassroots headcounts, then ±1 to the last one.
    fixed = sum(s.participants for s in sessions) - sum(s.participants for s in headcounts)
    wanted = PARTICIPATIONS_2024 - fixed
    scale = wanted / sum(s.participants for s in headcounts)
    for session in headcounts:
        session.participants = max(3, round(session.participants * scale))
    diff = wanted - sum(s.participants for s in headcounts)
    index = 0
    while diff:
        session = headcounts[index % len(headcounts)]
        step = 1 if diff > 0 else -1
        if session.participants + step >= 3:
            session.participants += step
            diff -= step
        index += 1
    for session in headcounts:
        session.women = _women(rng, session.participants)

    with transaction.atomic():
        Session.objects.bulk_create(sessions, batch_size=2000)
        Attendance.objects.bulk_create(
            [
                Attendance(session=session, person_id=person_id, present=present)
                for session, roster in zip(sessions, rosters, strict=True)
                for person_id, present in roster
            ],
            batch_size=5000,
        )
        audit.record(
            actor=None,
            action="activities.session_load",
            object_type="activities.session",
            object_repr=f"{len(sessions)} buổi học tập, tuyên truyền năm 2024",
            unit=province,
            after={
                "count": len(sessions),
                "participants": sum(s.participants for s in sessions),
                "women": sum(s.women for s in sessions),
                "rosters": len(with_roster),
            },
            reason="Dữ liệu mẫu: học tập, tuyên truyền năm 2024",
        )
    progress(
        f"Đã ghi {vn_number(len(sessions))} buổi học tập, tuyên truyền, "
        f"{vn_number(sum(s.participants for s in sessions))} lượt người tham dự "
        f"({time.monotonic() - started:.1f} giây)."
    )


def reset_activities() -> None:
    Attendance.objects.all().delete()
    Session.objects.all().delete()
