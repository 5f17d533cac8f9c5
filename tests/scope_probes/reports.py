"""Reports under district B for the URL scope walk: the dashboard, annual report and figures of B and its union."""

from __future__ import annotations


def probe(tree, officer_b) -> dict:
    return {
        "values": {"report_unit_pk": [tree.b.pk, tree.b1.pk], "code": ["members.total", "support.amount"]}
    }
