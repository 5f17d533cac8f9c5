"""Support programmes (chương trình chăm lo), their funding, and support grants (lượt hỗ trợ).

A :class:`SupportProgramme` is run by one unit over a period with a budget
split among funding sources (:class:`ProgrammeFunding`). A
:class:`SupportGrant` is one instance of support (one "lượt") given by the
programme's unit or a unit of its subtree to a member or to a worker who is
not a member, in money or in kind, and passes through the workflow
requested → approved → paid, or rejected. Each step keeps who did it and
when; the services write the audit trail.

Reports count paid grants by their date (``on``) where the giving unit
stood in the tree that day (``org.selectors.dated_in_subtree_q``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from congdoan.accounts.scope import ScopedQuerySet
from congdoan.members.models import Person
from congdoan.org.models import Unit


class ProgrammeKind(models.TextChoices):
    """Kinds of support programme, as the federations' reviews group them."""

    TET = "tet", _("Chăm lo Tết (Tết Sum vầy, Chuyến xe Công đoàn)")
    HARDSHIP = "hardship", _("Hỗ trợ hoàn cảnh khó khăn")
    SICKNESS = "sickness", _("Thăm hỏi ốm đau")
    ACCIDENT = "accident", _("Tai nạn lao động")
    DEATH = "death", _("Trợ cấp tử tuất")
    DISASTER = "disaster", _("Khắc phục thiên tai")
    HOUSING = "housing", _("Mái ấm Công đoàn")
    WORKERS_MONTH = "workers_month", _("Tháng Công nhân")
    OTHER = "other", _("Khác")


class FundingKind(models.TextChoices):
    """Where a programme's money comes from (nguồn kinh phí)."""

    GRASSROOTS = "grassroots", _("Tài chính công đoàn cơ sở")
    UPPER = "upper", _("Tài chính công đoàn cấp trên trực tiếp cơ sở")
    PROVINCE = "province", _("Tài chính Liên đoàn Lao động tỉnh")
    CONFEDERATION = "confederation", _("Tài chính Tổng Liên đoàn")
    EMPLOYER = "employer", _("Người sử dụng lao động")
    SPONSOR = "sponsor", _("Xã hội hoá (nhà tài trợ)")


class GrantState(models.TextChoices):
    REQUESTED = "requested", _("Chờ duyệt")
    APPROVED = "approved", _("Đã duyệt, chờ chi")
    PAID = "paid", _("Đã chi")
    REJECTED = "rejected", _("Không duyệt")


class ProgrammeQuerySet(ScopedQuerySet["SupportProgramme"]):
    scope_path = "unit__path"


class SupportProgramme(models.Model):
    """A support programme run by one unit over a period (chương trình chăm lo)."""

    name = models.CharField(_("tên chương trình"), max_length=300)
    kind = models.CharField(_("loại chương trình"), max_length=16, choices=ProgrammeKind.choices)
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("đơn vị thực hiện")
    )
    start = models.DateField(_("từ ngày"))
    end = models.DateField(_("đến ngày"))
    budget = models.BigIntegerField(_("dự toán (đồng)"), default=0)
    description = models.TextField(_("mô tả"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = ProgrammeQuerySet.as_manager()

    class Meta:
        verbose_name = _("chương trình chăm lo")
        verbose_name_plural = _("chương trình chăm lo")
        ordering = ["-start", "name", "id"]
        indexes = [models.Index(fields=["unit", "start"], name="programme_unit_start")]
        constraints = [
            models.CheckConstraint(condition=models.Q(end__gte=models.F("start")), name="programme_period"),
            models.CheckConstraint(condition=models.Q(budget__gte=0), name="programme_budget_positive"),
        ]

    def __str__(self) -> str:
        return self.name


class FundingQuerySet(ScopedQuerySet["ProgrammeFunding"]):
    scope_path = "programme__unit__path"


class ProgrammeFunding(models.Model):
    """The share of a programme's budget from one source (nguồn kinh phí)."""

    programme = models.ForeignKey(SupportProgramme, on_delete=models.CASCADE, related_name="funding")
    kind = models.CharField(_("nguồn kinh phí"), max_length=16, choices=FundingKind.choices)
    amount = models.BigIntegerField(_("số tiền (đồng)"))
    sponsor = models.CharField(_("nhà tài trợ"), max_length=300, blank=True)

    objects = FundingQuerySet.as_manager()

    class Meta:
        verbose_name = _("nguồn kinh phí")
        verbose_name_plural = _("nguồn kinh phí")
        ordering = ["programme_id", "id"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "kind"], name="funding_one_per_kind"),
            models.CheckConstraint(condition=models.Q(amount__gte=0), name="funding_amount_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.programme_id}: {self.get_kind_display()}"


class GrantQuerySet(ScopedQuerySet["SupportGrant"]):
    scope_path = "unit__path"

    def paid(self) -> GrantQuerySet:
        return self.filter(state=GrantState.PAID)


class SupportGrant(models.Model):
    """One instance of support to one person (lượt hỗ trợ), with its approval workflow."""

    programme = models.ForeignKey(
        SupportProgramme, on_delete=models.PROTECT, related_name="grants", verbose_name=_("chương trình")
    )
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("đơn vị trao"))
    # The recipient: a member (person set), or a worker who is not a member
    # (person empty). Name and CCCD are kept for both: they are what the
    # paper list shows, and the double-payment guard compares CCCDs.
    person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="support_grants",
        verbose_name=_("đoàn viên"),
    )
    recipient_name = models.CharField(_("họ và tên người nhận"), max_length=120)
    recipient_cccd = models.CharField(_("số CCCD người nhận"), max_length=12, blank=True, db_index=True)
    recipient_birth_year = models.PositiveSmallIntegerField(_("năm sinh người nhận"), null=True, blank=True)
    on = models.DateField(_("ngày hỗ trợ"))
    amount = models.BigIntegerField(_("số tiền, giá trị (đồng)"))
    in_kind = models.CharField(
        _("hiện vật"),
        max_length=300,
        blank=True,
        help_text=_("Mô tả quà, hiện vật; để trống khi hỗ trợ bằng tiền."),
    )
    funding = models.CharField(_("nguồn kinh phí"), max_length=16, choices=FundingKind.choices, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)
    # Why the same person is supported twice in one programme (the guard's override).
    duplicate_reason = models.TextField(_("lý do hỗ trợ lần nữa"), blank=True)

    state = models.CharField(
        _("trạng thái"), max_length=16, choices=GrantState.choices, default=GrantState.REQUESTED
    )
    requested_at = models.DateTimeField(_("thời điểm đề nghị"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Approval or rejection.
    decided_at = models.DateTimeField(_("thời điểm duyệt"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    rejection_reason = models.TextField(_("lý do không duyệt"), blank=True)
    paid_at = models.DateTimeField(_("thời điểm chi"), null=True, blank=True)
    paid_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = GrantQuerySet.as_manager()

    class Meta:
        verbose_name = _("lượt hỗ trợ")
        verbose_name_plural = _("lượt hỗ trợ")
        ordering = ["-on", "-id"]
        indexes = [
            # Counting for reports: the grants of these units in a period.
            models.Index(fields=["unit", "on", "state"], name="grant_unit_on_state"),
            models.Index(fields=["programme", "state"], name="grant_programme_state"),
            models.Index(fields=["state", "on"], name="grant_state_on"),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="grant_amount_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.recipient_name} — {self.programme_id} — {self.on}"

    @property
    def is_member(self) -> bool:
        return self.person_id is not None
