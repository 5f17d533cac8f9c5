"""Where the records behind a figure are listed: the apps' list pages, filtered to the unit and period."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from django.urls import reverse

from congdoan.org.models import Unit

#: Code prefix of the indicators → (URL name, whether the URL takes the unit's pk, extra filters).
_PAGES: list[tuple[str, str]] = [
    ("members.new", "members"),
    ("members.", "members"),
    ("support.", "care"),
    ("activities.", "activities"),
    ("initiatives.", "initiatives"),
    ("creative_awards", "creative_awards"),
    ("decisions.", "decisions"),
    ("awarded.", "decisions"),
    ("grading.", "gradings"),
    ("members.new.percent", "plans"),
    ("targets_met.", "plans"),
]


def records_url(code: str, unit: Unit, start: dt.date, end: dt.date) -> str:
    """The list of the records behind figure ``code`` of ``unit``'s subtree, or "" when there is none."""
    page = next(
        (page for prefix, page in sorted(_PAGES, key=lambda p: -len(p[0])) if code.startswith(prefix)), ""
    )
    period = {"unit": unit.code, "start": start.isoformat(), "end": end.isoformat()}
    suffix = code.rsplit(".", 1)[-1]
    if page == "members":
        query: dict[str, str] = {"on": end.isoformat()}
        if code == "members.women":
            query["gender"] = "female"
        if code == "members.minorities":
            query["ethnicity"] = "minority"
        return f"{reverse('members:list', args=[unit.pk])}?{urlencode(query)}"
    if page == "care":
        query = {**period, "state": "paid"}
        if code.count(".") == 2:
            query["kind"] = suffix
        return f"{reverse('care:index')}?{urlencode(query)}"
    if page == "activities":
        query = dict(period)
        if code.count(".") == 2 and suffix != "women":
            query["kind"] = suffix
        return f"{reverse('activities:index')}?{urlencode(query)}"
    if page == "initiatives":
        return f"{reverse('emulation:initiatives')}?{urlencode({**period, 'scope': suffix})}"
    if page == "creative_awards":
        return f"{reverse('emulation:creative_awards')}?{urlencode(period)}"
    if page == "decisions":
        query = dict(period)
        if code.startswith("decisions."):
            query["form"] = suffix
        return f"{reverse('emulation:decisions')}?{urlencode(query)}"
    if page == "gradings":
        return f"{reverse('emulation:gradings')}?{urlencode({'unit': unit.code, 'year': end.year, 'grade': suffix})}"
    if page == "plans":
        return f"{reverse('plans:unit', args=[unit.pk])}?{urlencode({'year': start.year})}"
    return ""
