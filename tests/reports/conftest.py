"""The report tests share one year of records on the small tree (tests/report_year.py)."""

from report_year import year  # noqa: F401 - a fixture
