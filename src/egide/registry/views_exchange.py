"""Downloading and uploading the register (``egide.registry.exchange``): the same export and import as
``egide registry export|import``, from the browser.

Any member may download the register (``Perm.VIEW``); importing changes any activity, so it takes
``Perm.EDIT_ALL``. An import is previewed (dry run) unless the DPO unticks the box; a file with problems is
answered with HTTP 400 and every problem listed, nothing written.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from egide.accounts.roles import Perm, role_has
from egide.core.views import org_view
from egide.registry.exchange import ImportReport, register_export, register_import
from egide.registry.exchange.columns import LANGUAGES
from egide.registry.exchange.formats import EXPORT_FORMATS, IMPORT_FORMATS, format_of

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
FORMAT_LABELS = {
    "xlsx": _("Excel workbook (XLSX)"),
    "ods": _("OpenDocument spreadsheet (ODS)"),
    "csv": _("CSV files (zip)"),
    "json": _("JSON"),
    "pdf": _("Printable register (PDF)"),
}
LANGUAGE_LABELS = {"fr": "Français", "en": "English"}


class RegisterExportForm(forms.Form):
    format = forms.ChoiceField(
        label=_("Format"), choices=[(f, FORMAT_LABELS[f]) for f in EXPORT_FORMATS]
    )
    language = forms.ChoiceField(
        label=_("Language"), choices=[(code, LANGUAGE_LABELS[code]) for code in LANGUAGES]
    )


class RegisterImportForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_(
            "XLSX, ODS, JSON, or CSV (a zip of the export's files, or the activities alone)."
        ),
    )
    dry_run = forms.BooleanField(
        label=_("Preview only: check the file and show what would change, write nothing"),
        required=False,
        initial=True,
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 20 MB."), code="size")
        if not format_of(upload.name):
            raise forms.ValidationError(
                _("Give a file ending in %(extensions)s.")
                % {"extensions": ", ".join(f".{f}" for f in (*IMPORT_FORMATS, "zip"))},
                code="format",
            )
        return upload


def _page(
    request: HttpRequest,
    *,
    export_form: RegisterExportForm | None = None,
    import_form: RegisterImportForm | None = None,
    report: ImportReport | None = None,
    dry_run: bool = False,
    status: int = 200,
) -> HttpResponse:
    language = (get_language() or "fr")[:2]
    context = {
        "organisation": request.organisation,  # type: ignore[attr-defined]
        "export_form": export_form
        or RegisterExportForm(initial={"format": "xlsx", "language": language}),
        "import_form": import_form or RegisterImportForm(),
        "can_import": role_has(request.membership.role, Perm.EDIT_ALL),  # type: ignore[attr-defined]
        "report": report,
        "dry_run": dry_run,
        "counts": report.counts() if report else {},
    }
    return render(request, "registry/exchange.html", context, status=status)


@org_view(Perm.VIEW, Perm.EDIT_ALL)
def register_exchange_view(request: HttpRequest) -> HttpResponse:
    """The export and import page; a POST imports (or previews) the uploaded file."""
    if request.method != "POST":
        return _page(request)
    form = RegisterImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _page(request, import_form=form, status=400)
    upload = form.cleaned_data["file"]
    dry_run = form.cleaned_data["dry_run"]
    report = register_import(
        actor=request.user,  # type: ignore[arg-type]
        organisation=request.organisation,  # type: ignore[attr-defined]
        content=upload.read(),
        format=format_of(upload.name),
        dry_run=dry_run,
    )
    fresh = RegisterImportForm(initial={"dry_run": not report.ok or not dry_run})
    return _page(
        request,
        import_form=fresh,
        report=report,
        dry_run=dry_run,
        status=200 if report.ok else 400,
    )


@org_view(Perm.VIEW)
def register_download_view(request: HttpRequest) -> HttpResponse:
    """The register as a file (``?format=xlsx&language=fr``); an invalid choice answers 400."""
    form = RegisterExportForm(request.GET)
    if not form.is_valid():
        return _page(request, export_form=form, status=400)
    exported = register_export(
        actor=request.user,  # type: ignore[arg-type]
        organisation=request.organisation,  # type: ignore[attr-defined]
        format=form.cleaned_data["format"],
        language=form.cleaned_data["language"],
    )
    response = HttpResponse(exported.content, content_type=exported.content_type)
    response["Content-Disposition"] = f'attachment; filename="{exported.filename}"'
    return response
