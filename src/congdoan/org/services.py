"""Operations on the organisation tree (found, rename, move, merge, split, dissolve).

Every operation takes the acting user and keyword arguments, is dated,
checks scope and rules, runs in one transaction, records a
:class:`~congdoan.org.models.UnitEvent` in the unit's history and an
audit entry, and raises :class:`~congdoan.common.errors.DomainError` with
a Vietnamese message on bad input. :func:`preview` runs any of them and
rolls it back, returning what would change.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from congdoan.accounts import audit
from congdoan.accounts.scope import path_allowed, subtree_range
from congdoan.common.errors import DomainError, ScopeError
from congdoan.common.formats import vn_date
from congdoan.common.text import fold, nfc, sort_key_text
from congdoan.org import hooks
from congdoan.org.models import (
    OPEN_END,
    TIER,
    EventKind,
    Level,
    Status,
    Unit,
    UnitEvent,
    UnitKind,
    UnitVersion,
    WorkforceReport,
    path_segment,
)
from congdoan.reports import kept

T = TypeVar("T")
_KEEP: Any = object()


# --------------------------------------------------------------------------
# checks


def require(actor: Any, unit: Unit, action: str) -> None:
    """Raise ScopeError unless ``actor`` may do ``action`` on ``unit``'s subtree.

    ``actor`` None is the system itself (demo loader, migrations).
    """
    if actor is None:
        return
    if not path_allowed(actor, unit.path, action):
        raise ScopeError()


def _check_date(on: dt.date | None) -> dt.date:
    if not isinstance(on, dt.date):
        raise DomainError(_("Cần ghi ngày hiệu lực."), field="on")
    if on >= OPEN_END:
        raise DomainError(_("Ngày hiệu lực không hợp lệ."), field="on")
    return on


def version_on(unit: Unit, on: dt.date) -> UnitVersion | None:
    """The version of ``unit`` valid on ``on`` (None before it was founded)."""
    return UnitVersion.objects.filter(unit=unit, valid_from__lte=on, valid_to__gt=on).first()


def _active_version_on(unit: Unit, on: dt.date, role: str) -> UnitVersion:
    version = version_on(unit, on)
    if version is None or version.status != Status.ACTIVE:
        raise DomainError(
            _("%(role)s “%(name)s” không hoạt động vào ngày %(on)s.")
            % {"role": role, "name": unit.name, "on": vn_date(on)}
        )
    return version


def _latest_version(unit: Unit) -> UnitVersion:
    return UnitVersion.objects.filter(unit=unit).order_by("-valid_from").first()  # type: ignore[return-value]


# --------------------------------------------------------------------------
# the one place where a unit's dated state changes


def _refresh_current(units: Iterable[Unit]) -> None:
    """Copy each unit's newest version onto the unit row."""
    for unit in units:
        latest = _latest_version(unit)
        unit.name = latest.name
        unit.parent_id = latest.parent_id
        unit.status = latest.status
        unit.path = latest.path
        unit.depth = latest.depth
        unit.name_sort = sort_key_text(latest.name)
        names = set(UnitVersion.objects.filter(unit=unit).values_list("name", flat=True))
        unit.search_text = " ".join([fold(unit.code), *sorted(fold(n) for n in names)])
        unit.save(update_fields=["name", "parent", "status", "path", "depth", "name_sort", "search_text"])


def _repath_descendants(old_path: str, new_path: str, on: dt.date, skip_unit_id: int) -> int:
    """Re-path every descendant version valid from ``on`` on; returns how many units moved."""
    low, high = subtree_range(old_path)
    rows = list(
        UnitVersion.objects.filter(path__gte=low, path__lt=high, valid_to__gt=on).exclude(
            unit_id=skip_unit_id
        )
    )
    if not rows:
        return 0
    new_rows: list[UnitVersion] = []
    for row in rows:
        rebased = new_path + row.path[len(old_path) :]
        if row.valid_from < on:
            new_rows.append(
                UnitVersion(
                    unit_id=row.unit_id,
                    valid_from=on,
                    valid_to=row.valid_to,
                    parent_id=row.parent_id,
                    name=row.name,
                    status=row.status,
                    path=rebased,
                    depth=rebased.count(".") - 1,
                )
            )
            row.valid_to = on
        else:
            row.path = rebased
            row.depth = rebased.count(".") - 1
    UnitVersion.objects.bulk_update(rows, ["valid_to", "path", "depth"], batch_size=500)
    UnitVersion.objects.bulk_create(new_rows, batch_size=500)
    unit_ids = {row.unit_id for row in rows}
    # The unit rows copy the newest path: rebase those too.
    for unit in Unit.objects.filter(pk__in=unit_ids, path__gte=low, path__lt=high):
        unit.path = new_path + unit.path[len(old_path) :]
        unit.depth = unit.path.count(".") - 1
        unit.save(update_fields=["path", "depth"])
    return len(unit_ids)


def _set_state(
    unit: Unit,
    on: dt.date,
    *,
    parent: Unit | None = _KEEP,
    name: str = _KEEP,
    status: str = _KEEP,
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Change parent, name and/or status of ``unit`` from ``on``; returns (before, after)."""
    latest = _latest_version(unit)
    if on < latest.valid_from:
        raise DomainError(
            _(
                "“%(name)s” đã có thay đổi từ ngày %(last)s; chỉ ghi được thay đổi từ ngày đó trở đi. "
                "Hãy nhập các thay đổi theo thứ tự thời gian."
            )
            % {"name": unit.name, "last": vn_date(latest.valid_from)}
        )
    old_path = latest.path
    before = {"parent": latest.parent_id, "name": latest.name, "status": latest.status, "path": old_path}
    new_parent_id = latest.parent_id if parent is _KEEP else (parent.pk if parent else None)
    new_name = latest.name if name is _KEEP else name
    new_status = latest.status if status is _KEEP else status
    new_path = latest.path
    if parent is not _KEEP and new_parent_id != latest.parent_id:
        if parent is None:
            new_path = path_segment(unit.pk)
        else:
            parent_version = _active_version_on(parent, on, _("Đơn vị cấp trên"))
            if parent_version.path.startswith(latest.path):
                raise DomainError(
                    _("Không thể chuyển “%(name)s” vào chính đơn vị cấp dưới của nó.") % {"name": unit.name}
                )
            if TIER[parent.level] >= TIER[unit.level]:
                raise DomainError(
                    _("“%(parent)s” (%(plevel)s) không thể là cấp trên của “%(name)s” (%(level)s).")
                    % {
                        "parent": parent.name,
                        "plevel": parent.get_level_display(),
                        "name": unit.name,
                        "level": unit.get_level_display(),
                    }
                )
            new_path = parent_version.path + path_segment(unit.pk)
    after = {"parent": new_parent_id, "name": new_name, "status": new_status, "path": new_path}
    if after == before:
        return before, after
    if on == latest.valid_from:
        version = latest
    else:
        UnitVersion.objects.filter(pk=latest.pk).update(valid_to=on)
        version = UnitVersion(unit=unit, valid_from=on, valid_to=OPEN_END)
    version.parent_id = new_parent_id
    version.name = new_name
    version.status = new_status
    version.path = new_path
    version.depth = new_path.count(".") - 1
    version.save()
    # ``latest`` may be the very row just updated (a change on its first day): compare with the old path.
    if new_path != old_path:
        _repath_descendants(old_path, new_path, on, skip_unit_id=unit.pk)
    # The records under the unit now count elsewhere from ``on``: the kept figures of every unit
    # above it, before and after, are wrong from that day (``reports/kept.py``).
    kept.forget(kept.ALL, [(unit.pk, on)])
    if new_status != Status.ACTIVE:
        Unit.objects.filter(pk=unit.pk).update(ended_on=on)
        unit.ended_on = on
    elif latest.status != Status.ACTIVE:
        Unit.objects.filter(pk=unit.pk).update(ended_on=None)
        unit.ended_on = None
    _refresh_current([unit])
    return before, after


def _event(
    unit: Unit,
    kind: str,
    on: dt.date,
    summary: str,
    *,
    actor: Any,
    details: dict[str, Any] | None = None,
    decision: str = "",
    reason: str = "",
    batch: str = "",
) -> UnitEvent:
    return UnitEvent.objects.create(
        unit=unit,
        kind=kind,
        on=on,
        summary=summary[:500],
        details=details or {},
        decision=decision,
        reason=reason,
        batch=batch,
        recorded_by=audit.stored_actor(actor),
    )


def _children_on(unit: Unit, on: dt.date) -> list[Unit]:
    ids = (
        UnitVersion.objects.on(on).filter(parent=unit, status=Status.ACTIVE).values_list("unit_id", flat=True)
    )
    return list(Unit.objects.filter(pk__in=list(ids)).order_by("name_sort"))


# --------------------------------------------------------------------------
# operations


def found_unit(
    *,
    actor: Any,
    parent: Unit | None,
    code: str,
    name: str,
    level: str,
    on: dt.date,
    kind: str = "",
    employer: str = "",
    province_code: int | None = None,
    ward_code: int | None = None,
    street: str = "",
    workers: int | None = None,
    decision: str = "",
    reason: str = "",
    batch: str = "",
) -> Unit:
    """Found a unit (thành lập) under ``parent`` from ``on``."""
    on = _check_date(on)
    code = nfc(code).upper()
    name = nfc(name)
    if not code:
        raise DomainError(_("Mã đơn vị không được để trống."), field="code")
    if not name:
        raise DomainError(_("Tên đơn vị không được để trống."), field="name")
    if level not in Level.values:
        raise DomainError(_("Cấp đơn vị không hợp lệ: %(v)s") % {"v": level}, field="level")
    if kind and kind not in UnitKind.values:
        raise DomainError(_("Loại hình không hợp lệ: %(v)s") % {"v": kind}, field="kind")
    if parent is None:
        if actor is not None and not getattr(actor, "is_superuser", False):
            raise ScopeError(_("Chỉ quản trị hệ thống được lập đơn vị cấp cao nhất."))
    else:
        require(actor, parent, "change")
    _check_address(province_code, ward_code)
    with transaction.atomic():
        if Unit.objects.filter(code=code).exists():
            raise DomainError(_("Mã đơn vị “%(code)s” đã được dùng.") % {"code": code}, field="code")
        parent_path = ""
        if parent is not None:
            parent_version = _active_version_on(parent, on, _("Đơn vị cấp trên"))
            if TIER[parent.level] >= TIER[level]:
                raise DomainError(
                    _("“%(parent)s” không thể là cấp trên của một %(level)s.")
                    % {"parent": parent.name, "level": Level(level).label.lower()},
                    field="parent",
                )
            parent_path = parent_version.path
        unit = Unit.objects.create(
            code=code,
            name=name,
            level=level,
            kind=kind,
            founded_on=on,
            employer=nfc(employer),
            province_code=province_code,
            ward_code=ward_code,
            street=nfc(street),
            parent=parent,
            path="",
        )
        path = parent_path + path_segment(unit.pk)
        UnitVersion.objects.create(
            unit=unit,
            valid_from=on,
            parent=parent,
            name=name,
            status=Status.ACTIVE,
            path=path,
            depth=path.count(".") - 1,
        )
        _refresh_current([unit])
        if workers is not None:
            WorkforceReport.objects.create(unit=unit, as_of=on, workers=workers)
        # A new grassroots union (and its workers) counts in every unit above it from ``on``.
        kept.forget(kept.ALL, [(unit.pk, on)])
        _event(
            unit,
            EventKind.FOUNDED,
            on,
            _("Thành lập %(name)s") % {"name": name},
            actor=actor,
            details={"parent": parent.code if parent else None},
            decision=decision,
            reason=reason,
            batch=batch,
        )
        audit.record(
            actor=actor,
            action="unit.found",
            obj=unit,
            unit=unit,
            after={
                "code": code,
                "name": name,
                "level": level,
                "kind": kind,
                "parent": parent.code if parent else None,
                "on": on,
                "workers": workers,
            },
            reason=reason,
        )
    return unit


def _check_address(province_code: int | None, ward_code: int | None) -> None:
    from congdoan.org.places import province_name, ward

    if province_code is not None and province_name(province_code) is None:
        raise DomainError(
            _("Mã tỉnh, thành phố không có: %(c)s") % {"c": province_code}, field="province_code"
        )
    if ward_code is not None:
        w = ward(ward_code)
        if w is None:
            raise DomainError(_("Mã xã, phường không có: %(c)s") % {"c": ward_code}, field="ward_code")
        if province_code is not None and w.province_code != province_code:
            raise DomainError(_("Xã, phường không thuộc tỉnh, thành phố đã chọn."), field="ward_code")


def rename_unit(
    *, actor: Any, unit: Unit, name: str, on: dt.date, decision: str = "", reason: str = "", batch: str = ""
) -> Unit:
    """Rename a unit (đổi tên) from ``on``; the old name stays in its history."""
    on = _check_date(on)
    name = nfc(name)
    if not name:
        raise DomainError(_("Tên mới không được để trống."), field="name")
    require(actor, unit, "change")
    with transaction.atomic():
        _active_version_on(unit, on, _("Đơn vị"))
        old = unit.name
        before, after = _set_state(unit, on, name=name)
        if before == after:
            raise DomainError(_("Tên mới trùng với tên hiện tại."), field="name")
        _event(
            unit,
            EventKind.RENAMED,
            on,
            _("Đổi tên từ “%(old)s” thành “%(new)s”") % {"old": old, "new": name},
            actor=actor,
            details={"old": old, "new": name},
            decision=decision,
            reason=reason,
            batch=batch,
        )
        audit.record(
            actor=actor, action="unit.rename", obj=unit, unit=unit, before=before, after=after, reason=reason
        )
    return unit


def move_units(
    *,
    actor: Any,
    units: Sequence[Unit],
    new_parent: Unit,
    on: dt.date,
    decision: str = "",
    reason: str = "",
    batch: str = "",
) -> list[Unit]:
    """Move one unit or many, with their subtrees, under ``new_parent`` from ``on`` (chuyển)."""
    on = _check_date(on)
    if not units:
        raise DomainError(_("Chưa chọn đơn vị nào để chuyển."))
    require(actor, new_parent, "restructure")
    for unit in units:
        require(actor, unit, "restructure")
    with transaction.atomic():
        for unit in units:
            unit.refresh_from_db()
            current = _active_version_on(unit, on, _("Đơn vị"))
            old_parent = current.parent
            if current.parent_id == new_parent.pk:
                raise DomainError(
                    _("“%(name)s” đã trực thuộc “%(parent)s”.")
                    % {"name": unit.name, "parent": new_parent.name}
                )
            before, after = _set_state(unit, on, parent=new_parent)
            _event(
                unit,
                EventKind.MOVED,
                on,
                _("Chuyển từ “%(old)s” về “%(new)s”")
                % {"old": old_parent.name if old_parent else "—", "new": new_parent.name},
                actor=actor,
                details={"from": old_parent.code if old_parent else None, "to": new_parent.code},
                decision=decision,
                reason=reason,
                batch=batch,
            )
            audit.record(
                actor=actor,
                action="unit.move",
                obj=unit,
                unit=unit,
                before=before,
                after=after,
                reason=reason,
            )
    return list(units)


def _end_unit(
    unit: Unit,
    on: dt.date,
    *,
    status: str,
    actor: Any,
    successor: Unit | None,
    summary: str,
    event_kind: str,
    decision: str,
    reason: str,
    batch: str,
    details: dict[str, Any],
) -> None:
    before, after = _set_state(unit, on, status=status)
    if successor is not None:
        Unit.objects.filter(pk=unit.pk).update(successor=successor)
        unit.successor = successor
    hooks.unit_absorbed(hooks.UnitTransfer(actor=actor, source=unit, target=successor, on=on, reason=reason))
    _event(
        unit,
        event_kind,
        on,
        summary,
        actor=actor,
        details=details,
        decision=decision,
        reason=reason,
        batch=batch,
    )
    audit.record(
        actor=actor,
        action=f"unit.{event_kind}",
        obj=unit,
        unit=unit,
        before=before,
        after={**after, "successor": successor.code if successor else None},
        reason=reason,
    )


def dissolve_unit(
    *,
    actor: Any,
    unit: Unit,
    on: dt.date,
    children_to: Unit | None = None,
    dissolve_children: bool = False,
    decision: str = "",
    reason: str = "",
    batch: str = "",
) -> Unit:
    """Dissolve a unit (giải thể) from ``on``.

    Its active children move to ``children_to`` or, with
    ``dissolve_children``, are dissolved too; a unit with children and
    neither choice is refused. Its members leave the union from ``on``
    (handlers registered in :mod:`congdoan.org.hooks`).
    """
    on = _check_date(on)
    require(actor, unit, "restructure")
    with transaction.atomic():
        unit.refresh_from_db()
        _active_version_on(unit, on, _("Đơn vị"))
        children = _children_on(unit, on)
        if children and children_to is None and not dissolve_children:
            raise DomainError(
                _(
                    "“%(name)s” còn %(n)s đơn vị trực thuộc: hãy chọn đơn vị tiếp nhận, "
                    "hoặc giải thể cả các đơn vị trực thuộc."
                )
                % {"name": unit.name, "n": len(children)}
            )
        if children:
            if children_to is not None:
                if children_to.pk == unit.pk:
                    raise DomainError(_("Đơn vị tiếp nhận phải khác đơn vị bị giải thể."))
                move_units(
                    actor=actor,
                    units=children,
                    new_parent=children_to,
                    on=on,
                    decision=decision,
                    reason=reason,
                    batch=batch,
                )
            else:
                for child in children:
                    dissolve_unit(
                        actor=actor,
                        unit=child,
                        on=on,
                        dissolve_children=True,
                        decision=decision,
                        reason=reason,
                        batch=batch,
                    )
        _end_unit(
            unit,
            on,
            status=Status.DISSOLVED,
            actor=actor,
            successor=None,
            summary=_("Giải thể %(name)s") % {"name": unit.name},
            event_kind=EventKind.DISSOLVED,
            decision=decision,
            reason=reason,
            batch=batch,
            details={
                "children_to": children_to.code if children_to else None,
                "children": [c.code for c in children],
            },
        )
    return unit


def merge_units(
    *,
    actor: Any,
    sources: Sequence[Unit],
    on: dt.date,
    into: Unit | None = None,
    new_code: str = "",
    new_name: str = "",
    new_parent: Unit | None = None,
    decision: str = "",
    reason: str = "",
    batch: str = "",
) -> Unit:
    """Merge units (hợp nhất / sáp nhập) from ``on``.

    ``into`` given: the sources join that unit (A into B). Otherwise a new
    unit ``new_code``/``new_name`` is founded under ``new_parent`` (default:
    the first source's parent) and the sources join it (A + B → C). Their
    children move to the target; their members and records follow
    (:mod:`congdoan.org.hooks`); their history stays as it was.
    """
    on = _check_date(on)
    sources = list(dict.fromkeys(sources))
    if into is None and len(sources) < 2:
        raise DomainError(_("Cần chọn ít nhất hai đơn vị để hợp nhất."))
    if into is not None and not sources:
        raise DomainError(_("Cần chọn đơn vị sáp nhập vào “%(name)s”.") % {"name": into.name})
    if into is not None and into in sources:
        raise DomainError(_("Đơn vị tiếp nhận không được nằm trong danh sách bị sáp nhập."))
    levels = {s.level for s in sources}
    for source in sources:
        require(actor, source, "restructure")
    with transaction.atomic():
        for source in sources:
            source.refresh_from_db()
            _active_version_on(source, on, _("Đơn vị"))
        if into is None:
            if len(levels) != 1:
                raise DomainError(_("Chỉ hợp nhất được các đơn vị cùng cấp."))
            first = version_on(sources[0], on)
            parent = new_parent or (first.parent if first else None)
            target = found_unit(
                actor=actor,
                parent=parent,
                code=new_code,
                name=new_name,
                level=sources[0].level,
                kind=sources[0].kind,
                employer=sources[0].employer,
                province_code=sources[0].province_code,
                ward_code=sources[0].ward_code,
                on=on,
                decision=decision,
                reason=reason,
                batch=batch,
            )
        else:
            require(actor, into, "restructure")
            _active_version_on(into, on, _("Đơn vị tiếp nhận"))
            for source in sources:
                if TIER[source.level] != TIER[into.level]:
                    raise DomainError(
                        _(
                            "Chỉ sáp nhập được vào đơn vị cùng cấp: “%(name)s” là %(level)s, “%(into)s” là %(into_level)s."
                        )
                        % {
                            "name": source.name,
                            "level": source.get_level_display().lower(),
                            "into": into.name,
                            "into_level": into.get_level_display().lower(),
                        }
                    )
            target = into
        for source in sources:
            if version_on(target, on).path.startswith(version_on(source, on).path):  # type: ignore[union-attr]
                raise DomainError(
                    _("Không thể sáp nhập “%(name)s” vào đơn vị cấp dưới của nó.") % {"name": source.name}
                )
            children = _children_on(source, on)
            if children:
                move_units(
                    actor=actor,
                    units=children,
                    new_parent=target,
                    on=on,
                    decision=decision,
                    reason=reason,
                    batch=batch,
                )
            _end_unit(
                source,
                on,
                status=Status.MERGED,
                actor=actor,
                successor=target,
                summary=_("Hợp nhất vào %(target)s") % {"target": target.name},
                event_kind=EventKind.MERGED,
                decision=decision,
                reason=reason,
                batch=batch,
                details={"into": target.code, "children": [c.code for c in children]},
            )
        _event(
            target,
            EventKind.ABSORBED,
            on,
            _("Tiếp nhận %(names)s") % {"names": ", ".join(s.name for s in sources)},
            actor=actor,
            details={"sources": [s.code for s in sources]},
            decision=decision,
            reason=reason,
            batch=batch,
        )
    return target


@dataclass
class SplitPart:
    """One unit made by a split: its code, name, and which children go to it."""

    code: str
    name: str
    children: list[Unit] = field(default_factory=list)


def split_unit(
    *,
    actor: Any,
    unit: Unit,
    parts: Sequence[SplitPart],
    on: dt.date,
    keep_original: bool = False,
    decision: str = "",
    reason: str = "",
    batch: str = "",
) -> list[Unit]:
    """Split a unit (chia tách) into new units under the same parent, from ``on``.

    Each part is founded and receives the children named for it. Unless
    ``keep_original``, the original ends with status "split" and must have
    no child left unassigned; its members go to the first part.
    """
    on = _check_date(on)
    require(actor, unit, "restructure")
    if not parts:
        raise DomainError(_("Cần ít nhất một đơn vị mới khi chia tách."))
    if not keep_original and len(parts) < 2:
        raise DomainError(_("Chia tách cần ít nhất hai đơn vị mới (hoặc giữ lại đơn vị cũ)."))
    with transaction.atomic():
        unit.refresh_from_db()
        current = _active_version_on(unit, on, _("Đơn vị"))
        children = {c.pk for c in _children_on(unit, on)}
        assigned: set[int] = set()
        for part in parts:
            for child in part.children:
                if child.pk not in children:
                    raise DomainError(
                        _("“%(child)s” không trực thuộc “%(name)s” vào ngày %(on)s.")
                        % {"child": child.name, "name": unit.name, "on": vn_date(on)}
                    )
                if child.pk in assigned:
                    raise DomainError(_("“%(child)s” được giao cho hai đơn vị mới.") % {"child": child.name})
                assigned.add(child.pk)
        if not keep_original and assigned != children:
            raise DomainError(
                _("Còn %(n)s đơn vị trực thuộc chưa được giao cho đơn vị mới nào.")
                % {"n": len(children - assigned)}
            )
        made: list[Unit] = []
        for part in parts:
            new = found_unit(
                actor=actor,
                parent=current.parent,
                code=part.code,
                name=part.name,
                level=unit.level,
                kind=unit.kind,
                employer=unit.employer,
                province_code=unit.province_code,
                ward_code=unit.ward_code,
                on=on,
                decision=decision,
                reason=reason,
                batch=batch,
            )
            if part.children:
                move_units(
                    actor=actor,
                    units=part.children,
                    new_parent=new,
                    on=on,
                    decision=decision,
                    reason=reason,
                    batch=batch,
                )
            made.append(new)
        if keep_original:
            _event(
                unit,
                EventKind.SPLIT,
                on,
                _("Tách thành thêm %(names)s") % {"names": ", ".join(m.name for m in made)},
                actor=actor,
                details={"parts": [m.code for m in made]},
                decision=decision,
                reason=reason,
                batch=batch,
            )
            audit.record(
                actor=actor,
                action="unit.split",
                obj=unit,
                unit=unit,
                after={"parts": [m.code for m in made]},
                reason=reason,
            )
        else:
            _end_unit(
                unit,
                on,
                status=Status.SPLIT,
                actor=actor,
                successor=made[0],
                summary=_("Chia tách thành %(names)s") % {"names": ", ".join(m.name for m in made)},
                event_kind=EventKind.SPLIT,
                decision=decision,
                reason=reason,
                batch=batch,
                details={"parts": [m.code for m in made]},
            )
    return made


_DETAIL_FIELDS = ("kind", "employer", "province_code", "ward_code", "street")


def update_unit_details(*, actor: Any, unit: Unit, reason: str = "", **changes: Any) -> Unit:
    """Change the undated details of a unit: kind, employer, address."""
    require(actor, unit, "change")
    unknown = set(changes) - set(_DETAIL_FIELDS)
    if unknown:
        raise DomainError(_("Không sửa được trường: %(f)s") % {"f": ", ".join(sorted(unknown))})
    if "kind" in changes and changes["kind"] and changes["kind"] not in UnitKind.values:
        raise DomainError(_("Loại hình không hợp lệ."), field="kind")
    for key in ("employer", "street"):
        if key in changes:
            changes[key] = nfc(changes[key])
    _check_address(changes.get("province_code", unit.province_code), changes.get("ward_code", unit.ward_code))
    with transaction.atomic():
        before = {k: getattr(unit, k) for k in changes}
        changed = {k: v for k, v in changes.items() if before[k] != v}
        if not changed:
            return unit
        for key, value in changed.items():
            setattr(unit, key, value)
        unit.save(update_fields=list(changed))
        _event(
            unit,
            EventKind.UPDATED,
            timezone.localdate(),
            _("Cập nhật thông tin đơn vị"),
            actor=actor,
            details={k: str(v) for k, v in changed.items()},
            reason=reason,
        )
        audit.record(
            actor=actor,
            action="unit.update",
            obj=unit,
            unit=unit,
            before={k: before[k] for k in changed},
            after=changed,
            reason=reason,
        )
    return unit


def record_workforce(
    *, actor: Any, unit: Unit, as_of: dt.date, workers: int, women: int | None = None, reason: str = ""
) -> WorkforceReport:
    """Record the number of workers a unit covers on ``as_of`` (as reported each year)."""
    as_of = _check_date(as_of)
    require(actor, unit, "change")
    if workers is None or workers < 0:
        raise DomainError(_("Số lao động phải là số không âm."), field="workers")
    if women is not None and not 0 <= women <= workers:
        raise DomainError(_("Số lao động nữ phải từ 0 đến tổng số lao động."), field="women")
    with transaction.atomic():
        report, created = WorkforceReport.objects.get_or_create(
            unit=unit, as_of=as_of, defaults={"workers": workers, "women": women}
        )
        kept.forget([kept.WORKERS], [(unit.pk, as_of)])
        before = None if created else {"workers": report.workers, "women": report.women}
        if not created:
            report.workers, report.women = workers, women
            report.save(update_fields=["workers", "women"])
        audit.record(
            actor=actor,
            action="unit.workforce",
            obj=unit,
            unit=unit,
            before=before,
            after={"as_of": as_of, "workers": workers, "women": women},
            reason=reason,
        )
    return report


# --------------------------------------------------------------------------
# preview


class _Rollback(Exception):
    pass


@dataclass
class Preview:
    """What an operation would change: counts of active units per level, before and after."""

    before: Counter[str]
    after: Counter[str]
    result: Any = None
    events: list[str] = field(default_factory=list)

    def rows(self) -> list[tuple[str, int, int]]:
        levels = [lv for lv in Level.values if self.before.get(lv) or self.after.get(lv)]
        return [(str(Level(lv).label), self.before.get(lv, 0), self.after.get(lv, 0)) for lv in levels]


def level_counts(root: Unit | None, on: dt.date) -> Counter[str]:
    """Active units per level in ``root``'s subtree on ``on`` (whole tree for None)."""
    qs = UnitVersion.objects.on(on).filter(status=Status.ACTIVE)
    if root is not None:
        version = version_on(root, on)
        if version is None:
            return Counter()
        low, high = subtree_range(version.path)
        qs = qs.filter(path__gte=low, path__lt=high)
    return Counter(
        dict(qs.values_list("unit__level").annotate(n=Count("id")).values_list("unit__level", "n"))
    )


@contextmanager
def _rolled_back():  # type: ignore[no-untyped-def]
    try:
        with transaction.atomic():
            yield
            raise _Rollback
    except _Rollback:
        pass


def preview(operation: Callable[..., T], *, root: Unit | None, on: dt.date, **kwargs: Any) -> Preview:
    """Run ``operation(**kwargs)`` and roll it back; report counts under ``root`` before and after ``on``."""
    before = level_counts(root, on)
    result = Preview(before=before, after=Counter())
    with _rolled_back():
        started = UnitEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
        result.result = operation(on=on, **kwargs)
        result.after = level_counts(root, on)
        result.events = [str(e) for e in UnitEvent.objects.filter(id__gt=started).order_by("id")[:500]]
    # The operation updated the caller's objects in memory too; give them back their stored state.
    for value in kwargs.values():
        for obj in value if isinstance(value, list | tuple) else [value]:
            if isinstance(obj, Unit) and obj.pk is not None:
                obj.refresh_from_db()
    return result
