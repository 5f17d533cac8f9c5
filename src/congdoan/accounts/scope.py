"""The one scope mechanism: every query that shows data starts from ``.visible_to(user)``.

A role on a unit reaches that unit's whole subtree. Units carry a
materialised path (``"0000000001.0000000042."``), so "inside the subtree of
X" is a range on the path: ``X.path <= path < X.path[:-1] + "/"`` — an
index range scan on SQLite and PostgreSQL alike. Any model that belongs to a
unit subclasses :class:`ScopedQuerySet` and names the path of its unit in
``scope_path``; nothing else decides what a user may see.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

from django.db import models
from django.db.models import Q

if TYPE_CHECKING:
    from congdoan.accounts.models import User

_M = TypeVar("_M", bound=models.Model)


def subtree_range(path: str) -> tuple[str, str]:
    """The half-open range of paths in the subtree whose root has ``path``."""
    return path, path[:-1] + "/"


def path_in_subtree_q(field: str, path: str) -> Q:
    low, high = subtree_range(path)
    return Q(**{f"{field}__gte": low, f"{field}__lt": high})


def scope_paths(user: Any, action: str = "view") -> list[str] | None:
    """Paths of the subtrees where ``user`` may do ``action``; None means everywhere.

    Cached on the user object for the request.
    """
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    if user.is_superuser:
        return None
    from congdoan.accounts.models import ROLE_ACTIONS, Role

    cache: dict[str, list[str]] = user.__dict__.setdefault("_scope_cache", {})
    if action not in cache:
        kinds = [kind for kind, actions in ROLE_ACTIONS.items() if action in actions]
        paths = sorted(
            set(Role.objects.filter(user=user, kind__in=kinds).values_list("unit__path", flat=True))
        )
        # Drop paths already covered by a shorter one.
        kept: list[str] = []
        for path in paths:
            if not any(path.startswith(k) for k in kept):
                kept.append(path)
        cache[action] = kept
    return cache[action]


def scope_q(user: Any, action: str = "view", *, field: str) -> Q | None:
    """A filter limiting ``field`` (a unit path) to the user's subtrees; None = no limit."""
    paths = scope_paths(user, action)
    if paths is None:
        return None
    if not paths:
        return Q(pk__in=[])
    q = Q()
    for path in paths:
        q |= path_in_subtree_q(field, path)
    return q


def path_allowed(user: Any, path: str, action: str = "view") -> bool:
    """Whether a unit with ``path`` lies in one of the user's subtrees for ``action``."""
    paths = scope_paths(user, action)
    if paths is None:
        return True
    return any(path.startswith(p) for p in paths)


def forget_scope(user: Any) -> None:
    """Drop the cached scope (after roles change)."""
    if user is not None:
        user.__dict__.pop("_scope_cache", None)


class ScopedQuerySet(models.QuerySet[_M]):
    """A queryset that can limit itself to what a user may see or change."""

    #: lookup path from this model to the materialised path of its unit
    scope_path: str = "unit__path"

    def visible_to(self, user: User | Any, action: str = "view") -> ScopedQuerySet[_M]:
        q = scope_q(user, action, field=self.scope_path)
        return self if q is None else self.filter(q)
