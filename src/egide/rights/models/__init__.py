"""The rights-request domain's models."""

from egide.rights.models.documents import IdentityDocument, IssuedDocument
from egide.rights.models.requests import (
    REQUEST_AUDIT_FIELDS,
    RequestPause,
    RightsRequest,
    RightsSettings,
)
from egide.rights.models.work import LetterTemplate, ReminderSent, SearchTask, TimelineEntry

__all__ = [
    "REQUEST_AUDIT_FIELDS",
    "IdentityDocument",
    "IssuedDocument",
    "LetterTemplate",
    "ReminderSent",
    "RequestPause",
    "RightsRequest",
    "RightsSettings",
    "SearchTask",
    "TimelineEntry",
]
