"""Identity documents are unreadable in the database without the key."""

from __future__ import annotations

import pytest
from cryptography.fernet import InvalidToken
from django.db import connection

from egide.core.crypto import _derive, decrypt_bytes
from egide.rights.choices import DocumentKind, RequestStatus
from egide.rights.models import IdentityDocument
from egide.rights.services import PORTAL_ACTOR, identity_document_upload
from egide.rights.tests import services_support
from egide.rights.tests.factories import PDF_BYTES, RightsRequestFactory

pytestmark = pytest.mark.django_db
clock = services_support.clock
SECRET = b"NIR 1 50 03 75 123 456 78 - Jeanne MARTIN"


def test_identity_document_is_encrypted_at_rest(organisation, clock):
    request = RightsRequestFactory(
        organisation=organisation, status=RequestStatus.VERIFYING_IDENTITY
    )
    content = PDF_BYTES.replace(b"%%EOF", SECRET + b"\n%%EOF")
    document = identity_document_upload(
        actor=PORTAL_ACTOR,
        request=request,
        kind=DocumentKind.IDENTITY,
        filename="id.pdf",
        content=content,
        clock=clock,
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT content FROM {IdentityDocument._meta.db_table} WHERE id = %s",  # noqa: S608
            [document.pk],
        )
        raw = bytes(cursor.fetchone()[0])
    assert SECRET not in raw
    assert b"%PDF" not in raw
    with pytest.raises(InvalidToken):
        _derive("another installation's key").decrypt(raw)
    assert decrypt_bytes(raw) == content
    stored = IdentityDocument.objects.for_organisation(organisation).get()
    assert bytes(stored.content) == content
