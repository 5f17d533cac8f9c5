"""People, their membership as dated spells in units, membership events and cards.

A person's membership is a sequence of :class:`Spell` rows, each in one
unit over ``[valid_from, valid_to)`` in one state (active or suspended),
opened and closed by :class:`MemberEvent` rows (admission, transfer,
suspension, resumption, leaving, discipline, death, reorganisation of the
unit). "Members of subtree X on D" joins the spells valid on D with the
unit versions valid on D (org.selectors.subtree_versions), so a member
counts where the unit stood in the tree that day.

:class:`Person` keeps a copy of the newest state (unit, status, join date,
card number) for everyday pages and for the scope mechanism, as
``org.Unit`` does for its newest version.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from congdoan.accounts.scope import ScopedQuerySet
from congdoan.members.reference import (
    ETHNICITY_CHOICES,
    KINH,
    Citizenship,
    ContractType,
    Education,
    Gender,
    Religion,
    UnionOffice,
)
from congdoan.org.models import OPEN_END, Unit


class MemberStatus(models.TextChoices):
    ACTIVE = "active", _("Đang sinh hoạt")
    SUSPENDED = "suspended", _("Tạm dừng sinh hoạt")
    LEFT = "left", _("Đã ra khỏi tổ chức")
    EXPELLED = "expelled", _("Bị khai trừ")
    DECEASED = "deceased", _("Đã từ trần")


#: Statuses in which a person holds membership (and so cannot be admitted again).
MEMBER_STATUSES = frozenset({MemberStatus.ACTIVE, MemberStatus.SUSPENDED})


class PersonQuerySet(ScopedQuerySet["Person"]):
    scope_path = "unit__path"

    def members(self) -> PersonQuerySet:
        return self.filter(status__in=MEMBER_STATUSES)


class Person(models.Model):
    """A member or former member of the union (đoàn viên)."""

    full_name = models.CharField(_("họ và tên"), max_length=120)
    gender = models.CharField(_("giới tính"), max_length=8, choices=Gender.choices)
    birth_date = models.DateField(_("ngày sinh"), null=True, blank=True)
    birth_year = models.PositiveSmallIntegerField(_("năm sinh"))
    cccd = models.CharField(_("số CCCD"), max_length=12, null=True, blank=True, unique=True)
    other_id = models.CharField(_("CMND cũ hoặc hộ chiếu"), max_length=20, blank=True, db_index=True)
    citizenship = models.CharField(
        _("quốc tịch"), max_length=8, choices=Citizenship.choices, default=Citizenship.VIETNAMESE
    )
    nationality = models.CharField(_("quốc gia (người nước ngoài)"), max_length=60, blank=True)
    ethnicity = models.CharField(_("dân tộc"), max_length=2, choices=ETHNICITY_CHOICES, default=KINH)
    religion = models.CharField(_("tôn giáo"), max_length=16, choices=Religion.choices, default=Religion.NONE)
    education = models.CharField(_("trình độ học vấn"), max_length=16, choices=Education.choices, blank=True)
    hometown_province_code = models.PositiveIntegerField(_("quê quán: tỉnh"), null=True, blank=True)
    hometown_ward_code = models.PositiveIntegerField(_("quê quán: xã, phường"), null=True, blank=True)
    residence_province_code = models.PositiveIntegerField(_("nơi ở: tỉnh"), null=True, blank=True)
    residence_ward_code = models.PositiveIntegerField(_("nơi ở: xã, phường"), null=True, blank=True)
    residence_street = models.CharField(_("nơi ở: số nhà, đường, thôn"), max_length=200, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=20, blank=True, db_index=True)
    email = models.EmailField(_("thư điện tử"), blank=True)
    employer = models.CharField(_("nơi làm việc"), max_length=300, blank=True)
    job_title = models.CharField(_("nghề nghiệp, chức vụ"), max_length=200, blank=True)
    contract_type = models.CharField(
        _("loại hợp đồng lao động"), max_length=16, choices=ContractType.choices, blank=True
    )
    contract_months = models.PositiveSmallIntegerField(_("thời hạn hợp đồng (tháng)"), null=True, blank=True)
    insurance_salary = models.PositiveBigIntegerField(_("tiền lương đóng BHXH (đồng)"), null=True, blank=True)
    # Blank: no office. Never for a foreign worker (the services refuse it).
    union_office = models.CharField(
        _("chức vụ công đoàn"), max_length=16, choices=UnionOffice.choices, blank=True, default=""
    )

    # Copy of the newest membership state, kept by the services.
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="people", verbose_name=_("công đoàn cơ sở")
    )
    status = models.CharField(_("tình trạng"), max_length=16, choices=MemberStatus.choices)
    joined_on = models.DateField(_("ngày vào công đoàn"))
    card_number = models.CharField(_("số thẻ đoàn viên"), max_length=16, null=True, blank=True, unique=True)
    # The login of the member themself (role "member"): their own record and e-card.
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
        verbose_name=_("tài khoản"),
    )

    # Search and order: " hoang van giang" (leading space: every word starts
    # after a space) and the Vietnamese given-name-first sort key.
    name_fold = models.CharField(max_length=130, editable=False)
    name_sort = models.CharField(max_length=400, editable=False, db_index=True)
    # Folded name | birth date or year | hometown: the "same person" key.
    identity_key = models.CharField(max_length=200, editable=False, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("đoàn viên")
        verbose_name_plural = _("đoàn viên")
        ordering = ["name_sort", "id"]
        indexes = [
            models.Index(fields=["unit", "status", "name_sort"], name="person_unit_status_sort"),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def is_member(self) -> bool:
        return self.status in MEMBER_STATUSES

    @property
    def is_minority(self) -> bool:
        return self.citizenship == Citizenship.VIETNAMESE and self.ethnicity != KINH

    def age_on(self, day: dt.date) -> int:
        if self.birth_date is None:
            return day.year - self.birth_year
        before_birthday = (day.month, day.day) < (self.birth_date.month, self.birth_date.day)
        return day.year - self.birth_year - (1 if before_birthday else 0)


class SpellState(models.TextChoices):
    ACTIVE = "active", _("Đang sinh hoạt")
    SUSPENDED = "suspended", _("Tạm dừng sinh hoạt")


class SpellQuerySet(ScopedQuerySet["Spell"]):
    scope_path = "unit__path"

    def on(self, day: dt.date) -> SpellQuerySet:
        return self.filter(valid_from__lte=day, valid_to__gt=day)


class Spell(models.Model):
    """A period of membership of one person in one unit, in one state (quá trình sinh hoạt)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="spells")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="spells")
    valid_from = models.DateField(_("từ ngày"))
    valid_to = models.DateField(_("đến trước ngày"), default=OPEN_END)
    state = models.CharField(_("trạng thái"), max_length=16, choices=SpellState.choices)

    objects = SpellQuerySet.as_manager()

    class Meta:
        verbose_name = _("quá trình sinh hoạt")
        verbose_name_plural = _("quá trình sinh hoạt")
        ordering = ["person_id", "valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["person", "valid_from"], name="spell_one_per_start"),
            models.CheckConstraint(
                condition=models.Q(valid_to__gt=models.F("valid_from")), name="spell_nonempty"
            ),
        ]
        indexes = [
            # Covers "members of these units on a day": counting and listing read the index alone.
            models.Index(
                fields=["unit", "valid_from", "valid_to", "state", "person"], name="spell_unit_period_cover"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} @ {self.unit_id} [{self.valid_from} – {self.valid_to}] {self.state}"


class EventKind(models.TextChoices):
    ADMITTED = "admitted", _("Kết nạp")
    TRANSFERRED_OUT = "transferred_out", _("Chuyển sinh hoạt đi")
    TRANSFERRED_IN = "transferred_in", _("Chuyển sinh hoạt đến")
    SUSPENDED = "suspended", _("Tạm dừng sinh hoạt")
    RESUMED = "resumed", _("Sinh hoạt trở lại")
    LEFT = "left", _("Ra khỏi tổ chức")
    REPRIMANDED = "reprimanded", _("Kỷ luật khiển trách")
    WARNED = "warned", _("Kỷ luật cảnh cáo")
    EXPELLED = "expelled", _("Kỷ luật khai trừ")
    DIED = "died", _("Từ trần")
    REORGANISED = "reorganised", _("Chuyển theo sắp xếp tổ chức")
    CARD_ISSUED = "card_issued", _("Cấp thẻ đoàn viên")
    UPDATED = "updated", _("Cập nhật thông tin")


class MemberEventQuerySet(ScopedQuerySet["MemberEvent"]):
    scope_path = "unit__path"


class MemberEvent(models.Model):
    """One dated event in a person's membership (biến động đoàn viên)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("loại"), max_length=16, choices=EventKind.choices, db_index=True)
    on = models.DateField(_("ngày"))
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("đơn vị"))
    other_unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("đơn vị kia")
    )
    decision = models.CharField(_("số quyết định"), max_length=100, blank=True)
    reason = models.TextField(_("lý do"), blank=True)
    details = models.JSONField(default=dict, blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = MemberEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("biến động đoàn viên")
        verbose_name_plural = _("biến động đoàn viên")
        ordering = ["person_id", "on", "id"]
        indexes = [
            models.Index(fields=["kind", "on"], name="memberevent_kind_on"),
            models.Index(fields=["unit", "kind", "on"], name="memberevent_unit_kind_on"),
        ]

    def __str__(self) -> str:
        return f"{self.on} {self.get_kind_display()} {self.person_id}"


class CardSerial(models.Model):
    """The last serial used for card numbers with one prefix (province + year)."""

    prefix = models.CharField(max_length=4, unique=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.prefix}: {self.last}"


class CardKind(models.TextChoices):
    NEW = "new", _("Cấp mới")
    REISSUE = "reissue", _("Cấp lại")


class CardQuerySet(ScopedQuerySet["Card"]):
    scope_path = "person__unit__path"


class Card(models.Model):
    """One issue of a member card (thẻ đoàn viên); a re-issue keeps the number."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="cards")
    number = models.CharField(_("số thẻ"), max_length=16, db_index=True)
    kind = models.CharField(_("hình thức"), max_length=8, choices=CardKind.choices)
    issued_on = models.DateField(_("ngày cấp"))
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("đơn vị cấp"))
    reason = models.CharField(_("lý do"), max_length=300, blank=True)
    revoked_on = models.DateField(_("ngày thu hồi"), null=True, blank=True)
    # Random, per issue: the QR token names the card and this nonce only.
    nonce = models.CharField(max_length=16, editable=False)

    objects = CardQuerySet.as_manager()

    class Meta:
        verbose_name = _("thẻ đoàn viên")
        verbose_name_plural = _("thẻ đoàn viên")
        ordering = ["person_id", "issued_on", "id"]

    def __str__(self) -> str:
        return f"{self.number} ({self.issued_on})"
