"""The care app's part of the URL scope walk: a programme, a grant and its steps under district B."""

from __future__ import annotations

import datetime as dt

from congdoan.care import services as care
from congdoan.care.models import ProgrammeKind, SupportGrant, SupportProgramme


def probe(tree, officer_b):
    programme = care.create_programme(
        actor=None,
        unit=tree.b,
        name="Chương trình Trạm Y tế xã Cốc San",
        kind=ProgrammeKind.SICKNESS,
        start=dt.date(2024, 1, 1),
        end=dt.date(2024, 12, 31),
        budget=10_000_000,
    )
    waiting = care.request_grant(
        actor=officer_b,
        programme=programme,
        unit=tree.b1,
        recipient=care.Recipient(full_name="Giàng Thị Mỷ", cccd="010190012345", birth_year=1990),
        on=dt.date(2024, 6, 1),
        amount=500_000,
    )
    approved = care.request_grant(
        actor=officer_b,
        programme=programme,
        unit=tree.b1,
        recipient=care.Recipient(full_name="Giàng Thị Mỷ", cccd="010190054321", birth_year=1990),
        on=dt.date(2024, 6, 2),
        amount=700_000,
    )
    care.approve_grant(actor=None, grant=approved)
    return {
        "values": {"grant_pk": [waiting.pk, approved.pk], "programme_pk": [programme.pk]},
        # Fields of the care forms, pointing at B's programme and grants.
        "post": {
            "programme": str(programme.pk),
            "recipient_id": "010190012345",
            "recipient_name": "Người ngoài",
            "amount": "500000",
            "start": "2024-01-01",
            "end": "2024-12-31",
            "budget": "0",
            "all_members": "on",
            "duplicate_reason": "thử phạm vi",
        },
    }


def state(tree):
    return (
        list(
            SupportGrant.objects.order_by("id").values_list("id", "state", "amount", "unit_id", "decided_at")
        ),
        list(SupportProgramme.objects.order_by("id").values_list("id", "name", "budget", "start", "end")),
    )
