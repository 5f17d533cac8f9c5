"""Forms of the activities pages. They parse input; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _

from congdoan.activities import selectors
from congdoan.activities.models import Mode, Session, SessionKind
from congdoan.common.errors import DomainError
from congdoan.members.models import Person
from congdoan.org.forms import DateInput
from congdoan.org.models import Unit
from congdoan.org.selectors import resolve_unit

BLANK = [("", "—")]


def apply_domain_error(form: forms.Form, error: DomainError) -> None:
    """Show ``error`` next to its field when the form has it, otherwise at the top."""
    name = {"roster": "members"}.get(error.field or "", error.field)
    if name and name in form.fields:
        form.add_error(name, error.message)
    else:
        form.add_error(None, error.message)


def default_unit_code(user: Any) -> str:
    """The code of the top unit the user may change (the usual organising unit)."""
    unit = Unit.objects.visible_to(user, "change").order_by("depth", "name_sort").first()
    return unit.code if unit else ""


def _resolve(user: Any, value: str) -> Unit:
    try:
        return resolve_unit(user, value)
    except DomainError as error:
        raise forms.ValidationError(error.message) from error


class SessionForm(forms.Form):
    """Record or change a session: its details and a headcount, or the members present by ID."""

    topic = forms.CharField(label=_("Chủ đề, nội dung"), max_length=300)
    kind = forms.ChoiceField(label=_("Hình thức"), choices=SessionKind.choices)
    unit = forms.CharField(
        label=_("Đơn vị tổ chức"), max_length=300, help_text=_("Mã đơn vị hoặc tên chính xác.")
    )
    on = forms.DateField(label=_("Ngày tổ chức"), widget=DateInput())
    place = forms.CharField(label=_("Địa điểm"), max_length=300, required=False)
    mode = forms.ChoiceField(
        label=_("Cách ghi người tham dự"),
        choices=Mode.choices,
        widget=forms.RadioSelect,
        initial=Mode.HEADCOUNT,
    )
    participants = forms.IntegerField(label=_("Tổng số người tham dự"), required=False)
    women = forms.IntegerField(label=_("Trong đó nữ"), required=False)
    members = forms.CharField(
        label=_("Đoàn viên có mặt (số CCCD hoặc số thẻ, mỗi dòng một người)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Khi ghi theo danh sách; sau khi lưu có thể điểm danh trên trang danh sách."),
    )
    note = forms.CharField(label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, user: Any, session: Session | None = None, **kwargs: Any) -> None:
        self.user = user
        self.session = session
        super().__init__(*args, **kwargs)
        self.fields["on"].initial = timezone.localdate()
        if session is not None:
            del self.fields["unit"]
            self.fields["members"].help_text = _("Để trống để giữ danh sách điểm danh hiện có.")
            self.fields["reason"] = forms.CharField(label=_("Lý do sửa"), required=False, max_length=500)

    def clean_unit(self) -> Unit:
        return _resolve(self.user, self.cleaned_data["unit"])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("mode") == Mode.ROSTER:
            refs = [line.strip() for line in (data.get("members") or "").splitlines() if line.strip()]
            people: list[Person] = []
            unknown: list[str] = []
            for ref in refs:
                person = selectors.find_member(self.user, ref)
                if person is None:
                    unknown.append(ref)
                else:
                    people.append(person)
            if unknown:
                self.add_error(
                    "members",
                    _g("Không tìm thấy đoàn viên: %(refs)s.") % {"refs": ", ".join(unknown[:10])},
                )
            data["people"] = people
        else:
            if data.get("participants") is None:
                self.add_error("participants", _g("Cần ghi tổng số người tham dự."))
            if data.get("women") is None:
                self.add_error("women", _g("Cần ghi số nữ tham dự (ghi 0 nếu không có)."))
        return data

    @staticmethod
    def initial_for(session: Session) -> dict[str, Any]:
        return {
            "topic": session.topic,
            "kind": session.kind,
            "on": session.on,
            "place": session.place,
            "mode": session.mode,
            "participants": session.participants if session.mode == Mode.HEADCOUNT else None,
            "women": session.women if session.mode == Mode.HEADCOUNT else None,
            "note": session.note,
        }


class DeleteForm(forms.Form):
    reason = forms.CharField(label=_("Lý do xoá"), max_length=500)


class SessionFilterForm(forms.Form):
    """Filters of the session list (GET). Bad values are dropped, not shown as errors."""

    unit = forms.CharField(label=_("Đơn vị (mã)"), required=False, max_length=300)
    start = forms.DateField(label=_("Từ ngày"), required=False, widget=DateInput())
    end = forms.DateField(label=_("Đến ngày"), required=False, widget=DateInput())
    kind = forms.ChoiceField(label=_("Hình thức"), choices=BLANK + list(SessionKind.choices), required=False)
    mode = forms.ChoiceField(label=_("Cách ghi"), choices=BLANK + list(Mode.choices), required=False)
    q = forms.CharField(label=_("Chủ đề"), required=False, max_length=100)

    def filters(self, user: Any) -> dict[str, Any]:
        data: dict[str, Any] = {}
        if self.is_bound:
            self.is_valid()
            data = {k: v for k, v in self.cleaned_data.items() if v not in (None, "")}
        result: dict[str, Any] = {
            "start": data.get("start"),
            "end": data.get("end"),
            "kind": data.get("kind", ""),
            "mode": data.get("mode", ""),
            "query": data.get("q", ""),
        }
        if data.get("unit"):
            try:
                result["root"] = resolve_unit(user, data["unit"])
            except DomainError as error:
                self.add_error("unit", error.message)
        return result
