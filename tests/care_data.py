"""Support records for tests of other apps (``from care_data import load_paid``)."""

from __future__ import annotations

from congdoan.care import services as care
from congdoan.care.models import GrantState
from congdoan.care.services import GrantInput, Recipient
from member_data import cccd_for


def load_paid(programme, unit, rows):
    """Paid grants (date, amount) to fresh workers, loaded as the system (past records)."""
    return care.request_grants(
        actor=None,
        programme=programme,
        unit=unit,
        items=[
            GrantInput(
                recipient=Recipient(full_name=f"Người lao động {i}", cccd=cccd_for("male", 1990)),
                on=on,
                amount=amount,
            )
            for i, (on, amount) in enumerate(rows)
        ],
        state=GrantState.PAID,
    )
