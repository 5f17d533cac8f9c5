"""The demo: the Lào Cai provincial federation as it stood in 2024, then the 2025 reform.

Built deterministically (a seeded random generator) through the same
services officers use, so the demo has full history and audit entries.
Later issues add members and records of union work to the same province.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections.abc import Callable

from django.db import transaction

from congdoan.accounts import services as accounts
from congdoan.accounts.models import AuditEntry, Role, RoleKind, User
from congdoan.common.text import nfc
from congdoan.org import demo_data as data
from congdoan.org import places, services
from congdoan.org.models import Level, Unit, UnitEvent, UnitKind, UnitVersion, WorkforceReport
from congdoan.org.restructure import apply_plan, plan_2025_reform

CONFEDERATION_CODE = "TLD"
PROVINCE_CODE = "LDLD-LC"
PROVINCE_NAME = "Liên đoàn Lao động tỉnh Lào Cai"
REVIEW_DAY = dt.date(2024, 12, 26)
PRIOR_YEAR_END = dt.date(2023, 12, 31)
DEMO_PASSWORD = "congdoan2024"  # noqa: S105 - published demo logins

DEMO_LOGINS: list[tuple[str, str, str]] = [
    ("admin", DEMO_PASSWORD, "Quản trị hệ thống (toàn quốc)"),
    ("lcadmin", DEMO_PASSWORD, "Quản trị Liên đoàn Lao động tỉnh Lào Cai"),
    ("batxat", DEMO_PASSWORD, "Cán bộ LĐLĐ huyện Bát Xát (đến 30/6/2025)"),
    ("xem", DEMO_PASSWORD, "Người xem, toàn tỉnh Lào Cai"),
    ("cdcs", DEMO_PASSWORD, "Cán bộ một công đoàn cơ sở trường học"),
]

Progress = Callable[[str], object]

# Share of each kind among a district's grassroots unions, and worker ranges.
_DISTRICT_MIX = [
    ("school", 46),
    ("agency", 15),
    ("public", 8),
    ("health", 3),
    ("private", 20),
    ("state", 3),
    ("coop", 5),
]
_WORKERS = {
    "school": (12, 60),
    "agency": (10, 35),
    "public": (8, 60),
    "health": (20, 420),
    "private": (6, 180),
    "state": (60, 900),
    "fdi": (80, 1400),
    "coop": (5, 30),
}
_KIND = {
    "school": UnitKind.PUBLIC_SERVICE_UNIT,
    "agency": UnitKind.ADMINISTRATIVE_AGENCY,
    "public": UnitKind.PUBLIC_SERVICE_UNIT,
    "health": UnitKind.PUBLIC_SERVICE_UNIT,
    "private": UnitKind.PRIVATE_ENTERPRISE,
    "state": UnitKind.STATE_ENTERPRISE,
    "fdi": UnitKind.FDI_ENTERPRISE,
    "coop": UnitKind.COOPERATIVE,
}


def demo_exists() -> bool:
    return Unit.objects.filter(code=PROVINCE_CODE).exists()


def _split(total: int, weights: list[int]) -> list[int]:
    """Split ``total`` in proportion to ``weights`` (largest remainder)."""
    raw = [total * w / sum(weights) for w in weights]
    parts = [int(r) for r in raw]
    for i in sorted(range(len(raw)), key=lambda i: raw[i] - parts[i], reverse=True)[: total - sum(parts)]:
        parts[i] += 1
    return parts


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


class _Names:
    """Employer names, unique within the province."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.used: set[str] = set()
        self.codes = 0

    def next_code(self) -> str:
        self.codes += 1
        return f"LC-{self.codes:05d}"

    def unique(self, name: str) -> str:
        name = nfc(name)
        candidate, n = name, 2
        while candidate in self.used:
            candidate = f"{name} số {n}"
            n += 1
        self.used.add(candidate)
        return candidate

    def employer(self, category: str, place: str, district: str) -> str:
        rng = self.rng
        if category == "school":
            return self.unique(f"{rng.choice(data.SCHOOL_KINDS)} {rng.choice(data.SCHOOL_NAMES)} {place}")
        if category == "agency":
            if rng.random() < 0.6:
                return self.unique(f"{rng.choice(data.AGENCIES_COMMUNE)} {place.split(' ', 1)[-1]}")
            return self.unique(f"{rng.choice(data.AGENCIES_DISTRICT)} {district}")
        if category == "public":
            return self.unique(f"{rng.choice(data.PUBLIC_SERVICE)} {district}")
        if category == "health":
            return self.unique(
                f"{rng.choice(['Trạm Y tế', 'Trung tâm Y tế', 'Phòng khám Đa khoa khu vực'])} {place}"
            )
        if category == "private":
            return self.unique(
                f"{rng.choice(data.COMPANY_FORMS)} {rng.choice(data.COMPANY_TRADES)} {rng.choice(data.COMPANY_NAMES)}"
            )
        if category == "state":
            return self.unique(f"{rng.choice(data.STATE_COMPANIES)} – Chi nhánh {district}")
        if category == "fdi":
            return self.unique(rng.choice(data.FDI_COMPANIES))
        return self.unique(f"{rng.choice(data.COOPERATIVES)} {place.split(' ', 1)[-1]}")


def _reset(progress: Progress) -> None:
    progress("Đang xoá dữ liệu mẫu cũ…")
    with transaction.atomic():
        Unit.objects.update(parent=None, successor=None)
        UnitVersion.objects.all().delete()
        UnitEvent.objects.all().delete()
        WorkforceReport.objects.all().delete()
        Role.objects.all().delete()
        AuditEntry.objects.all().delete()
        Unit.objects.all().delete()
        User.objects.all().delete()


def build_demo(*, reset: bool = False, progress: Progress = print) -> None:
    """Build the Lào Cai demo (2024 tree, then the 2025 reform) unless it is there already."""
    if demo_exists() and not reset:
        progress("Dữ liệu mẫu tỉnh Lào Cai đã có sẵn (dùng --reset để dựng lại).")
        return
    if reset:
        _reset(progress)
    started = time.monotonic()
    rng = random.Random(2024)  # noqa: S311 - reproducible demo data, not security
    with transaction.atomic():
        province = _build_2024(rng, progress)
        _build_users(province, progress)
    progress("Đang áp dụng phương án sắp xếp tổ chức năm 2025…")
    with transaction.atomic():
        plan = plan_2025_reform(actor=None, province=province)
        result = apply_plan(
            actor=None,
            plan=plan,
            decision="Theo Kết luận 127-KL/TW và Quyết định của Tổng Liên đoàn",
            reason="Sắp xếp tổ chức công đoàn theo đơn vị hành chính hai cấp",
        )
    progress(
        "Đã sắp xếp: "
        + ", ".join(f"{label} {count}" for label, count in plan.summary())
        + f" (đợt {result.batch})."
    )
    progress(f"Xong dữ liệu mẫu sau {time.monotonic() - started:.0f} giây.")


def _build_2024(rng: random.Random, progress: Progress) -> Unit:
    progress("Đang tạo Tổng Liên đoàn và Liên đoàn Lao động tỉnh Lào Cai…")
    lao_cai = places.province_code_by_name("Lào Cai")
    confederation = services.found_unit(
        actor=None,
        parent=None,
        code=CONFEDERATION_CODE,
        name="Tổng Liên đoàn Lao động Việt Nam",
        level=Level.CONFEDERATION,
        on=dt.date(1929, 7, 28),
        province_code=places.province_code_by_name("Hà Nội"),
    )
    province = services.found_unit(
        actor=None,
        parent=confederation,
        code=PROVINCE_CODE,
        name=PROVINCE_NAME,
        level=Level.PROVINCE_FEDERATION,
        on=dt.date(1991, 10, 1),
        province_code=lao_cai,
        ward_code=2674,
        street="Đại lộ Trần Hưng Đạo",
    )
    names = _Names(rng)
    units: list[tuple[Unit, str]] = []

    district_counts = _split(
        data.PROVINCE_TOTAL_GRASSROOTS - sum(u[3] for u in data.PROVINCE_UNITS),
        [d[2] for d in data.DISTRICTS],
    )
    progress(
        f"Đang tạo {len(data.DISTRICTS)} LĐLĐ huyện và {data.PROVINCE_TOTAL_GRASSROOTS:,} công đoàn cơ sở…".replace(
            ",", "."
        )
    )
    for (code, name, _weight, wards), count in zip(data.DISTRICTS, district_counts, strict=True):
        district = services.found_unit(
            actor=None,
            parent=province,
            code=code,
            name=name,
            level=Level.DISTRICT_FEDERATION,
            on=dt.date(1991, 10, 1),
            province_code=lao_cai,
            ward_code=wards[0],
        )
        short = name.replace("Liên đoàn Lao động ", "")
        categories = rng.choices(
            [c for c, _ in _DISTRICT_MIX], weights=[w for _, w in _DISTRICT_MIX], k=count
        )
        for category in categories:
            ward = rng.choice(wards)
            place = _lower_first(places.ward_name(ward) or "")
            units.append((_grassroots(rng, names, district, category, place, short, ward, lao_cai), category))

    for code, name, level, count, seat in data.PROVINCE_UNITS:
        upper = services.found_unit(
            actor=None,
            parent=province,
            code=code,
            name=name,
            level=level,
            on=dt.date(1995, 1, 1),
            province_code=lao_cai,
            ward_code=seat,
        )
        for i in range(count):
            category, employer = _province_grassroots(rng, names, code, i)
            units.append(
                (
                    _grassroots(
                        rng, names, upper, category, "", "tỉnh Lào Cai", seat, lao_cai, employer=employer
                    ),
                    category,
                )
            )

    progress("Đang ghi số lao động năm 2023 và 2024…")
    raw = [rng.randint(*_WORKERS[category]) for _unit, category in units]
    scale = data.WORKERS_TOTAL_2024 / sum(raw)
    workers = [max(3, round(r * scale)) for r in raw]
    workers[workers.index(max(workers))] += data.WORKERS_TOTAL_2024 - sum(workers)
    for (unit, _category), count in zip(units, workers, strict=True):
        services.record_workforce(actor=None, unit=unit, as_of=PRIOR_YEAR_END, workers=round(count * 0.96))
        services.record_workforce(
            actor=None,
            unit=unit,
            as_of=REVIEW_DAY,
            workers=count,
            women=round(count * rng.uniform(0.3, 0.75)),
        )
    return province


def _province_grassroots(rng: random.Random, names: _Names, upper_code: str, i: int) -> tuple[str, str]:
    if upper_code == "CDN-LC-GD":
        base = data.PROVINCIAL_SCHOOLS[i % len(data.PROVINCIAL_SCHOOLS)]
        place = rng.choice([d[1].replace("Liên đoàn Lao động ", "") for d in data.DISTRICTS])
        return "school", names.unique(f"{base} {place}")
    if upper_code == "CDN-LC-YT":
        base = data.HEALTH_UNITS[i % len(data.HEALTH_UNITS)]
        place = rng.choice(
            ["tỉnh Lào Cai"] + [d[1].replace("Liên đoàn Lao động ", "") for d in data.DISTRICTS]
        )
        return "health", names.unique(f"{base} {place}")
    if upper_code == "CDVC-LC":
        if i < len(data.AGENCIES_PROVINCE):
            return "agency", names.unique(f"{data.AGENCIES_PROVINCE[i]} tỉnh Lào Cai")
        return "public", names.unique(f"{rng.choice(data.PUBLIC_SERVICE)} tỉnh Lào Cai")
    if upper_code == "CDKCN-LC":
        category = "fdi" if rng.random() < 0.35 else "private"
        return category, names.employer(category, "", "")
    if upper_code == "CDN-LC-NN":
        category = rng.choice(["public", "coop", "state"])
        return category, names.employer(category, "tỉnh Lào Cai", "tỉnh Lào Cai")
    category = rng.choice(["state", "private", "private"])
    return category, names.employer(category, "", "tỉnh Lào Cai")


def _grassroots(
    rng: random.Random,
    names: _Names,
    parent: Unit,
    category: str,
    place: str,
    district: str,
    ward: int,
    province_code: int | None,
    *,
    employer: str = "",
) -> Unit:
    employer = employer or names.employer(category, place, district)
    return services.found_unit(
        actor=None,
        parent=parent,
        code=names.next_code(),
        name=f"Công đoàn cơ sở {employer}",
        level=Level.GRASSROOTS,
        kind=_KIND[category],
        employer=employer,
        on=dt.date(rng.randint(1995, 2023), rng.randint(1, 12), rng.randint(1, 28)),
        province_code=province_code,
        ward_code=ward,
    )


def _build_users(province: Unit, progress: Progress) -> None:
    progress("Đang tạo tài khoản mẫu…")
    admin = accounts.create_user(
        actor=None, username="admin", password=DEMO_PASSWORD, full_name="Quản trị hệ thống"
    )
    User.objects.filter(pk=admin.pk).update(is_superuser=True, is_staff=True)
    lcadmin = accounts.create_user(
        actor=None, username="lcadmin", password=DEMO_PASSWORD, full_name="Nguyễn Thị Hương (LĐLĐ tỉnh)"
    )
    accounts.grant_role(actor=None, user=lcadmin, unit=province, kind=RoleKind.FEDERATION_ADMIN)
    batxat = accounts.create_user(
        actor=None, username="batxat", password=DEMO_PASSWORD, full_name="Lò Văn Thào (LĐLĐ Bát Xát)"
    )
    accounts.grant_role(
        actor=None, user=batxat, unit=Unit.objects.get(code="LDLD-LC-BX"), kind=RoleKind.OFFICER
    )
    viewer = accounts.create_user(
        actor=None, username="xem", password=DEMO_PASSWORD, full_name="Phạm Minh Đức (xem)"
    )
    accounts.grant_role(actor=None, user=viewer, unit=province, kind=RoleKind.VIEWER)
    school = (
        Unit.objects.filter(
            level=Level.GRASSROOTS, kind=UnitKind.PUBLIC_SERVICE_UNIT, name__contains="Trường Tiểu học"
        )
        .order_by("code")
        .first()
    )
    officer = accounts.create_user(
        actor=None, username="cdcs", password=DEMO_PASSWORD, full_name="Vàng Thị Mai (CĐCS)"
    )
    if school is not None:
        accounts.grant_role(actor=None, user=officer, unit=school, kind=RoleKind.OFFICER)
