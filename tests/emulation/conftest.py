"""Fixtures of the emulation tests: the dated tree and its users, members in both districts, records of each kind."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from congdoan.emulation import grading, services
from congdoan.emulation.models import (
    AwardDecision,
    AwardForm,
    AwardLevel,
    Campaign,
    CampaignKind,
    CreativeLabourAward,
    Grading,
    Initiative,
    InitiativeField,
    RecognitionScope,
)
from congdoan.members import services as members
from dated_tree import Tree
from dated_tree import people as people  # noqa: F401, PLC0414 - the fixture, for this folder
from dated_tree import tree as tree  # noqa: F401, PLC0414
from member_data import person

D = dt.date


@pytest.fixture
def crew(tree: Tree) -> dict:
    """Members: two in school A, one in the company (A), one in school B."""
    return {
        "pao": members.admit(
            actor=None, unit=tree.school_a, on=D(2015, 1, 1), person=person("Sùng A Páo", born=D(1985, 1, 1))
        ),
        "my": members.admit(
            actor=None,
            unit=tree.school_a,
            on=D(2016, 1, 1),
            person=person("Giàng Thị Mỷ", "female", born=D(1990, 2, 2)),
        ),
        "sướng": members.admit(
            actor=None,
            unit=tree.company_a,
            on=D(2017, 1, 1),
            person=person("Lò Văn Sướng", born=D(1988, 3, 3)),
        ),
        "giang": members.admit(
            actor=None,
            unit=tree.school_b,
            on=D(2018, 1, 1),
            person=person("Hoàng Văn Giang", born=D(1992, 4, 4)),
        ),
    }


@dataclass
class Records:
    """One record of each kind in district A and in district B (made by the system), and the province's campaign."""

    province_campaign: Campaign
    campaign_a: Campaign
    campaign_b: Campaign
    initiative_a: Initiative  # recognised, grassroots, with a creative-labour award
    pending_a: Initiative  # not yet recognised
    initiative_b: Initiative  # recognised, province
    award_a: CreativeLabourAward
    decision_a: AwardDecision
    decision_b: AwardDecision
    grading_a: Grading  # school A, 2024, excellent
    grading_a_2023: Grading  # company A, 2023, done
    grading_b: Grading  # school B, 2024, good


@pytest.fixture
def records(tree: Tree, crew: dict) -> Records:
    def launch(unit, name, on, kind=CampaignKind.THEMED):  # type: ignore[no-untyped-def]
        return services.launch_campaign(actor=None, unit=unit, name=name, kind=kind, launched_on=on)

    def initiative(unit, title, author, on, scope, value, field=InitiativeField.ENGINEERING):  # type: ignore[no-untyped-def]
        return services.record_initiative(
            actor=None,
            data=services.InitiativeData(
                unit=unit,
                title=title,
                field=field,
                authors=[author],
                recognised_on=on,
                recognised_by="Hội đồng sáng kiến" if on else "",
                scope=scope,
                value=value,
            ),
        )

    def decide(unit, number, on, form, collectives, individuals):  # type: ignore[no-untyped-def]
        return services.issue_award_decision(
            actor=None,
            unit=unit,
            number=number,
            decided_on=on,
            signer_name="Lò Văn Thào",
            signer_title="Chủ tịch",
            form=form,
            level=AwardLevel.UPPER,
            reason="đã có thành tích xuất sắc trong phong trào thi đua năm 2024",
            collectives=collectives,
            individuals=individuals,
        )

    def grade(unit, year, scores):  # type: ignore[no-untyped-def]
        return services.grade_unit(actor=None, unit=unit, year=year, sheet=grading.default_sheet(scores))

    province_campaign = launch(
        tree.province, "Lao động giỏi, Lao động sáng tạo", D(2024, 1, 5), CampaignKind.STANDING
    )
    campaign_a = launch(tree.district_a, "Thi đua dạy tốt, học tốt huyện A", D(2024, 3, 1))
    campaign_b = launch(tree.district_b, "Thi đua an toàn vệ sinh lao động huyện B", D(2023, 4, 1))
    services.register_for_campaign(
        actor=None, campaign=province_campaign, unit=tree.school_a, on=D(2024, 2, 1)
    )
    services.register_for_campaign(
        actor=None,
        campaign=province_campaign,
        person=crew["giang"],
        on=D(2024, 2, 2),
        commitment="Không tai nạn",
    )
    initiative_a = initiative(
        tree.school_a,
        "Bộ đồ dùng dạy học tự làm",
        crew["pao"],
        D(2024, 5, 10),
        RecognitionScope.GRASSROOTS,
        120_000_000,
    )
    pending_a = initiative(tree.company_a, "Cải tiến băng tải quặng", crew["sướng"], None, "", None)
    initiative_b = initiative(
        tree.school_b,
        "Phần mềm quản lý trạm y tế",
        crew["giang"],
        D(2023, 9, 1),
        RecognitionScope.PROVINCE,
        30_000_000,
        InitiativeField.IT,
    )
    award_a = services.award_creative_labour(
        actor=None, initiative=initiative_a, decision_number="1234/QĐ-TLĐ", on=D(2024, 11, 20)
    )
    return Records(
        province_campaign=province_campaign,
        campaign_a=campaign_a,
        campaign_b=campaign_b,
        initiative_a=initiative_a,
        pending_a=pending_a,
        initiative_b=initiative_b,
        award_a=award_a,
        decision_a=decide(
            tree.district_a,
            "15/QĐ-LĐLĐ",
            D(2024, 12, 26),
            AwardForm.COMMENDATION,
            [tree.school_a],
            [crew["pao"]],
        ),
        decision_b=decide(
            tree.district_b, "9/QĐ-LĐLĐ", D(2023, 12, 20), AwardForm.ADVANCED_WORKER, [], [crew["giang"]]
        ),
        grading_a=grade(tree.school_a, 2024, ["28", "19", "27,5", "18"]),
        grading_a_2023=grade(tree.company_a, 2023, [15, 12, 15, 10]),
        grading_b=grade(tree.school_b, 2024, [25, 15, 20, 15]),
    )
