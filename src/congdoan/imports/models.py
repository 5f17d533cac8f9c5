"""An import through the browser (lần nhập): the uploaded file, its check, its import.

The job keeps the upload under ``MEDIA_ROOT/imports/<random id>/`` (never
under the name the user gave it), the options, where it stands
(uploaded → checking → checked → importing → done, or failed), the
progress of the running step and the result of each step as JSON
(``ImportResult.as_dict()``, errors capped). The file and its by-products
(the errors of the check, the marked copy, the rejected rows) are deleted
with the job.

Scope: a job on a unit is seen by the users who may change that unit
(``visible_to``); a job whose units are named in the file's column is seen
by the user who uploaded it.
"""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from congdoan.accounts.scope import ScopedQuerySet, scope_q


class JobState(models.TextChoices):
    UPLOADED = "uploaded", _("Đang chờ kiểm tra")
    CHECKING = "checking", _("Đang kiểm tra")
    CHECKED = "checked", _("Đã kiểm tra")
    IMPORTING = "importing", _("Đang nhập")
    DONE = "done", _("Đã nhập")
    FAILED = "failed", _("Không nhập được")


#: States in which a background step is queued or running.
RUNNING_STATES = frozenset({JobState.UPLOADED, JobState.CHECKING, JobState.IMPORTING})


class ImportJobQuerySet(ScopedQuerySet["ImportJob"]):
    def visible_to(self, user: Any, action: str = "change") -> ImportJobQuerySet:
        """Jobs on units where ``user`` may change members, and the user's own jobs without a unit.

        ``change`` by default: a job holds the personal data of a whole
        list, for the officers who keep that list. A record kind whose
        import needs another action (``RecordKind.action``: ``approve`` …)
        has its jobs seen by the users who may do that action on the unit,
        as its upload page is.
        """
        q = scope_q(user, action, field="unit__path")
        if q is None:
            return self
        by_action: dict[str, list[str]] = {}
        if action == "change":
            from congdoan.imports.records import kinds

            for kind in kinds():
                if kind.action != action:
                    by_action.setdefault(kind.action, []).append(kind.name)
        on_unit = Q(unit__isnull=False) & q
        if by_action:
            on_unit &= ~Q(kind__in=[name for names in by_action.values() for name in names])
            for other, names in by_action.items():
                other_q = scope_q(user, other, field="unit__path")
                on_unit |= Q(unit__isnull=False, kind__in=names) & (other_q if other_q is not None else Q())
        own = Q(unit__isnull=True, user=user) if getattr(user, "pk", None) else Q(pk__in=[])
        return self.filter(on_unit | own)


def _token() -> str:
    return secrets.token_hex(16)


#: ``ImportJob.kind`` of a member list (``imports/members.py``); any other value names a record kind.
MEMBERS_KIND = "members"


class ImportJob(models.Model):
    """One file uploaded through the browser (a member list or a record kind's table), checked, then imported."""

    # What the file holds: "members", or the name of a registered record kind (``records.register``).
    kind = models.CharField(_("loại dữ liệu"), max_length=32, default=MEMBERS_KIND)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("người nhập")
    )
    # The unit that receives the list; None: the units named in the file's "Mã công đoàn cơ sở" column.
    unit = models.ForeignKey(
        "org.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("đơn vị"),
    )
    # The unit page the import started from (where "back" leads).
    origin = models.ForeignKey("org.Unit", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    filename = models.CharField(_("tên tệp"), max_length=255)
    token = models.CharField(max_length=32, unique=True, default=_token, editable=False)
    stored_name = models.CharField(max_length=64)  # the upload's name inside the job's folder
    size = models.BigIntegerField(default=0)
    skip_invalid = models.BooleanField(_("bỏ qua dòng lỗi"), default=False)
    state = models.CharField(
        _("trạng thái"), max_length=16, choices=JobState.choices, default=JobState.UPLOADED
    )
    rows_done = models.IntegerField(default=0)
    rows_total = models.IntegerField(null=True, blank=True)
    # What the check found: ImportResult.as_dict() of the dry run, plus the sheets and columns read.
    preview = models.JSONField(null=True, blank=True)
    # What the import did: ImportResult.as_dict() of the real run.
    result = models.JSONField(null=True, blank=True)
    message = models.TextField(blank=True)  # why the job failed, in Vietnamese
    message_code = models.CharField(max_length=32, blank=True)  # UnusableFile.code, "" otherwise
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    task_id = models.CharField(max_length=64, blank=True)  # the background task running now
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = ImportJobQuerySet.as_manager()

    class Meta:
        verbose_name = _("lần nhập danh sách")
        verbose_name_plural = _("các lần nhập danh sách")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.filename} ({self.get_state_display()})"

    # The job's files ---------------------------------------------------------

    @property
    def folder(self) -> Path:
        return Path(settings.MEDIA_ROOT) / "imports" / self.token

    @property
    def upload_path(self) -> Path:
        return self.folder / self.stored_name

    @property
    def errors_path(self) -> Path:
        """Every error of the check, one JSON object a line (the result keeps only the first ones)."""
        return self.folder / "errors.jsonl"

    @property
    def marked_path(self) -> Path:
        return self.folder / "danh-dau-loi.xlsx"

    @property
    def rejects_path(self) -> Path:
        return self.folder / "dong-loi.xlsx"

    @property
    def progress_path(self) -> Path:
        return self.folder / "progress"

    @property
    def is_members(self) -> bool:
        return self.kind == MEMBERS_KIND

    @property
    def is_running(self) -> bool:
        return self.state in RUNNING_STATES
