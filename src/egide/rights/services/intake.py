"""How a request comes in: filed on the portal (or by a patient portal through the API) and confirmed by
email, or recorded by staff with its real date of receipt. Reference numbers, deadlines, duplicates."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from egide.accounts.models import Organisation, User
from egide.core.audit import Actor
from egide.core.clock import SYSTEM_CLOCK, Clock
from egide.core.tasks import enqueue_on_commit
from egide.rights.choices import (
    Channel,
    IdentityStatus,
    RequesterCapacity,
    RequestStatus,
    Right,
    TimelineKind,
)
from egide.rights.models import RightsRequest
from egide.rights.selectors import duplicate_candidates
from egide.rights.services._common import (
    PORTAL_ACTOR,
    RightsError,
    apply_deadlines,
    audit_request,
    lock_request,
    paris_today,
    request_snapshot,
    sync_instance,
    timeline_add,
)

REFERENCE_PREFIX = "DR"
REFERENCE_DIGITS = 5
_REFERENCE_ATTEMPTS = 5


@dataclass(frozen=True)
class RequestIntake:
    """What the requester tells us, whichever the channel."""

    right: str
    requester_first_name: str
    requester_last_name: str
    requester_email: str = ""
    requester_phone: str = ""
    requester_address: str = ""
    requester_capacity: str = RequesterCapacity.SELF
    includes_medical_record: bool = False
    medical_record_older_than_5_years: bool = False
    description: str = ""
    patient_first_name: str = ""
    patient_last_name: str = ""
    patient_birth_name: str = ""
    patient_birth_date: date | None = None
    patient_deceased: bool = False
    electronic_answer: bool = True
    language: str = "fr"


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _build(organisation: Organisation, intake: RequestIntake, *, channel: str) -> RightsRequest:
    """An unsaved request from ``intake``, validated (field-keyed RightsError)."""
    fields = {k: (v.strip() if isinstance(v, str) else v) for k, v in asdict(intake).items()}
    request = RightsRequest(organisation=organisation, channel=channel, **fields)
    errors: dict[str, list[str]] = {}
    if request.includes_medical_record and request.right != Right.ACCESS:
        errors.setdefault("includes_medical_record", []).append(
            _("The medical record can only be asked for with a request for access.")
        )
    if request.medical_record_older_than_5_years and not request.includes_medical_record:
        errors.setdefault("medical_record_older_than_5_years", []).append(
            _("This applies to a request for the medical record only.")
        )
    if request.requester_capacity != RequesterCapacity.SELF:
        for name in ("patient_first_name", "patient_last_name"):
            if not getattr(request, name):
                errors.setdefault(name, []).append(
                    _("Give the name of the person the request is about.")
                )
    if request.requester_capacity == RequesterCapacity.HEIR and not request.patient_deceased:
        errors.setdefault("patient_deceased", []).append(
            _("An heir acts for a deceased patient only (CSP L.1110-4 V).")
        )
    if request.language not in ("fr", "en"):
        errors.setdefault("language", []).append(_("Choose French or English."))
    try:
        request.full_clean(
            exclude=["reference", "submitted_at", "organisation", "status", "identity_status"]
        )
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            errors.setdefault(field, []).extend(messages)
    if errors:
        raise RightsError(errors)
    return request


def _next_reference(organisation: Organisation, year: int) -> str:
    """``DR-<year>-<5 digits>``: the next number of the organisation's year. Call inside a transaction
    holding the organisation's row lock (PostgreSQL); SQLite serialises writers (transaction_mode
    IMMEDIATE); the unique constraint and a retry cover anything else."""
    prefix = f"{REFERENCE_PREFIX}-{year}-"
    references = RightsRequest.objects.filter(
        organisation=organisation, reference__startswith=prefix
    ).values_list("reference", flat=True)
    highest = 0
    for reference in references:
        tail = reference[len(prefix) :]
        if tail.isdigit():
            highest = max(highest, int(tail))
    return f"{prefix}{highest + 1:0{REFERENCE_DIGITS}d}"


def _lock_organisation(organisation: Organisation) -> None:
    Organisation.objects.select_for_update().filter(pk=organisation.pk).first()


def _insert_with_reference(request: RightsRequest, *, clock: Clock) -> None:
    """Save a new request under the next free reference (retrying on a concurrent writer's number)."""
    year = paris_today(clock).year
    for attempt in range(_REFERENCE_ATTEMPTS):
        request.reference = _next_reference(request.organisation, year)
        try:
            with transaction.atomic():
                request.save(force_insert=True)
            return
        except IntegrityError:
            request.pk = None
            request._state.adding = True
            if attempt == _REFERENCE_ATTEMPTS - 1 or _submission_taken(request):
                raise


def _submission_taken(request: RightsRequest) -> bool:
    return bool(request.submission_key) and (
        RightsRequest.objects.filter(
            organisation_id=request.organisation_id, submission_key=request.submission_key
        ).exists()
    )


def _existing_submission(organisation: Organisation, key: str) -> RightsRequest | None:
    return RightsRequest.objects.filter(organisation=organisation, submission_key=key).first()


def rights_submission_exists(*, organisation: Organisation, submission_key: str) -> bool:
    """Whether a filing with this one-time key is already stored (a retried POST: nothing new to store)."""
    key = submission_key.strip()[:64]
    return bool(key) and _existing_submission(organisation, key) is not None


def rights_request_submit(
    *,
    organisation: Organisation,
    intake: RequestIntake,
    submission_key: str | None,
    clock: Clock = SYSTEM_CLOCK,
    channel: str = Channel.PORTAL,
    acknowledgements: Mapping[str, bool] | None = None,
) -> RightsRequest:
    """File a request from the portal (or the API, ``channel=Channel.API``): awaiting the confirmation
    of the email address, not received yet (the clock starts at confirmation).

    Idempotent on ``(organisation, submission_key)``: the same key gives back the request already filed,
    also when two submissions race (the database's unique constraint decides; the loser's insert is
    rolled back in a savepoint and the winner's row is returned).

    ``acknowledgements`` are what the requester ticked on the form (the information notice read, GDPR
    Art. 13; consent to receive health data through the status page): kept in the timeline and the audit
    trail as evidence."""
    if submission_key is not None:
        submission_key = submission_key.strip()[:64] or None
        if submission_key:
            existing = _existing_submission(organisation, submission_key)
            if existing is not None:
                return existing
    request = _build(organisation, intake, channel=channel)
    if not request.requester_email:
        raise RightsError.on(
            "requester_email", _("Give an email address: we send you a link to confirm it.")
        )
    now = clock.now()
    request.status = RequestStatus.AWAITING_CONFIRMATION
    request.identity_status = IdentityStatus.NOT_CHECKED
    request.submitted_at = now
    request.submission_key = submission_key
    try:
        with transaction.atomic():
            _lock_organisation(organisation)
            if submission_key:
                existing = _existing_submission(organisation, submission_key)
                if existing is not None:
                    return existing
            _insert_with_reference(request, clock=clock)
            timeline_add(
                request=request,
                kind=TimelineKind.SUBMITTED,
                actor=PORTAL_ACTOR,
                clock=clock,
                data={
                    "channel": channel,
                    **{k: bool(v) for k, v in (acknowledgements or {}).items()},
                },
                visible_to_requester=True,
            )
            audit_request(
                actor=PORTAL_ACTOR, request=request, verb="submit", before=None, clock=clock
            )
            from egide.rights.tasks import send_confirmation_email

            enqueue_on_commit(send_confirmation_email, request.pk)
    except IntegrityError:
        if submission_key:
            existing = _existing_submission(organisation, submission_key)
            if existing is not None:
                return existing
        raise
    return request


def flag_duplicate(request: RightsRequest, *, actor: Actor | User, clock: Clock) -> None:
    """Point at an open request of the same person for the same right (never blocks)."""
    original = duplicate_candidates(request=request).first()
    if original is None:
        return
    request.duplicate_of = original
    request.save()
    timeline_add(
        request=request,
        kind=TimelineKind.DUPLICATE_FLAGGED,
        actor=actor,
        clock=clock,
        data={"duplicate_of": original.pk, "reference": original.reference},
    )


def rights_request_record(
    *,
    actor: Actor | User,
    organisation: Organisation,
    intake: RequestIntake,
    channel: str,
    received_on: date,
    clock: Clock = SYSTEM_CLOCK,
    submission_key: str | None = None,
) -> RightsRequest:
    """Staff record a request received on paper, by phone, by email or in person, with its real date of
    receipt (the deadlines run from it). No letter is issued automatically: staff issue the
    acknowledgement (or ask for a proof) from the request's page.

    A hospital's patient portal files through the API (``channel=Channel.API``) with a
    ``submission_key`` (its Idempotency-Key): idempotent like :func:`rights_request_submit`."""
    if channel not in Channel.values or channel == Channel.PORTAL:
        raise RightsError.on("channel", _("Choose how the request was received."))
    if received_on > paris_today(clock):
        raise RightsError.on("received_on", _("The date of receipt cannot be in the future."))
    submission_key = (submission_key or "").strip()[:64] or None
    if submission_key:
        existing = _existing_submission(organisation, submission_key)
        if existing is not None:
            return existing
    request = _build(organisation, intake, channel=channel)
    request.status = RequestStatus.RECEIVED
    request.identity_status = IdentityStatus.NOT_CHECKED
    request.submitted_at = clock.now()
    request.received_on = received_on
    request.submission_key = submission_key
    try:
        return _record_insert(
            organisation, request, actor=actor, received_on=received_on, clock=clock
        )
    except IntegrityError:
        existing = _existing_submission(organisation, submission_key) if submission_key else None
        if existing is None:
            raise
        return existing


def _record_insert(
    organisation: Organisation,
    request: RightsRequest,
    *,
    actor: Actor | User,
    received_on: date,
    clock: Clock,
) -> RightsRequest:
    """Insert a staff/API recording (its own savepoint: a racing duplicate key rolls back alone)."""
    channel = request.channel
    with transaction.atomic():
        _lock_organisation(organisation)
        if request.submission_key:
            existing = _existing_submission(organisation, request.submission_key)
            if existing is not None:
                return existing
        _insert_with_reference(request, clock=clock)
        timeline_add(
            request=request,
            kind=TimelineKind.RECORDED,
            actor=actor,
            clock=clock,
            data={"channel": channel, "received_on": received_on.isoformat()},
            visible_to_requester=True,
        )
        apply_deadlines(request, actor=actor, clock=clock, quiet=True)
        flag_duplicate(request, actor=actor, clock=clock)
        audit_request(actor=actor, request=request, verb="record", before=None, clock=clock)
    return request


def rights_request_recompute_deadlines(
    *, request: RightsRequest, clock: Clock = SYSTEM_CLOCK, actor: Actor | User | None = None
) -> RightsRequest:
    """Recompute the stored deadlines from the receipt date, the pauses and the extension (e.g. after a
    calendar change). A DEADLINES_CHANGED entry and an audit event when they moved."""
    who = actor or Actor.system("rights")
    with transaction.atomic():
        locked = lock_request(request)
        before = request_snapshot(locked)
        if apply_deadlines(locked, actor=who, clock=clock):
            audit_request(
                actor=who, request=locked, verb="recompute_deadlines", before=before, clock=clock
            )
    sync_instance(request, locked)
    return request
