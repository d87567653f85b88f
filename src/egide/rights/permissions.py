"""Who may see what in a rights request beyond the organisation's usual roles.

Identity documents and proofs of standing are visible to the DPO team only (GDPR Art. 5(1)(c), 32):
the roles holding :attr:`Perm.EDIT_ALL` (``dpo``, ``dpo_assistant``).
"""

from __future__ import annotations

from egide.accounts.roles import Perm, role_has

IDENTITY_DOCUMENTS_PERM = Perm.EDIT_ALL


def may_handle_identity_documents(role: str) -> bool:
    return role_has(role, IDENTITY_DOCUMENTS_PERM)
