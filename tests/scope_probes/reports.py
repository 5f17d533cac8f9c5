"""Reports under district B for the URL scope walk: the annual report of B and of its grassroots union."""

from __future__ import annotations


def probe(tree, officer_b) -> dict:
    return {"values": {"report_unit_pk": [tree.b.pk, tree.b1.pk]}}
