"""Fixtures of the import tests: the test record kind (``record_kind.py``), registered while a test runs."""

from __future__ import annotations

import pytest

from congdoan.imports import records
from imports import record_kind


@pytest.fixture
def workforce_kind():
    """The ``workforce`` record kind, importable (CLI, browser) for the test, forgotten after."""
    records.register(record_kind.KIND)
    record_kind.written_batches.clear()
    yield record_kind.KIND
    records.unregister(record_kind.KIND.name)
