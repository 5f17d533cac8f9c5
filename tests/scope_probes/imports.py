"""Record imports for the URL scope walk: the kind in ``/imports/<kind>/…`` is a real one.

The kind itself is nothing under district B; the walk's 404s come from the
unit (``pk`` of B, ``?unit=BX``), as for the member import.
"""

from __future__ import annotations


def probe(tree, officer_b) -> dict:
    return {"values": {"kind": ["grants"]}}
