"""Emulation and awards (thi đua, khen thưởng): campaigns, initiatives, award decisions, yearly grading.

Every record belongs to a unit (the unit that launched, recognised,
issued or was graded) and is scoped through that unit's path. Records that
reports count carry their own date and unit so that
``org.selectors.dated_in_subtree_q`` counts them where the unit stood in
the tree on that date, and an index on (unit, date) serves it:

- an initiative (sáng kiến) by its recognition date,
- a creative-labour award (Bằng Lao động sáng tạo) by its date, in the unit of its initiative,
- an award decision (quyết định khen thưởng) by its date, in the issuing unit,
- an award recipient by the decision's date, in the recipient's unit on that date,
- a grading (xếp loại) by the last day of its year.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from congdoan.accounts.scope import ScopedQuerySet, scope_paths
from congdoan.members.models import Person
from congdoan.org.models import PATH_SEGMENT_WIDTH, Unit

# --------------------------------------------------------------------------
# campaigns


class CampaignKind(models.TextChoices):
    STANDING = "standing", _("Phong trào thường xuyên")
    THEMED = "themed", _("Phong trào theo chuyên đề, đợt")


class CampaignQuerySet(ScopedQuerySet["Campaign"]):
    scope_path = "unit__path"

    def visible_to(self, user: Any, action: str = "view") -> CampaignQuerySet:
        """Campaigns launched in the user's subtrees, and (to view) those launched above them.

        A grassroots union registers for the province's campaign, so it must
        see it; it sees nothing of a sibling district's campaigns.
        """
        scoped = super().visible_to(user, action)
        if action != "view":
            return scoped  # type: ignore[return-value]
        paths = scope_paths(user, action)
        if paths is None:
            return self
        above: set[str] = set()
        step = PATH_SEGMENT_WIDTH + 1
        for path in paths:
            above.update(path[:end] for end in range(step, len(path), step))
        return (scoped | self.filter(unit__path__in=sorted(above))).distinct()  # type: ignore[return-value]


class Campaign(models.Model):
    """An emulation campaign (phong trào thi đua) launched by a unit for its subtree."""

    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="campaigns", verbose_name=_("đơn vị phát động")
    )
    name = models.CharField(_("tên phong trào"), max_length=300)
    theme = models.TextField(_("chủ đề, khẩu hiệu"), blank=True)
    kind = models.CharField(_("loại phong trào"), max_length=16, choices=CampaignKind.choices)
    launched_on = models.DateField(_("ngày phát động"))
    starts_on = models.DateField(_("từ ngày"))
    ends_on = models.DateField(_("đến ngày"), null=True, blank=True)
    criteria = models.TextField(_("tiêu chí (mỗi dòng một tiêu chí)"), blank=True)
    target_groups = models.CharField(_("đối tượng tham gia"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CampaignQuerySet.as_manager()

    class Meta:
        verbose_name = _("phong trào thi đua")
        verbose_name_plural = _("phong trào thi đua")
        ordering = ["-launched_on", "id"]
        indexes = [models.Index(fields=["unit", "launched_on"], name="campaign_unit_on")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="campaign_period_order",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def criteria_lines(self) -> list[str]:
        return [line.strip() for line in self.criteria.splitlines() if line.strip()]

    def runs_on(self, day: dt.date) -> bool:
        return self.starts_on <= day and (self.ends_on is None or day <= self.ends_on)


class RegistrationQuerySet(ScopedQuerySet["CampaignRegistration"]):
    scope_path = "unit__path"


class CampaignRegistration(models.Model):
    """A unit's or a member's registration for a campaign (đăng ký thi đua).

    ``unit`` is the registering collective, or the member's unit on the
    registration date (for an individual registration, ``person`` is set).
    """

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="registrations")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("đơn vị"))
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("đoàn viên")
    )
    registered_on = models.DateField(_("ngày đăng ký"))
    commitment = models.TextField(_("nội dung đăng ký"), blank=True)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        verbose_name = _("đăng ký thi đua")
        verbose_name_plural = _("đăng ký thi đua")
        ordering = ["campaign_id", "registered_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "unit"],
                condition=Q(person__isnull=True),
                name="registration_one_per_unit",
            ),
            models.UniqueConstraint(
                fields=["campaign", "person"],
                condition=Q(person__isnull=False),
                name="registration_one_per_person",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.campaign_id}: {self.person or self.unit}"


# --------------------------------------------------------------------------
# initiatives and creative-labour awards


class InitiativeKind(models.TextChoices):
    INITIATIVE = "initiative", _("Sáng kiến")
    SOLUTION = "solution", _("Giải pháp")
    PROJECT = "project", _("Đề tài")


class InitiativeField(models.TextChoices):
    ENGINEERING = "engineering", _("Kỹ thuật")
    MANAGEMENT = "management", _("Quản lý")
    EDUCATION = "education", _("Giáo dục")
    HEALTH = "health", _("Y tế")
    AGRICULTURE = "agriculture", _("Nông, lâm nghiệp")
    IT = "it", _("Công nghệ thông tin")
    ADMINISTRATION = "administration", _("Hành chính, cải cách thủ tục")
    OTHER = "other", _("Khác")


class RecognitionScope(models.TextChoices):
    GRASSROOTS = "grassroots", _("Cấp cơ sở")
    PROVINCE = "province", _("Cấp tỉnh")
    NATIONAL = "national", _("Toàn quốc")


class InitiativeQuerySet(ScopedQuerySet["Initiative"]):
    scope_path = "unit__path"


class Initiative(models.Model):
    """An initiative, solution or project (sáng kiến, giải pháp, đề tài) and its recognition."""

    title = models.CharField(_("tên sáng kiến"), max_length=500)
    kind = models.CharField(
        _("loại"), max_length=16, choices=InitiativeKind.choices, default=InitiativeKind.INITIATIVE
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="initiatives", verbose_name=_("đơn vị")
    )
    field = models.CharField(_("lĩnh vực"), max_length=16, choices=InitiativeField.choices)
    recognised_on = models.DateField(_("ngày công nhận"), null=True, blank=True)
    recognised_by = models.CharField(_("cơ quan công nhận"), max_length=300, blank=True)
    scope = models.CharField(_("cấp công nhận"), max_length=16, choices=RecognitionScope.choices, blank=True)
    value = models.BigIntegerField(_("giá trị làm lợi ước tính (đồng)"), null=True, blank=True)
    campaign = models.ForeignKey(
        Campaign,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="initiatives",
        verbose_name=_("phong trào"),
    )
    summary = models.TextField(_("tóm tắt"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = InitiativeQuerySet.as_manager()

    class Meta:
        verbose_name = _("sáng kiến")
        verbose_name_plural = _("sáng kiến")
        ordering = ["-recognised_on", "id"]
        indexes = [
            models.Index(fields=["unit", "recognised_on"], name="initiative_unit_on"),
            models.Index(fields=["scope", "recognised_on"], name="initiative_scope_on"),
        ]
        constraints = [
            # Recognised means all three: date, body and scope.
            models.CheckConstraint(
                condition=(Q(recognised_on__isnull=True) & Q(scope=""))
                | (Q(recognised_on__isnull=False) & ~Q(scope="")),
                name="initiative_recognition_whole",
            ),
            models.CheckConstraint(
                condition=Q(value__isnull=True) | Q(value__gte=0), name="initiative_value_gte0"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_recognised(self) -> bool:
        return self.recognised_on is not None


class InitiativeAuthor(models.Model):
    """An author of an initiative, in the order the recognition lists them (tác giả)."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="authors")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+", verbose_name=_("tác giả"))
    position = models.PositiveSmallIntegerField(_("thứ tự"))

    class Meta:
        verbose_name = _("tác giả")
        verbose_name_plural = _("tác giả")
        ordering = ["initiative_id", "position"]
        constraints = [
            models.UniqueConstraint(fields=["initiative", "person"], name="author_once"),
            models.UniqueConstraint(fields=["initiative", "position"], name="author_position_once"),
        ]

    def __str__(self) -> str:
        return f"{self.initiative_id}#{self.position}: {self.person_id}"


class CreativeAwardQuerySet(ScopedQuerySet["CreativeLabourAward"]):
    scope_path = "unit__path"


class CreativeLabourAward(models.Model):
    """A creative-labour certificate (Bằng Lao động sáng tạo) of the confederation for an initiative.

    ``unit`` is the initiative's unit, copied so that the award is counted
    on its own date with the same (unit, date) index as the other records.
    """

    initiative = models.OneToOneField(
        Initiative, on_delete=models.PROTECT, related_name="creative_award", verbose_name=_("sáng kiến")
    )
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("đơn vị"))
    decision_number = models.CharField(_("số quyết định"), max_length=100)
    awarded_on = models.DateField(_("ngày quyết định"))

    objects = CreativeAwardQuerySet.as_manager()

    class Meta:
        verbose_name = _("Bằng Lao động sáng tạo")
        verbose_name_plural = _("Bằng Lao động sáng tạo")
        ordering = ["-awarded_on", "id"]
        indexes = [models.Index(fields=["unit", "awarded_on"], name="creativeaward_unit_on")]

    def __str__(self) -> str:
        return f"{self.decision_number} ({self.awarded_on})"


# --------------------------------------------------------------------------
# award decisions


class AwardForm(models.TextChoices):
    CERTIFICATE_OF_MERIT = "certificate_of_merit", _("Bằng khen")
    COMMENDATION = "commendation", _("Giấy khen")
    EMULATION_FLAG = "emulation_flag", _("Cờ thi đua")
    EMULATION_FIGHTER = "emulation_fighter", _("Chiến sĩ thi đua cơ sở")
    EXCELLENT_COLLECTIVE = "excellent_collective", _("Tập thể lao động xuất sắc")
    ADVANCED_WORKER = "advanced_worker", _("Lao động tiên tiến")
    OTHER = "other", _("Hình thức khác")


class AwardLevel(models.TextChoices):
    CONFEDERATION = "confederation", _("Tổng Liên đoàn")
    PROVINCE = "province", _("Cấp tỉnh")
    UPPER = "upper", _("Cấp trên trực tiếp cơ sở")
    GRASSROOTS = "grassroots", _("Cấp cơ sở")


class RecipientKind(models.TextChoices):
    COLLECTIVE = "collective", _("Tập thể")
    INDIVIDUAL = "individual", _("Cá nhân")


class AwardDecisionQuerySet(ScopedQuerySet["AwardDecision"]):
    scope_path = "unit__path"


class AwardDecision(models.Model):
    """A decision on awards (quyết định khen thưởng) and its recipients.

    ``unit`` is the issuing union unit; for a decision of a body outside
    the union (the provincial People's Committee), ``issuer_name`` names
    that body and ``unit`` is the union unit that records it. Numbers are
    unique per unit and year.
    """

    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="award_decisions", verbose_name=_("đơn vị ban hành")
    )
    issuer_name = models.CharField(_("cơ quan ban hành ngoài công đoàn"), max_length=300, blank=True)
    number = models.CharField(_("số quyết định"), max_length=100)
    year = models.PositiveSmallIntegerField(_("năm"), editable=False)
    decided_on = models.DateField(_("ngày quyết định"))
    signer_name = models.CharField(_("người ký"), max_length=120)
    signer_title = models.CharField(_("chức vụ người ký"), max_length=200)
    form = models.CharField(_("hình thức khen thưởng"), max_length=32, choices=AwardForm.choices)
    level = models.CharField(_("cấp khen thưởng"), max_length=16, choices=AwardLevel.choices)
    campaign = models.ForeignKey(
        Campaign,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="award_decisions",
        verbose_name=_("phong trào"),
    )
    reason = models.TextField(_("lý do khen thưởng"))
    created_at = models.DateTimeField(auto_now_add=True)

    objects = AwardDecisionQuerySet.as_manager()

    class Meta:
        verbose_name = _("quyết định khen thưởng")
        verbose_name_plural = _("quyết định khen thưởng")
        ordering = ["-decided_on", "id"]
        indexes = [models.Index(fields=["unit", "decided_on"], name="awarddecision_unit_on")]
        constraints = [
            models.UniqueConstraint(fields=["unit", "year", "number"], name="awarddecision_number_per_year"),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def issuer(self) -> str:
        return self.issuer_name or self.unit.name


class RecipientQuerySet(ScopedQuerySet["AwardRecipient"]):
    scope_path = "unit__path"


class AwardRecipient(models.Model):
    """A collective (unit) or an individual (member) awarded by a decision.

    ``unit`` is the collective, or the member's unit on the decision's
    date; ``decided_on`` and ``form`` are the decision's, copied for counting.
    """

    decision = models.ForeignKey(AwardDecision, on_delete=models.CASCADE, related_name="recipients")
    kind = models.CharField(_("đối tượng"), max_length=16, choices=RecipientKind.choices)
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("đơn vị"))
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("cá nhân")
    )
    name = models.CharField(_("tên tập thể, cá nhân"), max_length=300)
    position = models.PositiveSmallIntegerField(_("thứ tự"))
    decided_on = models.DateField(_("ngày quyết định"))
    form = models.CharField(_("hình thức khen thưởng"), max_length=32, choices=AwardForm.choices)

    objects = RecipientQuerySet.as_manager()

    class Meta:
        verbose_name = _("tập thể, cá nhân được khen thưởng")
        verbose_name_plural = _("tập thể, cá nhân được khen thưởng")
        ordering = ["decision_id", "position"]
        indexes = [models.Index(fields=["unit", "decided_on"], name="awardrecipient_unit_on")]
        constraints = [
            models.UniqueConstraint(fields=["decision", "position"], name="recipient_position_once"),
            models.CheckConstraint(
                condition=(Q(kind="collective") & Q(person__isnull=True))
                | (Q(kind="individual") & Q(person__isnull=False)),
                name="recipient_kind_matches",
            ),
        ]

    def __str__(self) -> str:
        return self.name


# --------------------------------------------------------------------------
# yearly grading of grassroots unions


class Grade(models.TextChoices):
    EXCELLENT = "excellent", _("Hoàn thành xuất sắc nhiệm vụ")
    GOOD = "good", _("Hoàn thành tốt nhiệm vụ")
    DONE = "done", _("Hoàn thành nhiệm vụ")
    NOT_DONE = "not_done", _("Không hoàn thành nhiệm vụ")


class GradingQuerySet(ScopedQuerySet["Grading"]):
    scope_path = "unit__path"


class Grading(models.Model):
    """The yearly grading of a grassroots union (đánh giá, xếp loại CĐCS) with its score sheet.

    ``sheet`` is the score sheet: a list of ``{"criterion", "max", "score"}``
    (points as text, one decimal). ``grade`` follows from the total by the
    thresholds in :mod:`congdoan.emulation.grading`. ``as_of`` is the last
    day of ``year``: the grading counts where the unit stood then.
    """

    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="gradings", verbose_name=_("đơn vị")
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    as_of = models.DateField(editable=False)
    sheet = models.JSONField(_("bảng điểm"), default=list)
    total = models.DecimalField(_("tổng điểm"), max_digits=6, decimal_places=1)
    max_total = models.DecimalField(_("điểm tối đa"), max_digits=6, decimal_places=1)
    grade = models.CharField(_("xếp loại"), max_length=16, choices=Grade.choices)
    note = models.TextField(_("nhận xét"), blank=True)
    graded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = GradingQuerySet.as_manager()

    class Meta:
        verbose_name = _("xếp loại công đoàn cơ sở")
        verbose_name_plural = _("xếp loại công đoàn cơ sở")
        ordering = ["-year", "unit__name_sort", "id"]
        indexes = [models.Index(fields=["unit", "as_of"], name="grading_unit_as_of")]
        constraints = [models.UniqueConstraint(fields=["unit", "year"], name="grading_one_per_unit_year")]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.year}: {self.get_grade_display()}"
