"""Forms of the emulation pages. They only parse input (units by code, people by CCCD); the services decide."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from congdoan.accounts.scope import path_allowed
from congdoan.common.errors import DomainError
from congdoan.common.text import nfc
from congdoan.emulation import grading
from congdoan.emulation.models import (
    AwardForm,
    AwardLevel,
    Campaign,
    CampaignKind,
    Grade,
    Grading,
    Initiative,
    InitiativeField,
    InitiativeKind,
    RecognitionScope,
)
from congdoan.imports import values
from congdoan.members.ids import clean_id
from congdoan.members.models import Person
from congdoan.org.forms import DateInput
from congdoan.org.models import Unit
from congdoan.org.selectors import resolve_unit

BLANK = [("", "—")]


def apply_domain_error(form: forms.Form, error: DomainError) -> None:
    """Show ``error`` next to its field when the form has it, otherwise at the top."""
    if error.field and error.field in form.fields:
        form.add_error(error.field, error.message)
    else:
        form.add_error(None, error.message)


def unit_by_ref(user: Any, ref: str, action: str = "view") -> Unit:
    """A unit by code or exact name among those ``user`` may see (and may ``action``), or a ValidationError."""
    try:
        unit = resolve_unit(user, ref)
    except DomainError as error:
        raise forms.ValidationError(error.message) from error
    if not path_allowed(user, unit.path, action):
        raise forms.ValidationError(
            _("Bạn không có quyền ghi hồ sơ cho %(unit)s."), params={"unit": unit.name}, code="scope"
        )
    return unit


def person_by_id(user: Any, ref: str) -> Person:
    """A person the user may see, by CCCD (or old ID) or member card number."""
    number = clean_id(ref)
    found = (
        list(
            Person.objects.visible_to(user)
            .filter(Q(cccd=number) | Q(card_number=number) | Q(other_id=number))
            .select_related("unit")[:2]
        )
        if number
        else []
    )
    if len(found) != 1:
        raise forms.ValidationError(
            _("Không tìm thấy đoàn viên có số CCCD hoặc số thẻ “%(ref)s” trong phạm vi của bạn."),
            params={"ref": ref.strip()},
            code="person_unknown",
        )
    return found[0]


def _lines(value: str) -> list[str]:
    return [line.strip() for line in (value or "").splitlines() if line.strip()]


class ValueField(forms.CharField):
    """An amount in đồng as officers type it: 25000000, 25.000.000, "25 triệu" (``imports.values.parse_money``)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 40)
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("inputmode", "numeric")

    def clean(self, value: Any) -> int | None:  # type: ignore[override]
        text = super().clean(value)
        try:
            amount = values.parse_money(text)
        except values.CellProblem as problem:
            raise forms.ValidationError(problem.message) from None
        if amount is not None and amount < 0:
            raise forms.ValidationError(_("Giá trị làm lợi không được âm."))
        return amount


class ScopedForm(forms.Form):
    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        self.user = user
        super().__init__(*args, **kwargs)


# --------------------------------------------------------------------------
# list filters


class ListFilterForm(ScopedForm):
    """Subtree (unit code or name) and period of a list page. Wrong values are shown and ignored."""

    unit = forms.CharField(label=_("Đơn vị (mã hoặc tên)"), required=False, max_length=300)
    start = forms.DateField(label=_("Từ ngày"), required=False, widget=DateInput())
    end = forms.DateField(label=_("Đến ngày"), required=False, widget=DateInput())
    q = forms.CharField(label=_("Tìm"), required=False, max_length=100)

    def clean_unit(self) -> Unit | None:
        ref = (self.cleaned_data.get("unit") or "").strip()
        return unit_by_ref(self.user, ref) if ref else None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", _("“Đến ngày” phải sau “Từ ngày”."))
        return data

    def filters(self) -> dict[str, Any]:
        data: dict[str, Any] = {}
        if self.is_bound:
            self.is_valid()
            data = {k: v for k, v in self.cleaned_data.items() if k not in self.errors}
        return {
            "unit": data.get("unit"),
            "start": data.get("start"),
            "end": data.get("end"),
            "q": (data.get("q") or "").strip(),
        }


class InitiativeFilterForm(ListFilterForm):
    scope = forms.ChoiceField(
        label=_("Cấp công nhận"),
        required=False,
        choices=BLANK + list(RecognitionScope.choices) + [("none", _("Chưa công nhận"))],
    )

    def filters(self) -> dict[str, Any]:
        found = super().filters()
        found["scope"] = (
            self.cleaned_data.get("scope", "") if self.is_bound and "scope" not in self.errors else ""
        )
        return found


class DecisionFilterForm(ListFilterForm):
    form = forms.ChoiceField(label=_("Hình thức"), required=False, choices=BLANK + list(AwardForm.choices))

    def filters(self) -> dict[str, Any]:
        found = super().filters()
        found["form"] = (
            self.cleaned_data.get("form", "") if self.is_bound and "form" not in self.errors else ""
        )
        return found


class GradingFilterForm(ScopedForm):
    unit = forms.CharField(label=_("Đơn vị (mã hoặc tên)"), required=False, max_length=300)
    year = forms.IntegerField(label=_("Năm"), required=False, min_value=1990, max_value=2100)
    grade = forms.ChoiceField(label=_("Xếp loại"), required=False, choices=BLANK + list(Grade.choices))

    clean_unit = ListFilterForm.clean_unit

    def filters(self) -> dict[str, Any]:
        data: dict[str, Any] = {}
        if self.is_bound:
            self.is_valid()
            data = {k: v for k, v in self.cleaned_data.items() if k not in self.errors}
        return {"unit": data.get("unit"), "year": data.get("year"), "grade": data.get("grade") or ""}


# --------------------------------------------------------------------------
# entry forms


class CampaignForm(ScopedForm):
    unit = forms.CharField(label=_("Đơn vị phát động (mã)"), max_length=300)
    name = forms.CharField(label=_("Tên phong trào"), max_length=300)
    kind = forms.ChoiceField(label=_("Loại phong trào"), choices=CampaignKind.choices)
    theme = forms.CharField(
        label=_("Chủ đề, khẩu hiệu"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    launched_on = forms.DateField(label=_("Ngày phát động"), widget=DateInput())
    starts_on = forms.DateField(label=_("Từ ngày"), required=False, widget=DateInput())
    ends_on = forms.DateField(label=_("Đến ngày"), required=False, widget=DateInput())
    criteria = forms.CharField(
        label=_("Tiêu chí (mỗi dòng một tiêu chí)"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    target_groups = forms.CharField(label=_("Đối tượng tham gia"), required=False, max_length=500)

    def clean_unit(self) -> Unit:
        return unit_by_ref(self.user, self.cleaned_data["unit"], "change")


class RegistrationForm(ScopedForm):
    unit = forms.CharField(
        label=_("Tập thể đăng ký (mã đơn vị)"),
        required=False,
        max_length=300,
        help_text=_("Ghi mã đơn vị để đăng ký tập thể, hoặc số CCCD/số thẻ để đăng ký cá nhân."),
    )
    person = forms.CharField(label=_("Cá nhân đăng ký (số CCCD hoặc số thẻ)"), required=False, max_length=20)
    registered_on = forms.DateField(label=_("Ngày đăng ký"), widget=DateInput())
    commitment = forms.CharField(
        label=_("Nội dung đăng ký"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def clean_unit(self) -> Unit | None:
        ref = (self.cleaned_data.get("unit") or "").strip()
        return unit_by_ref(self.user, ref, "change") if ref else None

    def clean_person(self) -> Person | None:
        ref = (self.cleaned_data.get("person") or "").strip()
        return person_by_id(self.user, ref) if ref else None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.errors and (data.get("unit") is None) == (data.get("person") is None):
            raise forms.ValidationError(_("Ghi một tập thể hoặc một cá nhân (không ghi cả hai)."))
        return data


class AuthorsField(forms.CharField):
    widget = forms.Textarea(attrs={"rows": 3})


class InitiativeForm(ScopedForm):
    title = forms.CharField(label=_("Tên sáng kiến, giải pháp, đề tài"), max_length=500)
    kind = forms.ChoiceField(label=_("Loại"), choices=InitiativeKind.choices)
    unit = forms.CharField(label=_("Đơn vị (mã)"), max_length=300)
    field = forms.ChoiceField(label=_("Lĩnh vực"), choices=InitiativeField.choices)
    authors = forms.CharField(
        label=_("Tác giả (số CCCD hoặc số thẻ, mỗi dòng một người, theo thứ tự)"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    recognised_on = forms.DateField(label=_("Ngày công nhận"), required=False, widget=DateInput())
    recognised_by = forms.CharField(label=_("Cơ quan công nhận"), required=False, max_length=300)
    scope = forms.ChoiceField(
        label=_("Cấp công nhận"), required=False, choices=BLANK + list(RecognitionScope.choices)
    )
    value = ValueField(label=_("Giá trị làm lợi ước tính (đồng)"))
    campaign = forms.ModelChoiceField(label=_("Phong trào"), required=False, queryset=Campaign.objects.none())
    summary = forms.CharField(label=_("Tóm tắt"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["campaign"].queryset = Campaign.objects.visible_to(self.user)  # type: ignore[attr-defined]

    def clean_unit(self) -> Unit:
        return unit_by_ref(self.user, self.cleaned_data["unit"], "change")

    def clean_authors(self) -> list[Person]:
        return [person_by_id(self.user, line) for line in _lines(self.cleaned_data["authors"])]


REASON_HELP = _("Lý do được lưu trong nhật ký cùng dữ liệu trước khi sửa, xoá.")


class InitiativeCorrectForm(InitiativeForm):
    """The initiative form filled with what was recorded, and the reason of the correction."""

    reason = forms.CharField(label=_("Lý do sửa"), max_length=500, help_text=REASON_HELP)

    @staticmethod
    def initial_for(initiative: Initiative) -> dict[str, Any]:
        authors = [a.person for a in initiative.authors.select_related("person")]
        return {
            "title": initiative.title,
            "kind": initiative.kind,
            "unit": initiative.unit.code,
            "field": initiative.field,
            "authors": "\n".join(p.cccd or p.card_number or p.other_id for p in authors),
            "recognised_on": initiative.recognised_on,
            "recognised_by": initiative.recognised_by,
            "scope": initiative.scope,
            "value": initiative.value,
            "campaign": initiative.campaign_id,
            "summary": initiative.summary,
        }


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Lý do xoá"), max_length=500, help_text=REASON_HELP)


class RecogniseForm(forms.Form):
    recognised_on = forms.DateField(label=_("Ngày công nhận"), widget=DateInput())
    recognised_by = forms.CharField(label=_("Cơ quan công nhận"), max_length=300)
    scope = forms.ChoiceField(label=_("Cấp công nhận"), choices=RecognitionScope.choices)
    value = ValueField(label=_("Giá trị làm lợi ước tính (đồng)"))


class CreativeAwardForm(forms.Form):
    decision_number = forms.CharField(label=_("Số quyết định của Tổng Liên đoàn"), max_length=100)
    awarded_on = forms.DateField(label=_("Ngày quyết định"), widget=DateInput())


class DecisionForm(ScopedForm):
    unit = forms.CharField(
        label=_("Đơn vị ban hành hoặc ghi nhận (mã)"),
        max_length=300,
        help_text=_("Quyết định của cơ quan ngoài công đoàn: ghi đơn vị công đoàn lưu quyết định."),
    )
    issuer_name = forms.CharField(label=_("Cơ quan ban hành ngoài công đoàn"), required=False, max_length=300)
    number = forms.CharField(label=_("Số quyết định"), max_length=100)
    decided_on = forms.DateField(label=_("Ngày quyết định"), widget=DateInput())
    signer_name = forms.CharField(label=_("Người ký"), max_length=120)
    signer_title = forms.CharField(label=_("Chức vụ người ký"), max_length=200)
    form = forms.ChoiceField(label=_("Hình thức khen thưởng"), choices=AwardForm.choices)
    level = forms.ChoiceField(label=_("Cấp khen thưởng"), choices=AwardLevel.choices)
    campaign = forms.ModelChoiceField(label=_("Phong trào"), required=False, queryset=Campaign.objects.none())
    reason = forms.CharField(label=_("Lý do khen thưởng"), widget=forms.Textarea(attrs={"rows": 2}))
    collectives = forms.CharField(
        label=_("Tập thể (mã đơn vị, mỗi dòng một)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    individuals = forms.CharField(
        label=_("Cá nhân (số CCCD hoặc số thẻ, mỗi dòng một)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["campaign"].queryset = Campaign.objects.visible_to(self.user)  # type: ignore[attr-defined]

    def clean_unit(self) -> Unit:
        return unit_by_ref(self.user, self.cleaned_data["unit"], "change")

    def clean_collectives(self) -> list[Unit]:
        return [unit_by_ref(self.user, line) for line in _lines(self.cleaned_data["collectives"])]

    def clean_individuals(self) -> list[Person]:
        return [person_by_id(self.user, line) for line in _lines(self.cleaned_data["individuals"])]


class GradingForm(ScopedForm):
    unit = forms.CharField(label=_("Công đoàn cơ sở (mã)"), max_length=300)
    year = forms.IntegerField(label=_("Năm"), min_value=1990, max_value=2100)
    note = forms.CharField(label=_("Nhận xét"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = dt.date.today().year - 1
        for index, (criterion, top) in enumerate(grading.DEFAULT_CRITERIA):
            self.fields[f"score_{index}"] = forms.CharField(
                label=_("%(c)s (tối đa %(max)s điểm)") % {"c": criterion, "max": top}, max_length=10
            )

    def clean_unit(self) -> Unit:
        return unit_by_ref(self.user, self.cleaned_data["unit"], "change")

    def sheet(self) -> list[dict[str, Any]]:
        return grading.default_sheet(
            [nfc(self.cleaned_data[f"score_{i}"]) for i in range(len(grading.DEFAULT_CRITERIA))]
        )


class GradingCorrectForm(forms.Form):
    """The score sheet of a grading as recorded (four criteria, or the one total of an import), and a reason."""

    note = forms.CharField(label=_("Nhận xét"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    reason = forms.CharField(label=_("Lý do sửa"), max_length=500, help_text=REASON_HELP)

    def __init__(self, *args: Any, grading_row: Grading, **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial",
            {"note": grading_row.note}
            | {f"score_{i}": grading.points_text(line["score"]) for i, line in enumerate(grading_row.sheet)},
        )
        super().__init__(*args, **kwargs)
        self.lines = grading_row.sheet
        for index, line in enumerate(self.lines):
            self.fields[f"score_{index}"] = forms.CharField(
                label=_("%(c)s (tối đa %(max)s điểm)")
                % {"c": line["criterion"], "max": grading.points_text(line["max"])},
                max_length=10,
            )
        self.order_fields([f"score_{i}" for i in range(len(self.lines))] + ["note", "reason"])

    def sheet(self) -> list[dict[str, Any]]:
        return [
            {
                "criterion": line["criterion"],
                "max": line["max"],
                "score": nfc(self.cleaned_data[f"score_{i}"]),
            }
            for i, line in enumerate(self.lines)
        ]
