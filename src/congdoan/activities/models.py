"""Study, outreach and training sessions (buổi học tập, tuyên truyền) and who attended them.

A :class:`Session` is one session a unit organised on one day: the study
of a directive or resolution, outreach on policy and law, training of
union officers, a legal consultation, a collective bargaining or dialogue
meeting. Its participants are kept in one of two ways:

- a **headcount** (``Mode.HEADCOUNT``): the total and the women, as the
  paper report gives them when no list was kept;
- a **roster** (``Mode.ROSTER``): the members invited, each marked present
  or absent (:class:`Attendance`, điểm danh).

Either way ``participants`` and ``women`` hold the session's counts (for a
roster the services compute them from the members present), so the reports
add one column instead of joining the rosters. Counts are participations
(lượt người): a member at two sessions counts twice. A session counts on
its date (``on``) where its organising unit stood in the tree that day
(``org.selectors.dated_in_subtree_q``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from congdoan.accounts.scope import ScopedQuerySet
from congdoan.members.models import Person
from congdoan.org.models import Unit


class SessionKind(models.TextChoices):
    """What a session was, as the federations' reviews group them."""

    STUDY = "study", _("Học tập, quán triệt chỉ thị, nghị quyết")
    OUTREACH = "outreach", _("Tuyên truyền")
    POLICY_LAW = "policy_law", _("Phổ biến chính sách, pháp luật")
    OFFICER_TRAINING = "officer_training", _("Tập huấn cán bộ công đoàn")
    LEGAL_CONSULTATION = "legal_consultation", _("Tư vấn pháp luật")
    BARGAINING = "bargaining", _("Thương lượng tập thể")
    DIALOGUE = "dialogue", _("Đối thoại tại nơi làm việc")
    OTHER = "other", _("Khác")


class Mode(models.TextChoices):
    """How the participants are kept."""

    HEADCOUNT = "headcount", _("Số lượng (tổng số, số nữ)")
    ROSTER = "roster", _("Danh sách đoàn viên (điểm danh)")


class SessionQuerySet(ScopedQuerySet["Session"]):
    scope_path = "unit__path"


class Session(models.Model):
    """One study, outreach or training session organised by a unit on a day (buổi học tập, tuyên truyền)."""

    topic = models.CharField(_("chủ đề, nội dung"), max_length=300)
    kind = models.CharField(_("hình thức"), max_length=20, choices=SessionKind.choices)
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("đơn vị tổ chức")
    )
    on = models.DateField(_("ngày tổ chức"))
    place = models.CharField(_("địa điểm"), max_length=300, blank=True)
    mode = models.CharField(_("cách ghi người tham dự"), max_length=12, choices=Mode.choices)
    # The counts of the session: given for a headcount, computed from the roster otherwise.
    participants = models.PositiveIntegerField(_("số lượt người tham dự"))
    women = models.PositiveIntegerField(_("trong đó nữ"))
    note = models.TextField(_("ghi chú"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = SessionQuerySet.as_manager()

    class Meta:
        verbose_name = _("buổi học tập, tuyên truyền")
        verbose_name_plural = _("buổi học tập, tuyên truyền")
        ordering = ["-on", "-id"]
        indexes = [
            # Counting for reports: the sessions of these units in a period.
            models.Index(fields=["unit", "on"], name="session_unit_on"),
            models.Index(fields=["on"], name="session_on"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(women__lte=models.F("participants")), name="session_women"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.topic} — {self.on}"

    @property
    def men(self) -> int:
        return self.participants - self.women


class AttendanceQuerySet(ScopedQuerySet["Attendance"]):
    scope_path = "session__unit__path"


class Attendance(models.Model):
    """A member on a session's roster, present or absent (điểm danh)."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="roster")
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="attendances", verbose_name=_("đoàn viên")
    )
    present = models.BooleanField(_("có mặt"), default=True)

    objects = AttendanceQuerySet.as_manager()

    class Meta:
        verbose_name = _("điểm danh")
        verbose_name_plural = _("điểm danh")
        ordering = ["session_id", "id"]
        constraints = [
            models.UniqueConstraint(fields=["session", "person"], name="attendance_once_per_session"),
        ]
        indexes = [models.Index(fields=["person", "session"], name="attendance_person")]

    def __str__(self) -> str:
        return f"{self.person_id} @ {self.session_id}: {'+' if self.present else '-'}"
