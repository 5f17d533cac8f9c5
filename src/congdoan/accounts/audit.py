"""Writing the audit trail. Every service calls :func:`record` inside its transaction."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import models, transaction

from congdoan.accounts.models import AuditEntry, User


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_jsonable(v) for v in value]
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, models.Model):
        return str(value.pk)
    return value


def stored_actor(actor: Any) -> User | None:
    """The user row to store as who did it: None for the system itself or an unsaved user."""
    return actor if actor is not None and getattr(actor, "pk", None) else None


def entry(
    *,
    actor: User | None,
    action: str,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str = "",
    object_repr: str = "",
    unit: models.Model | None = None,
    unit_id: int | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    reason: str = "",
) -> AuditEntry:
    """One audit entry, not yet saved (:func:`record` saves one, :func:`record_many` many)."""
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
        object_repr = object_repr or str(obj)
    return AuditEntry(
        actor=stored_actor(actor),
        actor_name=str(actor) if actor is not None else "hệ thống",
        action=action,
        object_type=object_type,
        object_id=object_id,
        object_repr=object_repr[:300],
        unit=unit,
        **({"unit_id": unit_id} if unit is None and unit_id is not None else {}),
        before=_jsonable(before) if before is not None else None,
        after=_jsonable(after) if after is not None else None,
        reason=reason or "",
    )


def _require_transaction() -> None:
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit.record must be called inside the service's transaction")


def record(**kwargs: Any) -> AuditEntry:
    """Append one audit entry (arguments of :func:`entry`). Must run inside the service's transaction."""
    _require_transaction()
    row = entry(**kwargs)
    row.save()
    return row


def record_many(entries: list[AuditEntry]) -> None:
    """Append entries made with :func:`entry` in bulk, inside the service's transaction."""
    _require_transaction()
    AuditEntry.objects.bulk_create(entries, batch_size=1000)
