"""Emulation operations: each service, its refusals, and the counts across a unit merge."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from congdoan.accounts.models import AuditEntry
from congdoan.common.errors import DomainError, ScopeError
from congdoan.emulation import grading, selectors
from congdoan.emulation import services as emulation
from congdoan.emulation.models import (
    AwardForm,
    AwardLevel,
    CampaignKind,
    Grade,
    InitiativeField,
    RecipientKind,
    RecognitionScope,
)
from congdoan.members import services as members
from congdoan.org import services as org

D = dt.date
Y2024 = (D(2024, 1, 1), D(2024, 12, 31))
MAY_10 = D(2024, 5, 10)


def initiative(unit, authors, *, on=MAY_10, scope=RecognitionScope.GRASSROOTS, **extra):
    return emulation.InitiativeData(
        unit=unit,
        title=extra.pop("title", "Cải tiến quy trình sàng lọc quặng apatit"),
        field=extra.pop("field", InitiativeField.ENGINEERING),
        authors=list(authors),
        recognised_on=on,
        recognised_by="Hội đồng sáng kiến cơ sở" if on else "",
        scope=scope if on else "",
        value=extra.pop("value", 120_000_000),
        **extra,
    )


def refused(code, call, *args, **kwargs):
    with pytest.raises(DomainError) as caught:
        call(*args, **kwargs)
    assert caught.value.code == code, caught.value.message
    return caught.value


# --------------------------------------------------------------------------
# campaigns


def test_launch_and_register_collectives_and_members(tree, people, crew):
    campaign = emulation.launch_campaign(
        actor=people.province_admin,
        unit=tree.province,
        name="Lao động giỏi, Lao động sáng tạo",
        kind=CampaignKind.STANDING,
        launched_on=D(2024, 1, 15),
        criteria="Hoàn thành vượt mức kế hoạch\n\n  Có sáng kiến được công nhận  ",
        target_groups="Đoàn viên, người lao động",
    )
    assert campaign.criteria_lines == ["Hoàn thành vượt mức kế hoạch", "Có sáng kiến được công nhận"]
    assert (
        AuditEntry.objects.filter(action="emulation.campaign_launch", object_id=str(campaign.pk)).count() == 1
    )
    school = emulation.register_for_campaign(
        actor=people.officer_a,
        campaign=campaign,
        unit=tree.school_a,
        on=D(2024, 2, 1),
        commitment="Đạt CĐCS vững mạnh",
    )
    member = emulation.register_for_campaign(
        actor=people.officer_a, campaign=campaign, person=crew["pao"], on=D(2024, 2, 1)
    )
    assert (school.unit, school.person) == (tree.school_a, None)
    assert (member.unit, member.person) == (tree.school_a, crew["pao"])
    assert AuditEntry.objects.filter(action="emulation.register").count() == 2
    refused(
        "registered_twice",
        emulation.register_for_campaign,
        actor=people.officer_a,
        campaign=campaign,
        unit=tree.school_a,
        on=D(2024, 3, 1),
    )
    refused(
        "registered_twice",
        emulation.register_for_campaign,
        actor=people.officer_a,
        campaign=campaign,
        person=crew["pao"],
        on=D(2024, 3, 1),
    )
    with pytest.raises(ScopeError):
        emulation.register_for_campaign(
            actor=people.officer_a, campaign=campaign, unit=tree.school_b, on=D(2024, 2, 1)
        )


def test_registration_refusals(tree, people, crew):
    district = emulation.launch_campaign(
        actor=None, unit=tree.district_a, name="Thi đua chuyên đề", kind=CampaignKind.THEMED,
        launched_on=D(2024, 3, 1), ends_on=D(2024, 9, 30),
    )  # fmt: skip
    refused(
        "campaign_not_running",
        emulation.register_for_campaign,
        actor=None,
        campaign=district,
        unit=tree.school_a,
        on=D(2024, 10, 1),
    )
    refused(
        "campaign_not_running",
        emulation.register_for_campaign,
        actor=None,
        campaign=district,
        unit=tree.school_a,
        on=D(2024, 2, 1),
    )
    refused(
        "outside_campaign",
        emulation.register_for_campaign,
        actor=None,
        campaign=district,
        unit=tree.school_b,
        on=D(2024, 4, 1),
    )
    refused(
        "outside_campaign",
        emulation.register_for_campaign,
        actor=None,
        campaign=district,
        person=crew["giang"],
        on=D(2024, 4, 1),
    )
    members.leave(actor=None, person=crew["my"], on=D(2024, 3, 15), reason="Nghỉ việc")
    error = refused(
        "not_a_member",
        emulation.register_for_campaign,
        actor=None,
        campaign=district,
        person=crew["my"],
        on=D(2024, 4, 1),
    )
    assert (
        error.message
        == "Giàng Thị Mỷ không phải là đoàn viên vào ngày 01/04/2024: không thể ghi là người đăng ký thi đua."
    )
    refused(
        "period_order",
        emulation.launch_campaign,
        actor=None,
        unit=tree.district_a,
        name="X",
        kind=CampaignKind.THEMED,
        launched_on=D(2024, 3, 1),
        ends_on=D(2024, 1, 1),
    )
    with pytest.raises(ScopeError):
        emulation.launch_campaign(
            actor=people.officer_a,
            unit=tree.district_b,
            name="X",
            kind=CampaignKind.THEMED,
            launched_on=D(2024, 3, 1),
        )


# --------------------------------------------------------------------------
# initiatives and creative-labour awards


def test_initiative_with_authors_in_order_and_its_award(tree, people, crew):
    item = emulation.record_initiative(
        actor=people.officer_a, data=initiative(tree.company_a, [crew["sướng"], crew["pao"]])
    )
    assert [a.person for a in item.authors.all()] == [crew["sướng"], crew["pao"]]
    assert (item.scope, item.value, item.recognised_on) == ("grassroots", 120_000_000, D(2024, 5, 10))
    entry = AuditEntry.objects.get(action="emulation.initiative_record")
    assert entry.after["authors"] == [crew["sướng"].pk, crew["pao"].pk]
    award = emulation.award_creative_labour(
        actor=people.officer_a, initiative=item, decision_number="1520/QĐ-TLĐ", on=D(2024, 11, 20)
    )
    assert award.unit == tree.company_a
    refused(
        "awarded_twice",
        emulation.award_creative_labour,
        actor=None,
        initiative=item,
        decision_number="2",
        on=D(2024, 12, 1),
    )
    refused("award_before_recognition", emulation.award_creative_labour, actor=None,
            initiative=emulation.record_initiative(actor=None, data=initiative(tree.school_a, [crew["my"]], title="Bài giảng điện tử")),
            decision_number="3", on=D(2024, 1, 1))  # fmt: skip


def test_initiative_refusals(tree, people, crew):
    refused("no_author", emulation.record_initiative, actor=None, data=initiative(tree.school_a, []))
    refused(
        "author_twice",
        emulation.record_initiative,
        actor=None,
        data=initiative(tree.school_a, [crew["pao"], crew["pao"]]),
    )
    members.leave(actor=None, person=crew["my"], on=D(2023, 6, 1), reason="Nghỉ hưu")
    error = refused(
        "not_a_member",
        emulation.record_initiative,
        actor=None,
        data=initiative(tree.school_a, [crew["pao"], crew["my"]]),
    )
    assert error.field == "authors"
    refused(
        "required",
        emulation.record_initiative,
        actor=None,
        data=initiative(tree.school_a, [crew["pao"]], title="  "),
    )
    refused(
        "choice_invalid",
        emulation.record_initiative,
        actor=None,
        data=initiative(tree.school_a, [crew["pao"]], scope="world"),
    )
    refused(
        "value_negative",
        emulation.record_initiative,
        actor=None,
        data=initiative(tree.school_a, [crew["pao"]], value=-1),
    )
    data = initiative(tree.school_a, [crew["pao"]])
    data.recognised_on = None
    refused("recognition_incomplete", emulation.record_initiative, actor=None, data=data)
    with pytest.raises(ScopeError):
        emulation.record_initiative(actor=people.officer_a, data=initiative(tree.school_b, [crew["giang"]]))


def test_award_refused_on_an_initiative_not_recognised_then_recognition(tree, people, crew):
    item = emulation.record_initiative(actor=None, data=initiative(tree.school_a, [crew["pao"]], on=None))
    error = refused(
        "not_recognised",
        emulation.award_creative_labour,
        actor=None,
        initiative=item,
        decision_number="9/QĐ-TLĐ",
        on=D(2024, 12, 1),
    )
    assert error.message == (
        "Sáng kiến “Cải tiến quy trình sàng lọc quặng apatit” chưa được công nhận: chưa thể ghi Bằng Lao động sáng tạo."
    )
    emulation.recognise_initiative(
        actor=people.officer_a,
        initiative=item,
        on=D(2024, 8, 1),
        by="LĐLĐ tỉnh",
        scope=RecognitionScope.PROVINCE,
    )
    item.refresh_from_db()
    assert (item.recognised_on, item.scope) == (D(2024, 8, 1), "province")
    refused(
        "already_recognised",
        emulation.recognise_initiative,
        actor=None,
        initiative=item,
        on=D(2024, 9, 1),
        by="x",
        scope="grassroots",
    )
    assert emulation.award_creative_labour(
        actor=None, initiative=item, decision_number="9/QĐ-TLĐ", on=D(2024, 12, 1)
    )


def test_bulk_load_of_initiatives_is_all_or_nothing_with_one_audit_entry(tree, crew):
    good = initiative(tree.school_a, [crew["pao"]])
    bad = initiative(tree.school_a, [])
    refused("no_author", emulation.load_initiatives, actor=None, items=[good, bad])
    assert not selectors.count_initiatives(tree.province, *Y2024)
    emulation.load_initiatives(
        actor=None, items=[good, initiative(tree.company_a, [crew["sướng"]])], reason="Nhập"
    )
    assert selectors.count_initiatives(tree.province, *Y2024) == 2
    [entry] = AuditEntry.objects.filter(action="emulation.initiative_load")
    assert entry.unit == tree.district_a and entry.after["count"] == 2


# --------------------------------------------------------------------------
# award decisions


def decision(unit, **extra):
    values = {
        "number": "125/QĐ-LĐLĐ",
        "decided_on": D(2024, 12, 26),
        "signer_name": "Nguyễn Văn Hải",
        "signer_title": "Chủ tịch",
        "form": AwardForm.CERTIFICATE_OF_MERIT,
        "level": AwardLevel.PROVINCE,
        "reason": "Đã có thành tích xuất sắc trong phong trào thi đua năm 2024",
    }
    values.update(extra)
    return emulation.issue_award_decision(unit=unit, **values)


def test_award_decision_with_collectives_and_individuals(tree, people, crew):
    made = decision(
        tree.province,
        actor=people.province_admin,
        collectives=[tree.school_a, tree.district_b],
        individuals=[crew["my"], crew["giang"]],
    )
    rows = [(r.position, r.kind, r.unit, r.name) for r in made.recipients.all()]
    assert rows == [
        (1, "collective", tree.school_a, "CĐCS Trường Tiểu học Bản Xèo"),
        (2, "collective", tree.district_b, "LĐLĐ huyện Bảo Thắng"),
        (3, "individual", tree.school_a, "Giàng Thị Mỷ"),
        (4, "individual", tree.school_b, "Hoàng Văn Giang"),
    ]
    assert made.year == 2024 and made.issuer == "Liên đoàn Lao động tỉnh Thử"
    # The same number in the same unit and year is refused; another year or another unit is fine.
    refused("number_taken", decision, tree.province, actor=None, collectives=[tree.school_a])
    decision(tree.province, actor=None, collectives=[tree.school_a], decided_on=D(2025, 1, 5))
    decision(tree.district_a, actor=None, collectives=[tree.school_a])


def test_award_decision_refusals(tree, people, crew):
    error = refused(
        "recipient_outside", decision, tree.district_a, actor=people.officer_a, collectives=[tree.school_b]
    )
    assert error.message == "CĐCS Trường THCS Phong Hải không thuộc LĐLĐ huyện Bát Xát vào ngày 26/12/2024."
    refused(
        "recipient_outside", decision, tree.district_a, actor=people.officer_a, individuals=[crew["giang"]]
    )
    refused("no_recipient", decision, tree.district_a, actor=people.officer_a)
    refused(
        "choice_invalid", decision, tree.district_a, actor=None, form="medal", collectives=[tree.school_a]
    )
    members.leave(actor=None, person=crew["my"], on=D(2024, 6, 1), reason="Nghỉ việc")
    refused("not_a_member", decision, tree.district_a, actor=None, individuals=[crew["my"]])
    with pytest.raises(ScopeError):
        decision(tree.district_b, actor=people.officer_a, collectives=[tree.school_b])
    assert not AuditEntry.objects.filter(action="emulation.award_decision").exists()


# --------------------------------------------------------------------------
# grading


def test_grade_follows_the_total_by_the_thresholds():
    assert grading.grade_for(Decimal(90), Decimal(100)) == Grade.EXCELLENT
    assert grading.grade_for(Decimal("89.9"), Decimal(100)) == Grade.GOOD
    assert grading.grade_for(Decimal(70), Decimal(100)) == Grade.GOOD
    assert grading.grade_for(Decimal("69.5"), Decimal(100)) == Grade.DONE
    assert grading.grade_for(Decimal(50), Decimal(100)) == Grade.DONE
    assert grading.grade_for(Decimal("49.9"), Decimal(100)) == Grade.NOT_DONE
    assert grading.grade_for(Decimal(45), Decimal(50)) == Grade.EXCELLENT


def test_grading_with_a_score_sheet(tree, people):
    row = emulation.grade_unit(
        actor=people.officer_a,
        unit=tree.school_a,
        year=2024,
        sheet=grading.default_sheet([28, 18, "27,5", 17]),
    )
    assert (row.total, row.max_total, row.grade, row.as_of) == (
        Decimal("90.5"),
        Decimal(100),
        Grade.EXCELLENT,
        D(2024, 12, 31),
    )
    assert row.sheet[2] == {"criterion": grading.DEFAULT_CRITERIA[2][0], "max": "30.0", "score": "27.5"}
    assert AuditEntry.objects.get(action="emulation.grade").after["grade"] == "excellent"


def test_grading_refusals(tree, people):
    emulation.grade_unit(
        actor=None, unit=tree.school_a, year=2024, sheet=grading.default_sheet([20, 10, 20, 10])
    )
    error = refused(
        "graded_twice",
        emulation.grade_unit,
        actor=None,
        unit=tree.school_a,
        year=2024,
        sheet=grading.default_sheet(),
    )
    assert error.message == "CĐCS Trường Tiểu học Bản Xèo đã được xếp loại năm 2024."
    refused(
        "not_grassroots",
        emulation.grade_unit,
        actor=None,
        unit=tree.district_a,
        year=2024,
        sheet=grading.default_sheet(),
    )
    refused(
        "unit_absent_that_year",
        emulation.grade_unit,
        actor=None,
        unit=tree.school_a,
        year=2005,
        sheet=grading.default_sheet(),
    )
    error = refused(
        "score_above_max",
        emulation.grade_unit,
        actor=None,
        unit=tree.company_a,
        year=2024,
        sheet=grading.default_sheet([31, 0, 0, 0]),
    )
    assert error.message.endswith(": 31 điểm vượt điểm tối đa 30.")
    refused(
        "points_invalid",
        emulation.grade_unit,
        actor=None,
        unit=tree.company_a,
        year=2024,
        sheet=grading.default_sheet(["-1", 0, 0, 0]),
    )
    refused("sheet_empty", emulation.grade_unit, actor=None, unit=tree.company_a, year=2024, sheet=[])
    org.dissolve_unit(actor=None, unit=tree.agency_a, on=D(2023, 6, 1))
    refused(
        "unit_absent_that_year",
        emulation.grade_unit,
        actor=None,
        unit=tree.agency_a,
        year=2024,
        sheet=grading.default_sheet(),
    )
    assert emulation.grade_unit(
        actor=None, unit=tree.agency_a, year=2023, sheet=grading.default_sheet([30, 20, 30, 20])
    )
    with pytest.raises(ScopeError):
        emulation.grade_unit(
            actor=people.officer_a, unit=tree.school_b, year=2024, sheet=grading.default_sheet()
        )
    data = emulation.GradingData(
        unit=tree.company_a, year=2024, sheet=grading.default_sheet([30, 20, 30, 20]), grade=Grade.GOOD
    )
    error = refused("grade_mismatch", emulation.load_gradings, actor=None, items=[data])
    assert error.message == (
        "Xếp loại “Hoàn thành tốt nhiệm vụ” không khớp với số điểm 100/100 (theo thang điểm là “Hoàn thành xuất sắc nhiệm vụ”)."
    )


# --------------------------------------------------------------------------
# counting for the reports, across a merge


def test_counts_stay_where_the_unit_stood_across_a_merge(tree, people, crew):
    emulation.record_initiative(actor=None, data=initiative(tree.school_a, [crew["pao"]], on=D(2024, 3, 1)))
    emulation.record_initiative(
        actor=None,
        data=initiative(
            tree.school_a, [crew["my"]], on=D(2024, 4, 1), scope=RecognitionScope.PROVINCE, value=None
        ),
    )
    third = emulation.record_initiative(
        actor=None, data=initiative(tree.school_b, [crew["giang"]], on=D(2024, 5, 1))
    )
    emulation.award_creative_labour(
        actor=None, initiative=third, decision_number="1/QĐ-TLĐ", on=D(2024, 6, 1)
    )
    decision(
        tree.province,
        actor=None,
        decided_on=D(2024, 5, 20),
        collectives=[tree.school_a],
        individuals=[crew["pao"], crew["giang"]],
    )
    emulation.grade_unit(
        actor=None, unit=tree.school_a, year=2023, sheet=grading.default_sheet([30, 20, 20, 10])
    )
    # School A (district A) merges into school B (district B) on 2024-07-01: its members follow.
    org.merge_units(actor=None, sources=[tree.school_a], into=tree.school_b, on=D(2024, 7, 1))
    emulation.record_initiative(
        actor=None, data=initiative(tree.school_b, [crew["pao"]], on=D(2024, 9, 1), title="Sau sáp nhập")
    )
    decision(
        tree.province,
        actor=None,
        number="200/QĐ-LĐLĐ",
        decided_on=D(2024, 9, 2),
        individuals=[crew["pao"]],
        form=AwardForm.EMULATION_FLAG,
    )
    emulation.grade_unit(
        actor=None, unit=tree.school_b, year=2024, sheet=grading.default_sheet([30, 20, 25, 10])
    )

    a, b = tree.district_a, tree.district_b
    assert selectors.initiatives_by_scope(a, *Y2024) == {"grassroots": 1, "province": 1, "national": 0}
    assert selectors.initiatives_by_scope(b, *Y2024) == {"grassroots": 2, "province": 0, "national": 0}
    assert selectors.count_initiatives(tree.province, *Y2024, scope="grassroots") == 3
    assert selectors.initiatives_value(a, *Y2024) == 120_000_000
    assert selectors.count_initiatives(a, D(2024, 7, 1), D(2024, 12, 31)) == 0
    assert selectors.count_creative_awards(b, *Y2024) == 1 and selectors.count_creative_awards(a, *Y2024) == 0
    assert selectors.recipients_by_form_and_kind(a, *Y2024) == {
        ("certificate_of_merit", "collective"): 1,
        ("certificate_of_merit", "individual"): 1,
    }
    assert selectors.recipients_by_form_and_kind(b, *Y2024) == {
        ("certificate_of_merit", "individual"): 1,
        ("emulation_flag", "individual"): 1,
    }
    assert selectors.count_individuals_awarded(tree.province, *Y2024) == 3
    assert selectors.count_collectives_awarded(tree.province, *Y2024) == 1
    assert selectors.decisions_by_form(tree.province, *Y2024) == {
        "certificate_of_merit": 1,
        "emulation_flag": 1,
    }
    assert selectors.decisions_by_form(a, *Y2024) == {}
    assert selectors.gradings_by_grade(a, D(2023, 1, 1), D(2023, 12, 31)) == {
        "excellent": 0,
        "good": 1,
        "done": 0,
        "not_done": 0,
    }
    assert selectors.gradings_by_grade(b, *Y2024)["good"] == 1
    assert selectors.count_graded(a, *Y2024) == 0
    assert RecipientKind.INDIVIDUAL == "individual"
