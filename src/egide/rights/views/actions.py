"""A request's workflow actions (POST forms that work without JavaScript): each calls one service.

GET on an action's URL shows its form alone (with the letter's preview where one is sent); POST runs it.
A refused action (invalid form, or a ``RightsError`` from the service: a transition the workflow forbids)
answers 400 with the error on the form; the service wrote nothing.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from egide.accounts.roles import Perm
from egide.core.views import org_view
from egide.rights import services as s
from egide.rights.choices import TRANSITIONS, LetterKind, RefusalGround, RequestStatus, Right
from egide.rights.forms import (
    AnswerForm,
    EmptyForm,
    OptionalReasonForm,
    ReasonForm,
    RefuseForm,
    add_service_errors,
)
from egide.rights.models import RightsRequest
from egide.rights.views import _common
from egide.rights.views._common import (
    STATUS_BADGE,
    may_work,
    organisation_of,
    request_or_404,
    user_of,
    workable_request_or_404,
)

Data = Mapping[str, Any]


def _allows(target: str) -> Callable[[RightsRequest], bool]:
    return lambda rr: target in TRANSITIONS.get(rr.status, frozenset())


def _answer_letter(rr: RightsRequest, data: Data) -> str:
    return LetterKind.ACCESS_ANSWER if rr.right == Right.ACCESS else LetterKind.ANSWER


def _refusal_letter(partial: bool) -> Callable[[RightsRequest, Data], str]:
    def kind(rr: RightsRequest, data: Data) -> str:
        if (
            partial
            and rr.right == Right.ERASURE
            and data.get("ground") == RefusalGround.LEGAL_RETENTION
        ):
            return LetterKind.ERASURE_RETENTION_REFUSAL
        return LetterKind.REFUSAL

    return kind


@dataclass(frozen=True)
class Action:
    """One workflow action: its URL slug, button, form, service call and when the workflow allows it."""

    slug: str
    label: Promise
    done: Promise
    form_class: type[forms.Form]
    run: Callable[[Any, RightsRequest, Data], Any]  # run(actor, request, cleaned data)
    available: Callable[[RightsRequest], bool]
    letter: Callable[[RightsRequest, Data], str] | None = None
    preview_fields: Callable[[Data], dict[str, Any]] | None = None
    danger: bool = False

    @property
    def url_name(self) -> str:
        return f"rights:{self.slug.replace('-', '_')}"

    @property
    def has_letter(self) -> bool:
        return self.letter is not None

    @property
    def inline(self) -> bool:
        """Nothing to fill in: a button on the request's page."""
        return self.form_class is EmptyForm


def _call(service: Callable[..., Any], **fixed: Any) -> Callable[[Any, RightsRequest, Data], Any]:
    def run(actor: Any, rr: RightsRequest, data: Data) -> Any:
        return service(actor=actor, request=rr, clock=_common.clock(), **fixed, **data)

    return run


ACTIONS: tuple[Action, ...] = (
    Action(
        "start",
        gettext_lazy("Start working on it"),
        gettext_lazy("The request is in progress."),
        EmptyForm,
        _call(s.rights_request_start),
        lambda rr: rr.status == RequestStatus.RECEIVED,
    ),
    Action(
        "ask-proof",
        gettext_lazy("Ask for a proof of identity or standing"),
        gettext_lazy("Proof requested: the clock is paused until it arrives."),
        ReasonForm,
        _call(s.rights_request_ask_proof),
        lambda rr: (
            rr.status != RequestStatus.VERIFYING_IDENTITY
            and _allows(RequestStatus.VERIFYING_IDENTITY)(rr)
        ),
        letter=lambda rr, data: LetterKind.PROOF_REQUEST,
    ),
    Action(
        "confirm-identity",
        gettext_lazy("Identity confirmed"),
        gettext_lazy("Identity confirmed: the clock runs again."),
        EmptyForm,
        _call(s.rights_request_confirm_identity),
        lambda rr: rr.status == RequestStatus.VERIFYING_IDENTITY,
    ),
    Action(
        "identity-not-established",
        gettext_lazy("Identity not established"),
        gettext_lazy("The request was refused: identity not established."),
        ReasonForm,
        _call(s.rights_request_identity_not_established),
        lambda rr: rr.status == RequestStatus.VERIFYING_IDENTITY,
        letter=lambda rr, data: LetterKind.REFUSAL,
        preview_fields=lambda data: {
            "refusal_ground": RefusalGround.IDENTITY_NOT_ESTABLISHED,
            "refusal_reason": data["reason"],
        },
        danger=True,
    ),
    Action(
        "extend",
        gettext_lazy("Extend the deadline"),
        gettext_lazy("Deadline extended; the requester is told why."),
        ReasonForm,
        _call(s.rights_request_extend),
        _allows(RequestStatus.EXTENDED),
        letter=lambda rr, data: LetterKind.EXTENSION_NOTICE,
        preview_fields=lambda data: {"extension_reason": data["reason"]},
    ),
    Action(
        "answer",
        gettext_lazy("Answer"),
        gettext_lazy("The request was answered."),
        AnswerForm,
        _call(s.rights_request_answer),
        _allows(RequestStatus.ANSWERED),
        letter=_answer_letter,
        preview_fields=lambda data: {"outcome": data["outcome"]},
    ),
    Action(
        "partially-refuse",
        gettext_lazy("Refuse in part"),
        gettext_lazy("The request was refused in part."),
        RefuseForm,
        _call(s.rights_request_refuse, partial=True),
        _allows(RequestStatus.PARTIALLY_REFUSED),
        letter=_refusal_letter(partial=True),
        preview_fields=lambda data: {
            "refusal_ground": data["ground"],
            "refusal_reason": data["reason"],
        },
        danger=True,
    ),
    Action(
        "refuse",
        gettext_lazy("Refuse"),
        gettext_lazy("The request was refused."),
        RefuseForm,
        _call(s.rights_request_refuse),
        _allows(RequestStatus.REFUSED),
        letter=_refusal_letter(partial=False),
        preview_fields=lambda data: {
            "refusal_ground": data["ground"],
            "refusal_reason": data["reason"],
        },
        danger=True,
    ),
    Action(
        "withdraw",
        gettext_lazy("Withdrawn by the requester"),
        gettext_lazy("The request was withdrawn."),
        OptionalReasonForm,
        _call(s.rights_request_withdraw),
        _allows(RequestStatus.WITHDRAWN),
    ),
    Action(
        "close",
        gettext_lazy("Close"),
        gettext_lazy("The request was closed."),
        EmptyForm,
        _call(s.rights_request_close),
        _allows(RequestStatus.CLOSED),
    ),
)


def available_actions(rr: RightsRequest) -> list[Action]:
    """The actions the workflow allows from the request's status (TRANSITIONS)."""
    return [action for action in ACTIONS if action.available(rr)]


def letter_preview(action: Action, rr: RightsRequest, data: Data) -> Any:
    """The letter the action would send, rendered on an unsaved copy carrying the form's values."""
    if action.letter is None:
        return None
    draft = copy.copy(rr)
    for name, value in (action.preview_fields(data) if action.preview_fields else {}).items():
        setattr(draft, name, value)
    try:
        return s.letter_render(
            request=draft, kind=action.letter(rr, data), extra=dict(data), clock=_common.clock()
        )
    except ValidationError as exc:
        return {"error": " ".join(exc.messages)}


def _page(
    request: HttpRequest,
    action: Action,
    rr: RightsRequest,
    form: forms.Form,
    *,
    preview: Any = None,
    status: int = 200,
) -> HttpResponse:
    context = {
        "organisation": organisation_of(request),
        "rights_request": rr,
        "status_badge": STATUS_BADGE.get(rr.status, ""),
        "action": action,
        "form": form,
        "preview": preview,
        "allowed": action.available(rr),
        "may_work": may_work(request, rr),
    }
    return render(request, "rights/action.html", context, status=status)


def _action_view(action: Action) -> Callable[..., HttpResponse]:
    def view(request: HttpRequest, request_id: int) -> HttpResponse:
        if request.method != "POST":
            rr = request_or_404(request, request_id)
            return _page(request, action, rr, action.form_class())
        rr = workable_request_or_404(request, request_id)
        form = action.form_class(request.POST)
        if not form.is_valid():
            return _page(request, action, rr, form, status=400)
        if "preview" in request.POST and action.letter is not None:
            return _page(
                request, action, rr, form, preview=letter_preview(action, rr, form.cleaned_data)
            )
        if not action.available(rr):
            form.add_error(
                None,
                _("This action is not possible while the request is “%(status)s”.")
                % {"status": rr.get_status_display()},
            )
            return _page(request, action, rr, form, status=400)
        try:
            action.run(user_of(request), rr, form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
            return _page(request, action, request_or_404(request, request_id), form, status=400)
        messages.success(request, str(action.done))
        return redirect("rights:detail", org=organisation_of(request).slug, request_id=rr.pk)

    view.__name__ = f"{action.slug.replace('-', '_')}_view"
    return org_view(Perm.VIEW, Perm.EDIT)(view)


ACTION_VIEWS: dict[str, Callable[..., HttpResponse]] = {
    action.slug: _action_view(action) for action in ACTIONS
}
