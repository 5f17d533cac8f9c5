"""Forms of the member pages. They only parse input; the services decide."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from congdoan.common.errors import DomainError
from congdoan.members import services
from congdoan.members.reference import (
    ETHNICITIES,
    Citizenship,
    ContractType,
    Education,
    Gender,
    Religion,
    UnionOffice,
)
from congdoan.members.selectors import AGE_BANDS
from congdoan.org import places
from congdoan.org.forms import DateInput
from congdoan.org.models import Status, Unit, UnitKind

BLANK = [("", "—")]


def apply_domain_error(form: forms.Form, error: DomainError) -> None:
    """Show ``error`` next to its field when the form has it, otherwise at the top."""
    if error.field and error.field in form.fields:
        form.add_error(error.field, error.message)
    else:
        form.add_error(None, error.message)


def active_unit_by_code(code: str) -> Unit | None:
    """A destination unit by its code among all active units (it may lie outside the officer's scope)."""
    code = (code or "").strip()
    if not code:
        return None
    return (
        Unit.objects.filter(status=Status.ACTIVE).filter(code=code).first()
        or Unit.objects.filter(status=Status.ACTIVE).filter(code=code.upper()).first()
    )


class UnitCodeField(forms.CharField):
    """A destination unit named by its code, among every active unit."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 40)
        kwargs.setdefault("help_text", _("Mã công đoàn cơ sở nơi chuyển đến (có thể ngoài phạm vi của bạn)."))
        super().__init__(**kwargs)

    def clean(self, value: Any) -> Unit | None:
        code = super().clean(value)
        if not code:
            return None
        unit = active_unit_by_code(code)
        if unit is None:
            raise forms.ValidationError(
                _("Không có đơn vị đang hoạt động mang mã “%(code)s”."), params={"code": code}
            )
        return unit


# --------------------------------------------------------------------------
# the member list


STATUS_CHOICES = [
    ("active", _("Đang sinh hoạt")),
    ("suspended", _("Tạm dừng sinh hoạt")),
    ("members", _("Đoàn viên (kể cả tạm dừng)")),
    ("former", _("Đã ra khỏi tổ chức, khai trừ, từ trần")),
]
AGE_BAND_LABELS = {
    "under30": _("Dưới 30 tuổi"),
    "30to39": _("Từ 30 đến 39 tuổi"),
    "40to49": _("Từ 40 đến 49 tuổi"),
    "50plus": _("Từ 50 tuổi trở lên"),
}
SORT_CHOICES = ["name", "-name", "joined", "-joined", "born", "-born", "unit"]


def ethnicity_choices() -> list[tuple[str, Any]]:
    return list(ETHNICITIES.items())


class MemberFilterForm(forms.Form):
    """The filters of the member list (GET). Bad values fall back to the defaults."""

    q = forms.CharField(label=_("Tìm theo tên, CCCD, số thẻ, điện thoại"), required=False, max_length=100)
    status = forms.ChoiceField(label=_("Tình trạng"), choices=STATUS_CHOICES, required=False)
    on = forms.DateField(label=_("Vào ngày"), required=False, widget=DateInput())
    gender = forms.ChoiceField(label=_("Giới tính"), choices=BLANK + list(Gender.choices), required=False)
    ethnicity = forms.ChoiceField(label=_("Dân tộc"), required=False, choices=())
    age_band = forms.ChoiceField(
        label=_("Độ tuổi"), required=False, choices=BLANK + [(k, AGE_BAND_LABELS[k]) for k in AGE_BANDS]
    )
    joined_year = forms.IntegerField(
        label=_("Năm vào công đoàn"), required=False, min_value=1900, max_value=9999
    )
    citizenship = forms.ChoiceField(
        label=_("Quốc tịch"), choices=BLANK + list(Citizenship.choices), required=False
    )
    unit_kind = forms.ChoiceField(
        label=_("Loại hình"), choices=BLANK + list(UnitKind.choices), required=False
    )
    sort = forms.ChoiceField(required=False, choices=[(s, s) for s in SORT_CHOICES], widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["ethnicity"].choices = [
            *BLANK,
            ("minority", _("Dân tộc thiểu số")),
            *ethnicity_choices(),
        ]

    def filters(self, today: dt.date) -> dict[str, Any]:
        """The valid filters, with defaults for what is missing or wrong."""
        data: dict[str, Any] = {}
        if self.is_bound:
            self.is_valid()
            # Keep the fields that are valid; drop only the wrong ones.
            data = {k: v for k, v in self.cleaned_data.items() if k not in self.errors}
        return {
            "query": (data.get("q") or "").strip(),
            "status": data.get("status") or "active",
            "on": data.get("on") or today,
            "gender": data.get("gender") or "",
            "ethnicity": data.get("ethnicity") or "",
            "age_band": data.get("age_band") or "",
            "joined_year": data.get("joined_year"),
            "citizenship": data.get("citizenship") or "",
            "unit_kind": data.get("unit_kind") or "",
            "sort": data.get("sort") or "name",
        }


# --------------------------------------------------------------------------
# events on one member


class EventForm(forms.Form):
    """Common fields of every membership event: the date, the decision and the reason."""

    on = forms.DateField(label=_("Ngày"), widget=DateInput())
    decision = forms.CharField(label=_("Số quyết định"), max_length=100, required=False)
    reason = forms.CharField(
        label=_("Lý do, ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["on"].initial = services.today()
        for name in ("on", "decision", "reason"):
            self.fields[name] = self.fields.pop(name)


class TransferForm(EventForm):
    to_unit = UnitCodeField(label=_("Chuyển đến đơn vị (mã)"))


class SuspendForm(EventForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reason"].required = True
        self.fields["reason"].label = _("Lý do tạm dừng")


class LeaveForm(EventForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reason"].required = True
        self.fields["reason"].label = _("Lý do ra khỏi tổ chức")


class DisciplineForm(EventForm):
    measure = forms.ChoiceField(
        label=_("Hình thức kỷ luật"),
        choices=[
            ("reprimand", _("Khiển trách")),
            ("warning", _("Cảnh cáo")),
            ("expulsion", _("Khai trừ")),
        ],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.order_fields(["measure", "on", "decision", "reason"])
        self.fields["decision"].required = True
        self.fields["decision"].label = _("Số quyết định kỷ luật")
        self.fields["reason"].required = True
        self.fields["reason"].help_text = _("Ví dụ: không đóng đoàn phí 6 tháng liên tục.")


# --------------------------------------------------------------------------
# personal data


class WardField(forms.TypedChoiceField):
    """A ward (xã, phường, 2025 boundaries); the options shown are those of the chosen province."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(coerce=int, empty_value=None, required=False, choices=BLANK, **kwargs)

    def valid_value(self, value: Any) -> bool:
        # Any existing ward is accepted here; whether it lies in the province is the service's check.
        try:
            return places.ward(int(value)) is not None
        except (TypeError, ValueError):
            return False


def province_choices() -> list[tuple[Any, str]]:
    return [*BLANK, *((int(p.code), p.name) for p in places.provinces())]


def ward_choices(province_code: Any) -> list[tuple[Any, str]]:
    try:
        code = int(province_code)
    except (TypeError, ValueError):
        return list(BLANK)
    if places.province_name(code) is None:
        return list(BLANK)
    return [*BLANK, *((int(w.code), w.name) for w in places.wards_of(code))]


class PersonForm(forms.Form):
    """Personal data of a member; every check is the service's (``person_problems``)."""

    full_name = forms.CharField(label=_("Họ và tên"), max_length=120)
    gender = forms.ChoiceField(label=_("Giới tính"), choices=BLANK + list(Gender.choices))
    birth_date = forms.DateField(
        label=_("Ngày sinh"),
        required=False,
        widget=DateInput(),
        help_text=_("Để trống nếu chỉ biết năm sinh."),
    )
    birth_year = forms.IntegerField(label=_("Năm sinh (nếu không rõ ngày)"), required=False)
    cccd = forms.CharField(
        label=_("Số CCCD"),
        max_length=20,
        required=False,
        help_text=_("12 chữ số, giữ nguyên số 0 ở đầu."),
    )
    other_id = forms.CharField(label=_("CMND cũ hoặc hộ chiếu"), max_length=20, required=False)
    citizenship = forms.ChoiceField(
        label=_("Quốc tịch"), choices=Citizenship.choices, initial=Citizenship.VIETNAMESE
    )
    nationality = forms.CharField(label=_("Quốc gia (người nước ngoài)"), max_length=60, required=False)
    contract_months = forms.IntegerField(
        label=_("Thời hạn hợp đồng (tháng)"), required=False, min_value=0, max_value=1200
    )
    ethnicity = forms.ChoiceField(label=_("Dân tộc"), choices=(), initial="01")
    religion = forms.ChoiceField(label=_("Tôn giáo"), choices=Religion.choices, initial=Religion.NONE)
    education = forms.ChoiceField(
        label=_("Trình độ học vấn"), choices=BLANK + list(Education.choices), required=False
    )
    hometown_province_code = forms.TypedChoiceField(
        label=_("Quê quán: tỉnh, thành phố"), coerce=int, empty_value=None, required=False, choices=()
    )
    hometown_ward_code = WardField(label=_("Quê quán: xã, phường"))
    residence_province_code = forms.TypedChoiceField(
        label=_("Nơi ở: tỉnh, thành phố"), coerce=int, empty_value=None, required=False, choices=()
    )
    residence_ward_code = WardField(label=_("Nơi ở: xã, phường"))
    residence_street = forms.CharField(label=_("Nơi ở: số nhà, đường, thôn"), max_length=200, required=False)
    phone = forms.CharField(label=_("Điện thoại"), max_length=20, required=False)
    email = forms.EmailField(
        label=_("Thư điện tử"), required=False, widget=forms.TextInput(attrs={"inputmode": "email"})
    )
    employer = forms.CharField(label=_("Nơi làm việc"), max_length=300, required=False)
    job_title = forms.CharField(label=_("Nghề nghiệp, chức vụ"), max_length=200, required=False)
    contract_type = forms.ChoiceField(
        label=_("Loại hợp đồng lao động"), choices=BLANK + list(ContractType.choices), required=False
    )
    insurance_salary = forms.IntegerField(label=_("Tiền lương đóng BHXH (đồng)"), required=False, min_value=0)
    union_office = forms.ChoiceField(
        label=_("Chức vụ công đoàn"),
        choices=[("", _("Không giữ chức vụ")), *UnionOffice.choices],
        required=False,
        help_text=_("Người lao động nước ngoài không được giữ chức vụ công đoàn."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["ethnicity"].choices = ethnicity_choices()
        for prefix in ("hometown", "residence"):
            province_field = f"{prefix}_province_code"
            ward_field = f"{prefix}_ward_code"
            self.fields[province_field].choices = province_choices()
            self.fields[province_field].widget.attrs.update(
                {
                    "hx-get": reverse_lazy("members:wards"),
                    "hx-target": f"#id_{ward_field}",
                    "hx-trigger": "change",
                    "hx-swap": "innerHTML",
                }
            )
            province = self.data.get(province_field) if self.is_bound else self.initial.get(province_field)
            self.fields[ward_field].choices = ward_choices(province)

    def person_data(self) -> dict[str, Any]:
        """The cleaned personal data, as the services take it."""
        data = {key: self.cleaned_data.get(key) for key in services.PERSON_FIELDS}
        for key in (
            "other_id",
            "nationality",
            "residence_street",
            "phone",
            "email",
            "employer",
            "job_title",
            "union_office",
        ):
            data[key] = data[key] or ""
        return data

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if self.errors:
            return cleaned
        data = {key: cleaned.get(key) for key in services.PERSON_FIELDS}
        for field, message in services.person_problems(data):
            target = field if field in self.fields else None
            if target and target in self.errors:
                continue
            self.add_error(target, message)
        return cleaned


class AdmitForm(PersonForm):
    on = forms.DateField(label=_("Ngày kết nạp"), widget=DateInput())
    decision = forms.CharField(label=_("Số quyết định kết nạp"), max_length=100, required=False)
    reason = forms.CharField(label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["on"].initial = services.today()


class EditPersonForm(PersonForm):
    reason = forms.CharField(
        label=_("Lý do sửa, căn cứ"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


# --------------------------------------------------------------------------
# bulk actions on the member list


BULK_ACTIONS = [
    ("transfer", _("Chuyển sinh hoạt")),
    ("suspend", _("Tạm dừng sinh hoạt")),
    ("issue_cards", _("Cấp thẻ đoàn viên")),
]


class BulkForm(forms.Form):
    action = forms.ChoiceField(label=_("Thao tác"), choices=BULK_ACTIONS)
    people = forms.MultipleChoiceField(
        label=_("Đoàn viên đã chọn"), choices=(), widget=forms.MultipleHiddenInput
    )
    to_unit = UnitCodeField(label=_("Chuyển đến đơn vị (mã)"), required=False)
    on = forms.DateField(label=_("Ngày"), widget=DateInput())
    decision = forms.CharField(label=_("Số quyết định"), max_length=100, required=False)
    reason = forms.CharField(
        label=_("Lý do, ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, people_choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["on"].initial = services.today()
        self.fields["people"].choices = people_choices
        self.fields["people"].error_messages["required"] = _("Hãy chọn ít nhất một đoàn viên.")
        self.fields["people"].error_messages["invalid_choice"] = _(
            "Có đoàn viên đã chọn không thuộc đơn vị này."
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        action = data.get("action")
        if action == "transfer" and not data.get("to_unit") and "to_unit" not in self.errors:
            self.add_error("to_unit", _("Hãy nhập mã đơn vị chuyển đến."))
        if action == "suspend" and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Cần ghi lý do."))
        return data
