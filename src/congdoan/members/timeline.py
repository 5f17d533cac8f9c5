"""The membership state machine, in memory.

One person's membership is a list of spells; each event closes the open
spell and may open another. The rules live here once and serve both the
one-at-a-time services (which load a person's spells, step, and write the
difference) and the bulk loader (which steps thousands of histories in
memory and writes them in one go).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from congdoan.common.errors import DomainError
from congdoan.common.formats import vn_date
from congdoan.members.models import EventKind, MemberStatus, SpellState
from congdoan.org.models import OPEN_END

#: Events that change the spells, and the statuses each may start from.
ALLOWED_FROM: dict[str, frozenset[str | None]] = {
    EventKind.ADMITTED: frozenset({None, MemberStatus.LEFT, MemberStatus.EXPELLED}),
    EventKind.TRANSFERRED_IN: frozenset({None, MemberStatus.LEFT}),
    EventKind.TRANSFERRED_OUT: frozenset({MemberStatus.ACTIVE, MemberStatus.SUSPENDED}),
    EventKind.REORGANISED: frozenset({MemberStatus.ACTIVE, MemberStatus.SUSPENDED}),
    EventKind.SUSPENDED: frozenset({MemberStatus.ACTIVE}),
    EventKind.RESUMED: frozenset({MemberStatus.SUSPENDED}),
    EventKind.LEFT: frozenset({MemberStatus.ACTIVE, MemberStatus.SUSPENDED}),
    EventKind.REPRIMANDED: frozenset({MemberStatus.ACTIVE, MemberStatus.SUSPENDED}),
    EventKind.WARNED: frozenset({MemberStatus.ACTIVE, MemberStatus.SUSPENDED}),
    EventKind.EXPELLED: frozenset({MemberStatus.ACTIVE, MemberStatus.SUSPENDED}),
    EventKind.DIED: frozenset({MemberStatus.ACTIVE, MemberStatus.SUSPENDED}),
}

#: Where each event leaves the person (None: unchanged).
RESULT: dict[str, str | None] = {
    EventKind.ADMITTED: MemberStatus.ACTIVE,
    EventKind.TRANSFERRED_IN: MemberStatus.ACTIVE,
    EventKind.TRANSFERRED_OUT: None,
    EventKind.REORGANISED: None,
    EventKind.SUSPENDED: MemberStatus.SUSPENDED,
    EventKind.RESUMED: MemberStatus.ACTIVE,
    EventKind.LEFT: MemberStatus.LEFT,
    EventKind.REPRIMANDED: None,
    EventKind.WARNED: None,
    EventKind.EXPELLED: MemberStatus.EXPELLED,
    EventKind.DIED: MemberStatus.DECEASED,
}


@dataclass
class SpellRow:
    unit_id: int
    valid_from: dt.date
    state: str
    valid_to: dt.date = OPEN_END
    pk: int | None = None


@dataclass
class Timeline:
    """A person's membership as far as the state machine needs it."""

    status: str | None = None
    unit_id: int | None = None
    joined_on: dt.date | None = None
    last_on: dt.date | None = None
    spells: list[SpellRow] = field(default_factory=list)
    #: spells whose rows must be written: changed (pk set) or new (pk None)
    dirty: list[SpellRow] = field(default_factory=list)
    #: rows to delete (a spell that ended the day it started)
    deleted: list[int] = field(default_factory=list)

    def _close(self, on: dt.date) -> None:
        if not self.spells or self.spells[-1].valid_to != OPEN_END:
            return
        spell = self.spells[-1]
        if spell.valid_from == on:
            self.spells.pop()
            if spell.pk is not None:
                self.deleted.append(spell.pk)
            if spell in self.dirty:
                self.dirty.remove(spell)
            return
        spell.valid_to = on
        if spell not in self.dirty:
            self.dirty.append(spell)

    def _open(self, unit_id: int, on: dt.date, state: str) -> None:
        spell = SpellRow(unit_id=unit_id, valid_from=on, state=state)
        self.spells.append(spell)
        self.dirty.append(spell)

    def step(self, kind: str, on: dt.date, unit_id: int | None = None) -> None:
        """Apply one event of ``kind`` on ``on`` (``unit_id``: the unit it leads to)."""
        allowed = ALLOWED_FROM[kind]
        if self.status not in allowed:
            raise DomainError(transition_refused(kind, self.status), code="transition")
        if self.last_on is not None and on < self.last_on:
            raise DomainError(
                _(
                    "Ngày %(on)s sớm hơn biến động gần nhất của đoàn viên (%(last)s): "
                    "biến động phải ghi theo thứ tự thời gian."
                )
                % {"on": vn_date(on), "last": vn_date(self.last_on)},
                field="on",
                code="order",
            )
        result = RESULT[kind]
        if kind in (EventKind.ADMITTED, EventKind.TRANSFERRED_IN):
            assert unit_id is not None
            self._open(unit_id, on, SpellState.ACTIVE)
            self.unit_id = unit_id
            if kind == EventKind.ADMITTED or self.joined_on is None:
                self.joined_on = on
        elif kind in (EventKind.TRANSFERRED_OUT, EventKind.REORGANISED):
            assert unit_id is not None
            if unit_id == self.unit_id:
                raise DomainError(_("Đơn vị chuyển đến phải khác đơn vị hiện tại."), field="to_unit")
            state = self.spells[-1].state if self.spells else SpellState.ACTIVE
            self._close(on)
            self._open(unit_id, on, state)
            self.unit_id = unit_id
        elif kind in (EventKind.SUSPENDED, EventKind.RESUMED):
            assert self.unit_id is not None
            self._close(on)
            self._open(
                self.unit_id, on, SpellState.SUSPENDED if kind == EventKind.SUSPENDED else SpellState.ACTIVE
            )
        elif result is not None:  # leaving, expulsion, death
            self._close(on)
        if result is not None:
            self.status = result
        self.last_on = on


def transition_refused(kind: str, status: str | None) -> str:
    event = EventKind(kind).label
    if status is None:
        return _("Không thể ghi “%(event)s”: người này chưa là đoàn viên.") % {"event": event}
    if status in (MemberStatus.ACTIVE, MemberStatus.SUSPENDED) and kind in (
        EventKind.ADMITTED,
        EventKind.TRANSFERRED_IN,
    ):
        return _("Không thể ghi “%(event)s”: người này đang là đoàn viên (%(status)s).") % {
            "event": event,
            "status": MemberStatus(status).label.lower(),
        }
    return _("Không thể ghi “%(event)s” cho đoàn viên có tình trạng “%(status)s”.") % {
        "event": event,
        "status": MemberStatus(status).label.lower(),
    }
