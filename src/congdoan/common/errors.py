"""Domain errors: bad input or a broken rule, with a message for the user."""

from __future__ import annotations


class DomainError(Exception):
    """A business rule refused the operation; ``message`` is shown to the user (Vietnamese)."""

    def __init__(self, message: str, *, code: str = "invalid", field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.field = field

    def __str__(self) -> str:
        return str(self.message)


class ScopeError(DomainError):
    """The acting user may not touch this object (outside their unit subtree or role)."""

    def __init__(self, message: str = "", *, code: str = "out_of_scope") -> None:
        from django.utils.translation import gettext as _

        super().__init__(message or _("Bạn không có quyền thao tác trên đơn vị này."), code=code)
