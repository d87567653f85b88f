"""Writes on rights requests. Every service is keyword-only, takes ``actor=`` (portal: ``PORTAL_ACTOR``)
and ``clock=``, runs in one transaction, records a timeline entry and an audit event, and raises
:class:`RightsError` (a ``ValidationError``) without writing anything on bad input or a forbidden move.

One module per subject; import them from here. The letters' services live in
:mod:`egide.rights.services.letters` and are re-exported here too.
"""

from egide.rights.services._common import PORTAL_ACTOR, RightsError, timeline_add
from egide.rights.services.confirmation import (
    confirmation_token_issue,
    rights_request_confirm_email,
)
from egide.rights.services.identity import (
    identity_document_read,
    identity_document_upload,
    identity_documents_purge,
    rights_request_ask_proof,
    rights_request_confirm_identity,
    rights_request_identity_not_established,
)
from egide.rights.services.intake import (
    RequestIntake,
    rights_request_recompute_deadlines,
    rights_request_record,
    rights_request_submit,
    rights_submission_exists,
)

# The letters' services (egide.rights.services.letters).
from egide.rights.services.letters import (
    issued_document_read,
    letter_issue,
    letter_render,
    letter_template_reset,
    letter_template_save,
)
from egide.rights.services.links import rights_status_link_renew
from egide.rights.services.search import search_task_add, search_task_complete, search_tasks_suggest
from egide.rights.services.settings import rights_settings_update
from egide.rights.services.workflow import (
    rights_request_answer,
    rights_request_assign,
    rights_request_close,
    rights_request_extend,
    rights_request_note,
    rights_request_refuse,
    rights_request_start,
    rights_request_withdraw,
)

__all__ = [
    "PORTAL_ACTOR",
    "RequestIntake",
    "RightsError",
    "confirmation_token_issue",
    "identity_document_read",
    "identity_document_upload",
    "identity_documents_purge",
    "issued_document_read",
    "letter_issue",
    "letter_render",
    "letter_template_reset",
    "letter_template_save",
    "rights_request_answer",
    "rights_request_ask_proof",
    "rights_request_assign",
    "rights_request_close",
    "rights_request_confirm_email",
    "rights_request_confirm_identity",
    "rights_request_extend",
    "rights_request_identity_not_established",
    "rights_request_note",
    "rights_request_recompute_deadlines",
    "rights_request_record",
    "rights_request_refuse",
    "rights_request_start",
    "rights_request_submit",
    "rights_status_link_renew",
    "rights_submission_exists",
    "rights_request_withdraw",
    "rights_settings_update",
    "search_task_add",
    "search_task_complete",
    "search_tasks_suggest",
    "timeline_add",
]
