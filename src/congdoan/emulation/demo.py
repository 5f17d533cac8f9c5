"""Demo emulation records of the Lào Cai federation for 2024.

Deterministic (the demo's seeded ``rng``), written through the services in
bulk (one audit entry per batch):

- the standing movement "Lao động giỏi, Lao động sáng tạo" for 2024, with
  the registrations of most grassroots unions and of some members;
- the campaign the federation launched at its 2024 review (26/12/2024),
  with the registrations of its upper-level unions;
- exactly 623 initiatives recognised at grassroots scope in 2024 and 14 at
  province scope, 11 of which received the confederation's creative-labour
  certificate (Bằng Lao động sáng tạo) in 2024;
- the province's award decisions of 2024: certificates of merit and
  emulation flags for collectives and individuals (and one flag of the
  provincial People's Committee recorded by the federation);
- the 2024 grading of every grassroots union of the 2024 tree (1,210).
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections import defaultdict
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from congdoan.common.formats import vn_number
from congdoan.emulation import grading, services
from congdoan.emulation.models import (
    AwardDecision,
    AwardForm,
    AwardLevel,
    AwardRecipient,
    Campaign,
    CampaignKind,
    CampaignRegistration,
    CreativeLabourAward,
    Grading,
    Initiative,
    InitiativeAuthor,
    InitiativeField,
    RecognitionScope,
)
from congdoan.members.models import MemberStatus, Person
from congdoan.org.models import Level, Unit, UnitKind
from congdoan.org.selectors import subtree_versions

Progress = Callable[[str], object]

YEAR_START, YEAR_END = dt.date(2024, 1, 1), dt.date(2024, 12, 31)
REVIEW_DAY = dt.date(2024, 12, 26)
GRASSROOTS_INITIATIVES = 623
PROVINCE_INITIATIVES = 14
CREATIVE_AWARDS = 11
CHAIR = ("Nguyễn Văn Hùng", "Chủ tịch")
PROVINCE_REVIEW_THEME = (
    "Công nhân, viên chức, người lao động tỉnh Lào Cai quyết tâm đổi mới, tích cực sáng tạo, "
    "nâng cao năng suất lao động, chất lượng, hiệu quả công việc"
)

_SUBJECTS: dict[str, list[str]] = {
    InitiativeField.EDUCATION: [
        "Một số biện pháp nâng cao chất lượng dạy học môn Tiếng Việt cho học sinh dân tộc thiểu số",
        "Ứng dụng công nghệ thông tin trong tổ chức hoạt động trải nghiệm",
        "Biện pháp phát triển ngôn ngữ cho trẻ mẫu giáo vùng cao",
        "Xây dựng môi trường đọc thân thiện trong nhà trường",
        "Giải pháp nâng cao hiệu quả bán trú cho học sinh",
        "Thiết kế đồ dùng dạy học từ vật liệu tái chế",
        "Một số biện pháp giáo dục kỹ năng sống cho học sinh",
        "Đổi mới sinh hoạt chuyên môn theo nghiên cứu bài học",
    ],
    InitiativeField.HEALTH: [
        "Cải tiến quy trình tiếp đón người bệnh tại khoa Khám bệnh",
        "Ứng dụng hồ sơ sức khỏe điện tử trong quản lý bệnh không lây nhiễm",
        "Nâng cao tỷ lệ tiêm chủng đầy đủ cho trẻ em vùng cao",
        "Giải pháp giảm thời gian chờ cấp phát thuốc",
        "Cải tiến quy trình kiểm soát nhiễm khuẩn",
    ],
    InitiativeField.ENGINEERING: [
        "Cải tiến hệ thống băng tải tuyển quặng",
        "Giải pháp tiết kiệm điện năng trong dây chuyền sản xuất",
        "Chế tạo thiết bị nâng hạ phục vụ sửa chữa",
        "Cải tiến quy trình bảo dưỡng thiết bị định kỳ",
        "Giải pháp giảm tổn thất điện năng lưới phân phối",
        "Thu hồi nhiệt thải lò sấy",
        "Tự động hóa khâu đóng gói sản phẩm",
    ],
    InitiativeField.MANAGEMENT: [
        "Đổi mới quy trình quản lý kho vật tư",
        "Giải pháp nâng cao hiệu quả quản lý chi phí sản xuất",
        "Áp dụng 5S tại phân xưởng",
        "Số hóa quy trình theo dõi chấm công",
    ],
    InitiativeField.ADMINISTRATION: [
        "Giải pháp rút ngắn thời gian giải quyết thủ tục hành chính",
        "Ứng dụng chữ ký số trong xử lý văn bản",
        "Số hóa hồ sơ lưu trữ của cơ quan",
        "Nâng cao chất lượng tiếp nhận hồ sơ trực tuyến",
    ],
    InitiativeField.AGRICULTURE: [
        "Kỹ thuật nhân giống cây dược liệu",
        "Giải pháp tăng năng suất chè sạch",
        "Quy trình sản xuất rau an toàn",
    ],
}


def _field_of(unit: Unit, rng: random.Random) -> str:
    employer = unit.employer or unit.name
    if "Trường" in employer:
        return InitiativeField.EDUCATION
    if "Y tế" in employer or "Bệnh viện" in employer:
        return InitiativeField.HEALTH
    if unit.kind == UnitKind.ADMINISTRATIVE_AGENCY:
        return InitiativeField.ADMINISTRATION
    if unit.kind == UnitKind.COOPERATIVE:
        return InitiativeField.AGRICULTURE
    return rng.choice([InitiativeField.ENGINEERING] * 3 + [InitiativeField.MANAGEMENT])


def _value(field: str, rng: random.Random, scale: int = 1) -> int | None:
    if field == InitiativeField.EDUCATION and rng.random() < 0.7:
        return None
    return int(rng.lognormvariate(17.2, 1.0) * scale) // 100_000 * 100_000


def _day(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return dt.date.fromordinal(rng.randint(start.toordinal(), end.toordinal()))


def build_emulation(province: Unit, rng: random.Random, progress: Progress) -> None:
    """Load the 2024 emulation records of ``province`` (the 2024 tree, before the 2025 reform)."""
    started = time.monotonic()
    versions = subtree_versions(province, YEAR_END).select_related("unit")
    grassroots = sorted((v.unit for v in versions if v.unit.level == Level.GRASSROOTS), key=lambda u: u.code)
    uppers = sorted((v.unit for v in versions if v.parent_id == province.pk), key=lambda u: u.code)
    members: dict[int, list[Person]] = defaultdict(list)
    for person in Person.objects.filter(
        unit__in=grassroots, status=MemberStatus.ACTIVE, joined_on__lt=YEAR_START
    ).order_by("id"):
        members[person.unit_id].append(person)

    progress("Đang tạo phong trào thi đua năm 2024 và đăng ký thi đua…")
    standing = services.launch_campaign(
        actor=None,
        unit=province,
        name="Lao động giỏi, Lao động sáng tạo năm 2024",
        kind=CampaignKind.STANDING,
        launched_on=dt.date(2024, 2, 26),
        starts_on=YEAR_START,
        ends_on=YEAR_END,
        theme="Phong trào thi đua “Lao động giỏi, Lao động sáng tạo” trong công nhân, viên chức, lao động",
        criteria="\n".join(
            [
                "Hoàn thành xuất sắc nhiệm vụ, kế hoạch được giao",
                "Có sáng kiến, giải pháp, đề tài được công nhận và áp dụng",
                "Chấp hành tốt chủ trương, chính sách, pháp luật, nội quy lao động",
                "Tích cực học tập nâng cao trình độ chuyên môn, tay nghề",
            ]
        ),
        target_groups="Đoàn viên, công nhân, viên chức, người lao động trong tỉnh",
    )
    review = services.launch_campaign(
        actor=None,
        unit=province,
        name="Quyết tâm đổi mới, tích cực sáng tạo, nâng cao năng suất lao động",
        kind=CampaignKind.THEMED,
        launched_on=REVIEW_DAY,
        ends_on=dt.date(2025, 12, 31),
        theme=PROVINCE_REVIEW_THEME,
        criteria="\n".join(
            [
                "Đổi mới phương thức làm việc, cải cách thủ tục",
                "Có sáng kiến, cải tiến kỹ thuật làm lợi cho đơn vị",
                "Nâng cao năng suất lao động, chất lượng, hiệu quả công việc",
            ]
        ),
        target_groups="Các cấp công đoàn, đoàn viên, công nhân, viên chức, người lao động tỉnh Lào Cai",
    )
    items: list[tuple[Unit | None, Person | None, dt.date, str]] = []
    for unit in grassroots:
        if rng.random() < 0.82:
            items.append(
                (
                    unit,
                    None,
                    _day(rng, dt.date(2024, 3, 1), dt.date(2024, 3, 31)),
                    "Đạt tập thể lao động xuất sắc",
                )
            )
    people = [p for unit in grassroots for p in members[unit.pk]]
    for person in rng.sample(people, min(600, len(people))):
        items.append(
            (
                None,
                person,
                _day(rng, dt.date(2024, 3, 1), dt.date(2024, 3, 31)),
                "Đạt danh hiệu Lao động giỏi",
            )
        )
    services.load_registrations(actor=None, campaign=standing, items=items, reason="Dữ liệu mẫu")
    services.load_registrations(
        actor=None,
        campaign=review,
        items=[(u, None, _day(rng, REVIEW_DAY, YEAR_END), "Hưởng ứng phong trào") for u in uppers],
        reason="Dữ liệu mẫu",
    )

    progress("Đang tạo sáng kiến được công nhận năm 2024 và Bằng Lao động sáng tạo…")
    with_members = [u for u in grassroots if members[u.pk]]
    data: list[services.InitiativeData] = []
    titles: set[str] = set()

    def make(unit: Unit, scope: str, on: dt.date, by: str, scale: int) -> services.InitiativeData:
        field = _field_of(unit, rng)
        subject = rng.choice(_SUBJECTS[field])
        title = f"{subject} tại {unit.employer or unit.name}"
        number = 2
        while title in titles:
            title = f"{subject} tại {unit.employer or unit.name} (giai đoạn {number})"
            number += 1
        titles.add(title)
        pool = members[unit.pk]
        authors = rng.sample(pool, min(len(pool), rng.choice([1, 1, 1, 2, 2, 3])))
        return services.InitiativeData(
            unit=unit,
            title=title,
            field=field,
            authors=authors,
            recognised_on=on,
            recognised_by=by,
            scope=scope,
            value=_value(field, rng, scale),
            campaign=standing,
        )

    for _ in range(GRASSROOTS_INITIATIVES):
        unit = rng.choice(with_members)
        data.append(
            make(
                unit,
                RecognitionScope.GRASSROOTS,
                _day(rng, dt.date(2024, 3, 1), dt.date(2024, 12, 20)),
                f"Hội đồng sáng kiến cơ sở {unit.employer or unit.name}",
                1,
            )
        )
    big = [
        u for u in with_members if u.kind in (UnitKind.STATE_ENTERPRISE, UnitKind.FDI_ENTERPRISE)
    ] or with_members
    province_items = [
        make(
            rng.choice(big),
            RecognitionScope.PROVINCE,
            _day(rng, dt.date(2024, 4, 1), dt.date(2024, 9, 30)),
            "Hội đồng Sáng kiến tỉnh Lào Cai",
            5,
        )
        for _ in range(PROVINCE_INITIATIVES)
    ]
    recognised = services.load_initiatives(actor=None, items=data + province_items, reason="Dữ liệu mẫu")
    for initiative in recognised[-PROVINCE_INITIATIVES:][:CREATIVE_AWARDS]:
        services.award_creative_labour(
            actor=None, initiative=initiative, decision_number="2187/QĐ-TLĐ", on=dt.date(2024, 11, 22)
        )

    progress("Đang tạo quyết định khen thưởng năm 2024…")
    decision: dict[str, Any] = {
        "actor": None,
        "unit": province,
        "decided_on": REVIEW_DAY,
        "signer_name": CHAIR[0],
        "signer_title": CHAIR[1],
        "level": AwardLevel.PROVINCE,
    }
    best_units = rng.sample(grassroots, 45)
    services.issue_award_decision(
        **decision,
        number="412/QĐ-LĐLĐ",
        form=AwardForm.CERTIFICATE_OF_MERIT,
        reason="đã có thành tích xuất sắc trong phong trào thi đua “Lao động giỏi, Lao động sáng tạo” năm 2024",
        campaign=standing,
        collectives=best_units[:40],
    )
    services.issue_award_decision(
        **decision,
        number="413/QĐ-LĐLĐ",
        form=AwardForm.CERTIFICATE_OF_MERIT,
        reason="đã có thành tích xuất sắc trong công tác công đoàn và phong trào công nhân, viên chức, lao động năm 2024",
        campaign=standing,
        individuals=rng.sample(people, 120),
    )
    services.issue_award_decision(
        **decision,
        number="414/QĐ-LĐLĐ",
        form=AwardForm.EMULATION_FLAG,
        reason="đã hoàn thành xuất sắc, toàn diện nhiệm vụ công tác công đoàn năm 2024, dẫn đầu phong trào thi đua",
        campaign=standing,
        collectives=rng.sample(uppers, 3) + best_units[40:45],
    )
    services.issue_award_decision(
        **{
            **decision,
            "decided_on": dt.date(2024, 12, 30),
            "signer_name": "Trần Quốc Bảo",
            "signer_title": "Chủ tịch Ủy ban nhân dân tỉnh",
        },
        number="3105/QĐ-UBND",
        issuer_name="Ủy ban nhân dân tỉnh Lào Cai",
        form=AwardForm.EMULATION_FLAG,
        reason="đã hoàn thành xuất sắc nhiệm vụ, dẫn đầu phong trào thi đua khối đoàn thể năm 2024",
        collectives=[province, *rng.sample(uppers, 2)],
    )
    progress("Đang xếp loại các công đoàn cơ sở năm 2024…")
    shares = [(0.33, (90, 99)), (0.46, (70, 89.5)), (0.18, (50, 69.5)), (0.03, (30, 49.5))]
    gradings: list[services.GradingData] = []
    for unit in grassroots:
        low, high = rng.choices([band for _share, band in shares], weights=[w for w, _band in shares])[0]
        target = Decimal(round(rng.uniform(low, high) * 2) / 2)
        scores = _spread(target, rng)
        gradings.append(services.GradingData(unit=unit, year=2024, sheet=grading.default_sheet(scores)))
    rows = services.load_gradings(actor=None, items=gradings, reason="Dữ liệu mẫu")
    by_grade: dict[str, int] = defaultdict(int)
    for row in rows:
        by_grade[row.get_grade_display()] += 1
    value = sum(i.value or 0 for i in recognised)
    progress(
        f"Đã tạo {vn_number(len(recognised))} sáng kiến (làm lợi {vn_number(value)} đồng), "
        f"{CREATIVE_AWARDS} Bằng Lao động sáng tạo, {vn_number(AwardRecipient.objects.count())} lượt khen thưởng, "
        f"xếp loại {vn_number(len(rows))} CĐCS ("
        + "; ".join(f"{k}: {vn_number(v)}" for k, v in by_grade.items())
        + f") sau {time.monotonic() - started:.1f} giây."
    )


def _spread(total: Decimal, rng: random.Random) -> list[Decimal]:
    """Scores per default criterion adding up to ``total`` (half points), none above its maximum."""
    tops = [Decimal(top) for _name, top in grading.DEFAULT_CRITERIA]
    share = total / sum(tops)
    scores = [
        min(top, (top * share * Decimal(rng.uniform(0.93, 1.07)) * 2).quantize(Decimal(1)) / 2)
        for top in tops
    ]
    # Put the rounding difference where there is room.
    difference = total - sum(scores)
    for index in sorted(range(len(tops)), key=lambda i: tops[i] - scores[i], reverse=difference > 0):
        room = tops[index] - scores[index] if difference > 0 else scores[index]
        step = max(min(difference, room), -room) if difference > 0 else -min(-difference, room)
        scores[index] += step
        difference -= step
        if difference == 0:
            break
    return scores


def reset_emulation() -> None:
    AwardRecipient.objects.all().delete()
    AwardDecision.objects.all().delete()
    CreativeLabourAward.objects.all().delete()
    InitiativeAuthor.objects.all().delete()
    Initiative.objects.all().delete()
    CampaignRegistration.objects.all().delete()
    Campaign.objects.all().delete()
    Grading.objects.all().delete()
