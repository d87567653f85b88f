"""factory_boy factories for every model of the rights app. Children take their request's organisation.

Dates agree with the FrozenClock's default instant (2026-01-15 09:00 UTC): a request built by
:class:`RightsRequestFactory` was received that day and its deadlines are computed by
:mod:`egide.rights.deadlines` like the services do.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime, timedelta

import factory

from egide.accounts.tests.factories import OrganisationFactory
from egide.rights.choices import (
    Channel,
    DocumentKind,
    IdentityStatus,
    LetterKind,
    RequesterCapacity,
    RequestStatus,
    Right,
    SearchTaskStatus,
    TimelineKind,
)
from egide.rights.deadlines import calendar_for, compute_deadlines
from egide.rights.models import (
    IdentityDocument,
    IssuedDocument,
    LetterTemplate,
    ReminderSent,
    RequestPause,
    RightsRequest,
    RightsSettings,
    SearchTask,
    TimelineEntry,
)

# The FrozenClock's default instant: factories and frozen-clock services agree on "now".
WHEN = datetime(2026, 1, 15, 9, 0, tzinfo=UTC)
TODAY = date(2026, 1, 15)

# Smallest valid files of each accepted kind (the PNG/JPEG decode with Pillow).
PDF_BYTES = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def png_bytes(size: tuple[int, int] = (4, 4)) -> bytes:
    """A real PNG image (decodes with Pillow)."""
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, format="PNG")
    return out.getvalue()


def jpeg_bytes(size: tuple[int, int] = (4, 4)) -> bytes:
    """A real JPEG image (decodes with Pillow)."""
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", size, (30, 30, 200)).save(out, format="JPEG")
    return out.getvalue()


class RightsSettingsFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RightsSettings
        django_get_or_create = ("organisation",)

    organisation = factory.SubFactory(OrganisationFactory)


def _deadlines(o: RightsRequest) -> object:
    if o.received_on is None:
        return None
    return compute_deadlines(
        received=o.received_on,
        calendar=calendar_for(alsace_moselle=o.organisation.uses_alsace_moselle_calendar),
        medical_record=o.includes_medical_record,
        older_than_5_years=o.includes_medical_record and o.medical_record_older_than_5_years,
    )


class RightsRequestFactory(factory.django.DjangoModelFactory):
    """A request received on 2026-01-15 by email, in progress-ready (status RECEIVED), deadlines stored.

    ``RightsRequestFactory(awaiting=True)`` gives a portal request not yet confirmed (no receipt date)."""

    class Meta:
        model = RightsRequest
        exclude = ("_computed",)

    class Params:
        awaiting = factory.Trait(
            status=RequestStatus.AWAITING_CONFIRMATION,
            channel=Channel.PORTAL,
            received_on=None,
            email_confirmed_at=None,
            identity_status=IdentityStatus.NOT_CHECKED,
        )

    organisation = factory.SubFactory(OrganisationFactory)
    reference = factory.Sequence(lambda n: f"DR-2026-{90000 + n:05d}")
    right = Right.ACCESS
    includes_medical_record = False
    medical_record_older_than_5_years = False
    requester_capacity = RequesterCapacity.SELF
    requester_first_name = factory.Faker("first_name", locale="fr_FR")
    requester_last_name = factory.Faker("last_name", locale="fr_FR")
    requester_email = factory.Sequence(lambda n: f"patient{n}@example.net")
    language = "fr"
    channel = Channel.EMAIL
    submitted_at = WHEN
    email_confirmed_at = WHEN
    received_on = TODAY
    status = RequestStatus.RECEIVED
    identity_status = IdentityStatus.EMAIL_CONFIRMED
    _computed = factory.LazyAttribute(_deadlines)
    due_on = factory.LazyAttribute(lambda o: o._computed.due if o._computed else None)
    extended_due_on = factory.LazyAttribute(
        lambda o: o._computed.extended_due if o._computed else None
    )
    medical_record_not_before = factory.LazyAttribute(
        lambda o: o._computed.medical_record_not_before if o._computed else None
    )
    medical_record_due_on = factory.LazyAttribute(
        lambda o: o._computed.medical_record_due if o._computed else None
    )
    governing_due_on = factory.LazyAttribute(
        lambda o: o._computed.governing_due if o._computed else None
    )


class _RequestChildFactory(factory.django.DjangoModelFactory):
    request = factory.SubFactory(RightsRequestFactory)
    organisation = factory.LazyAttribute(lambda o: o.request.organisation)


class RequestPauseFactory(_RequestChildFactory):
    class Meta:
        model = RequestPause

    started_on = TODAY
    ended_on = None
    reason = "Proof of identity requested."


class IdentityDocumentFactory(_RequestChildFactory):
    class Meta:
        model = IdentityDocument

    kind = DocumentKind.IDENTITY
    original_name = factory.Sequence(lambda n: f"piece-identite-{n}.pdf")
    content_type = "application/pdf"
    content = PDF_BYTES
    size = factory.LazyAttribute(lambda o: len(o.content) if o.content else 0)
    sha256 = factory.LazyAttribute(
        lambda o: hashlib.sha256(o.content).hexdigest() if o.content else ""
    )
    uploaded_at = WHEN


class IssuedDocumentFactory(_RequestChildFactory):
    class Meta:
        model = IssuedDocument

    letter_kind = LetterKind.ACKNOWLEDGEMENT
    title = "Acknowledgement of receipt"
    language = "fr"
    filename = factory.Sequence(lambda n: f"letter-{n}.pdf")
    content_type = "application/pdf"
    content = PDF_BYTES
    size = factory.LazyAttribute(lambda o: len(o.content))
    sha256 = factory.LazyAttribute(lambda o: hashlib.sha256(o.content).hexdigest())
    body_text = "We have received your request."
    created_at = WHEN
    on_status_page = True


class TimelineEntryFactory(_RequestChildFactory):
    class Meta:
        model = TimelineEntry

    at = WHEN
    kind = TimelineKind.NOTE
    actor_label = "system:test"
    message = factory.Sequence(lambda n: f"Note {n}")


class SearchTaskFactory(_RequestChildFactory):
    class Meta:
        model = SearchTask

    label = factory.Sequence(lambda n: f"Search system {n}")
    status = SearchTaskStatus.TODO


class LetterTemplateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LetterTemplate

    organisation = factory.SubFactory(OrganisationFactory)
    kind = LetterKind.ACKNOWLEDGEMENT
    language = "fr"
    subject = "Accusé de réception {{ request.reference }}"
    body = "Nous avons bien reçu votre demande {{ request.reference }}."


class ReminderSentFactory(_RequestChildFactory):
    class Meta:
        model = ReminderSent

    deadline = factory.LazyAttribute(lambda o: o.request.governing_due_on or TODAY)
    days_before = 7
    sent_at = factory.LazyAttribute(
        lambda o: datetime.combine(
            o.deadline - timedelta(days=o.days_before), datetime.min.time(), UTC
        )
    )
