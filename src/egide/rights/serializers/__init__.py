"""API shapes of rights requests (output serializers read models; input serializers only validate, the
viewsets hand the values to ``egide.rights.services``)."""

from egide.rights.serializers.actions import (
    AnswerSerializer,
    AssignSerializer,
    NoteSerializer,
    OptionalReasonSerializer,
    ReasonSerializer,
    RefuseSerializer,
    StatusLinkSerializer,
    TimelineEntrySerializer,
)
from egide.rights.serializers.documents import (
    DeadlineQuerySerializer,
    DeadlineSerializer,
    IdentityDocumentSerializer,
    IdentityDocumentUploadSerializer,
    IssuedDocumentSerializer,
    SearchTaskCompleteSerializer,
    SearchTaskInputSerializer,
    SearchTaskSerializer,
)
from egide.rights.serializers.requests import (
    RequestCreateSerializer,
    RequestFilterSerializer,
    RightsRequestDetailSerializer,
    RightsRequestSerializer,
)

__all__ = [
    "AnswerSerializer",
    "AssignSerializer",
    "DeadlineQuerySerializer",
    "DeadlineSerializer",
    "IdentityDocumentSerializer",
    "IdentityDocumentUploadSerializer",
    "IssuedDocumentSerializer",
    "NoteSerializer",
    "OptionalReasonSerializer",
    "ReasonSerializer",
    "RefuseSerializer",
    "RequestCreateSerializer",
    "RequestFilterSerializer",
    "RightsRequestDetailSerializer",
    "RightsRequestSerializer",
    "SearchTaskCompleteSerializer",
    "SearchTaskInputSerializer",
    "SearchTaskSerializer",
    "StatusLinkSerializer",
    "TimelineEntrySerializer",
]
