"""Counts for reports: participations (total, women) for a subtree and period, on the tree as it stood."""

from __future__ import annotations

import datetime as dt

from congdoan.activities import selectors, services
from congdoan.activities.models import SessionKind
from congdoan.org import services as org

D = dt.date
YEAR = (D(2024, 1, 1), D(2024, 12, 31))


def held(unit, on, participants, women, kind=SessionKind.STUDY, topic="Học tập Nghị quyết"):
    return services.create_session(
        actor=None,
        unit=unit,
        topic=topic,
        kind=kind,
        on=on,
        participants=participants,
        women=women,
    )


def test_participations_follow_the_unit_across_a_merge(tree, people, folks):
    held(tree.school_a, D(2024, 3, 5), 40, 25)
    held(tree.school_a, D(2024, 5, 10), 30, 10, SessionKind.POLICY_LAW)
    held(tree.school_b, D(2024, 4, 2), 20, 12)
    held(tree.district_a, D(2024, 6, 1), 100, 50, SessionKind.OFFICER_TRAINING)
    # School A (district A) merges into school B (district B) on 2024-07-01; later sessions are B's.
    org.merge_units(actor=None, sources=[tree.school_a], into=tree.school_b, on=D(2024, 7, 1))
    held(tree.school_b, D(2024, 9, 12), 60, 35)
    # A roster: the same member at two sessions counts twice.
    for on in (D(2024, 10, 1), D(2024, 10, 8)):
        services.create_session(
            actor=None,
            unit=tree.school_b,
            topic="Tuyên truyền",
            kind=SessionKind.OUTREACH,
            on=on,
            roster=[(folks.sua, True), (folks.giang, False)],
        )
    held(tree.school_b, D(2023, 12, 31), 999, 0)  # the year before

    assert selectors.participation_counts(tree.district_a, *YEAR) == {
        "sessions": 3,
        "participants": 170,
        "women": 85,
    }
    assert selectors.participation_counts(tree.district_b, *YEAR) == {
        "sessions": 4,
        "participants": 82,
        "women": 49,
    }
    assert selectors.participations(tree.province, *YEAR) == 252
    assert selectors.participations_women(tree.province, *YEAR) == 134
    assert selectors.session_count(tree.province, *YEAR) == 7
    # The merged school's own subtree: its sessions before the merger; the successor's after it.
    assert selectors.participations(tree.school_a, *YEAR) == 70
    assert selectors.participations(tree.school_b, *YEAR) == 82
    # The period cuts.
    assert selectors.participations(tree.province, D(2024, 1, 1), D(2024, 6, 30)) == 190
    assert selectors.participations(tree.province, D(2024, 10, 1), D(2024, 10, 1)) == 1
    assert selectors.participations(tree.province, D(2023, 1, 1), D(2023, 12, 31)) == 999
    assert selectors.participations(tree.district_a, D(2024, 7, 1), D(2024, 12, 31)) == 0
    # By kind.
    by_kind = selectors.participations_by_kind(tree.province, *YEAR)
    assert by_kind["study"] == {"sessions": 3, "participants": 120, "women": 72}
    assert by_kind["outreach"] == {"sessions": 2, "participants": 2, "women": 2}
    assert by_kind["dialogue"] == {"sessions": 0, "participants": 0, "women": 0}
    assert selectors.participations(tree.province, *YEAR, kind=SessionKind.OFFICER_TRAINING) == 100


def test_the_session_list_filters_by_scope_subtree_period_kind_and_topic(tree, people):
    held(tree.school_a, D(2024, 3, 5), 40, 25)
    held(tree.company_a, D(2024, 8, 5), 10, 2, SessionKind.DIALOGUE, "Đối thoại định kỳ")
    held(tree.school_b, D(2024, 4, 2), 20, 12)
    admin = people.province_admin
    assert selectors.session_list(people.officer_a).count() == 2  # A's, not B's
    assert selectors.session_list(people.officer_b).count() == 1
    assert selectors.session_list(people.nobody).count() == 0
    assert selectors.session_list(admin).count() == 3
    assert selectors.session_list(admin, root=tree.district_a).count() == 2
    assert (
        selectors.session_list(admin, root=tree.province, start=D(2024, 4, 1), end=D(2024, 12, 31)).count()
        == 2
    )
    assert selectors.session_list(admin, start=D(2024, 8, 1)).count() == 1
    assert selectors.session_list(admin, kind=SessionKind.DIALOGUE).get().unit == tree.company_a
    assert selectors.session_list(admin, query="nghị quyết").count() == 2
    assert selectors.totals(selectors.session_list(admin)) == {"n": 3, "participants": 70, "women": 39}
