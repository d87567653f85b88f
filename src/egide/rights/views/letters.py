"""The organisation's letters: Egide's default wording or its own, per kind and language; editing with
syntax errors shown, a preview on a sample request, and a reset to the default."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from egide.accounts.models import Organisation
from egide.accounts.roles import Perm
from egide.core.views import org_view
from egide.rights import services as s
from egide.rights.choices import LetterKind, RefusalGround, RequestStatus, Right
from egide.rights.deadlines import calendar_for, compute_deadlines
from egide.rights.forms import LetterTemplateForm, add_service_errors
from egide.rights.letters.context import letter_context
from egide.rights.letters.engine import (
    LetterSource,
    LetterTemplateError,
    RenderedLetter,
    render_letter,
)
from egide.rights.letters.phrases import LANGUAGES
from egide.rights.models import LetterTemplate, RightsRequest
from egide.rights.services.letters import letter_source
from egide.rights.views import _common
from egide.rights.views._common import can, organisation_of, user_of

LANGUAGE_NAMES = {"fr": "Français", "en": "English"}


@dataclass(frozen=True)
class LetterRow:
    kind: str
    label: Any
    language: str
    customised: LetterTemplate | None

    @property
    def language_name(self) -> str:
        return LANGUAGE_NAMES.get(self.language, self.language)


def _customised(organisation: Organisation) -> dict[tuple[str, str], LetterTemplate]:
    return {(t.kind, t.language): t for t in LetterTemplate.objects.for_organisation(organisation)}


@org_view(Perm.VIEW, Perm.MANAGE_ORGANISATION)
def letter_list_view(request: HttpRequest) -> HttpResponse:
    organisation = organisation_of(request)
    own = _customised(organisation)
    rows = [
        LetterRow(kind.value, kind.label, language, own.get((kind.value, language)))
        for kind in LetterKind
        for language in LANGUAGES
    ]
    context = {
        "organisation": organisation,
        "rows": rows,
        "can_manage": can(request, Perm.MANAGE_ORGANISATION),
    }
    return render(request, "rights/letter_list.html", context)


def sample_request(organisation: Organisation, kind: str, language: str) -> RightsRequest:
    """An unsaved request to preview a letter on, with every field a letter may quote (pk 0: no row of the
    database is ever its child)."""
    received = _common.today() - timedelta(days=3)
    computed = compute_deadlines(
        received=received,
        calendar=calendar_for(alsace_moselle=organisation.uses_alsace_moselle_calendar),
    )
    erasure = kind == LetterKind.ERASURE_RETENTION_REFUSAL
    with translation.override(language):
        sample = RightsRequest(
            pk=0,
            organisation=organisation,
            reference="DR-0000-00000",
            right=Right.ERASURE if erasure else Right.ACCESS,
            language=language,
            requester_first_name="Camille",
            requester_last_name="Martin",
            requester_email="camille.martin@example.org",
            requester_address="1 rue de l'Exemple\n75000 Paris",
            description=_("Sample request: a copy of my data."),
            channel="email",
            received_on=received,
            due_on=computed.due,
            extended_due_on=computed.extended_due,
            governing_due_on=computed.due,
            status=RequestStatus.IN_PROGRESS,
            outcome=_("Sample outcome: the information requested is attached."),
            extension_reason=_("Sample reason: several departments keep the data requested."),
            refusal_ground=RefusalGround.LEGAL_RETENTION if erasure else RefusalGround.EXCESSIVE,
            refusal_reason=_("Sample reasons for the refusal."),
        )
    sample.submitted_at = _common.clock().now()
    return sample


def preview(organisation: Organisation, source: LetterSource) -> RenderedLetter | str:
    """The letter rendered on a sample request, or the template's error."""
    sample = sample_request(organisation, source.kind, source.language)
    with translation.override(source.language):
        extra = {"reason": _("Sample reason for asking a proof.")}
    try:
        context = letter_context(
            request=sample,
            kind=source.kind,
            language=source.language,
            extra=extra,
            clock=_common.clock(),
        )
        with translation.override(source.language):
            return render_letter(source, context)
    except LetterTemplateError as exc:
        return str(exc)


def _checked(kind: str, language: str) -> None:
    if kind not in LetterKind.values or language not in LANGUAGES:
        raise Http404("No such letter")


@org_view(Perm.VIEW, Perm.MANAGE_ORGANISATION)
def letter_edit_view(request: HttpRequest, kind: str, language: str) -> HttpResponse:
    """GET: the current wording and its preview. POST: ``preview`` renders the draft, else it is saved."""
    _checked(kind, language)
    organisation = organisation_of(request)
    current = letter_source(organisation=organisation, kind=kind, language=language)
    status = 200
    if request.method == "POST":
        form = LetterTemplateForm(request.POST)
        shown: RenderedLetter | str | None = None
        if form.is_valid():
            draft = LetterSource(kind, language, **form.cleaned_data, is_default=False)
            if "preview" in request.POST:
                shown = preview(organisation, draft)
                if isinstance(shown, str):
                    form.add_error("body", shown)
            else:
                try:
                    s.letter_template_save(
                        actor=user_of(request),
                        organisation=organisation,
                        kind=kind,
                        language=language,
                        clock=_common.clock(),
                        **form.cleaned_data,
                    )
                except ValidationError as exc:
                    add_service_errors(form, exc)
                else:
                    messages.success(request, _("The letter was saved."))
                    return redirect(
                        "rights:letter_edit", org=organisation.slug, kind=kind, language=language
                    )
        if form.errors:
            status = 400
    else:
        form = LetterTemplateForm(initial={"subject": current.subject, "body": current.body})
        shown = preview(organisation, current)
    context = {
        "organisation": organisation,
        "form": form,
        "kind": kind,
        "kind_label": LetterKind(kind).label,
        "language": language,
        "language_name": LANGUAGE_NAMES.get(language, language),
        "is_default": current.is_default,
        "preview": shown if isinstance(shown, RenderedLetter) else None,
        "can_manage": can(request, Perm.MANAGE_ORGANISATION),
    }
    return render(request, "rights/letter_edit.html", context, status=status)


@org_view(Perm.VIEW, Perm.MANAGE_ORGANISATION)
@require_POST
def letter_reset_view(request: HttpRequest, kind: str, language: str) -> HttpResponse:
    _checked(kind, language)
    organisation = organisation_of(request)
    try:
        s.letter_template_reset(
            actor=user_of(request),
            organisation=organisation,
            kind=kind,
            language=language,
            clock=_common.clock(),
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The letter is back to Egide's default wording."))
    return redirect("rights:letter_edit", org=organisation.slug, kind=kind, language=language)
