"""Forms of the org pages. They only parse input; the services decide."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from congdoan.common.errors import DomainError
from congdoan.org import places
from congdoan.org.models import Level, Unit, UnitKind
from congdoan.org.selectors import resolve_unit, today


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class UnitRefField(forms.CharField):
    """A unit named by its code or exact name, resolved within the user's scope."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("help_text", _("Nhập mã đơn vị hoặc tên chính xác."))
        super().__init__(**kwargs)


class OperationForm(forms.Form):
    """Common fields of every dated operation: the date, the decision and the reason."""

    on = forms.DateField(label=_("Ngày hiệu lực"), widget=DateInput())
    decision = forms.CharField(label=_("Số quyết định"), max_length=100, required=False)
    reason = forms.CharField(
        label=_("Lý do, ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, user: Any, unit: Unit | None = None, **kwargs: Any) -> None:
        self.user = user
        self.unit = unit
        super().__init__(*args, **kwargs)
        self.fields["on"].initial = today()
        # Common fields last, after the operation's own fields.
        for name in ("on", "decision", "reason"):
            self.fields[name] = self.fields.pop(name)

    def _resolve(self, name: str) -> Unit | None:
        value = (self.cleaned_data.get(name) or "").strip()
        if not value:
            return None
        try:
            return resolve_unit(self.user, value)
        except DomainError as error:
            raise forms.ValidationError(error.message) from error


def _ward_choices(province_code: int | None) -> list[tuple[str, str]]:
    """Wards of the unit's province (all provinces when it has none)."""
    choices: list[tuple[str, str]] = [("", "—")]
    for province in places.provinces():
        if province_code is not None and int(province.code) != province_code:
            continue
        for ward in places.wards_of(int(province.code)):
            choices.append((str(int(ward.code)), f"{ward.name} — {province.name}"))
    return choices


class AddressFields(forms.Form):
    kind = forms.ChoiceField(label=_("Loại hình"), choices=[("", "—"), *UnitKind.choices], required=False)
    employer = forms.CharField(label=_("Đơn vị sử dụng lao động"), max_length=300, required=False)
    ward_code = forms.TypedChoiceField(
        label=_("Xã, phường (địa giới 2025)"), coerce=int, empty_value=None, required=False, choices=()
    )
    street = forms.CharField(label=_("Địa chỉ (số nhà, đường)"), max_length=300, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        unit = getattr(self, "unit", None)
        self.fields["ward_code"].choices = _ward_choices(unit.province_code if unit else None)

    def address(self) -> dict[str, Any]:
        ward_code = self.cleaned_data.get("ward_code")
        ward = places.ward(ward_code)
        return {
            "kind": self.cleaned_data.get("kind") or "",
            "employer": self.cleaned_data.get("employer") or "",
            "ward_code": ward_code,
            "province_code": int(ward.province_code) if ward else None,
            "street": self.cleaned_data.get("street") or "",
        }


class FoundForm(OperationForm, AddressFields):
    code = forms.CharField(label=_("Mã đơn vị"), max_length=40)
    name = forms.CharField(label=_("Tên đơn vị"), max_length=300)
    level = forms.ChoiceField(label=_("Cấp"), choices=Level.choices, initial=Level.GRASSROOTS)
    workers = forms.IntegerField(label=_("Số lao động"), min_value=0, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        order = [
            "code",
            "name",
            "level",
            "kind",
            "employer",
            "ward_code",
            "street",
            "workers",
            "on",
            "decision",
            "reason",
        ]
        self.order_fields(order)


class RenameForm(OperationForm):
    name = forms.CharField(label=_("Tên mới"), max_length=300)


class MoveForm(OperationForm):
    new_parent = UnitRefField(label=_("Đơn vị cấp trên mới"))

    def clean_new_parent(self) -> Unit | None:
        return self._resolve("new_parent")


class MoveChildrenForm(MoveForm):
    children = forms.MultipleChoiceField(
        label=_("Các đơn vị trực thuộc cần chuyển"), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, children: list[Unit] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.children_by_id = {str(c.pk): c for c in children or []}
        self.fields["children"].choices = [(str(c.pk), f"{c.name} ({c.code})") for c in children or []]
        self.order_fields(["children", "new_parent", "on", "decision", "reason"])

    def selected_children(self) -> list[Unit]:
        return [self.children_by_id[i] for i in self.cleaned_data["children"]]


class MergeForm(OperationForm):
    MODE_INTO = "into"
    MODE_NEW = "new"
    others = forms.CharField(
        label=_("Các đơn vị cùng hợp nhất"),
        required=False,
        help_text=_(
            "Mã các đơn vị khác, cách nhau bằng dấu phẩy (để trống khi sáp nhập đơn vị này vào đơn vị khác)."
        ),
    )
    mode = forms.ChoiceField(
        label=_("Hình thức"),
        choices=[
            (MODE_INTO, _("Sáp nhập vào một đơn vị đang có")),
            (MODE_NEW, _("Hợp nhất thành đơn vị mới")),
        ],
        widget=forms.RadioSelect,
        initial=MODE_INTO,
    )
    into = UnitRefField(label=_("Đơn vị tiếp nhận (khi sáp nhập)"), required=False)
    new_code = forms.CharField(label=_("Mã đơn vị mới (khi hợp nhất)"), max_length=40, required=False)
    new_name = forms.CharField(label=_("Tên đơn vị mới (khi hợp nhất)"), max_length=300, required=False)

    def clean_into(self) -> Unit | None:
        return self._resolve("into")

    def clean_others(self) -> list[Unit]:
        units = []
        for ref in (self.cleaned_data.get("others") or "").split(","):
            if ref.strip():
                try:
                    units.append(resolve_unit(self.user, ref.strip()))
                except DomainError as error:
                    raise forms.ValidationError(error.message) from error
        return units

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("mode") == self.MODE_INTO and not data.get("into") and "into" not in self.errors:
            self.add_error("into", _("Hãy chọn đơn vị tiếp nhận."))
        if data.get("mode") == self.MODE_NEW:
            if not data.get("new_code"):
                self.add_error("new_code", _("Hãy nhập mã đơn vị mới."))
            if not data.get("new_name"):
                self.add_error("new_name", _("Hãy nhập tên đơn vị mới."))
        return data


class SplitForm(OperationForm):
    parts = forms.CharField(
        label=_("Các đơn vị mới"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Mỗi dòng một đơn vị: mã | tên | mã các đơn vị trực thuộc chuyển sang (cách nhau bằng dấu phẩy)."
        ),
    )
    keep_original = forms.BooleanField(label=_("Giữ lại đơn vị cũ"), required=False)

    def clean_parts(self) -> list[Any]:
        from congdoan.org.services import SplitPart

        parts = []
        for number, line in enumerate((self.cleaned_data.get("parts") or "").splitlines(), start=1):
            if not line.strip():
                continue
            cells = [c.strip() for c in line.split("|")]
            if len(cells) < 2 or not cells[0] or not cells[1]:
                raise forms.ValidationError(
                    _("Dòng %(n)s: cần có mã và tên, cách nhau bằng “|”.") % {"n": number}
                )
            children = []
            for ref in (cells[2] if len(cells) > 2 else "").split(","):
                if ref.strip():
                    try:
                        children.append(resolve_unit(self.user, ref.strip()))
                    except DomainError as error:
                        raise forms.ValidationError(
                            _("Dòng %(n)s: %(m)s") % {"n": number, "m": error.message}
                        ) from error
            parts.append(SplitPart(code=cells[0], name=cells[1], children=children))
        return parts


class DissolveForm(OperationForm):
    children_to = UnitRefField(label=_("Đơn vị tiếp nhận các đơn vị trực thuộc"), required=False)
    dissolve_children = forms.BooleanField(label=_("Giải thể cả các đơn vị trực thuộc"), required=False)

    def clean_children_to(self) -> Unit | None:
        return self._resolve("children_to")


class EditForm(AddressFields):
    def __init__(self, *args: Any, unit: Unit | None = None, **kwargs: Any) -> None:
        self.unit = unit
        super().__init__(*args, **kwargs)

    reason = forms.CharField(
        label=_("Lý do, ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class WorkforceForm(forms.Form):
    as_of = forms.DateField(label=_("Tính đến ngày"), widget=DateInput())
    workers = forms.IntegerField(label=_("Số lao động"), min_value=0)
    women = forms.IntegerField(label=_("Trong đó lao động nữ"), min_value=0, required=False)
    reason = forms.CharField(label=_("Ghi chú"), required=False)


class RestructureForm(forms.Form):
    province = forms.ModelChoiceField(
        label=_("Liên đoàn Lao động tỉnh, thành phố"), queryset=Unit.objects.none()
    )
    agencies_on = forms.DateField(
        label=_("Ngày giải thể CĐCS cơ quan hành chính"), initial=dt.date(2025, 6, 1), widget=DateInput()
    )
    on = forms.DateField(label=_("Ngày sắp xếp"), initial=dt.date(2025, 7, 1), widget=DateInput())
    plan_file = forms.FileField(
        label=_("Hoặc tải lên phương án (CSV)"),
        required=False,
        help_text=_("Cột: ngay, thao_tac, ma_don_vi, ma_don_vi_dich, ten, cap, ma_xa, ghi_chu."),
    )
    plan_csv = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["province"].queryset = (
            Unit.objects.visible_to(user, "restructure")
            .active()
            .filter(level=Level.PROVINCE_FEDERATION)
            .order_by("name_sort")
        )
        provinces = list(self.fields["province"].queryset[:2])
        if len(provinces) == 1:
            self.fields["province"].initial = provinces[0].pk

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        upload = data.get("plan_file")
        if upload:
            raw = upload.read()
            if len(raw) > 5_000_000:
                raise forms.ValidationError(_("Tệp phương án quá lớn (tối đa 5 MB)."))
            for encoding in ("utf-8-sig", "cp1258"):
                try:
                    data["plan_csv"] = raw.decode(encoding)
                    break
                except UnicodeDecodeError:
                    continue
            else:
                raise forms.ValidationError(_("Không đọc được tệp phương án: hãy lưu dạng CSV UTF-8."))
        return data


class ApplyForm(forms.Form):
    decision = forms.CharField(label=_("Số quyết định"), max_length=100, required=False)
    reason = forms.CharField(
        label=_("Lý do, ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
