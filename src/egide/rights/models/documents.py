"""Files of a request: identity proofs received (deleted once identity is confirmed) and letters issued."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from egide.core.crypto import EncryptedBinaryField
from egide.core.tenancy import TenantModel
from egide.rights.choices import DocumentKind, LetterKind
from egide.rights.models.requests import RightsRequest


class IdentityDocument(TenantModel):
    """A proof of identity or standing. Content encrypted at rest, visible to the DPO team only, and
    emptied (row kept as a tombstone for the timeline) once identity is confirmed: GDPR Art. 5(1)(c), 12(6)."""

    request = models.ForeignKey(
        RightsRequest, on_delete=models.CASCADE, related_name="identity_documents"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=DocumentKind.choices)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("type"), max_length=64)
    size = models.PositiveIntegerField(_("size (bytes)"))
    sha256 = models.CharField(max_length=64)
    content = EncryptedBinaryField(null=True, blank=True)
    uploaded_at = models.DateTimeField(_("received at"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    delete_after = models.DateTimeField(_("to be deleted after"), null=True, blank=True)
    deleted_at = models.DateTimeField(_("deleted at"), null=True, blank=True)

    class Meta:
        verbose_name = _("identity document")
        verbose_name_plural = _("identity documents")
        ordering = ["uploaded_at", "pk"]
        indexes = [models.Index(fields=["delete_after"], name="rights_iddoc_delete_after")]

    def __str__(self) -> str:
        return self.original_name

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None


class IssuedDocument(TenantModel):
    """A letter (or attachment) issued for a request, archived with it: PDF, encrypted at rest."""

    request = models.ForeignKey(
        RightsRequest, on_delete=models.CASCADE, related_name="issued_documents"
    )
    letter_kind = models.CharField(
        _("letter"), max_length=32, choices=LetterKind.choices, blank=True
    )
    title = models.CharField(_("title"), max_length=255)
    language = models.CharField(_("language"), max_length=8)
    filename = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("type"), max_length=64, default="application/pdf")
    size = models.PositiveIntegerField(_("size (bytes)"))
    sha256 = models.CharField(max_length=64)
    content = EncryptedBinaryField()
    body_text = models.TextField(_("text"), blank=True)
    created_at = models.DateTimeField(_("issued at"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    emailed_at = models.DateTimeField(_("sent by email at"), null=True, blank=True)
    on_status_page = models.BooleanField(_("available on the status page"), default=False)

    class Meta:
        verbose_name = _("issued document")
        verbose_name_plural = _("issued documents")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.title
