"""The demo step on a small tree: the published participations exactly, rosters of real members, fast."""

from __future__ import annotations

import datetime as dt
import random

from congdoan.accounts.models import AuditEntry
from congdoan.activities import demo, selectors, services
from congdoan.activities.models import Attendance, Mode, Session
from congdoan.members import services as members
from congdoan.org.selectors import unit_on
from member_data import person

D = dt.date


def test_the_demo_step_lands_on_the_published_figure_with_rosters_of_members(tree):
    for i in range(12):
        gender = "female" if i % 2 else "male"
        members.admit(
            actor=None, unit=tree.school_a, on=D(2015, 3, 1), person=person(f"Đoàn viên {i}", gender)
        )
    said: list[str] = []
    demo.build_activities(tree.province, random.Random(2024), said.append)

    year = (D(2024, 1, 1), D(2024, 12, 31))
    counts = selectors.participation_counts(tree.province, *year)
    assert counts["participants"] == demo.PARTICIPATIONS_2024
    assert 0 < counts["women"] < counts["participants"]
    roster = Session.objects.get(mode=Mode.ROSTER)  # the one union with ten members or more
    assert roster.unit == tree.school_a
    present = Attendance.objects.filter(session=roster, present=True)
    assert roster.participants == present.count() >= 1
    assert roster.women == present.filter(person__gender="female").count()
    assert services.outside_members(roster.unit, roster.on, [a.person for a in roster.roster.all()]) == []
    for session in Session.objects.select_related("unit"):
        assert year[0] <= session.on <= year[1] and session.women <= session.participants
        assert unit_on(session.unit, session.on) is not None
    assert AuditEntry.objects.get(action="activities.session_load").after["participants"] == 82_437
    assert said[-1].startswith("Đã ghi") and "82.437 lượt người" in said[-1]
    demo.reset_activities()
    assert Session.objects.count() == 0
