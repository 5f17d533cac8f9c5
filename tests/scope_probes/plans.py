"""Targets under district B for the URL scope walk: B's own and its grassroots unions' 2024 targets."""

from __future__ import annotations

import datetime as dt

from congdoan.plans import services
from congdoan.plans.models import Target


def probe(tree, officer_b) -> dict:
    services.set_target(actor=None, unit=tree.province, year=2024, indicator="new_members", value=30)
    services.distribute(
        actor=None,
        parent=tree.province,
        year=2024,
        indicator="new_members",
        values={tree.a: 10, tree.b: 10, tree.sapa: 10},
        tree_on=dt.date(2024, 1, 1),
    )
    services.distribute(
        actor=None,
        parent=tree.b,
        year=2024,
        indicator="new_members",
        values={tree.b1: 4, tree.b2: 6},
        tree_on=dt.date(2024, 1, 1),
    )
    return {
        "values": {"plan_unit_pk": [tree.b.pk, tree.b1.pk]},
        "post": {
            "year": "2024",
            "indicator": "new_members",
            "value": "99",
            "tree_on": "2024-01-01",
            f"unit_{tree.b1.pk}": "1",
            f"unit_{tree.b2.pk}": "9",
        },
    }


def state(tree) -> tuple:
    low, high = tree.b.path, tree.b.path[:-1] + "/"
    targets = Target.objects.filter(unit__path__gte=low, unit__path__lt=high).order_by("id")
    return tuple(
        targets.values_list("id", "unit_id", "year", "indicator", "value", "assigned_by_id", "tree_on")
    )
