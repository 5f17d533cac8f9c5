"""Forms of the accounts pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.password_validation import validate_password
from django.utils.translation import gettext_lazy as _

from congdoan.accounts.models import RoleKind
from congdoan.common.errors import DomainError
from congdoan.org.models import Unit
from congdoan.org.selectors import resolve_unit


class AuditFilterForm(forms.Form):
    unit = forms.CharField(label=_("Đơn vị (mã hoặc tên)"), required=False)
    object_type = forms.CharField(label=_("Loại đối tượng"), required=False)
    action = forms.CharField(label=_("Thao tác"), required=False)


class UserRoleForm(forms.Form):
    username = forms.CharField(label=_("Tên đăng nhập"), max_length=150)
    full_name = forms.CharField(label=_("Họ và tên"), max_length=200)
    email = forms.EmailField(label=_("Thư điện tử"), required=False)
    password = forms.CharField(label=_("Mật khẩu ban đầu"), widget=forms.PasswordInput)
    unit = forms.CharField(label=_("Đơn vị (mã hoặc tên chính xác)"))
    kind = forms.ChoiceField(label=_("Vai trò"), choices=RoleKind.choices, initial=RoleKind.OFFICER)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_unit(self) -> Unit:
        try:
            return resolve_unit(self.user, self.cleaned_data["unit"])
        except DomainError as error:
            raise forms.ValidationError(error.message) from error

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        validate_password(password)
        return password
