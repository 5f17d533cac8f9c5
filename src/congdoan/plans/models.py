"""Yearly targets per unit and indicator (chỉ tiêu), distributed down the tree.

A :class:`Target` is one unit's value for one indicator and year, and says
who assigned it: the parent unit that distributed it to its children, or
the unit itself at the top of a distribution (a province setting its own
target). ``tree_on`` is the date of the tree the distribution was made on:
the assigning unit's children as they stood that day (1 January of the
year unless the officer chose a later day in the year).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from congdoan.accounts.scope import ScopedQuerySet
from congdoan.org.models import Unit


class TargetQuerySet(ScopedQuerySet["Target"]):
    scope_path = "unit__path"


class Target(models.Model):
    """A unit's yearly target for one indicator (chỉ tiêu năm)."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="targets", verbose_name=_("đơn vị"))
    year = models.PositiveSmallIntegerField(_("năm"))
    indicator = models.CharField(_("chỉ tiêu"), max_length=40)
    value = models.PositiveBigIntegerField(_("giá trị"))
    assigned_by = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("đơn vị giao")
    )
    tree_on = models.DateField(_("theo cây tổ chức ngày"))
    recorded_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = TargetQuerySet.as_manager()

    class Meta:
        verbose_name = _("chỉ tiêu")
        verbose_name_plural = _("chỉ tiêu")
        ordering = ["year", "indicator", "unit_id"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "year", "indicator"], name="target_one_per_unit_year"),
        ]
        indexes = [
            models.Index(fields=["assigned_by", "year", "indicator"], name="target_assigned_by"),
            models.Index(fields=["year", "indicator"], name="target_year_indicator"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.year}: {self.value}"

    @property
    def is_top(self) -> bool:
        """Set by the unit itself (the top of a distribution), not by a parent."""
        return self.assigned_by_id == self.unit_id
