"""Forms of the target pages. They only parse input; the services decide."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from congdoan.common.errors import DomainError
from congdoan.org.forms import DateInput
from congdoan.plans import indicators
from congdoan.plans.selectors import DistributionRow
from congdoan.plans.services import MAX_YEAR, MIN_YEAR


def apply_domain_error(form: forms.Form, error: DomainError) -> None:
    """Show ``error`` next to its field when the form has it, otherwise at the top."""
    if error.field and error.field in form.fields:
        form.add_error(error.field, error.message)
    else:
        form.add_error(None, error.message)


def year_field(**kwargs: Any) -> forms.IntegerField:
    return forms.IntegerField(
        label=_("Năm"),
        min_value=MIN_YEAR,
        max_value=MAX_YEAR,
        error_messages={
            "invalid": _("Năm phải là số, ví dụ 2024."),
            "min_value": _("Năm phải từ %(limit_value)s trở đi."),
            "max_value": _("Năm phải trước %(limit_value)s."),
            "required": _("Cần ghi năm."),
        },
        **kwargs,
    )


class PeriodForm(forms.Form):
    """The year of the unit's page and the day achievement is counted to."""

    year = year_field(required=False)
    on = forms.DateField(label=_("Tính đến ngày"), required=False, widget=DateInput())

    def period(self, today: dt.date) -> tuple[int, dt.date]:
        year, on = today.year, None
        if self.is_valid():
            year = self.cleaned_data["year"] or today.year
            on = self.cleaned_data["on"]
        if on is None or on.year != year:
            on = min(today, dt.date(year, 12, 31)) if year <= today.year else dt.date(year, 1, 1)
        return year, on


class SetTargetForm(forms.Form):
    """A unit's own target (the top of a distribution)."""

    year = year_field()
    indicator = forms.ChoiceField(label=_("Chỉ tiêu"), choices=indicators.choices)
    value = forms.IntegerField(
        label=_("Giá trị"),
        min_value=0,
        error_messages={
            "invalid": _("Giá trị chỉ tiêu phải là số nguyên."),
            "min_value": _("Giá trị chỉ tiêu không được âm."),
            "required": _("Cần ghi giá trị chỉ tiêu."),
        },
    )
    reason = forms.CharField(label=_("Căn cứ, ghi chú"), required=False, max_length=500)


class DistributeForm(forms.Form):
    """One input per child, pre-filled with the earlier value or the proportional suggestion."""

    tree_on = forms.DateField(widget=forms.HiddenInput())
    reason = forms.CharField(label=_("Căn cứ, ghi chú"), required=False, max_length=500)

    def __init__(self, *args: Any, rows: list[DistributionRow], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rows = rows
        for row in rows:
            self.fields[self.key(row)] = forms.IntegerField(
                label=row.unit.name,
                min_value=0,
                initial=row.current if row.current is not None else row.suggested,
                error_messages={
                    "invalid": _("Ghi một số nguyên."),
                    "min_value": _("Không được âm."),
                    "required": _("Cần ghi chỉ tiêu cho đơn vị này."),
                },
            )

    @staticmethod
    def key(row: DistributionRow) -> str:
        return f"unit_{row.unit.pk}"

    def bound_rows(self) -> list[tuple[DistributionRow, forms.BoundField]]:
        return [(row, self[self.key(row)]) for row in self.rows]

    def values(self) -> dict[Any, int]:
        return {row.unit: self.cleaned_data[self.key(row)] for row in self.rows}


class CheckForm(forms.Form):
    year = year_field(required=False)
    on = forms.DateField(label=_("Theo cây tổ chức ngày"), required=False, widget=DateInput())
