"""The activities app's part of the URL scope walk: a headcount session and a roster session under district B."""

from __future__ import annotations

import datetime as dt

from congdoan.activities import services
from congdoan.activities.models import Attendance, Session, SessionKind
from congdoan.members.models import Person


def probe(tree, officer_b) -> dict:
    member_b = Person.objects.get(full_name="Giàng Thị Mỷ")
    headcount = services.create_session(
        actor=officer_b,
        unit=tree.b1,
        topic="Học tập Nghị quyết tại Trường Mầm non Bản Vược",
        kind=SessionKind.STUDY,
        on=dt.date(2024, 6, 1),
        participants=30,
        women=20,
    )
    roster = services.create_session(
        actor=None,
        unit=tree.b,
        topic="Tập huấn cán bộ LĐLĐ huyện Bát Xát",
        kind=SessionKind.OFFICER_TRAINING,
        on=dt.date(2024, 6, 2),
        roster=[(member_b, True)],
    )
    return {
        "values": {"session_pk": [headcount.pk, roster.pk]},
        # Fields of the activities forms, pointing at B's units and member.
        "post": {
            "topic": "Buổi do người ngoài ghi",
            "participants": "5",
            "women": "1",
            "members": member_b.cccd or "",
            f"p_{member_b.pk}": "absent",
        },
    }


def state(tree) -> tuple:
    return (
        list(
            Session.objects.order_by("id").values_list(
                "id", "topic", "unit_id", "on", "mode", "participants", "women", "updated_at"
            )
        ),
        list(Attendance.objects.order_by("id").values_list("id", "session_id", "person_id", "present")),
    )
