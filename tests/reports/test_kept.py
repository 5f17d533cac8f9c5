"""Kept figures (reports/kept.py): a report that reads them back equals one counted from the records.

Each test keeps the figures of the province's reports, changes something
through a service, then compares the figures read with the kept values
against the same figures counted afresh (every kept value forgotten).
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from care_data import load_paid
from congdoan.activities import services as activities
from congdoan.activities.models import Session, SessionKind
from congdoan.care import services as care
from congdoan.care.models import ProgrammeKind
from congdoan.emulation import services as emulation
from congdoan.members import services as members
from congdoan.members.models import Person
from congdoan.org import services as org
from congdoan.reports import indicators as registry
from congdoan.reports import kept
from congdoan.reports.models import KeptFigure
from member_data import person

D = dt.date
PERIODS = [
    (D(2024, 1, 1), D(2024, 12, 31)),
    (D(2023, 1, 1), D(2023, 12, 31)),
    (D(2024, 1, 1), D(2024, 6, 30)),
]


def _figures(roots):
    """Every kept indicator's value and parts for each root and period."""
    found = {}
    for root in roots:
        for start, end in PERIODS:
            period = registry.Period(root, start, end)
            for indicator in registry.all_indicators():
                if indicator.kept is not None:
                    parts = {k: v for k, v in indicator.by_child(period).items() if v}
                    found[(root.code, start, end, indicator.code)] = (indicator.value(period), parts)
    return found


def _check_against_fresh(roots):
    """The figures read with what is kept equal those counted from the records alone."""
    assert KeptFigure.objects.exists()
    read = _figures(roots)
    kept.forget_all()
    fresh = _figures(roots)
    assert read == fresh


@pytest.fixture
def tet(year):
    programme = care.create_programme(
        actor=None,
        unit=year.province,
        name="Tết Sum vầy 2024",
        kind=ProgrammeKind.TET,
        start=D(2024, 1, 1),
        end=D(2024, 12, 31),
        budget=0,
    )
    load_paid(programme, year.a2, [(D(2024, 1, 25), 500_000), (D(2024, 2, 1), 1_000_000)])
    load_paid(programme, year.b2, [(D(2024, 9, 26), 700_000)])
    return programme


@pytest.fixture(params=["one pass", "level by level"])
def way(request, monkeypatch):
    """Both ways of computing missing values: the whole subtree in one pass, or level by level from
    what is kept below (here from the start, with nothing kept)."""
    if request.param == "one pass":
        monkeypatch.setattr(kept, "LEVEL_LIMIT", 0)
    else:
        monkeypatch.setattr(kept, "LEVEL_LIMIT", 10_000)
        monkeypatch.setattr(kept, "_kept_below", lambda *args: True)
    return request.param


def test_figures_read_back_equal_figures_counted_afresh(year, tet, way):
    roots = [year.province, year.a, year.b]
    first = _figures(roots)
    assert first[("LC", D(2024, 1, 1), D(2024, 12, 31), "support.amount")][0] == 2_200_000
    assert first[("LC", D(2024, 1, 1), D(2024, 12, 31), "activities.participations")][0] == 50
    _check_against_fresh(roots)


def test_a_second_report_reads_kept_values_not_the_records(year, tet):
    period = registry.Period(year.province, D(2024, 1, 1), D(2024, 12, 31))
    registry.get("members.total").value(period)
    registry.get("support.amount").value(period)
    again = registry.Period(year.province, D(2024, 1, 1), D(2024, 12, 31))
    with CaptureQueriesContext(connection) as queries:
        members_total = registry.get("members.total").value(again)
        support = registry.get("support.amount").value(again)
    assert (members_total, support) == (5, 2_200_000)
    spells = [q["sql"] for q in queries if "members_spell" in q["sql"]]
    grants = [q["sql"] for q in queries if "care_supportgrant" in q["sql"]]
    # Only the province's own records are read (it has none); its children's come from the kept rows.
    assert len(spells) == 1 and len(grants) == 1, (spells, grants)


def _session(unit, on, participants=10):
    return activities.create_session(
        actor=None,
        unit=unit,
        topic="Tuyên truyền an toàn lao động",
        kind=SessionKind.STUDY,
        on=on,
        participants=participants,
        women=4,
    )


def _admit(unit, on, name="Sùng Thị Dợ", gender="female"):
    return members.admit(actor=None, unit=unit, on=on, person=person(name, gender, D(1996, 8, 9)))


CHANGES = {
    "a session recorded": lambda y: _session(y.b2, D(2024, 11, 5)),
    "a session's day and headcount corrected": lambda y: _move_session(y),
    "a session deleted": lambda y: activities.delete_session(
        actor=None, session=Session.objects.get(unit=y.b1), reason="Ghi nhầm"
    ),
    "a member admitted": lambda y: _admit(y.a2, D(2024, 4, 2)),
    "a member transferred": lambda y: members.transfer(
        actor=None, person=Person.objects.get(full_name="Giàng Thị Mỷ"), to_unit=y.b2, on=D(2024, 9, 10)
    ),
    "a member left": lambda y: members.leave(
        actor=None, person=Person.objects.get(full_name="Trần Văn Nam"), on=D(2024, 3, 1), reason="Nghỉ việc"
    ),
    "a member's ethnicity corrected": lambda y: members.update_person(
        actor=None, person=Person.objects.get(full_name="Trần Văn Nam"), ethnicity="08", reason="Sửa dân tộc"
    ),
    "grants paid": lambda y: load_paid(Tet.of(y), y.b1, [(D(2024, 10, 2), 300_000)]),
    "a programme's kind corrected": lambda y: _rekind(Tet.of(y)),
    "a grassroots union moved to another district": lambda y: org.move_units(
        actor=None, units=[y.b2], new_parent=y.a, on=D(2024, 8, 1)
    ),
    "a grassroots union dissolved": lambda y: org.dissolve_unit(actor=None, unit=y.a2, on=D(2024, 6, 1)),
    "a grassroots union founded": lambda y: org.found_unit(
        actor=None,
        parent=y.a,
        code="BT-09",
        name="Công đoàn cơ sở Công ty Điện lực Bảo Thắng",
        level="grassroots",
        on=D(2024, 5, 1),
        workers=120,
    ),
    "workers reported": lambda y: org.record_workforce(
        actor=None, unit=y.b2, as_of=D(2024, 6, 30), workers=33
    ),
    "an initiative recognised": lambda y: _initiative(y),
    "an initiative corrected to another unit and day": lambda y: emulation.correct_initiative(
        actor=None,
        initiative=_initiative(y, keep=True),
        data=emulation.InitiativeData(
            unit=y.b2,
            title="Sổ tay điện tử cho trạm y tế",
            field="health",
            authors=[Person.objects.get(full_name="Trần Văn Nam")],
            recognised_on=D(2023, 12, 1),
            recognised_by="Hội đồng sáng kiến",
            scope="grassroots",
        ),
        reason="Nhập nhầm đơn vị",
    ),
    "an initiative deleted": lambda y: emulation.delete_initiative(
        actor=None, initiative=_initiative(y, keep=True), reason="Ghi trùng"
    ),
}


def _initiative(y, keep=False):
    made = emulation.record_initiative(
        actor=None,
        data=emulation.InitiativeData(
            unit=y.a2,
            title="Băng tải tuyển quặng tiết kiệm điện",
            field="engineering",
            authors=[Person.objects.get(full_name="Giàng Thị Mỷ")],
            recognised_on=D(2024, 4, 2),
            recognised_by="Hội đồng sáng kiến",
            scope="grassroots",
        ),
    )
    if keep:  # kept figures that count it, before it goes
        _figures([y.province, y.a, y.b])
    return made


class Tet:
    programme = None

    @classmethod
    def of(cls, _year):
        return cls.programme


def _move_session(y):
    session = Session.objects.get(unit=y.b1)
    return activities.update_session(
        actor=None,
        session=session,
        topic=session.topic,
        kind=session.kind,
        on=D(2024, 5, 5),
        participants=25,
        women=9,
    )


def _rekind(programme):
    return care.update_programme(
        actor=None,
        programme=programme,
        name=programme.name,
        kind=ProgrammeKind.SICKNESS,
        start=programme.start,
        end=programme.end,
        budget=programme.budget,
        reason="Sửa loại chương trình",
    )


@pytest.mark.parametrize("change", list(CHANGES))
def test_a_change_through_a_service_forgets_what_it_makes_wrong(year, tet, change, way):
    Tet.programme = tet
    roots = [year.province, year.a, year.b]
    _figures(roots)
    assert KeptFigure.objects.exists()
    CHANGES[change](year)
    _check_against_fresh(roots)


def test_forget_keeps_the_values_of_other_units_and_days(year, tet):
    _figures([year.province])
    a2_rows = KeptFigure.objects.filter(unit=year.a2).count()
    b2_rows = KeptFigure.objects.filter(unit=year.b2, source=kept.SESSIONS).count()
    assert a2_rows and b2_rows
    _session(year.b2, D(2024, 11, 5))
    # B2's 2024 session values are gone, its 2023 ones and every value of A2 stay.
    assert KeptFigure.objects.filter(unit=year.a2).count() == a2_rows
    left = KeptFigure.objects.filter(unit=year.b2, source=kept.SESSIONS)
    assert left.count() < b2_rows
    assert all(row.end < D(2024, 11, 5) for row in left)
    assert not KeptFigure.objects.filter(unit=year.province, end__gte=D(2024, 11, 5), source=kept.SESSIONS)


def test_the_cli_forgets_every_kept_value_for_a_system_administrator_only(year, users, capsys):
    from congdoan import cli

    _figures([year.province])
    kept_rows = KeptFigure.objects.count()
    assert kept_rows
    assert cli.main(["report", "forget", "--user", "baothang"]) == 2
    assert "quản trị hệ thống" in capsys.readouterr().err
    assert KeptFigure.objects.count() == kept_rows
    assert cli.main(["report", "forget", "--user", users.superuser.username]) == 0
    assert "lần báo cáo sau sẽ tính lại" in capsys.readouterr().out
    assert not KeptFigure.objects.exists()
