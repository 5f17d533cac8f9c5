"""The upload form of an import: a member list, or a registered record kind's table."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from congdoan.common.formats import vn_number
from congdoan.imports import jobs
from congdoan.imports.records import RecordKind
from congdoan.members.services import MEMBER_LEVELS
from congdoan.org.models import Unit

INTO_UNIT = "unit"
FROM_COLUMN = "column"


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Tệp danh sách đoàn viên"),
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(jobs.EXTENSIONS)}),
    )
    target = forms.ChoiceField(label=gettext_lazy("Nhập vào"), widget=forms.RadioSelect)
    skip_invalid = forms.BooleanField(
        label=gettext_lazy("Bỏ qua dòng lỗi"),
        required=False,
        help_text=gettext_lazy(
            "Nhập các dòng đúng; các dòng lỗi được ghi vào một tệp kèm lý do để sửa rồi nhập lại. "
            "Không chọn: có một dòng lỗi thì không ghi gì."
        ),
    )

    def __init__(self, *args: Any, unit: Unit, kind: RecordKind | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.unit = unit
        target = self.fields["target"]
        assert isinstance(target, forms.ChoiceField)
        if kind is not None:
            self._record_choices(kind, target)
        else:
            self._member_choices(target)
        self.fields["file"].help_text = _("Tệp .xlsx, .xls, .ods hoặc .csv, tối đa %(mb)s MB.") % {
            "mb": vn_number(jobs.MAX_UPLOAD_BYTES // (1024 * 1024))
        }

    def _record_choices(self, kind: RecordKind, target: forms.ChoiceField) -> None:
        unit = self.unit
        self.fields["file"].label = _("Tệp «%(what)s»") % {"what": kind.label}
        spec = kind.spec
        column_label = next((c.label for c in spec.columns if c.field == kind.unit_field), None)
        choices = []
        if unit.is_active:
            if kind.unit_levels and unit.level not in kind.unit_levels and column_label:
                into = _("Các đơn vị thuộc %(name)s, ghi trong cột «%(col)s» của tệp") % {
                    "name": unit.name,
                    "col": column_label,
                }
            else:
                into = unit.name
            choices.append((INTO_UNIT, into))
        if column_label:
            choices.append((FROM_COLUMN, _("Đơn vị ghi trong cột «%(col)s» của tệp") % {"col": column_label}))
        target.choices = choices
        target.initial = choices[0][0] if choices else FROM_COLUMN

    def _member_choices(self, target: forms.ChoiceField) -> None:
        unit = self.unit
        column = (FROM_COLUMN, _("Đơn vị ghi trong cột «Mã công đoàn cơ sở» của tệp"))
        if unit.level in MEMBER_LEVELS and unit.is_active:
            target.choices = [(INTO_UNIT, unit.name), column]
            target.initial = INTO_UNIT
        else:
            target.choices = [column]
            target.initial = FROM_COLUMN
            target.help_text = _(
                "%(name)s không trực tiếp có đoàn viên: mỗi dòng ghi mã công đoàn cơ sở của người đó."
            ) % {"name": unit.name}

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if Path(upload.name or "").suffix.lower() not in jobs.EXTENSIONS:
            raise forms.ValidationError(
                _("Chỉ nhận tệp bảng tính .xlsx, .xls, .ods hoặc .csv; tệp «%(name)s» không phải.")
                % {"name": upload.name}
            )
        if upload.size > jobs.MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _(
                    "Tệp nặng %(size)s MB, quá giới hạn %(max)s MB. Hãy chia danh sách thành nhiều tệp "
                    "(ví dụ mỗi công đoàn cơ sở một tệp) rồi nhập lần lượt."
                )
                % {
                    "size": vn_number(-(-upload.size // (1024 * 1024))),
                    "max": vn_number(jobs.MAX_UPLOAD_BYTES // (1024 * 1024)),
                }
            )
        return upload

    def target_unit(self) -> Unit | None:
        """The unit that receives the list; None when the file's column names the units."""
        return self.unit if self.cleaned_data["target"] == INTO_UNIT else None
