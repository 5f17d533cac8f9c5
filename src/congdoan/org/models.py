"""The organisation tree: units (đơn vị công đoàn) with effective-dated parent, name and status.

Representation (see docs/decisions/0002-org-tree-representation.md): every
unit has a sequence of :class:`UnitVersion` rows, each valid over
``[valid_from, valid_to)``, holding the parent, name, status and the
materialised path of ancestor ids *as of that period*. When a unit moves,
the versions of its descendants that are valid from that date are split
and re-pathed, so "the subtree of X on date D" is one indexed range query
on ``path`` plus a date condition.

:class:`Unit` keeps the stable identity (code, level, kind, address) and a
copy of its newest version (name, parent, path, status) for everyday
current-state pages and for the scope mechanism.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from congdoan.accounts.scope import ScopedQuerySet

#: ``valid_to`` of a version that has not ended. A date, not NULL, so that
#: "valid on D" is two plain comparisons any index can serve.
OPEN_END = dt.date(9999, 12, 31)

PATH_SEGMENT_WIDTH = 10


def path_segment(unit_id: int) -> str:
    return f"{unit_id:0{PATH_SEGMENT_WIDTH}d}."


def path_ids(path: str) -> list[int]:
    """The unit ids of a materialised path, from the root down to the unit itself."""
    return [int(segment) for segment in path.strip(".").split(".")] if path else []


class PathField(models.CharField):
    """A materialised path, compared byte by byte on every database.

    "The subtree of X" is the range ``[X.path, X.path[:-1] + "/")``, which
    holds only under a bytewise collation. SQLite compares text bytewise; a
    PostgreSQL database created with a language collation (en_US.UTF-8,
    vi_VN.UTF-8) skips punctuation at first and sorts ``…0002.0042.`` after
    ``…0002/``, so the range would miss every descendant. There the column
    gets collation "C" (docs/decisions/0002-org-tree-representation.md).
    """

    def db_parameters(self, connection: Any) -> dict[str, Any]:
        params = super().db_parameters(connection)
        if connection.vendor == "postgresql":
            params["collation"] = "C"
        return params


class Level(models.TextChoices):
    """Levels of the union organisation (cấp công đoàn)."""

    CONFEDERATION = "confederation", _("Tổng Liên đoàn")
    PROVINCE_FEDERATION = "province_federation", _("Liên đoàn Lao động tỉnh, thành phố")
    NATIONAL_SECTOR_UNION = "national_sector_union", _("Công đoàn ngành trung ương")
    DISTRICT_FEDERATION = "district_federation", _("Liên đoàn Lao động huyện, thị xã, thành phố")
    COMMUNE_UNION = "commune_union", _("Công đoàn xã, phường, đặc khu")
    INDUSTRIAL_ZONE_UNION = "industrial_zone_union", _("Công đoàn khu công nghiệp, khu kinh tế")
    SECTOR_UNION = "sector_union", _("Công đoàn ngành địa phương")
    UPPER_OTHER = "upper_other", _("Công đoàn cấp trên trực tiếp cơ sở khác")
    GRASSROOTS = "grassroots", _("Công đoàn cơ sở")
    BRANCH = "branch", _("Công đoàn bộ phận")
    GROUP = "group", _("Tổ công đoàn")


#: Tier of each level: 1 national, 2 province/national sector, 3 directly
#: above grassroots, 4 grassroots, 5 branch, 6 group. A parent's tier is lower.
TIER: dict[str, int] = {
    Level.CONFEDERATION: 1,
    Level.PROVINCE_FEDERATION: 2,
    Level.NATIONAL_SECTOR_UNION: 2,
    Level.DISTRICT_FEDERATION: 3,
    Level.COMMUNE_UNION: 3,
    Level.INDUSTRIAL_ZONE_UNION: 3,
    Level.SECTOR_UNION: 3,
    Level.UPPER_OTHER: 3,
    Level.GRASSROOTS: 4,
    Level.BRANCH: 5,
    Level.GROUP: 6,
}

UPPER_LEVELS = frozenset(level for level, tier in TIER.items() if tier == 3)


class UnitKind(models.TextChoices):
    """Kind of the employer a unit sits in (loại hình)."""

    STATE_ENTERPRISE = "state_enterprise", _("Doanh nghiệp nhà nước")
    PRIVATE_ENTERPRISE = "private_enterprise", _("Doanh nghiệp ngoài nhà nước")
    FDI_ENTERPRISE = "fdi_enterprise", _("Doanh nghiệp có vốn đầu tư nước ngoài")
    ADMINISTRATIVE_AGENCY = "administrative_agency", _("Cơ quan hành chính nhà nước")
    PUBLIC_SERVICE_UNIT = "public_service_unit", _("Đơn vị sự nghiệp công lập")
    COOPERATIVE = "cooperative", _("Hợp tác xã")
    OTHER = "other", _("Khác")


class Status(models.TextChoices):
    ACTIVE = "active", _("Đang hoạt động")
    DISSOLVED = "dissolved", _("Đã giải thể")
    MERGED = "merged", _("Đã hợp nhất, sáp nhập")
    SPLIT = "split", _("Đã chia tách")


class UnitQuerySet(ScopedQuerySet["Unit"]):
    scope_path = "path"

    def active(self) -> UnitQuerySet:
        return self.filter(status=Status.ACTIVE)


class Unit(models.Model):
    """A union unit at any level (đơn vị công đoàn)."""

    code = models.CharField(_("mã đơn vị"), max_length=40, unique=True)
    level = models.CharField(_("cấp"), max_length=32, choices=Level.choices, db_index=True)
    kind = models.CharField(_("loại hình"), max_length=32, choices=UnitKind.choices, blank=True)
    founded_on = models.DateField(_("ngày thành lập"))
    ended_on = models.DateField(_("ngày kết thúc"), null=True, blank=True)
    employer = models.CharField(_("đơn vị sử dụng lao động"), max_length=300, blank=True)
    province_code = models.PositiveIntegerField(_("tỉnh, thành phố"), null=True, blank=True)
    ward_code = models.PositiveIntegerField(_("xã, phường"), null=True, blank=True, db_index=True)
    street = models.CharField(_("địa chỉ"), max_length=300, blank=True)
    successor = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="predecessors",
        verbose_name=_("đơn vị kế thừa"),
    )

    # Copy of the newest version, kept by the services.
    name = models.CharField(_("tên đơn vị"), max_length=300)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="current_children",
        verbose_name=_("đơn vị cấp trên"),
    )
    status = models.CharField(_("trạng thái"), max_length=16, choices=Status.choices, default=Status.ACTIVE)
    path = PathField(max_length=255, db_index=True)
    depth = models.PositiveSmallIntegerField(default=0)
    # Diacritic-free, lower-case code and every name the unit has had: search.
    search_text = models.TextField(blank=True)
    name_sort = models.CharField(max_length=600, blank=True, db_index=True)

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("đơn vị")
        verbose_name_plural = _("đơn vị")
        ordering = ["path"]

    def __str__(self) -> str:
        return self.name

    @property
    def tier(self) -> int:
        return TIER[self.level]

    @property
    def is_active(self) -> bool:
        return self.status == Status.ACTIVE


class UnitVersionQuerySet(ScopedQuerySet["UnitVersion"]):
    scope_path = "unit__path"

    def on(self, day: dt.date) -> UnitVersionQuerySet:
        """Versions valid on ``day``."""
        return self.filter(valid_from__lte=day, valid_to__gt=day)


class UnitVersion(models.Model):
    """The parent, name and status of a unit over a period (lịch sử đơn vị)."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="versions")
    valid_from = models.DateField(_("từ ngày"))
    valid_to = models.DateField(_("đến trước ngày"), default=OPEN_END)
    parent = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("đơn vị cấp trên"),
    )
    name = models.CharField(_("tên đơn vị"), max_length=300)
    status = models.CharField(_("trạng thái"), max_length=16, choices=Status.choices)
    path = PathField(max_length=255)
    depth = models.PositiveSmallIntegerField(default=0)

    objects = UnitVersionQuerySet.as_manager()

    class Meta:
        verbose_name = _("giai đoạn của đơn vị")
        verbose_name_plural = _("lịch sử đơn vị")
        ordering = ["unit_id", "valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "valid_from"], name="unitversion_one_per_start"),
            models.CheckConstraint(
                condition=models.Q(valid_to__gt=models.F("valid_from")),
                name="unitversion_nonempty_period",
            ),
        ]
        indexes = [
            models.Index(fields=["path", "valid_from"], name="unitversion_path_from"),
            models.Index(fields=["parent", "valid_from"], name="unitversion_parent_from"),
        ]

    def __str__(self) -> str:
        return f"{self.name} [{self.valid_from} – {self.valid_to}]"

    @property
    def is_open(self) -> bool:
        return self.valid_to == OPEN_END


class EventKind(models.TextChoices):
    FOUNDED = "founded", _("Thành lập")
    RENAMED = "renamed", _("Đổi tên")
    MOVED = "moved", _("Chuyển đơn vị cấp trên")
    MERGED = "merged", _("Hợp nhất, sáp nhập")
    ABSORBED = "absorbed", _("Tiếp nhận đơn vị sáp nhập")
    SPLIT = "split", _("Chia tách")
    DISSOLVED = "dissolved", _("Giải thể")
    UPDATED = "updated", _("Cập nhật thông tin")
    WORKFORCE = "workforce", _("Báo cáo số lao động")


class UnitEventQuerySet(ScopedQuerySet["UnitEvent"]):
    scope_path = "unit__path"


class UnitEvent(models.Model):
    """One dated operation in a unit's history (sự kiện tổ chức)."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("loại"), max_length=16, choices=EventKind.choices)
    on = models.DateField(_("ngày hiệu lực"))
    summary = models.CharField(_("nội dung"), max_length=500)
    details = models.JSONField(default=dict, blank=True)
    decision = models.CharField(_("số quyết định"), max_length=100, blank=True)
    reason = models.TextField(_("lý do"), blank=True)
    batch = models.CharField(_("đợt sắp xếp"), max_length=64, blank=True, db_index=True)
    recorded_at = models.DateTimeField(auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = UnitEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("sự kiện tổ chức")
        verbose_name_plural = _("sự kiện tổ chức")
        ordering = ["on", "id"]

    def __str__(self) -> str:
        return f"{self.on} {self.get_kind_display()}: {self.summary}"


class WorkforceQuerySet(ScopedQuerySet["WorkforceReport"]):
    scope_path = "unit__path"


class WorkforceReport(models.Model):
    """Number of workers a unit covers, as reported on a date (số lao động)."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="workforce")
    as_of = models.DateField(_("tính đến ngày"))
    workers = models.PositiveIntegerField(_("số lao động"))
    women = models.PositiveIntegerField(_("lao động nữ"), null=True, blank=True)

    objects = WorkforceQuerySet.as_manager()

    class Meta:
        verbose_name = _("số lao động")
        verbose_name_plural = _("số lao động")
        ordering = ["unit_id", "-as_of"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "as_of"], name="workforce_one_per_date"),
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.as_of}: {self.workers}"
