"""Organisations word their own letters: a saved template is used, a broken one is refused with its
error and nothing saved, reset brings Egide's default back, every change is audited, and an edited
template cannot reach data beyond the letter's plain context (no ORM, no tag library, no include)."""

from __future__ import annotations

import pytest

from egide.core.clock import FrozenClock
from egide.core.models import AuditEvent
from egide.rights.choices import LetterKind
from egide.rights.letters import default_source
from egide.rights.models import LetterTemplate
from egide.rights.services import RightsError
from egide.rights.services.letters import (
    letter_render,
    letter_source,
    letter_sources,
    letter_template_reset,
    letter_template_save,
)
from egide.rights.tests.factories import LetterTemplateFactory, RightsRequestFactory

pytestmark = pytest.mark.django_db
KIND = LetterKind.ACKNOWLEDGEMENT


def _save(
    organisation, dpo, *, subject="Reçu {{ request.reference }}", body="Bonjour.", language="fr"
):
    return letter_template_save(
        actor=dpo,
        organisation=organisation,
        kind=KIND,
        language=language,
        subject=subject,
        body=body,
        clock=FrozenClock(),
    )


def _actions(organisation):
    return list(
        AuditEvent.objects.filter(
            organisation=organisation, action__startswith="rights_letter_template."
        ).values_list("action", flat=True)
    )


def test_a_saved_template_is_used_for_the_organisation_only(organisation, other_organisation, dpo):
    _save(
        organisation,
        dpo,
        body="Dossier {{ request.reference }} reçu le {{ request.received_on }}.\n"
        "{% for line in organisation.address_lines %}{{ line }} {% endfor %}",
    )
    mine = RightsRequestFactory(organisation=organisation, reference="DR-2026-00012")
    theirs = RightsRequestFactory(organisation=other_organisation)

    letter = letter_render(request=mine, kind=KIND)

    assert letter.subject == "Reçu DR-2026-00012"
    assert letter.body == "Dossier DR-2026-00012 reçu le 15 janvier 2026.\n69003 Lyon"
    assert letter_render(request=theirs, kind=KIND).body.startswith("Madame, Monsieur,")
    assert _actions(organisation) == ["rights_letter_template.save"]


def test_saving_again_updates_the_one_template_of_that_kind_and_language(organisation, dpo):
    _save(organisation, dpo, body="Première version.")
    _save(organisation, dpo, body="Deuxième version.")
    _save(organisation, dpo, body="English wording.", language="en")

    rows = LetterTemplate.objects.for_organisation(organisation).order_by("language")
    assert [(t.language, t.body) for t in rows] == [
        ("en", "English wording.\n"),
        ("fr", "Deuxième version.\n"),
    ]
    sources = {(s.kind, s.language): s for s in letter_sources(organisation=organisation)}
    assert len(sources) == len(LetterKind.values) * 2
    assert not sources[(KIND, "fr")].is_default
    assert sources[(LetterKind.REFUSAL, "fr")].is_default


@pytest.mark.parametrize(
    ("field", "text", "message"),
    [
        ("body", "{% if request.reference %}no end", "endif"),
        ("body", "{{ request.reference|no_such_filter }}", "no_such_filter"),
        ("subject", "{% for x in %}", "for"),
        ("body", "{% load i18n %}{% translate 'x' %}", "i18n"),
        ("body", "{% include 'base.html' %}", "base.html"),
        ("body", "{% debug %}", "debug"),
        ("body", "{{ requester.__class__ }}", "underscores"),
        ("body", "   ", "empty"),
    ],
)
def test_a_broken_template_is_refused_with_its_error_and_nothing_is_saved(
    organisation, dpo, field, text, message
):
    values = {"subject": "Reçu", "body": "Bonjour.", field: text}

    with pytest.raises(RightsError) as caught:
        _save(organisation, dpo, **values)

    assert field in caught.value.message_dict
    assert message in " ".join(caught.value.message_dict[field])
    assert not LetterTemplate.objects.for_organisation(organisation).exists()
    assert _actions(organisation) == []


def test_an_unknown_kind_or_language_is_refused(organisation, dpo):
    with pytest.raises(RightsError):
        letter_template_save(
            actor=dpo, organisation=organisation, kind="love_letter", language="fr",
            subject="x", body="y",
        )  # fmt: skip
    with pytest.raises(RightsError):
        _save(organisation, dpo, language="de")


def test_reset_goes_back_to_the_default(organisation, dpo):
    _save(organisation, dpo)

    letter_template_reset(actor=dpo, organisation=organisation, kind=KIND, language="fr")
    letter_template_reset(actor=dpo, organisation=organisation, kind=KIND, language="fr")

    assert letter_source(organisation=organisation, kind=KIND, language="fr") == default_source(
        KIND, "fr"
    )
    assert _actions(organisation) == [
        "rights_letter_template.save",
        "rights_letter_template.reset",
    ]


def test_an_edited_template_cannot_reach_the_orm_or_the_settings(organisation, dpo):
    LetterTemplateFactory(
        organisation=organisation,
        kind=KIND,
        language="fr",
        subject="{{ request.reference }}",
        body=(
            "[{{ request.organisation.legal_name }}]"
            "[{{ organisation.memberships.all }}]"
            "[{{ request.pk }}{{ request.id }}{{ request.objects }}]"
            "[{{ dpo.user.password }}{{ settings.SECRET_KEY }}]"
            "[{% for k in request.keys %}{% endfor %}{{ request.clear }}]"
            "[{{ request.reference }}]"
        ),
    )
    request = RightsRequestFactory(organisation=organisation, reference="DR-2026-00012")

    body = letter_render(request=request, kind=KIND).body

    assert body == "[][][][][][DR-2026-00012]"
