"""Downloading identity documents (the DPO team only, audited) and issued letters (audited)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from egide.core.clock import FrozenClock
from egide.core.models import AuditEvent
from egide.rights.choices import TimelineKind
from egide.rights.models import TimelineEntry
from egide.rights.tests.factories import (
    PDF_BYTES,
    IdentityDocumentFactory,
    IssuedDocumentFactory,
    RightsRequestFactory,
)
from egide.rights.views import _common

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen(monkeypatch):
    monkeypatch.setattr(_common, "CLOCK", FrozenClock())


def _document_url(document, organisation=None):
    slug = (organisation or document.organisation).slug
    return reverse("rights:document", kwargs={"org": slug, "document_id": document.pk})


def _audit(organisation):
    return list(
        AuditEvent.objects.filter(organisation=organisation).values_list("action", flat=True)
    )


@pytest.mark.parametrize("role", ["dpo", "dpo_assistant"])
def test_the_dpo_team_downloads_identity_documents_and_the_read_is_audited(
    login, member_factory, organisation, role
):
    document = IdentityDocumentFactory(
        request=RightsRequestFactory(organisation=organisation), original_name="cni.pdf"
    )
    response = login(member_factory(role)).get(_document_url(document))
    assert response.status_code == 200
    assert response.content == PDF_BYTES
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "cni.pdf" in response["Content-Disposition"]
    assert response["Cache-Control"] == "no-store"
    assert len([a for a in _audit(organisation) if "document" in a]) == 1
    assert TimelineEntry.objects.filter(
        request=document.request, kind=TimelineKind.DOCUMENT_VIEWED
    ).exists()


@pytest.mark.parametrize("role", ["manager", "contributor", "auditor"])
def test_identity_documents_are_refused_to_everyone_else(login, member_factory, organisation, role):
    member = member_factory(role)
    document = IdentityDocumentFactory(
        request=RightsRequestFactory(organisation=organisation, assigned_to=member)
    )
    before = _audit(organisation)
    response = login(member).get(_document_url(document))
    assert response.status_code == 403
    assert PDF_BYTES not in response.content
    assert _audit(organisation) == before
    assert not TimelineEntry.objects.filter(
        request=document.request, kind=TimelineKind.DOCUMENT_VIEWED
    ).exists()


def test_another_organisations_document_is_not_found(login, dpo, organisation, other_organisation):
    document = IdentityDocumentFactory(
        request=RightsRequestFactory(organisation=other_organisation)
    )
    response = login(dpo).get(_document_url(document, organisation))
    assert response.status_code == 404
    assert _audit(other_organisation) == []


def test_a_deleted_document_is_gone(login, dpo, organisation):
    from egide.rights.tests.factories import WHEN

    document = IdentityDocumentFactory(
        request=RightsRequestFactory(organisation=organisation), content=None, deleted_at=WHEN
    )
    assert login(dpo).get(_document_url(document)).status_code == 410


@pytest.mark.parametrize("role", ["dpo", "manager", "contributor", "auditor"])
def test_issued_letters_are_downloaded_and_audited(login, member_factory, organisation, role):
    letter = IssuedDocumentFactory(
        request=RightsRequestFactory(organisation=organisation), filename="accuse.pdf"
    )
    url = reverse(
        "rights:issued_document",
        kwargs={"org": organisation.slug, "issued_document_id": letter.pk},
    )
    response = login(member_factory(role)).get(url)
    assert response.status_code == 200
    assert response.content == PDF_BYTES
    assert 'filename="accuse.pdf"' in response["Content-Disposition"]
    assert "rights_issued_document.view" in _audit(organisation)


def test_another_organisations_letter_is_not_found(login, dpo, organisation, other_organisation):
    letter = IssuedDocumentFactory(request=RightsRequestFactory(organisation=other_organisation))
    url = reverse(
        "rights:issued_document",
        kwargs={"org": organisation.slug, "issued_document_id": letter.pk},
    )
    assert login(dpo).get(url).status_code == 404
