"""Reads of rights requests, always scoped to one organisation (a request of another organisation is
never found: :func:`rights_request_get` answers 404 as for a request that does not exist)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from egide.accounts.models import Organisation, User
from egide.rights.choices import OPEN_STATUSES, RequestStatus
from egide.rights.models import RequestPause, RightsRequest, RightsSettings, TimelineEntry


def paused_q() -> Q:
    """Waiting for a proof with the clock standing still (GDPR Art. 12(6), CSP R.1111-1): verifying identity
    with an open pause. The one definition of "paused" used by lists, reminders, statistics and counters."""
    return Q(status=RequestStatus.VERIFYING_IDENTITY) & Q(
        Exists(RequestPause.objects.filter(request=OuterRef("pk"), ended_on__isnull=True))
    )


def rights_settings_for(organisation: Organisation) -> RightsSettings:
    """The organisation's saved settings, or unsaved defaults (a read never writes)."""
    found = RightsSettings.objects.for_organisation(organisation).first()
    if found is not None:
        return found
    return RightsSettings(organisation=organisation)


def overdue_q(today: date) -> Q:
    """Open, clock running (a paused request's stored deadline moves every day: it is not overdue), and the
    governing deadline passed (``today``: a Europe/Paris date)."""
    return (
        Q(status__in=OPEN_STATUSES)
        & Q(governing_due_on__isnull=False)
        & Q(governing_due_on__lt=today)
        & ~paused_q()
    )


def rights_requests_for(
    *,
    organisation: Organisation,
    status: str | Iterable[str] | None = None,
    right: str | None = None,
    assigned_to: User | None = None,
    overdue: bool | None = None,
    q: str = "",
    today: date,
) -> QuerySet[RightsRequest]:
    """The organisation's requests, narrowed by status (one or several), right, assignee, overdue (open
    with the deadline passed on ``today``; False: the others) and free text (reference, names, email)."""
    requests = RightsRequest.objects.for_organisation(organisation).select_related(
        "assigned_to", "duplicate_of"
    )
    if status:
        statuses = [status] if isinstance(status, str) else list(status)
        requests = requests.filter(status__in=statuses)
    if right:
        requests = requests.filter(right=right)
    if assigned_to is not None:
        requests = requests.filter(assigned_to=assigned_to)
    if overdue is True:
        requests = requests.filter(overdue_q(today))
    elif overdue is False:
        requests = requests.exclude(overdue_q(today))
    text = q.strip()
    if text:
        requests = requests.filter(
            Q(reference__icontains=text)
            | Q(requester_last_name__icontains=text)
            | Q(requester_first_name__icontains=text)
            | Q(requester_email__icontains=text)
            | Q(patient_last_name__icontains=text)
            | Q(patient_first_name__icontains=text)
            | Q(patient_birth_name__icontains=text)
        )
    return requests


def rights_request_get(*, organisation: Organisation, pk: int) -> RightsRequest:
    """One request of this organisation; Http404 when absent or another organisation's."""
    found = (
        RightsRequest.objects.for_organisation(organisation)
        .select_related("organisation", "assigned_to", "duplicate_of")
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise Http404("No such request.")
    return found


def _same_person_q(request: RightsRequest) -> Q | None:
    """Same requester email (any case), or same patient (last name, first name, date of birth; the
    requester's names stand for the patient's when they file for themselves)."""
    conditions: list[Q] = []
    email = request.requester_email.strip()
    if email:
        conditions.append(Q(requester_email__iexact=email))
    last = (request.patient_last_name or request.requester_last_name).strip()
    first = (request.patient_first_name or request.requester_first_name).strip()
    if request.patient_birth_date and last and first:
        named_patient = Q(patient_last_name__iexact=last, patient_first_name__iexact=first)
        self_filed = Q(patient_last_name="", requester_last_name__iexact=last) & Q(
            requester_first_name__iexact=first
        )
        conditions.append(
            (named_patient | self_filed) & Q(patient_birth_date=request.patient_birth_date)
        )
    if not conditions:
        return None
    combined = conditions[0]
    for condition in conditions[1:]:
        combined |= condition
    return combined


def duplicate_candidates(*, request: RightsRequest) -> QuerySet[RightsRequest]:
    """Open requests of the same organisation for the same right from the same person (oldest first)."""
    candidates = RightsRequest.objects.filter(organisation_id=request.organisation_id)
    person = _same_person_q(request)
    if person is None:
        return candidates.none()
    return (
        candidates.filter(person, right=request.right, status__in=OPEN_STATUSES)
        .exclude(pk=request.pk)
        .order_by("received_on", "submitted_at", "pk")
    )


def timeline_for(
    *, request: RightsRequest, include_internal: bool = True
) -> QuerySet[TimelineEntry]:
    """The request's timeline in order; without internal entries (notes, staff steps) for the requester."""
    entries = request.timeline.select_related("actor").order_by("at", "pk")
    if not include_internal:
        entries = entries.filter(visible_to_requester=True)
    return entries
