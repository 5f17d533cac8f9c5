"""What each app adds to the scope walk of ``tests/test_url_scope.py``.

One module per app (``care.py``, ``activities.py`` …), so apps do not edit
the same file. A module defines

- ``probe(tree, officer_b) -> {"values": {...}, "post": {...}}``: objects
  under district B that the app's URL arguments can name (``"grant_pk":
  [pk, …]``), and form fields of the app's pages pointing at B;
- optionally ``state(tree) -> tuple``: what of the app's records under B a
  user of district A must never be able to change.
"""

from __future__ import annotations

import importlib
import pkgutil
from types import ModuleType


def modules() -> list[ModuleType]:
    return [
        importlib.import_module(f"{__name__}.{info.name}")
        for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name)
    ]
