"""Demo support of the Lào Cai federation in 2024: programmes and 40,993 paid grants, 36.5 billion VND.

Deterministic (the demo's seeded generator). The province runs nine
programmes (Tết Sum vầy and Chuyến xe Công đoàn for Tết Giáp Thìn, Tháng
Công nhân, relief after Typhoon Yagi in September 2024, Mái ấm Công đoàn
houses at 50 / 25 million VND, hardship, sickness, death, work accidents);
grassroots unions, district federations and the province give the grants,
to members of the 2024 tree and to some workers who are not members.
Exactly 40,993 grants are paid in 2024, totalling 36,512,450,000 VND
(published as "36,5 tỷ đồng"); a few requested, approved and rejected
ones in late December keep the approval and payment queues busy.
Written through ``services.request_grants`` (one audit entry per batch).
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.utils import timezone

from congdoan.accounts import services as accounts
from congdoan.accounts.models import RoleKind, User
from congdoan.care import services
from congdoan.care.models import (
    FundingKind,
    GrantState,
    ProgrammeFunding,
    ProgrammeKind,
    SupportGrant,
    SupportProgramme,
)
from congdoan.common.formats import vn_number
from congdoan.members.ids import century_digit
from congdoan.members.models import MEMBER_STATUSES, MemberStatus, Person
from congdoan.org.models import Level, Unit

Progress = Callable[[str], object]

PAID_GRANTS_2024 = 40_993
PAID_AMOUNT_2024 = 36_512_450_000
DEMO_PASSWORD = "congdoan2024"  # noqa: S105 - published demo logins, as org.demo's
STEP = 50_000  # amounts are multiples of this
NON_MEMBER_SHARE = 0.06

M = 1_000_000


@dataclass
class _Plan:
    """One programme of the demo and how its grants are drawn."""

    name: str
    kind: str
    start: dt.date
    end: dt.date
    count: int
    amounts: list[tuple[int, int]]  # (amount, weight)
    givers: tuple[float, float, float]  # shares given by grassroots, upper-level, province
    in_kind: tuple[str, ...] = ()
    workers: bool = False  # some recipients are workers who are not members
    adjustable: bool = False  # amounts may be nudged so the year's total lands on the published figure
    sponsor: str = ""


def _plans() -> list[_Plan]:
    d = dt.date
    return [
        _Plan(
            "Tết Sum vầy – Xuân Giáp Thìn 2024",
            ProgrammeKind.TET,
            d(2024, 1, 15),
            d(2024, 2, 9),
            15_968,
            [(300_000, 3), (500_000, 4), (1 * M, 2), (1_500_000, 1)],
            (0.4, 0.5, 0.1),
            ("Quà Tết (bánh chưng, gạo, dầu ăn)", "Quà Tết và tiền mặt"),
            workers=True,
            adjustable=True,
            sponsor="Ngân hàng TMCP Công thương Việt Nam – Chi nhánh Lào Cai; Công ty CP Apatit Việt Nam",
        ),
        _Plan(
            "Chuyến xe Công đoàn – Tết Giáp Thìn 2024",
            ProgrammeKind.TET,
            d(2024, 1, 25),
            d(2024, 2, 8),
            700,
            [(500_000, 3), (700_000, 2), (1 * M, 1)],
            (0.0, 0.3, 0.7),
            ("Vé xe về quê đón Tết",),
            workers=True,
            sponsor="Các doanh nghiệp vận tải trên địa bàn tỉnh",
        ),
        _Plan(
            "Tháng Công nhân năm 2024",
            ProgrammeKind.WORKERS_MONTH,
            d(2024, 5, 1),
            d(2024, 5, 31),
            9_000,
            [(300_000, 1), (500_000, 1)],
            (0.6, 0.35, 0.05),
            ("Quà Tháng Công nhân",),
            workers=True,
            adjustable=True,
        ),
        _Plan(
            "Hỗ trợ đoàn viên, người lao động khắc phục hậu quả bão số 3 (Yagi)",
            ProgrammeKind.DISASTER,
            d(2024, 9, 8),
            d(2024, 11, 30),
            6_500,
            [(1 * M, 5), (2 * M, 3), (3 * M, 1), (5 * M, 1)],
            (0.2, 0.3, 0.5),
            workers=True,
            sponsor="Tổng Liên đoàn Lao động Việt Nam vận động; các Liên đoàn Lao động tỉnh, thành phố",
        ),
        _Plan(
            "Mái ấm Công đoàn năm 2024",
            ProgrammeKind.HOUSING,
            d(2024, 3, 1),
            d(2024, 12, 20),
            75,
            [],  # 45 new houses at 50 million, 30 repairs at 25 million (below)
            (0.0, 0.0, 1.0),
            sponsor="Quỹ Xã hội Công đoàn tỉnh Lào Cai",
        ),
        _Plan(
            "Hỗ trợ đoàn viên có hoàn cảnh khó khăn năm 2024",
            ProgrammeKind.HARDSHIP,
            d(2024, 1, 1),
            d(2024, 12, 31),
            4_500,
            [(500_000, 5), (1 * M, 4), (2 * M, 1)],
            (0.8, 0.2, 0.0),
            adjustable=True,
        ),
        _Plan(
            "Thăm hỏi đoàn viên ốm đau năm 2024",
            ProgrammeKind.SICKNESS,
            d(2024, 1, 1),
            d(2024, 12, 31),
            4_000,
            [(300_000, 3), (500_000, 5), (1 * M, 2)],
            (0.9, 0.1, 0.0),
            adjustable=True,
        ),
        _Plan(
            "Trợ cấp tử tuất năm 2024",
            ProgrammeKind.DEATH,
            d(2024, 1, 1),
            d(2024, 12, 31),
            150,
            [(2 * M, 2), (3 * M, 2), (5 * M, 1)],
            (0.7, 0.3, 0.0),
        ),
        _Plan(
            "Hỗ trợ đoàn viên bị tai nạn lao động năm 2024",
            ProgrammeKind.ACCIDENT,
            d(2024, 1, 1),
            d(2024, 12, 31),
            100,
            [(1 * M, 2), (2 * M, 2), (3 * M, 1)],
            (0.6, 0.4, 0.0),
        ),
    ]


_FUNDING_BY_GIVER = {
    "grassroots": FundingKind.GRASSROOTS,
    "upper": FundingKind.UPPER,
    "province": FundingKind.PROVINCE,
}
_FAMILY = [
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Vũ",
    "Đỗ",
    "Giàng",
    "Sùng",
    "Vàng",
    "Lò",
    "Triệu",
    "Bàn",
    "Lý",
]
_MALE = ["Văn Hùng", "Văn Dũng", "Đức Minh", "A Páo", "Seo Chư", "Văn Sướng", "Văn Thành", "Kim Phin"]
_FEMALE = ["Thị Hoa", "Thị Lan", "Thị Mỷ", "Thị Dở", "Thu Hằng", "Thị Mai", "Thị Sua", "Mẩy Xuân"]


def _workers(rng: random.Random, count: int) -> list[services.Recipient]:
    """Workers who are not members: a name, a birth year and a CCCD that agrees with both."""
    result: list[services.Recipient] = []
    seen: set[str] = set()
    while len(result) < count:
        woman = rng.random() < 0.5
        year = rng.randint(1970, 2004)
        gender = "female" if woman else "male"
        number = f"010{century_digit(gender, year)}{year % 100:02d}{rng.randrange(10**6):06d}"
        if number in seen:
            continue
        seen.add(number)
        name = f"{rng.choice(_FAMILY)} {rng.choice(_FEMALE if woman else _MALE)}"
        result.append(services.Recipient(full_name=name, cccd=number, birth_year=year))
    return result


def _moment(day: dt.date, rng: random.Random, hours: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(8 + rng.randrange(9), rng.randrange(60)))) + (
        dt.timedelta(hours=hours)
    )


def build_support(province: Unit, rng: random.Random, progress: Progress) -> None:
    """Programmes and grants of 2024 in ``province``'s 2024 tree."""
    started = time.monotonic()
    grassroots = {
        u.pk: u
        for u in Unit.objects.filter(level=Level.GRASSROOTS, path__startswith=province.path).select_related(
            "parent"
        )
    }
    people = list(
        Person.objects.filter(
            unit_id__in=list(grassroots), status__in=[*MEMBER_STATUSES, MemberStatus.DECEASED]
        )
        .select_related("unit")
        .order_by("id")
    )
    if not people:
        progress("Chưa có đoàn viên: bỏ qua dữ liệu chăm lo.")
        return
    workers = _workers(rng, 2_500)
    unit_ids = list(grassroots)
    plans = _plans()
    progress(
        f"Đang tạo {len(plans)} chương trình chăm lo và {vn_number(PAID_GRANTS_2024)} lượt hỗ trợ năm 2024…"
    )

    drawn: list[tuple[_Plan, list[services.GrantInput]]] = []
    for plan in plans:
        members_needed = plan.count - (round(plan.count * NON_MEMBER_SHARE) if plan.workers else 0)
        # The living members of the day the programme opened; the death benefit also goes to the families of the deceased.
        pool = [
            p
            for p in people
            if p.joined_on <= plan.start
            and (p.status != MemberStatus.DECEASED or plan.kind == ProgrammeKind.DEATH)
        ]
        chosen: list[services.Recipient] = [
            services.Recipient.member(p) for p in rng.sample(pool, members_needed)
        ]
        chosen += rng.sample(workers, plan.count - members_needed)
        items = []
        span = (plan.end - plan.start).days
        amounts = [a for a, _w in plan.amounts]
        weights = [w for _a, w in plan.amounts]
        for index, recipient in enumerate(chosen):
            if plan.kind == ProgrammeKind.HOUSING:
                amount = 50 * M if index < 45 else 25 * M
                gift = "Xây mới nhà Mái ấm Công đoàn" if index < 45 else "Sửa chữa nhà Mái ấm Công đoàn"
            else:
                amount = rng.choices(amounts, weights)[0]
                gift = rng.choice(plan.in_kind) if plan.in_kind and rng.random() < 0.7 else ""
            on = plan.start + dt.timedelta(days=rng.randrange(span + 1))
            # The unit with its parent loaded once (not one query per person).
            home = (
                grassroots.get(recipient.person.unit_id, recipient.person.unit)
                if recipient.person is not None
                else grassroots[rng.choice(unit_ids)]
            )
            roll = rng.random()
            share_grassroots, share_upper, _share_province = plan.givers
            if recipient.person is not None and roll < share_grassroots:
                giver, level = home, "grassroots"
            elif roll < share_grassroots + share_upper and home.parent is not None:
                giver, level = home.parent, "upper"
            else:
                giver, level = province, "province"
            funding = _FUNDING_BY_GIVER[level]
            if plan.sponsor and rng.random() < 0.3:
                funding = FundingKind.SPONSOR
            if plan.kind == ProgrammeKind.DISASTER and level == "province" and rng.random() < 0.5:
                funding = FundingKind.CONFEDERATION
            requested = _moment(on - dt.timedelta(days=rng.randint(3, 12)), rng)
            items.append(
                services.GrantInput(
                    recipient=recipient,
                    on=on,
                    amount=amount,
                    in_kind=gift,
                    funding=funding,
                    unit=giver,
                    extra={
                        "requested_at": requested,
                        "decided_at": requested + dt.timedelta(days=rng.randint(1, 2)),
                        "paid_at": _moment(on, rng),
                    },
                )
            )
        drawn.append((plan, items))

    # Land the year's total on the published figure: nudge adjustable amounts by one step.
    adjustable = [item for plan, items in drawn if plan.adjustable for item in items]
    diff = PAID_AMOUNT_2024 - sum(item.amount or 0 for _p, items in drawn for item in items)
    rng.shuffle(adjustable)
    while diff:
        moved = False
        for item in adjustable:
            if not diff:
                break
            amount = item.amount or 0
            if diff > 0 and amount + STEP <= 3 * M:
                item.amount, diff, moved = amount + STEP, diff - STEP, True
            elif diff < 0 and amount - STEP >= 200_000:
                item.amount, diff, moved = amount - STEP, diff + STEP, True
        if not moved:
            raise RuntimeError("demo support: cannot reach the published total")

    for plan, items in drawn:
        by_kind: dict[str, int] = {}
        for item in items:
            by_kind[item.funding] = by_kind.get(item.funding, 0) + (item.amount or 0)
        # Budgets a little above what was spent, in round millions.
        sources = {
            kind: (
                -(-int(spent * 1.04) // (10 * M)) * 10 * M,
                plan.sponsor if kind == FundingKind.SPONSOR else "",
            )
            for kind, spent in by_kind.items()
        }
        programme = services.create_programme(
            actor=None,
            unit=province,
            name=plan.name,
            kind=plan.kind,
            start=plan.start,
            end=plan.end,
            budget=sum(amount for amount, _s in sources.values()),
            funding=sources,
        )
        for start in range(0, len(items), 5_000):
            services.request_grants(
                actor=None,
                programme=programme,
                unit=province,
                items=items[start : start + 5_000],
                reason="Dữ liệu mẫu: lượt hỗ trợ đã chi năm 2024",
                state=GrantState.PAID,
            )
    _pending(province, rng, people)
    progress(
        f"Đã ghi {vn_number(PAID_GRANTS_2024)} lượt hỗ trợ đã chi, {vn_number(PAID_AMOUNT_2024)} đồng "
        f"({time.monotonic() - started:.1f} giây)."
    )


def _pending(province: Unit, rng: random.Random, people: list[Person]) -> None:
    """Late-December requests of one grassroots union: waiting, approved, rejected; the approver and accountant logins."""
    approver = accounts.create_user(
        actor=None, username="duyetchi", password=DEMO_PASSWORD, full_name="Hoàng Văn Bình"
    )
    accounts.grant_role(actor=None, user=approver, unit=province, kind=RoleKind.APPROVER)
    accountant = accounts.create_user(
        actor=None, username="ketoan", password=DEMO_PASSWORD, full_name="Lương Thị Thu"
    )
    accounts.grant_role(actor=None, user=accountant, unit=province, kind=RoleKind.ACCOUNTANT)
    officer = User.objects.filter(username="cdcs").first()
    school = Unit.objects.filter(employer="Trường Tiểu học thị trấn Bát Xát").first()
    if officer is None or school is None:
        return
    programme = SupportProgramme.objects.get(name="Thăm hỏi đoàn viên ốm đau năm 2024")
    hardship = SupportProgramme.objects.get(name="Hỗ trợ đoàn viên có hoàn cảnh khó khăn năm 2024")
    staff = [p for p in people if p.unit_id == school.pk and p.status in MEMBER_STATUSES]
    taken = set(
        SupportGrant.objects.filter(programme__in=[programme, hardship], person__in=staff).values_list(
            "programme_id", "person_id"
        )
    )
    plan = [("requested", programme)] * 5 + [("approved", hardship)] * 3 + [("rejected", hardship)] * 2
    for index, (state, target) in enumerate(plan):
        person = next((p for p in staff if (target.pk, p.pk) not in taken), None)
        if person is None:
            return
        taken.add((target.pk, person.pk))
        grant = services.request_grant(
            actor=officer,
            programme=target,
            unit=school,
            recipient=services.Recipient.member(person),
            on=dt.date(2024, 12, 16 + index),
            amount=rng.choice([500_000, 1_000_000]),
            funding=FundingKind.GRASSROOTS
            if target.funding.filter(kind=FundingKind.GRASSROOTS).exists()
            else "",
            note="Đề nghị của Ban Chấp hành công đoàn cơ sở",
        )
        if state == "approved":
            services.approve_grant(actor=approver, grant=grant)
        elif state == "rejected":
            services.reject_grant(
                actor=approver, grant=grant, reason="Đã được hỗ trợ từ nguồn của cơ quan chuyên môn"
            )


def reset_support() -> None:
    SupportGrant.objects.all().delete()
    ProgrammeFunding.objects.all().delete()
    SupportProgramme.objects.all().delete()
