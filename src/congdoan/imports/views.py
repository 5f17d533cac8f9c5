"""Pages of spreadsheet export. Views parse input and call the export operations.

The unit comes through ``visible_to(request.user)``: outside the user's
scope it is a 404, as everywhere.
"""

from __future__ import annotations

import datetime as dt
import tempfile

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET

from congdoan.imports import export
from congdoan.org.models import Unit
from congdoan.org.selectors import today


def _date(value: str | None) -> dt.date:
    """The list's date filter (YYYY-MM-DD); today when missing or wrong, as on the list page."""
    try:
        return dt.date.fromisoformat(value or "")
    except ValueError:
        return today()


@login_required
@require_GET
def export_members(request: HttpRequest, pk: int) -> HttpResponseBase:
    """The members of a unit's subtree on a date, as .xlsx (``?format=xlsx``, default) or .csv."""
    unit = get_object_or_404(Unit.objects.visible_to(request.user), pk=pk)
    on = _date(request.GET.get("on"))
    fmt = request.GET.get("format", "xlsx")
    if fmt not in export.FORMATS:
        fmt = "xlsx"
    filename = export.export_filename(unit, on, fmt)
    response: HttpResponseBase
    if fmt == "csv":
        response = StreamingHttpResponse(
            export.stream_members_csv(actor=request.user, root=unit, on=on),
            content_type=export.CSV_CONTENT_TYPE,
        )
        response["Content-Disposition"] = content_disposition_header(True, filename)
    else:
        # xlsx is a zip: written whole to a temporary file (deleted when the response closes it).
        file = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it
        try:
            export.save_members(actor=request.user, root=unit, on=on, fmt="xlsx", target=file)
        except BaseException:
            file.close()
            raise
        file.seek(0)
        response = FileResponse(
            file, as_attachment=True, filename=filename, content_type=export.XLSX_CONTENT_TYPE
        )
    response["Cache-Control"] = "private, no-store"
    return response
