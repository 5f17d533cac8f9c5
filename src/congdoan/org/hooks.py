"""Extension points for apps above ``org``.

``org`` cannot import the apps that depend on it (members, care, ...), yet
when units merge or dissolve, their members and records must follow.
Those apps register a handler here in their ``AppConfig.ready``; the org
services call every handler inside the same transaction, so a failing
handler rolls the whole operation back.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class UnitTransfer:
    """Members and records of ``source`` go to ``target`` (None: they leave) from ``on``."""

    actor: Any
    source: Any
    target: Any | None
    on: dt.date
    reason: str


_handlers: list[Callable[[UnitTransfer], None]] = []


def on_unit_absorbed(handler: Callable[[UnitTransfer], None]) -> Callable[[UnitTransfer], None]:
    """Register ``handler``; it is called when a unit is merged, split or dissolved."""
    if handler not in _handlers:
        _handlers.append(handler)
    return handler


def unit_absorbed(event: UnitTransfer) -> None:
    for handler in list(_handlers):
        handler(event)
