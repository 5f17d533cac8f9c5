"""Demo members of the Lào Cai federation: the people of the 2024 tree and their histories.

Deterministic (seeded). About 43,000 members in active membership on
26/12/2024 in the 1,210 grassroots unions (members per union from the
workers it reported), admissions spread over the years with 4,337 in 2024,
transfers between unions of the province and from other provinces,
suspensions, leavers, three-step discipline for unpaid dues, deaths.
Names are Kinh and the province's ethnic minorities (Tày, Mông, Dao,
Giáy, Nùng, Thái, Hà Nhì, Phù Lá); every CCCD agrees with birth date and
gender. Written through services.load_histories (one audit entry each).
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from typing import Any

from django.db.models import Q

from congdoan.common.formats import vn_number
from congdoan.members.ids import century_digit
from congdoan.members.models import Card, CardSerial, MemberEvent, Person, Spell
from congdoan.members.reference import ContractType, Education, Gender, Religion
from congdoan.members.services import History, HistoryEvent, load_histories, luhn_digit
from congdoan.org import places
from congdoan.org.models import Level, Unit, UnitKind, WorkforceReport
from congdoan.reports import kept

REVIEW_DAY = dt.date(2024, 12, 26)
ADMISSIONS_2024 = 4_337
Progress = Callable[[str], object]

# (weight, ethnicity code, family names, male middle, female middle, male given, female given)
_KINH_MALE = [
    "Anh", "Bình", "Cường", "Dũng", "Đức", "Giang", "Hải", "Hùng", "Huy", "Hoàng", "Khánh", "Long",
    "Minh", "Nam", "Phong", "Quân", "Sơn", "Thắng", "Tuấn", "Tùng", "Việt", "Vinh", "Hiếu", "Thành",
]  # fmt: skip
_KINH_FEMALE = [
    "Anh", "Chi", "Dung", "Hà", "Hạnh", "Hằng", "Hoa", "Hương", "Huyền", "Lan", "Linh", "Loan", "Mai",
    "Nga", "Ngọc", "Nhung", "Oanh", "Phương", "Quỳnh", "Thảo", "Thủy", "Trang", "Vân", "Yến", "Hiền",
]  # fmt: skip
_GROUPS: list[tuple[float, str, list[str], list[str], list[str], list[str], list[str]]] = [
    (
        70.0,
        "01",
        ["Nguyễn"] * 8 + ["Trần"] * 3 + ["Lê"] * 3 + ["Phạm"] * 2
        + ["Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô", "Dương", "Phan", "Đinh", "Trịnh", "Lương", "Đào"],
        ["Văn", "Văn", "Đức", "Minh", "Quang", "Hữu", "Xuân", "Thanh", "Ngọc", "Mạnh"],
        ["Thị", "Thị", "Thị", "Thu", "Thanh", "Ngọc", "Minh", "Phương", "Thùy", "Hồng"],
        _KINH_MALE,
        _KINH_FEMALE,
    ),
    (9.0, "02", ["Hoàng", "Nông", "Ma", "Lương", "Hà", "Vi", "La", "Đinh"], ["Văn", "Đức", "Thanh"],
     ["Thị", "Thu"], _KINH_MALE, _KINH_FEMALE),
    (6.0, "08", ["Giàng", "Sùng", "Vàng", "Lù", "Thào", "Hầu", "Lý", "Mùa", "Hạng", "Tráng"], ["A", "Seo", "Mí"],
     ["Thị"], ["Páo", "Chư", "Dính", "Sử", "Pó", "Lử", "Sinh", "Chứ", "Tủa", "Dế"],
     ["Mỷ", "Dở", "Mai", "Sua", "Pàng", "Xí", "Dua", "Máy"]),
    (6.0, "09", ["Triệu", "Bàn", "Đặng", "Lý", "Tẩn", "Phùn", "Chảo"], ["Văn", "Kim", "Láo", "A"],
     ["Thị", "Mẩy"], ["Kiềm", "Phin", "Quẩy", "Chòi", "Sành", "Tả", "Vượng"],
     ["Mẩy", "Xuân", "Chài", "Phấy", "Mây", "Nái"]),
    (3.0, "25", ["Lò", "Hoàng", "Vương", "Lù", "Sần"], ["Văn", "Thị"], ["Thị"],
     ["Sướng", "Thào", "Pao", "Chẩn", "Sỉnh"], ["Mến", "Dung", "Thoa", "Nhâm"]),
    (2.5, "07", ["Nông", "Hoàng", "Vi", "Lục", "Lăng"], ["Văn", "Đình"], ["Thị"], _KINH_MALE, _KINH_FEMALE),
    (1.5, "03", ["Lò", "Lường", "Quàng", "Cầm", "Tòng"], ["Văn"], ["Thị"],
     ["Piềng", "Xôm", "Ún", "Khiêm"], ["Ươm", "Xuân", "Ánh", "Kim"]),
    (1.0, "35", ["Ly", "Chu", "Lý", "Pờ"], ["Xá", "A"], ["Mờ", "Thị"], ["Xá", "Gió", "Chừ"], ["Mé", "Gió", "Xé"]),
    (1.0, "40", ["Vàng", "Ly", "Sần", "Pờ"], ["Văn", "Seo"], ["Thị"], ["Pao", "Chải", "Sáng"], ["Mai", "Sâm"]),
]  # fmt: skip

#: Share of workers who are members, by kind of unit (public sector near all, enterprises fewer).
_MEMBER_RATE = {
    UnitKind.ADMINISTRATIVE_AGENCY: 0.98,
    UnitKind.PUBLIC_SERVICE_UNIT: 0.97,
    UnitKind.STATE_ENTERPRISE: 0.95,
    UnitKind.PRIVATE_ENTERPRISE: 0.86,
    UnitKind.FDI_ENTERPRISE: 0.9,
    UnitKind.COOPERATIVE: 0.85,
    UnitKind.OTHER: 0.9,
}
# Provinces of birth registration (CCCD prefixes): mostly Lào Cai and Yên Bái.
_BIRTH_PROVINCES = ["010"] * 80 + ["015"] * 7 + ["001", "025", "036", "034", "038", "030", "008", "024"]
_LEAVE_REASONS = [
    "Nghỉ việc",
    "Nghỉ việc",
    "Nghỉ hưu",
    "Chuyển công tác ra ngoài tỉnh",
    "Chấm dứt hợp đồng lao động",
    "Xin ra khỏi tổ chức công đoàn",
]
_SUSPEND_REASONS = [
    "Nghỉ việc không hưởng lương",
    "Đi lao động ở nước ngoài có thời hạn",
    "Tạm hoãn hợp đồng lao động",
]
_JOBS = {
    UnitKind.PUBLIC_SERVICE_UNIT: [
        "Giáo viên",
        "Giáo viên",
        "Bác sĩ",
        "Điều dưỡng",
        "Viên chức",
        "Nhân viên",
    ],
    UnitKind.ADMINISTRATIVE_AGENCY: ["Chuyên viên", "Công chức", "Cán sự", "Văn thư"],
    UnitKind.STATE_ENTERPRISE: ["Công nhân", "Công nhân", "Kỹ sư", "Kế toán", "Thợ vận hành"],
    UnitKind.PRIVATE_ENTERPRISE: ["Công nhân", "Công nhân", "Nhân viên bán hàng", "Lái xe", "Kế toán"],
    UnitKind.FDI_ENTERPRISE: ["Công nhân", "Công nhân", "Công nhân", "Tổ trưởng sản xuất", "Kỹ thuật viên"],
    UnitKind.COOPERATIVE: ["Xã viên", "Nhân viên"],
    UnitKind.OTHER: ["Nhân viên"],
}


class _People:
    """Makes people: names by ethnic group, birth dates, CCCDs consistent with both."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.cccds: set[str] = set()
        self.keys: set[tuple[str, dt.date]] = set()
        self.wards = [int(w.code) for w in places.wards_of(places.province_code_by_name("Lào Cai") or 15)]
        self.weights = [g[0] for g in _GROUPS]

    def make(self, *, woman: bool, born_after: int, born_before: int, kind: str) -> dict[str, Any]:
        rng = self.rng
        while True:
            _w, ethnicity, families, male_mid, female_mid, male_given, female_given = rng.choices(
                _GROUPS, self.weights
            )[0]
            middle = rng.choice(female_mid if woman else male_mid)
            name = f"{rng.choice(families)} {middle} {rng.choice(female_given if woman else male_given)}"
            year = rng.randint(born_after, born_before)
            born = dt.date(year, 1, 1) + dt.timedelta(days=rng.randrange(365))
            if (name, born) not in self.keys:
                self.keys.add((name, born))
                break
        gender = Gender.FEMALE if woman else Gender.MALE
        data: dict[str, Any] = {
            "full_name": name,
            "gender": gender,
            "birth_date": born,
            "ethnicity": ethnicity,
            "religion": Religion.NONE
            if rng.random() < 0.93
            else rng.choice([Religion.BUDDHISM, Religion.CATHOLIC, Religion.PROTESTANT]),
            "education": rng.choice(list(Education.values)[2:7]),
            "hometown_ward_code": rng.choice(self.wards),
            "residence_ward_code": rng.choice(self.wards),
            "job_title": rng.choice(_JOBS.get(kind, _JOBS[UnitKind.OTHER])),
            "contract_type": ContractType.CIVIL_SERVANT
            if kind in (UnitKind.PUBLIC_SERVICE_UNIT, UnitKind.ADMINISTRATIVE_AGENCY)
            else rng.choice([ContractType.INDEFINITE, ContractType.INDEFINITE, ContractType.FIXED_TERM]),
            "insurance_salary": rng.randrange(4_680_000, 15_000_000, 10_000),
            "phone": f"0{rng.choice(['912', '983', '977', '868', '394', '356'])}{rng.randrange(10**6):06d}",
        }
        if rng.random() < 0.03:
            # Only the year is known (old records).
            data["birth_date"] = None
            data["birth_year"] = year
        if rng.random() < 0.02:
            data["other_id"] = f"{rng.randrange(10**9):09d}"  # an old CMND, no CCCD yet
        else:
            while True:
                number = f"{rng.choice(_BIRTH_PROVINCES)}{century_digit(gender, year)}{year % 100:02d}{rng.randrange(10**6):06d}"
                if number not in self.cccds:
                    self.cccds.add(number)
                    break
            data["cccd"] = number
        return data


def _day(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    if end <= start:
        return start
    return start + dt.timedelta(days=rng.randrange((end - start).days + 1))


def _admission_day(rng: random.Random, founded: dt.date) -> dt.date:
    """A day before 2024, later years more likely (unions grew), not before the union existed."""
    start = max(founded, dt.date(1995, 1, 1))
    end = dt.date(2023, 12, 31)
    if start >= end:
        return end
    span = (end - start).days
    return start + dt.timedelta(days=int(span * rng.random() ** 0.6))


def _women_share(report: WorkforceReport | None) -> float:
    """Share of women among a union's reported workers (one half when unknown)."""
    return (report.women or 0) / report.workers if report is not None and report.workers else 0.5


def build_members(province: Unit, rng: random.Random, progress: Progress) -> None:
    """Load the members of every grassroots union of ``province``'s 2024 tree."""
    units = list(
        Unit.objects.filter(level=Level.GRASSROOTS).filter(Q(path__startswith=province.path)).order_by("code")
    )
    reports = {r.unit_id: r for r in WorkforceReport.objects.filter(unit__in=units, as_of=REVIEW_DAY)}
    maker = _People(rng)
    histories: list[History] = []
    active_at_end: list[History] = []
    counters: dict[str, int] = {}

    def card_for(day: dt.date) -> str:
        prefix = f"15{day.year % 100:02d}"
        counters[prefix] = counters.get(prefix, 0) + 1
        body = f"{prefix}{counters[prefix]:06d}"
        return body + luhn_digit(body)

    progress(f"Đang tạo đoàn viên cho {vn_number(len(units))} công đoàn cơ sở…")
    for unit in units:
        report = reports.get(unit.pk)
        if report is None:
            continue
        members = max(2, round(report.workers * _MEMBER_RATE.get(unit.kind, 0.9)))
        women_share = _women_share(report)
        for _ in range(members):
            woman = rng.random() < women_share
            joined = _admission_day(rng, unit.founded_on)
            data = maker.make(
                woman=woman,
                born_after=max(1965, joined.year - 40),
                born_before=min(2005, joined.year - 18),
                kind=unit.kind,
            )
            history = History(
                person=data,
                events=[HistoryEvent("admitted", joined, unit, decision=f"{rng.randint(1, 99)}/QĐ-CĐCS")],
            )
            histories.append(history)
            active_at_end.append(history)
    # 2024's new members: move that many admissions into 2024 (units founded before then).
    rng.shuffle(active_at_end)
    moved = 0
    for history in active_at_end:
        if moved == ADMISSIONS_2024:
            break
        first = history.events[0]
        assert first.unit is not None
        day = _day(rng, max(first.unit.founded_on, dt.date(2024, 1, 2)), dt.date(2024, 12, 20))
        if day.year != 2024:
            continue
        born = history.person["birth_date"] or dt.date(history.person["birth_year"], 12, 31)
        if day.year - born.year < 18:
            continue
        first.on = day
        moved += 1
    older = [h for h in active_at_end if h.events[0].on.year < 2024]
    # Transfers between unions of the province: the earlier spell was elsewhere.
    for history in older[:1500]:
        first = history.events[0]
        final_unit = first.unit
        assert final_unit is not None
        source = rng.choice(units)
        if source.pk == final_unit.pk or source.founded_on > first.on:
            continue
        day = _day(rng, max(first.on + dt.timedelta(days=200), final_unit.founded_on), dt.date(2024, 12, 20))
        if day <= first.on:
            continue
        history.events = [
            HistoryEvent("admitted", first.on, source, decision=first.decision),
            HistoryEvent("transferred_in", day, final_unit, decision=f"{rng.randint(1, 99)}/GGT-CĐ"),
        ]
    # Members who came from unions of other provinces, with their old card.
    for serial, history in enumerate(older[1500:1900], start=900_000):
        first = history.events[0]
        history.joined_on = _day(rng, dt.date(2000, 1, 1), first.on)
        history.came_from = rng.choice(
            ["LĐLĐ tỉnh Yên Bái", "LĐLĐ tỉnh Lai Châu", "LĐLĐ thành phố Hà Nội", "LĐLĐ tỉnh Phú Thọ"]
        )
        history.events = [
            HistoryEvent("transferred_in", first.on, first.unit, decision=f"{rng.randint(1, 99)}/GGT")
        ]
        history.card_number = f"99{history.joined_on.year % 100:02d}{serial:06d}"
        history.card_number += luhn_digit(history.card_number)
    # Suspended on the review day.
    for history in older[1900:2150]:
        day = _day(rng, dt.date(2023, 1, 1), dt.date(2024, 11, 30))
        if day > history.events[-1].on:
            history.events.append(HistoryEvent("suspended", day, reason=rng.choice(_SUSPEND_REASONS)))
    # Leavers, deaths, expulsions: extra people whose membership ended before the review day.
    for index in range(3_400):
        unit = rng.choice(units)
        report = reports.get(unit.pk)
        woman = rng.random() < _women_share(report)
        joined = _admission_day(rng, unit.founded_on)
        data = maker.make(
            woman=woman,
            born_after=max(1955, joined.year - 45),
            born_before=min(2005, joined.year - 18),
            kind=unit.kind,
        )
        ended = _day(rng, joined + dt.timedelta(days=90), dt.date(2024, 12, 20))
        if ended <= joined:
            continue
        events = [HistoryEvent("admitted", joined, unit, decision=f"{rng.randint(1, 99)}/QĐ-CĐCS")]
        if index % 100 == 0 and ended - joined > dt.timedelta(days=400):
            # Unpaid dues: reprimand at 6 months, warning at 9, expulsion at 12.
            events += [
                HistoryEvent(
                    "reprimanded",
                    ended - dt.timedelta(days=180),
                    reason="Không đóng đoàn phí 6 tháng liên tục",
                    decision="KT-01",
                ),
                HistoryEvent(
                    "warned",
                    ended - dt.timedelta(days=90),
                    reason="Không đóng đoàn phí 9 tháng liên tục",
                    decision="KT-02",
                ),
                HistoryEvent(
                    "expelled", ended, reason="Không đóng đoàn phí 12 tháng liên tục", decision="KT-03"
                ),
            ]
        elif index % 60 == 1:
            events.append(HistoryEvent("died", ended, reason="Từ trần"))
        else:
            events.append(HistoryEvent("left", ended, reason=rng.choice(_LEAVE_REASONS)))
        histories.append(History(person=data, events=events))
    # Cards: most members received one the year they joined (from 2010, when numbering began).
    for history in histories:
        if history.card_number:
            continue
        first_day = history.events[0].on
        if rng.random() < 0.85:
            issued = max(first_day, dt.date(2010, 1, 1))
            history.card_issued_on = issued
            history.card_number = card_for(issued)
    progress(f"Đang ghi {vn_number(len(histories))} hồ sơ đoàn viên…")
    for start in range(0, len(histories), 5_000):
        load_histories(actor=None, histories=histories[start : start + 5_000], reason="Dữ liệu mẫu")


def reset_members() -> None:
    kept.forget_all()
    Card.objects.all().delete()
    CardSerial.objects.all().delete()
    MemberEvent.objects.all().delete()
    Spell.objects.all().delete()
    Person.objects.all().delete()
