"""The demo: the Lào Cai provincial federation as it stood in 2024, then the 2025 reform.

Built deterministically (a seeded random generator) through the same
services officers use, so the demo has full history and audit entries:
the 2024 tree (9 district federations, sector and industrial-zone unions,
1,210 grassroots unions with 46,218 workers on 26/12/2024), demo logins,
and the 2025 reform applied as one plan (administrative agencies dissolved
from 01/06/2025, commune/ward unions from 01/07/2025). Later issues add
members and records of union work to the same province.
"""

from __future__ import annotations

import datetime as dt
import itertools
import random
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction

from congdoan.accounts import services as accounts
from congdoan.accounts.models import AuditEntry, Role, RoleKind, User
from congdoan.common.formats import vn_number
from congdoan.common.text import nfc
from congdoan.org import demo_data as data
from congdoan.org import places, services
from congdoan.org.models import Level, Unit, UnitEvent, UnitKind, UnitVersion, WorkforceReport
from congdoan.org.restructure import apply_plan, plan_2025_reform

CONFEDERATION_CODE = "TLD"
PROVINCE_CODE = "LDLD-LC"
PROVINCE_NAME = "Liên đoàn Lao động tỉnh Lào Cai"
PROVINCE_FOUNDED = dt.date(1991, 10, 1)  # Lào Cai province was re-established on 1 October 1991.
REVIEW_DAY = dt.date(2024, 12, 26)
PRIOR_YEAR_END = dt.date(2023, 12, 31)
DEMO_PASSWORD = "congdoan2024"  # noqa: S105 - published demo logins

DEMO_LOGINS: list[tuple[str, str, str]] = [
    ("admin", DEMO_PASSWORD, "Quản trị hệ thống (toàn quốc)"),
    ("lcadmin", DEMO_PASSWORD, "Quản trị Liên đoàn Lao động tỉnh Lào Cai"),
    ("batxat", DEMO_PASSWORD, "Cán bộ LĐLĐ huyện Bát Xát (đến 30/6/2025)"),
    ("xem", DEMO_PASSWORD, "Người xem, toàn tỉnh Lào Cai"),
    ("cdcs", DEMO_PASSWORD, "Cán bộ Công đoàn cơ sở Trường Tiểu học thị trấn Bát Xát"),
]

Progress = Callable[[str], object]

#: Steps of the apps above ``org`` that add their records to the 2024
#: province before the 2025 reform is applied (members, later support,
#: awards ...), with what each must delete on ``--reset``. Registered in the
#: apps' ``AppConfig.ready`` so that ``org`` imports none of them.
DemoStep = Callable[[Unit, random.Random, Progress], None]
_steps: list[tuple[str, DemoStep, Callable[[], None]]] = []


def register_step(name: str, step: DemoStep, reset: Callable[[], None]) -> None:
    if all(existing != name for existing, _s, _r in _steps):
        _steps.append((name, step, reset))


_KIND = {
    "school": UnitKind.PUBLIC_SERVICE_UNIT,
    "health": UnitKind.PUBLIC_SERVICE_UNIT,
    "public": UnitKind.PUBLIC_SERVICE_UNIT,
    "agency": UnitKind.ADMINISTRATIVE_AGENCY,
    "private": UnitKind.PRIVATE_ENTERPRISE,
    "state": UnitKind.STATE_ENTERPRISE,
    "fdi": UnitKind.FDI_ENTERPRISE,
    "coop": UnitKind.COOPERATIVE,
}
# Typical workers per unit of each kind, before scaling to the province total.
_WORKERS = {
    "school": (15, 70),
    "health": (8, 40),
    "hospital": (150, 700),
    "public": (8, 60),
    "agency": (10, 40),
    "private": (8, 200),
    "state": (60, 900),
    "fdi": (150, 1500),
    "coop": (5, 30),
}
_UPPER_FOUNDED = {"CDKCN-LC": dt.date(2009, 6, 1)}
_UPPER_FOUNDED_DEFAULT = dt.date(1995, 1, 1)


@dataclass
class _Spec:
    """A grassroots union to found: its parent, employer, how it is named, kind and ward."""

    parent: str
    employer: str
    category: str
    ward: int
    label: str = ""  # what follows "Công đoàn cơ sở" when it is not the employer's name
    size: str = ""  # a _WORKERS key when it differs from the category

    @property
    def name(self) -> str:
        return f"Công đoàn cơ sở {self.label or self.employer}"


def demo_exists() -> bool:
    return Unit.objects.filter(code=PROVINCE_CODE).exists()


def _split(total: int, weights: list[int]) -> list[int]:
    """Split ``total`` in proportion to ``weights`` (largest remainder)."""
    raw = [total * w / sum(weights) for w in weights]
    parts = [int(r) for r in raw]
    for i in sorted(range(len(raw)), key=lambda i: raw[i] - parts[i], reverse=True)[: total - sum(parts)]:
        parts[i] += 1
    return parts


def _short(federation_name: str) -> str:
    """ "Liên đoàn Lao động huyện Bát Xát" -> "huyện Bát Xát"."""
    return federation_name.removeprefix("Liên đoàn Lao động ")


def _bare(place: str) -> str:
    """ "huyện Bát Xát" -> "Bát Xát"; "xã Bản Vược" -> "Bản Vược"."""
    for prefix in ("thành phố ", "thị xã ", "thị trấn ", "huyện ", "phường ", "xã "):
        if place.startswith(prefix):
            return place[len(prefix) :]
    return place


class _Generator:
    """Builds the list of grassroots unions of the province, with unique employer names."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.used: set[str] = set()
        companies = list(itertools.product(data.COMPANY_FORMS, data.COMPANY_TRADES, data.COMPANY_NAMES))
        rng.shuffle(companies)
        self.companies = iter(companies)

    def unique(self, name: str, qualifier: str = "") -> str:
        name = nfc(name)
        candidates = [name, f"{name} {qualifier}"] if qualifier else [name]
        candidates += [f"{name} số {n}" for n in range(2, 100)]
        for candidate in candidates:
            if candidate not in self.used:
                self.used.add(candidate)
                return candidate
        raise ValueError(name)

    def company(self, trades: list[str] | None = None) -> str:
        for form, trade, name in self.companies:
            if trades is None or trade in trades:
                candidate = f"{form} {trade} {name}"
                if candidate not in self.used:
                    self.used.add(candidate)
                    return candidate
        raise ValueError("no company name left")

    def district(self, district: data.District, count: int) -> list[_Spec]:
        rng = self.rng
        code, name, _weight, seat, wards, _earlier = district
        short = _short(name)
        commune_units: list[_Spec] = []
        for ward, communes in wards.items():
            for commune in communes:
                school = f"Trường Mầm non {commune}"
                commune_units.append(_Spec(code, self.unique(school, short), "school", ward))
                if commune.startswith("xã ") and rng.random() < 0.25:
                    both = f"Trường PTDTBT Tiểu học và THCS {commune}"
                    commune_units.append(_Spec(code, self.unique(both, short), "school", ward))
                else:
                    for level in ("Trường Tiểu học", "Trường THCS"):
                        commune_units.append(
                            _Spec(code, self.unique(f"{level} {commune}", short), "school", ward)
                        )
                council = self.unique(f"Ủy ban nhân dân {commune}", short)
                label = "cơ quan UBND" + council.removeprefix("Ủy ban nhân dân")
                commune_units.append(_Spec(code, council, "agency", ward, label=label))
                if rng.random() < 0.3:
                    commune_units.append(
                        _Spec(code, self.unique(f"Trạm Y tế {commune}", short), "health", ward)
                    )
        fixed = [
            _Spec(code, self.unique(f"{agency} {short}"), "agency", seat)
            for agency in rng.sample(data.DISTRICT_AGENCIES, 4)
        ]
        fixed += [
            _Spec(code, self.unique(f"{unit} {short}"), "public", seat)
            for unit in rng.sample(data.DISTRICT_PUBLIC, 2)
        ]
        fixed += [
            _Spec(code, self.unique(f"Điện lực {_bare(short)}"), "state", seat),
            _Spec(code, self.unique(f"Bưu điện {short}"), "state", seat),
        ]
        room = count - len(fixed)
        if len(commune_units) > room:
            # Keep every unit of the district town (the demo logins point at one); thin out the rest.
            town = wards[seat][0]
            in_town = [i for i, spec in enumerate(commune_units) if spec.employer.endswith(town)]
            others = [i for i in range(len(commune_units)) if i not in set(in_town)]
            keep = sorted(in_town + rng.sample(others, room - len(in_town)))
            commune_units = [commune_units[i] for i in keep]
        ward_codes = list(wards)
        ward_weights = [3 if w == seat else 1 for w in ward_codes]
        extra: list[_Spec] = []
        for _ in range(room - len(commune_units)):
            ward = rng.choices(ward_codes, weights=ward_weights)[0]
            if rng.random() < 0.78:
                extra.append(_Spec(code, self.company(), "private", ward))
            else:
                commune = rng.choice(wards[ward])
                coop = f"{rng.choice(data.COOPERATIVES)} {_bare(commune)}"
                extra.append(_Spec(code, self.unique(coop, short), "coop", ward))
        return commune_units + fixed + extra

    def province_units(self) -> list[_Spec]:
        rng = self.rng
        specs: list[_Spec] = []
        for code, name, _weight, seat, wards, _earlier in data.DISTRICTS:
            short = _short(name)
            place = short if code == "LDLD-LC-TP" else _bare(short)
            ward_codes = list(wards)
            for n in range(1, data.HIGH_SCHOOLS[code] + 1):
                ward = seat if n == 1 else rng.choice(ward_codes)
                specs.append(_Spec("CDN-LC-GD", self.unique(f"Trường THPT số {n} {place}"), "school", ward))
            if code != "LDLD-LC-TP":
                specs.append(
                    _Spec("CDN-LC-GD", self.unique(f"Trường PTDTNT THCS và THPT {short}"), "school", seat)
                )
            specs.append(_Spec("CDN-LC-GD", self.unique(f"Trung tâm GDNN – GDTX {short}"), "school", seat))
            specs.append(
                _Spec("CDN-LC-YT", self.unique(f"Trung tâm Y tế {short}"), "health", seat, size="hospital")
            )
        seat = data.PROVINCE_SEAT_WARD
        specs += [_Spec("CDN-LC-GD", self.unique(s), "school", seat) for s in data.PROVINCIAL_SCHOOLS]
        specs += [
            _Spec("CDN-LC-YT", self.unique(h), "health", seat, size="hospital")
            for h in data.PROVINCIAL_HEALTH
        ]
        specs += [_Spec("CDN-LC-YT", self.unique(c), "health", w) for c, w in data.HEALTH_CLINICS]
        road_and_rail = [s for s in data.STATE_COMPANIES if "đường" in s.lower()]
        specs += [_Spec("CDN-LC-GTXD", self.unique(s), "state", 2647) for s in road_and_rail]
        specs += [
            _Spec(
                "CDN-LC-GTXD",
                self.company(data.CONSTRUCTION_TRADES),
                "private",
                rng.choice([2647, 2674, 2905]),
            )
            for _ in range(35)
        ]
        specs += [_Spec("CDN-LC-NN", self.unique(a), "agency", seat) for a in data.AGRICULTURE_AGENCIES]
        specs += [_Spec("CDN-LC-NN", self.unique(p), "public", seat) for p in data.AGRICULTURE_PUBLIC]
        specs += [_Spec("CDN-LC-NN", self.unique(c), "state", seat) for c in data.AGRICULTURE_COMPANIES]
        for _ in range(8):
            _code, _name, _w, _seat, wards, _e = rng.choice(data.DISTRICTS)
            ward = rng.choice(list(wards))
            coop = f"{rng.choice(data.COOPERATIVES)} {_bare(rng.choice(wards[ward]))}"
            specs.append(_Spec("CDN-LC-NN", self.unique(coop), "coop", ward))
        specs += [_Spec("CDVC-LC", self.unique(a), "agency", seat) for a in data.PROVINCIAL_AGENCIES]
        specs += [_Spec("CDVC-LC", self.unique(p), "public", seat) for p in data.PROVINCIAL_PUBLIC]
        # Big state companies whose unions sit directly under the province federation.
        specs += [
            _Spec(PROVINCE_CODE, self.unique(s), "state", 2647)
            for s in data.STATE_COMPANIES
            if s not in road_and_rail
        ]
        zones = data.INDUSTRIAL_ZONE_WARDS
        specs += [_Spec("CDKCN-LC", self.unique(f), "fdi", rng.choice(zones)) for f in data.FDI_COMPANIES]
        specs += [
            _Spec("CDKCN-LC", self.company(data.INDUSTRY_TRADES), "private", rng.choice(zones))
            for _ in range(40)
        ]
        return specs


def _reset(progress: Progress) -> None:
    progress("Đang xoá dữ liệu mẫu cũ…")
    with transaction.atomic():
        for _name, _step, reset_step in reversed(_steps):
            reset_step()
        Role.objects.all().delete()
        AuditEntry.objects.all().delete()
        WorkforceReport.objects.all().delete()
        UnitEvent.objects.all().delete()
        UnitVersion.objects.all().delete()
        # Units point at each other (parent, successor): cut those links before deleting.
        Unit.objects.update(parent=None, successor=None)
        Unit.objects.all().delete()
        User.objects.all().delete()


def build_demo(*, reset: bool = False, progress: Progress = print) -> None:
    """Build the Lào Cai demo (the 2024 tree, logins, then the 2025 reform) unless it is there already.

    ``reset`` deletes every unit, user, role and audit entry first.
    """
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
    for _name, step, _reset_step in _steps:
        with transaction.atomic():
            step(province, rng, progress)
    progress("Đang áp dụng phương án sắp xếp tổ chức năm 2025…")
    plan = plan_2025_reform(actor=None, province=province)
    result = apply_plan(
        actor=None,
        plan=plan,
        decision="Theo Kết luận 127-KL/TW và hướng dẫn của Tổng Liên đoàn",
        reason="Sắp xếp tổ chức công đoàn theo đơn vị hành chính hai cấp",
    )
    summary = "; ".join(f"{label}: {vn_number(count)}" for label, count in plan.summary())
    progress(f"Đã sắp xếp: {summary} (đợt {result.batch}).")
    progress("Đang tính sẵn số liệu báo cáo của tỉnh các năm 2023–2025…")
    from congdoan.reports import annual

    for year in (2024, 2025):  # each report counts its prior year too
        annual.build(province, year)
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
        on=PROVINCE_FOUNDED,
        province_code=lao_cai,
        ward_code=data.PROVINCE_SEAT_WARD,
        street="Đại lộ Trần Hưng Đạo",
    )
    uppers = {PROVINCE_CODE: province}
    progress(f"Đang tạo {len(data.DISTRICTS)} LĐLĐ huyện, thị xã, thành phố và các công đoàn ngành…")
    for code, name, _weight, seat, _wards, earlier in data.DISTRICTS:
        first_name, renamed_on = earlier if earlier else (name, "")
        uppers[code] = services.found_unit(
            actor=None,
            parent=province,
            code=code,
            name=first_name,
            level=Level.DISTRICT_FEDERATION,
            on=PROVINCE_FOUNDED,
            province_code=lao_cai,
            ward_code=seat,
        )
        if renamed_on:
            services.rename_unit(
                actor=None, unit=uppers[code], name=name, on=dt.date.fromisoformat(renamed_on)
            )
    for code, name, level, seat in data.PROVINCE_UNITS:
        uppers[code] = services.found_unit(
            actor=None,
            parent=province,
            code=code,
            name=name,
            level=level,
            on=_UPPER_FOUNDED.get(code, _UPPER_FOUNDED_DEFAULT),
            province_code=lao_cai,
            ward_code=seat,
        )

    generator = _Generator(rng)
    specs = generator.province_units()
    counts = _split(data.PROVINCE_TOTAL_GRASSROOTS - len(specs), [d[2] for d in data.DISTRICTS])
    for district, count in zip(data.DISTRICTS, counts, strict=True):
        specs += generator.district(district, count)
    progress(f"Đang tạo {vn_number(len(specs))} công đoàn cơ sở…")
    units: list[tuple[Unit, _Spec]] = []
    for number, spec in enumerate(sorted(specs, key=lambda s: (s.parent, s.ward)), start=1):
        parent = uppers[spec.parent]
        start = parent.founded_on.toordinal()
        units.append(
            (
                services.found_unit(
                    actor=None,
                    parent=parent,
                    code=f"LC-{number:05d}",
                    name=spec.name,
                    level=Level.GRASSROOTS,
                    kind=_KIND[spec.category],
                    employer=spec.employer,
                    on=dt.date.fromordinal(rng.randint(start, dt.date(2023, 12, 31).toordinal())),
                    province_code=lao_cai,
                    ward_code=spec.ward,
                ),
                spec,
            )
        )

    progress("Đang ghi số lao động năm 2023 và 2024…")
    raw = [rng.randint(*_WORKERS[spec.size or spec.category]) for _unit, spec in units]
    scale = data.WORKERS_TOTAL_2024 / sum(raw)
    workers = [max(3, round(r * scale)) for r in raw]
    workers[workers.index(max(workers))] += data.WORKERS_TOTAL_2024 - sum(workers)
    for (unit, _spec), count in zip(units, workers, strict=True):
        services.record_workforce(actor=None, unit=unit, as_of=PRIOR_YEAR_END, workers=round(count * 0.97))
        services.record_workforce(
            actor=None,
            unit=unit,
            as_of=REVIEW_DAY,
            workers=count,
            women=round(count * rng.uniform(0.3, 0.75)),
        )
    return province


def _build_users(province: Unit, progress: Progress) -> None:
    progress("Đang tạo tài khoản mẫu…")
    admin = accounts.create_user(
        actor=None, username="admin", password=DEMO_PASSWORD, full_name="Quản trị hệ thống"
    )
    User.objects.filter(pk=admin.pk).update(is_superuser=True, is_staff=True)
    roles = [
        ("lcadmin", "Nguyễn Thị Hương", province, RoleKind.FEDERATION_ADMIN),
        ("batxat", "Lò Văn Thào", Unit.objects.get(code="LDLD-LC-BX"), RoleKind.OFFICER),
        ("xem", "Phạm Minh Đức", province, RoleKind.VIEWER),
        (
            "cdcs",
            "Vàng Thị Mai",
            Unit.objects.get(employer="Trường Tiểu học thị trấn Bát Xát"),
            RoleKind.OFFICER,
        ),
    ]
    for username, full_name, unit, kind in roles:
        user = accounts.create_user(
            actor=None, username=username, password=DEMO_PASSWORD, full_name=full_name
        )
        accounts.grant_role(actor=None, user=user, unit=unit, kind=kind)
