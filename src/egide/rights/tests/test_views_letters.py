"""The organisation's letters: list, edit with syntax errors shown, preview on a sample, reset."""

from __future__ import annotations

import pytest
from django.urls import reverse

from egide.core.clock import FrozenClock
from egide.rights.choices import LetterKind
from egide.rights.models import LetterTemplate
from egide.rights.tests.factories import LetterTemplateFactory
from egide.rights.views import _common

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen(monkeypatch):
    monkeypatch.setattr(_common, "CLOCK", FrozenClock())


def _edit_url(
    organisation, kind=LetterKind.ACKNOWLEDGEMENT, language="fr", name="rights:letter_edit"
):
    return reverse(name, kwargs={"org": organisation.slug, "kind": kind, "language": language})


def _own(organisation):
    return LetterTemplate.objects.for_organisation(organisation)


@pytest.mark.parametrize("role", ["dpo", "dpo_assistant", "manager", "contributor", "auditor"])
def test_every_member_sees_the_letters(login, member_factory, organisation, role):
    LetterTemplateFactory(organisation=organisation, kind=LetterKind.REFUSAL, language="en")
    client = login(member_factory(role))
    response = client.get(reverse("rights:letters", kwargs={"org": organisation.slug}))
    assert response.status_code == 200
    assert len(response.context["rows"]) == len(LetterKind) * 2
    customised = [(r.kind, r.language) for r in response.context["rows"] if r.customised]
    assert customised == [(LetterKind.REFUSAL, "en")]
    assert client.get(_edit_url(organisation)).status_code == 200


def test_the_edit_page_previews_the_default_on_a_sample(login, dpo, organisation):
    response = login(dpo).get(_edit_url(organisation, LetterKind.ACCESS_ANSWER, "en"))
    assert response.status_code == 200
    assert response.context["is_default"] is True
    preview = response.context["preview"]
    assert "DR-0000-00000" in preview.subject + preview.body
    assert response.context["form"]["body"].value()


def test_save_preview_and_reset(login, dpo, organisation):
    client = login(dpo)
    data = {"subject": "Reçu {{ request.reference }}", "body": "Bonjour {{ requester.name }}."}
    preview = client.post(_edit_url(organisation), {**data, "preview": "1"})
    assert preview.status_code == 200
    assert preview.context["preview"].body == "Bonjour Camille Martin."
    assert not _own(organisation).exists()  # a preview saves nothing
    assert client.post(_edit_url(organisation), data).status_code == 302
    saved = _own(organisation).get()
    assert (saved.kind, saved.language, saved.subject) == ("acknowledgement", "fr", data["subject"])
    assert client.post(_edit_url(organisation, name="rights:letter_reset")).status_code == 302
    assert not _own(organisation).exists()


def test_syntax_errors_are_shown_and_nothing_is_saved(login, dpo, organisation):
    client = login(dpo)
    data = {"subject": "Reçu", "body": "Bonjour {% if requester.name %}sans fin"}
    for extra in ({}, {"preview": "1"}):
        response = client.post(_edit_url(organisation), {**data, **extra})
        assert response.status_code == 400
        assert response.context["form"].errors["body"]
    assert not _own(organisation).exists()


def test_unknown_letters_are_not_found(login, dpo, organisation):
    client = login(dpo)
    assert client.get(_edit_url(organisation, kind="love_letter")).status_code == 404
    assert client.get(_edit_url(organisation, language="de")).status_code == 404


@pytest.mark.parametrize("role", ["manager", "contributor", "auditor"])
def test_only_managers_of_the_organisation_edit_letters(login, member_factory, organisation, role):
    LetterTemplateFactory(organisation=organisation)
    client = login(member_factory(role))
    assert client.post(_edit_url(organisation), {"subject": "x", "body": "y"}).status_code == 403
    assert client.post(_edit_url(organisation, name="rights:letter_reset")).status_code == 403
    assert _own(organisation).get().subject.startswith("Accusé")
