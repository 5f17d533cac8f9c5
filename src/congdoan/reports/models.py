"""Figures kept between reports (``kept.py``): one source's values for one unit's subtree and span of days."""

from __future__ import annotations

from django.db import models

from congdoan.org.models import Unit


class KeptFigure(models.Model):
    """The values of ``source`` (members, support, …) for ``unit``'s subtree from ``start`` to ``end``
    (inclusive; a stock has ``start == end``), counted where each record's unit stood on its own day.

    A pure function of the records and the tree: written when a report first needs it, deleted by
    :func:`congdoan.reports.kept.forget` when a record or the tree changes on a day it covers.
    """

    source = models.CharField(max_length=24)
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    start = models.DateField()
    end = models.DateField()
    values = models.JSONField(default=dict)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["source", "unit", "start", "end"], name="kept_figure_key"),
        ]
        indexes = [
            models.Index(fields=["unit", "end"], name="kept_figure_unit_end"),
            models.Index(fields=["source", "end", "start"], name="kept_figure_days"),
        ]

    def __str__(self) -> str:
        return f"{self.source} {self.unit_id} {self.start}–{self.end}"
