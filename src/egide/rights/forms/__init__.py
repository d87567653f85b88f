"""Forms of the DPO team's pages of rights requests."""

from egide.rights.forms._common import add_service_errors
from egide.rights.forms.actions import (
    AnswerForm,
    AssignForm,
    EmptyForm,
    NoteForm,
    OptionalReasonForm,
    ReasonForm,
    RefuseForm,
    TaskAddForm,
    TaskCompleteForm,
)
from egide.rights.forms.filters import RequestFilterForm
from egide.rights.forms.intake import RecordRequestForm
from egide.rights.forms.letters import LetterTemplateForm
from egide.rights.forms.settings import RightsSettingsForm

__all__ = [
    "AnswerForm",
    "AssignForm",
    "EmptyForm",
    "LetterTemplateForm",
    "NoteForm",
    "OptionalReasonForm",
    "ReasonForm",
    "RecordRequestForm",
    "RefuseForm",
    "RequestFilterForm",
    "RightsSettingsForm",
    "TaskAddForm",
    "TaskCompleteForm",
    "add_service_errors",
]
