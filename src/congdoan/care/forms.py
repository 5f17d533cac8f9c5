"""Forms of the care pages. They parse input; the services decide."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from congdoan.care import selectors
from congdoan.care.models import FundingKind, GrantState, ProgrammeKind, SupportProgramme
from congdoan.care.services import Recipient
from congdoan.common.errors import DomainError
from congdoan.members import ids
from congdoan.org.forms import DateInput
from congdoan.org.models import Unit
from congdoan.org.selectors import resolve_unit

BLANK = [("", "—")]
_MONEY_NOISE = re.compile(r"[\s.,_]|đồng|đ|vnđ|vnd", re.IGNORECASE)


def apply_domain_error(form: forms.Form, error: DomainError) -> None:
    """Show ``error`` next to its field when the form has it, otherwise at the top."""
    if error.field and error.field in form.fields:
        form.add_error(error.field, error.message)
    else:
        form.add_error(None, error.message)


class MoneyField(forms.CharField):
    """An amount in VND as officers type it: 500000, 500.000, 500 000 đ."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 30)
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("inputmode", "numeric")

    def clean(self, value: Any) -> int | None:  # type: ignore[override]
        text = super().clean(value)
        if not text:
            return None
        digits = _MONEY_NOISE.sub("", str(text))
        if not digits.isdigit():
            raise forms.ValidationError(
                _("Số tiền “%(v)s” không hợp lệ: chỉ ghi chữ số, ví dụ 500.000."), params={"v": text}
            )
        return int(digits)


class UnitCodeField(forms.CharField):
    """A unit by its code or exact name, among the units the user may see."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 300)
        kwargs.setdefault("help_text", _("Mã đơn vị hoặc tên chính xác."))
        super().__init__(**kwargs)


def _resolve(user: Any, value: str) -> Unit:
    try:
        return resolve_unit(user, value)
    except DomainError as error:
        raise forms.ValidationError(error.message) from error


def default_unit_code(user: Any) -> str:
    """The code of the top unit the user may change (the usual giving unit)."""
    unit = Unit.objects.visible_to(user, "change").order_by("depth", "name_sort").first()
    return unit.code if unit else ""


# --------------------------------------------------------------------------
# programmes


class ProgrammeForm(forms.Form):
    name = forms.CharField(label=_("Tên chương trình"), max_length=300)
    kind = forms.ChoiceField(label=_("Loại chương trình"), choices=ProgrammeKind.choices)
    unit = UnitCodeField(label=_("Đơn vị thực hiện"))
    start = forms.DateField(label=_("Từ ngày"), widget=DateInput())
    end = forms.DateField(label=_("Đến ngày"), widget=DateInput())
    budget = MoneyField(label=_("Dự toán (đồng)"))
    description = forms.CharField(label=_("Mô tả"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    sponsor = forms.CharField(label=_("Nhà tài trợ (xã hội hoá)"), max_length=300, required=False)

    def __init__(
        self, *args: Any, user: Any, programme: SupportProgramme | None = None, **kwargs: Any
    ) -> None:
        self.user = user
        super().__init__(*args, **kwargs)
        for kind, label in FundingKind.choices:
            self.fields[f"funding_{kind}"] = MoneyField(
                label=_("Nguồn: %(source)s (đồng)") % {"source": label}, required=False
            )
        self.fields["sponsor"] = self.fields.pop("sponsor")
        if programme is not None:
            del self.fields["unit"]
            self.fields["reason"] = forms.CharField(label=_("Lý do sửa"), required=False, max_length=500)

    def clean_unit(self) -> Unit:
        return _resolve(self.user, self.cleaned_data["unit"])

    def funding(self) -> dict[str, tuple[int, str]]:
        data = self.cleaned_data
        return {
            kind: (
                data.get(f"funding_{kind}") or 0,
                data.get("sponsor", "") if kind == FundingKind.SPONSOR else "",
            )
            for kind in FundingKind.values
            if data.get(f"funding_{kind}")
        }

    @staticmethod
    def initial_for(programme: SupportProgramme) -> dict[str, Any]:
        initial: dict[str, Any] = {
            "name": programme.name,
            "kind": programme.kind,
            "start": programme.start,
            "end": programme.end,
            "budget": programme.budget,
            "description": programme.description,
        }
        for source in programme.funding.all():
            initial[f"funding_{source.kind}"] = source.amount
            if source.sponsor:
                initial["sponsor"] = source.sponsor
        return initial


class ProgrammeFilterForm(forms.Form):
    year = forms.IntegerField(label=_("Năm"), required=False, min_value=1990, max_value=9999)
    kind = forms.ChoiceField(
        label=_("Loại chương trình"), choices=BLANK + list(ProgrammeKind.choices), required=False
    )


# --------------------------------------------------------------------------
# grants


class GrantForm(forms.Form):
    """Request one grant: the programme, the giving unit, the recipient, the support."""

    programme = forms.ModelChoiceField(label=_("Chương trình"), queryset=SupportProgramme.objects.none())
    unit = UnitCodeField(label=_("Đơn vị trao"))
    recipient_id = forms.CharField(
        label=_("Số CCCD hoặc số thẻ đoàn viên của người nhận"),
        max_length=30,
        help_text=_(
            "Đoàn viên được nhận ra theo số CCCD hoặc số thẻ; người lao động chưa là đoàn viên: ghi số CCCD."
        ),
    )
    recipient_name = forms.CharField(
        label=_("Họ và tên người nhận"),
        max_length=120,
        required=False,
        help_text=_("Bắt buộc với người lao động không phải đoàn viên."),
    )
    recipient_birth_year = forms.IntegerField(
        label=_("Năm sinh người nhận"), required=False, min_value=1900, max_value=2100
    )
    on = forms.DateField(label=_("Ngày hỗ trợ"), widget=DateInput())
    amount = MoneyField(label=_("Số tiền hoặc giá trị hiện vật (đồng)"))
    in_kind = forms.CharField(
        label=_("Hiện vật"),
        max_length=300,
        required=False,
        help_text=_("Mô tả quà, hiện vật; để trống khi hỗ trợ bằng tiền."),
    )
    funding = forms.ChoiceField(
        label=_("Nguồn kinh phí"), choices=BLANK + list(FundingKind.choices), required=False
    )
    note = forms.CharField(label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    duplicate_reason = forms.CharField(
        label=_("Lý do hỗ trợ lần nữa"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Chỉ ghi khi người này đã được hỗ trợ trong chương trình: lý do được lưu vào nhật ký."),
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        self.user = user
        super().__init__(*args, **kwargs)
        programme_field = self.fields["programme"]
        assert isinstance(programme_field, forms.ModelChoiceField)
        programme_field.queryset = selectors.programmes_for_entry(user).order_by("-start", "name")
        self.fields["on"].initial = timezone.localdate()
        self.fields["unit"].initial = default_unit_code(user)

    def clean_unit(self) -> Unit:
        return _resolve(self.user, self.cleaned_data["unit"])

    def recipient(self) -> Recipient:
        """A member found by CCCD or card number among the people the user may see, else a worker."""
        data = self.cleaned_data
        person = selectors.find_member(self.user, data["recipient_id"])
        if person is not None:
            return Recipient.member(person)
        return Recipient(
            full_name=data.get("recipient_name") or "",
            cccd=ids.clean_id(data["recipient_id"]),
            birth_year=data.get("recipient_birth_year"),
        )


class BulkGrantForm(forms.Form):
    """One grant each to the members ticked in a unit's member list (or all of them)."""

    programme = forms.ModelChoiceField(label=_("Chương trình"), queryset=SupportProgramme.objects.none())
    on = forms.DateField(label=_("Ngày hỗ trợ"), widget=DateInput())
    amount = MoneyField(label=_("Số tiền hoặc giá trị mỗi lượt (đồng)"))
    in_kind = forms.CharField(label=_("Hiện vật"), max_length=300, required=False)
    funding = forms.ChoiceField(
        label=_("Nguồn kinh phí"), choices=BLANK + list(FundingKind.choices), required=False
    )
    all_members = forms.BooleanField(label=_("Tất cả đoàn viên của đơn vị"), required=False)
    duplicate_reason = forms.CharField(
        label=_("Lý do hỗ trợ lần nữa (cho người đã được hỗ trợ trong chương trình)"),
        required=False,
        max_length=500,
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        programme_field = self.fields["programme"]
        assert isinstance(programme_field, forms.ModelChoiceField)
        programme_field.queryset = selectors.programmes_for_entry(user).order_by("-start", "name")
        self.fields["on"].initial = timezone.localdate()


class DecisionForm(forms.Form):
    """Approve, reject or pay: a note (required as the reason of a rejection)."""

    reason = forms.CharField(label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(
        self, *args: Any, reason_label: Any = None, reason_required: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if reason_label:
            self.fields["reason"].label = reason_label
        self.fields["reason"].required = reason_required


class GrantFilterForm(forms.Form):
    """Filters of the grant list (GET). Bad values are dropped, not shown as errors."""

    unit = forms.CharField(label=_("Đơn vị (mã)"), required=False, max_length=300)
    start = forms.DateField(label=_("Từ ngày"), required=False, widget=DateInput())
    end = forms.DateField(label=_("Đến ngày"), required=False, widget=DateInput())
    programme = forms.IntegerField(required=False, widget=forms.HiddenInput)
    kind = forms.ChoiceField(
        label=_("Loại chương trình"), choices=BLANK + list(ProgrammeKind.choices), required=False
    )
    state = forms.ChoiceField(label=_("Trạng thái"), choices=BLANK + list(GrantState.choices), required=False)
    q = forms.CharField(label=_("Người nhận (tên, CCCD)"), required=False, max_length=100)

    def filters(self, user: Any) -> dict[str, Any]:
        data: dict[str, Any] = {}
        if self.is_bound:
            self.is_valid()
            data = {k: v for k, v in self.cleaned_data.items() if v not in (None, "")}
        result: dict[str, Any] = {
            "start": data.get("start"),
            "end": data.get("end"),
            "kind": data.get("kind", ""),
            "state": data.get("state", ""),
            "query": data.get("q", ""),
        }
        if data.get("unit"):
            try:
                result["root"] = resolve_unit(user, data["unit"])
            except DomainError as error:
                self.add_error("unit", error.message)
        if data.get("programme"):
            result["programme"] = selectors.programme_for_user(user, data["programme"])
        return result


def year_bounds(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)
