"""Choices of the rights-request domain, with the law each one stands on."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Right(models.TextChoices):
    """The rights a data subject exercises (GDPR Art. 7(3), 15-18, 20, 21)."""

    ACCESS = "access", _("Access")
    RECTIFICATION = "rectification", _("Rectification")
    ERASURE = "erasure", _("Erasure")
    RESTRICTION = "restriction", _("Restriction of processing")
    OBJECTION = "objection", _("Objection")
    PORTABILITY = "portability", _("Data portability")
    CONSENT_WITHDRAWAL = "consent_withdrawal", _("Withdrawal of consent")


# The article each right stands on, quoted in letters and on the portal.
RIGHT_ARTICLE: dict[str, str] = {
    Right.ACCESS: "GDPR Art. 15",
    Right.RECTIFICATION: "GDPR Art. 16",
    Right.ERASURE: "GDPR Art. 17",
    Right.RESTRICTION: "GDPR Art. 18",
    Right.OBJECTION: "GDPR Art. 21",
    Right.PORTABILITY: "GDPR Art. 20",
    Right.CONSENT_WITHDRAWAL: "GDPR Art. 7(3)",
}
# Access to the medical record itself: CSP L.1111-7 (patient), R.1111-1 (identity check, heirs).
MEDICAL_RECORD_ARTICLE = "CSP L.1111-7"


class RequesterCapacity(models.TextChoices):
    """Who files the request, and so which proof of standing applies (CSP L.1111-7, L.1110-4 V, R.1111-1)."""

    SELF = "self", _("The person concerned")
    PARENT = "parent", _("A parent or guardian of a minor")
    LEGAL_REPRESENTATIVE = "legal_representative", _("A legal representative")
    HEIR = "heir", _("An heir, partner or cohabitant of a deceased patient")


# Capacities whose standing must be proven with a document.
CAPACITIES_NEEDING_STANDING_PROOF = frozenset(
    {RequesterCapacity.PARENT, RequesterCapacity.LEGAL_REPRESENTATIVE, RequesterCapacity.HEIR}
)


class Channel(models.TextChoices):
    PORTAL = "portal", _("Online portal")
    EMAIL = "email", _("Email")
    PAPER = "paper", _("Letter")
    PHONE = "phone", _("Telephone")
    IN_PERSON = "in_person", _("In person")
    API = "api", _("Patient portal integration (API)")


class RequestStatus(models.TextChoices):
    AWAITING_CONFIRMATION = "awaiting_confirmation", _("Awaiting email confirmation")
    RECEIVED = "received", _("Received")
    VERIFYING_IDENTITY = "verifying_identity", _("Verifying identity")
    IN_PROGRESS = "in_progress", _("In progress")
    EXTENDED = "extended", _("Extended")
    ANSWERED = "answered", _("Answered")
    PARTIALLY_REFUSED = "partially_refused", _("Partially refused")
    REFUSED = "refused", _("Refused")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    CLOSED = "closed", _("Closed")


S = RequestStatus
# Allowed transitions, enforced by the services (egide.rights.services.workflow).
TRANSITIONS: dict[str, frozenset[str]] = {
    S.AWAITING_CONFIRMATION: frozenset({S.RECEIVED}),
    S.RECEIVED: frozenset({S.VERIFYING_IDENTITY, S.IN_PROGRESS, S.REFUSED, S.WITHDRAWN}),
    S.VERIFYING_IDENTITY: frozenset({S.IN_PROGRESS, S.REFUSED, S.WITHDRAWN}),
    S.IN_PROGRESS: frozenset(
        {S.VERIFYING_IDENTITY, S.EXTENDED, S.ANSWERED, S.PARTIALLY_REFUSED, S.REFUSED, S.WITHDRAWN}
    ),
    S.EXTENDED: frozenset(
        {S.VERIFYING_IDENTITY, S.ANSWERED, S.PARTIALLY_REFUSED, S.REFUSED, S.WITHDRAWN}
    ),
    S.ANSWERED: frozenset({S.CLOSED}),
    S.PARTIALLY_REFUSED: frozenset({S.CLOSED}),
    S.REFUSED: frozenset({S.CLOSED}),
    S.WITHDRAWN: frozenset({S.CLOSED}),
    S.CLOSED: frozenset(),
}
# The clock runs (deadlines matter, reminders go out) in these states.
OPEN_STATUSES = frozenset({S.RECEIVED, S.VERIFYING_IDENTITY, S.IN_PROGRESS, S.EXTENDED})
# A decision was sent: the request counts as answered (on time or late).
ANSWERED_STATUSES = frozenset({S.ANSWERED, S.PARTIALLY_REFUSED, S.REFUSED})
del S


class IdentityStatus(models.TextChoices):
    """Proportionate verification (GDPR Art. 12(6); medical record: CSP R.1111-1)."""

    EMAIL_CONFIRMED = "email_confirmed", _("Email address confirmed")
    NOT_CHECKED = "not_checked", _("Not checked yet")
    PROOF_REQUESTED = "proof_requested", _("Proof requested")
    CONFIRMED = "confirmed", _("Confirmed")
    NOT_ESTABLISHED = "not_established", _("Not established")


class RefusalGround(models.TextChoices):
    """Why a request, or part of it, is refused. Each carries its legal source (RefusalGround.source)."""

    MANIFESTLY_UNFOUNDED = "manifestly_unfounded", _("Manifestly unfounded request")
    EXCESSIVE = (
        "excessive",
        _("Excessive request, in particular because of its repetitive character"),
    )
    IDENTITY_NOT_ESTABLISHED = "identity_not_established", _("Identity could not be established")
    NO_STANDING = "no_standing", _("The requester has no standing to act for the person")
    LEGAL_RETENTION = "legal_retention", _("Retention required by law (e.g. the medical record)")
    PUBLIC_HEALTH = "public_health", _("Reasons of public interest in public health")
    RESEARCH = "research", _("Scientific research that erasure would seriously impair")
    LEGAL_CLAIMS = "legal_claims", _("Establishment, exercise or defence of legal claims")
    RIGHTS_OF_OTHERS = "rights_of_others", _("Rights and freedoms of others")
    PORTABILITY_NOT_APPLICABLE = (
        "portability_not_applicable",
        _("Portability does not apply (processing not based on consent or contract)"),
    )
    COMPELLING_GROUNDS = "compelling_grounds", _("Compelling legitimate grounds for the processing")


REFUSAL_SOURCE: dict[str, str] = {
    RefusalGround.MANIFESTLY_UNFOUNDED: "GDPR Art. 12(5)(b)",
    RefusalGround.EXCESSIVE: "GDPR Art. 12(5)(b)",
    RefusalGround.IDENTITY_NOT_ESTABLISHED: "GDPR Art. 11(2), 12(6); CSP R.1111-1",
    RefusalGround.NO_STANDING: "CSP L.1110-4 V, L.1111-7, R.1111-1",
    RefusalGround.LEGAL_RETENTION: "GDPR Art. 17(3)(b); CSP R.1112-7",
    RefusalGround.PUBLIC_HEALTH: "GDPR Art. 17(3)(c)",
    RefusalGround.RESEARCH: "GDPR Art. 17(3)(d)",
    RefusalGround.LEGAL_CLAIMS: "GDPR Art. 17(3)(e)",
    RefusalGround.RIGHTS_OF_OTHERS: "GDPR Art. 15(4)",
    RefusalGround.PORTABILITY_NOT_APPLICABLE: "GDPR Art. 20(1)",
    RefusalGround.COMPELLING_GROUNDS: "GDPR Art. 21(1)",
}
# Refusing a whole request as manifestly unfounded or excessive needs a recorded reason (Art. 12(5): the
# controller bears the burden of proof). Every refusal records one; these grounds demand a detailed one.
GROUNDS_NEEDING_DETAILED_REASON = frozenset(
    {RefusalGround.MANIFESTLY_UNFOUNDED, RefusalGround.EXCESSIVE}
)


class DocumentKind(models.TextChoices):
    IDENTITY = "identity", _("Proof of identity")
    STANDING = "standing", _("Proof of standing (parental authority, guardianship, heir)")


class SearchTaskStatus(models.TextChoices):
    TODO = "todo", _("To do")
    FOUND = "found", _("Data found")
    NO_DATA = "no_data", _("No data held")
    NOT_APPLICABLE = "not_applicable", _("Not applicable")


class LetterKind(models.TextChoices):
    ACKNOWLEDGEMENT = "acknowledgement", _("Acknowledgement of receipt")
    PROOF_REQUEST = "proof_request", _("Request for proof of identity or standing")
    EXTENSION_NOTICE = "extension_notice", _("Extension notice")
    ACCESS_ANSWER = "access_answer", _("Answer to an access request")
    ANSWER = "answer", _("Answer (rectification, erasure, restriction, objection, portability)")
    REFUSAL = "refusal", _("Refusal with reasons and remedies")
    ERASURE_RETENTION_REFUSAL = (
        "erasure_retention_refusal",
        _("Erasure refused in part because of a legal retention"),
    )


class TimelineKind(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted on the portal")
    EMAIL_CONFIRMED = "email_confirmed", _("Email address confirmed")
    RECORDED = "recorded", _("Recorded by staff")
    STATUS_CHANGED = "status_changed", _("Status changed")
    ASSIGNED = "assigned", _("Assigned")
    NOTE = "note", _("Internal note")
    PROOF_REQUESTED = "proof_requested", _("Proof requested")
    DOCUMENT_UPLOADED = "document_uploaded", _("Document received")
    DOCUMENT_VIEWED = "document_viewed", _("Document viewed")
    DOCUMENT_DELETED = "document_deleted", _("Document deleted")
    IDENTITY_CONFIRMED = "identity_confirmed", _("Identity confirmed")
    IDENTITY_NOT_ESTABLISHED = "identity_not_established", _("Identity not established")
    CLOCK_PAUSED = "clock_paused", _("Clock paused")
    CLOCK_RESUMED = "clock_resumed", _("Clock resumed")
    EXTENDED = "extended", _("Deadline extended")
    TASK_ADDED = "task_added", _("Search task added")
    TASK_DONE = "task_done", _("Search task completed")
    LETTER_ISSUED = "letter_issued", _("Letter issued")
    LETTER_SENT = "letter_sent", _("Letter sent by email")
    REMINDER_SENT = "reminder_sent", _("Reminder sent")
    OVERDUE = "overdue", _("Deadline passed")
    DUPLICATE_FLAGGED = "duplicate_flagged", _("Possible duplicate")
    DEADLINES_CHANGED = "deadlines_changed", _("Deadlines recomputed")
    STATUS_LINK_RENEWED = "status_link_renewed", _("New status link sent")
