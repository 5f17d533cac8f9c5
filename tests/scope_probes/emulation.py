"""Emulation records under district B for the URL scope walk: a campaign, an initiative with its award,
an award decision and a grading of B's grassroots unions."""

from __future__ import annotations

import datetime as dt

from congdoan.emulation import grading, services
from congdoan.emulation.models import (
    AwardDecision,
    AwardRecipient,
    Campaign,
    CampaignRegistration,
    CreativeLabourAward,
    Grading,
    Initiative,
)
from congdoan.members.models import Person

D = dt.date


def probe(tree, officer_b) -> dict:
    member_b = Person.objects.get(full_name="Giàng Thị Mỷ")
    campaign = services.launch_campaign(
        actor=None, unit=tree.b, name="Thi đua Bát Xát 2024", kind="themed", launched_on=D(2024, 1, 10)
    )
    services.register_for_campaign(actor=None, campaign=campaign, unit=tree.b1, on=D(2024, 2, 1))
    province_campaign = services.launch_campaign(
        actor=None, unit=tree.province, name="Lao động giỏi", kind="standing", launched_on=D(2024, 1, 5)
    )
    # B's registration for the province's campaign: A sees the campaign, never B's registration.
    services.register_for_campaign(actor=None, campaign=province_campaign, person=member_b, on=D(2024, 2, 1))
    initiative = services.record_initiative(
        actor=None,
        data=services.InitiativeData(
            unit=tree.b1,
            title="Giáo cụ trực quan Trường Mầm non Bản Vược",
            field="education",
            authors=[member_b],
            recognised_on=D(2024, 5, 1),
            recognised_by="Hội đồng sáng kiến",
            scope="grassroots",
            value=5_000_000,
        ),
    )
    pending = services.record_initiative(
        actor=None,
        data=services.InitiativeData(
            unit=tree.b2, title="Sổ tay Trạm Y tế xã Cốc San", field="health", authors=[member_b]
        ),
    )
    services.award_creative_labour(
        actor=None, initiative=initiative, decision_number="5/QĐ-TLĐ", on=D(2024, 11, 1)
    )
    decision = services.issue_award_decision(
        actor=None,
        unit=tree.b,
        number="7/QĐ-LĐLĐ",
        decided_on=D(2024, 12, 20),
        signer_name="Lò Văn Thào",
        signer_title="Chủ tịch",
        form="commendation",
        level="upper",
        reason="Có thành tích",
        collectives=[tree.b1],
        individuals=[member_b],
    )
    graded = services.grade_unit(
        actor=None, unit=tree.b1, year=2024, sheet=grading.default_sheet([30, 20, 30, 20])
    )
    return {
        "values": {
            "campaign_pk": [campaign.pk],
            "initiative_pk": [initiative.pk, pending.pk],
            "decision_pk": [decision.pk],
            "grading_pk": [graded.pk],
        },
        "post": {
            "title": "Sáng kiến của người ngoài",
            "authors": member_b.cccd,
            "individuals": member_b.cccd,
            "collectives": "BX-01",
            "person": member_b.cccd,
            "registered_on": "2024-03-01",
            "launched_on": "2024-03-01",
            "recognised_on": "2024-06-01",
            "recognised_by": "Người ngoài",
            "scope": "grassroots",
            "field": "education",
            "number": "8/QĐ",
            "decided_on": "2024-12-21",
            "signer_name": "Người ngoài",
            "signer_title": "Chủ tịch",
            "form": "commendation",
            "decision_number": "9/QĐ-TLĐ",
            "awarded_on": "2024-12-01",
            "score_0": "30",
            "score_1": "20",
            "score_2": "30",
            "score_3": "20",
        },
    }


def state(tree) -> tuple:
    low, high = tree.b.path, tree.b.path[:-1] + "/"
    under_b = {"unit__path__gte": low, "unit__path__lt": high}
    return (
        list(Campaign.objects.filter(**under_b).values_list("id", "name", "ends_on")),
        list(
            CampaignRegistration.objects.filter(**under_b).values_list(
                "id", "campaign_id", "unit_id", "person_id"
            )
        ),
        list(
            Initiative.objects.filter(**under_b).values_list("id", "title", "recognised_on", "scope", "value")
        ),
        list(
            CreativeLabourAward.objects.filter(**under_b).values_list(
                "id", "initiative_id", "decision_number"
            )
        ),
        list(AwardDecision.objects.filter(**under_b).values_list("id", "number", "decided_on")),
        list(
            AwardRecipient.objects.filter(**under_b).values_list("id", "decision_id", "unit_id", "person_id")
        ),
        list(Grading.objects.filter(**under_b).values_list("id", "year", "grade", "total")),
    )
