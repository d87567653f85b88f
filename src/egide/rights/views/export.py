"""The register of requests exported (CSV streamed, or XLSX), with the list's filters. Audited."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Iterator
from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

from egide.accounts.roles import Perm
from egide.core.audit import audit_record
from egide.core.clock import PARIS
from egide.core.views import org_view
from egide.rights.forms import RequestFilterForm
from egide.rights.models import RightsRequest
from egide.rights.views import _common
from egide.rights.views._common import organisation_of, user_of
from egide.rights.views.lists import filtered_requests

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _moment(value: datetime | None) -> str:
    return value.astimezone(PARIS).strftime("%Y-%m-%d %H:%M") if value else ""


def _day(value: date | None) -> str:
    return value.isoformat() if value else ""


def _assignee(rr: RightsRequest) -> str:
    user = rr.assigned_to
    return (user.get_full_name() or user.email) if user else ""


# (header, value): the register's columns, in the staff member's language (dates ISO, times Paris).
COLUMNS: tuple[tuple[Any, Callable[[RightsRequest], Any]], ...] = (
    (gettext_lazy("Reference"), lambda r: r.reference),
    (gettext_lazy("Right"), lambda r: r.get_right_display()),
    (gettext_lazy("Medical record"), lambda r: _("yes") if r.includes_medical_record else _("no")),
    (gettext_lazy("Channel"), lambda r: r.get_channel_display()),
    (gettext_lazy("Requester"), lambda r: r.requester_name),
    (gettext_lazy("Requester is"), lambda r: r.get_requester_capacity_display()),
    (gettext_lazy("Patient"), lambda r: r.patient_name),
    (gettext_lazy("Received on"), lambda r: _day(r.received_on)),
    (gettext_lazy("GDPR deadline"), lambda r: _day(r.due_on)),
    (gettext_lazy("Extended deadline"), lambda r: _day(r.extended_due_on) if r.extended_at else ""),
    (gettext_lazy("Medical record deadline"), lambda r: _day(r.medical_record_due_on)),
    (gettext_lazy("Deadline"), lambda r: _day(r.governing_due_on)),
    (gettext_lazy("Status"), lambda r: r.get_status_display()),
    (gettext_lazy("Identity"), lambda r: r.get_identity_status_display()),
    (gettext_lazy("Assigned to"), _assignee),
    (gettext_lazy("Answered at"), lambda r: _moment(r.answered_at)),
    (gettext_lazy("Answered late"), lambda r: _("yes") if r.answered_late else _("no")),
    (gettext_lazy("Ground for refusal"), lambda r: r.get_refusal_ground_display()),
    (gettext_lazy("Closed at"), lambda r: _moment(r.closed_at)),
)


def _text(value: Any) -> str:
    """Free text neutralised for spreadsheets (CSV injection)."""
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def rows(requests: Iterable[RightsRequest]) -> Iterator[list[str]]:
    yield [str(header) for header, _value in COLUMNS]
    for rr in requests:
        yield [_text(value(rr)) for _header, value in COLUMNS]


class _Echo:
    def write(self, value: str) -> str:
        return value


def _csv_lines(requests: Iterable[RightsRequest], language: str) -> Iterator[str]:
    """The lines, in ``language`` (streamed after the view returned: the language is set again)."""
    writer = csv.writer(_Echo())
    with translation.override(language):
        for index, row in enumerate(rows(requests)):
            line = writer.writerow(row)
            yield "\ufeff" + line if index == 0 else line  # the BOM lets spreadsheets detect UTF-8


def xlsx_bytes(requests: Iterable[RightsRequest]) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Rights requests"))
    bold = Font(bold=True)
    for index, row in enumerate(rows(requests)):
        cells = []
        for value in row:
            cell = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("", value))
            if index == 0:
                cell.font = bold
            cells.append(cell)
        sheet.append(cells)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


@org_view(Perm.VIEW)
def export_view(request: HttpRequest) -> HttpResponse:
    """``?format=csv|xlsx`` plus the list's filters. The export is written in the audit trail."""
    organisation = organisation_of(request)
    fmt = request.GET.get("format", "csv")
    if fmt not in FORMATS:
        return HttpResponse(
            _("Unknown format: choose csv or xlsx."),
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    form = RequestFilterForm(request.GET)
    if not form.is_valid():
        return HttpResponse(
            form.errors.as_text(), status=400, content_type="text/plain; charset=utf-8"
        )
    requests = filtered_requests(request, form).order_by("received_on", "reference")
    count = requests.count()
    with transaction.atomic():
        audit_record(
            actor=user_of(request),
            organisation=organisation,
            action="rights_request.export",
            object_type="rights.rightsrequest",
            object_repr=f"{count} requests ({fmt})",
            after={"format": fmt, "count": count, "filters": form.filters()},
            ip_address=request.META.get("REMOTE_ADDR"),
            clock=_common.clock(),
        )
    stamp = _common.clock().now().astimezone(PARIS).strftime("%Y%m%d-%H%M")
    filename = f"rights-requests-{organisation.slug}-{stamp}.{fmt}"
    response: HttpResponse | StreamingHttpResponse
    if fmt == "csv":
        response = StreamingHttpResponse(
            _csv_lines(requests.iterator(chunk_size=1000), translation.get_language() or "fr"),
            content_type=FORMATS["csv"],
        )
    else:
        response = HttpResponse(
            xlsx_bytes(requests.iterator(chunk_size=1000)), content_type=FORMATS["xlsx"]
        )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response  # type: ignore[return-value]  # streamed; org_view passes it on unchanged
