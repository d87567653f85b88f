"""Letters render every kind in French and English with the facts the law requires: the reference, the
dates in the letter's language, the article, the remedies (CNIL's address), and for an access answer the
Art. 15 information drawn from the register."""

from __future__ import annotations

import re
from collections.abc import Mapping

import pytest
from django.utils import translation

from egide.core.clock import FrozenClock
from egide.registry.choices import ActivityStatus, RecordKind
from egide.registry.tests.factories import (
    ActivityDataCategoryFactory,
    DpoDesignationFactory,
    ProcessingActivityFactory,
    PurposeFactory,
    RecipientFactory,
    TransferFactory,
)
from egide.rights.choices import (
    LetterKind,
    RefusalGround,
    RequesterCapacity,
    RequestStatus,
    Right,
    SearchTaskStatus,
)
from egide.rights.letters import letter_context
from egide.rights.services.letters import letter_render
from egide.rights.tests.factories import RightsRequestFactory, SearchTaskFactory

pytestmark = pytest.mark.django_db

CNIL = "3 place de Fontenoy, TSA 80715, 75334 Paris Cedex 07"
WITH_REMEDIES = {
    LetterKind.EXTENSION_NOTICE,
    LetterKind.ACCESS_ANSWER,
    LetterKind.ANSWER,
    LetterKind.REFUSAL,
    LetterKind.ERASURE_RETENTION_REFUSAL,
}
RIGHT_OF_KIND = {LetterKind.ERASURE_RETENTION_REFUSAL: Right.ERASURE}
# What each kind must state, per language (received 2026-01-15, due 2026-02-16, extended 2026-04-15).
FACTS = {
    "fr": {
        LetterKind.ACKNOWLEDGEMENT: ["15 janvier 2026", "16 février 2026", "RGPD, art. 15"],
        LetterKind.PROOF_REQUEST: ["pièce d'identité", "RGPD, art. 12(6)"],
        LetterKind.EXTENSION_NOTICE: ["15 avril 2026", "Archives papier à consulter"],
        LetterKind.ACCESS_ANSWER: ["Suivi des admissions", "RGPD, art. 22"],
        LetterKind.ANSWER: ["Adresse corrigée dans le dossier administratif"],
        LetterKind.REFUSAL: ["manifestement infondée", "RGPD, art. 12(5)(b)", "réclamation"],
        LetterKind.ERASURE_RETENTION_REFUSAL: ["R.1112-7", "20 ans", "Dossier médical hospitalier"],
    },
    "en": {
        LetterKind.ACKNOWLEDGEMENT: ["15 January 2026", "16 February 2026", "GDPR Art. 15"],
        LetterKind.PROOF_REQUEST: ["identity document", "GDPR Art. 12(6)"],
        LetterKind.EXTENSION_NOTICE: ["15 April 2026", "Archives papier à consulter"],
        LetterKind.ACCESS_ANSWER: ["Suivi des admissions", "GDPR Art. 22"],
        LetterKind.ANSWER: ["Adresse corrigée dans le dossier administratif"],
        LetterKind.REFUSAL: ["manifestly unfounded", "GDPR Art. 12(5)(b)", "complaint"],
        LetterKind.ERASURE_RETENTION_REFUSAL: ["R.1112-7", "20 years", "Hospital medical record"],
    },
}


@pytest.fixture
def register(organisation):
    DpoDesignationFactory(organisation=organisation, person_name="Camille Martin")
    live = ProcessingActivityFactory(organisation=organisation, name="Admissions")
    PurposeFactory(activity=live, is_main=True, description="Suivi des admissions")
    ActivityDataCategoryFactory(activity=live)
    RecipientFactory(activity=live, name="Caisse primaire d'assurance maladie")
    TransferFactory(activity=live)
    archived = ProcessingActivityFactory(organisation=organisation, status=ActivityStatus.ARCHIVED)
    PurposeFactory(activity=archived, description="Ancienne finalité archivée")
    processor = ProcessingActivityFactory(
        organisation=organisation, record_kind=RecordKind.PROCESSOR
    )
    PurposeFactory(activity=processor, description="Analyses pour une clinique cliente")
    return live


def _request(organisation, kind, language, **fields):
    values = {
        "right": RIGHT_OF_KIND.get(kind, Right.ACCESS),
        "extension_reason": "Archives papier à consulter sur deux sites.",
        "refusal_ground": RefusalGround.MANIFESTLY_UNFOUNDED,
        "refusal_reason": "Demande identique à trois demandes déjà satisfaites ce mois-ci.",
        "outcome": "Adresse corrigée dans le dossier administratif.",
    }
    return RightsRequestFactory(
        organisation=organisation, language=language, **{**values, **fields}
    )


@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize("kind", LetterKind.values)
def test_every_letter_states_its_key_facts(organisation, register, kind, language):
    request = _request(organisation, kind, language)

    letter = letter_render(request=request, kind=kind, clock=FrozenClock())

    assert request.reference in letter.subject
    assert request.reference in letter.body
    for fact in FACTS[language][kind]:
        assert fact in letter.body, fact
    assert (CNIL in letter.body) is (kind in WITH_REMEDIES)
    assert "Camille Martin" in letter.body
    assert "{{" not in letter.body
    assert "{%" not in letter.body
    assert "\n\n\n" not in letter.body


def test_the_letter_follows_the_request_language_not_the_reader_one(organisation, register):
    request = _request(organisation, LetterKind.ACKNOWLEDGEMENT, "fr")

    with translation.override("en"):
        french = letter_render(request=request, kind=LetterKind.ACKNOWLEDGEMENT)
        english = letter_render(request=request, kind=LetterKind.ACKNOWLEDGEMENT, language="en")

    assert french.body.startswith("Madame, Monsieur,")
    assert "droit d'accès" in french.body
    assert english.body.startswith("Dear Sir or Madam,")


def test_the_access_answer_lists_live_controller_activities_of_the_register(
    organisation, register, django_assert_max_num_queries
):
    request = _request(organisation, LetterKind.ACCESS_ANSWER, "fr")

    with django_assert_max_num_queries(12):
        body = letter_render(request=request, kind=LetterKind.ACCESS_ANSWER).body

    assert "Suivi des admissions" in body
    assert "Caisse primaire d'assurance maladie" in body
    assert "5 ans (point de départ : collecte des données)" in body
    assert "US – Clauses contractuelles types" in body
    assert "Ancienne finalité archivée" not in body
    assert "Analyses pour une clinique cliente" not in body


def test_the_access_answer_keeps_to_the_activities_where_data_was_found(organisation, register):
    other = ProcessingActivityFactory(organisation=organisation, name="Vidéoprotection")
    PurposeFactory(activity=other, description="Sécurité des parkings")
    request = _request(organisation, LetterKind.ACCESS_ANSWER, "en")
    SearchTaskFactory(request=request, activity=other, status=SearchTaskStatus.FOUND)
    SearchTaskFactory(request=request, activity=register, status=SearchTaskStatus.NO_DATA)

    body = letter_render(request=request, kind=LetterKind.ACCESS_ANSWER).body

    assert "Sécurité des parkings" in body
    assert "Suivi des admissions" not in body
    assert "in which data concerning you was found" in body


def test_the_medical_record_deadlines_are_stated_beside_the_gdpr_one(organisation, register):
    request = _request(organisation, LetterKind.ACKNOWLEDGEMENT, "fr", includes_medical_record=True)

    body = letter_render(request=request, kind=LetterKind.ACKNOWLEDGEMENT).body

    assert "code de la santé publique, art. L.1111-7" in body
    assert "quarante-huit heures" in body
    assert "23 janvier 2026" in body  # 8 days after receipt (CSP L.1111-7)
    assert "16 février 2026" in body


def test_an_heir_is_asked_for_the_proof_of_standing_and_the_purpose(organisation, register):
    request = _request(
        organisation,
        LetterKind.PROOF_REQUEST,
        "fr",
        requester_capacity=RequesterCapacity.HEIR,
        patient_first_name="Jean",
        patient_last_name="Dupont",
        patient_deceased=True,
    )

    body = letter_render(
        request=request,
        kind=LetterKind.PROOF_REQUEST,
        extra={"reason": "Demande d'un ayant droit."},
    ).body

    assert "Demande d'un ayant droit." in body
    assert "acte de décès" in body
    assert "L.1110-4" in body
    assert "qualité pour agir" in body


def test_a_partial_erasure_refusal_names_the_retention_rule(organisation, register):
    request = _request(
        organisation,
        LetterKind.ERASURE_RETENTION_REFUSAL,
        "en",
        status=RequestStatus.PARTIALLY_REFUSED,
        refusal_ground=RefusalGround.LEGAL_RETENTION,
    )

    body = letter_render(
        request=request,
        kind=LetterKind.ERASURE_RETENTION_REFUSAL,
        extra={"retention_rule": "transfusion_record"},
    ).body

    assert "Transfusion records" in body
    assert "30 years" in body
    assert "GDPR Art. 17" in body


def _leaves(value):
    if isinstance(value, Mapping):
        for item in value.values():
            yield from _leaves(item)
    elif isinstance(value, tuple):
        for item in value:
            yield from _leaves(item)
    else:
        yield value


def test_the_context_holds_plain_read_only_values_only(organisation, register):
    request = _request(organisation, LetterKind.ACCESS_ANSWER, "fr")

    context = letter_context(request=request, kind=LetterKind.ACCESS_ANSWER, language="fr")

    assert {type(leaf) for leaf in _leaves(context)} <= {str, int, float, bool, type(None)}
    with pytest.raises(TypeError):
        context["request"]["reference"] = "changed"  # type: ignore[index]
    assert re.fullmatch(r"Lyon, le \d+ \w+ 2026", context["place_and_date"])


@pytest.mark.parametrize("kind", LetterKind.values)
def test_a_preview_renders_on_an_unsaved_request(organisation, register, kind):
    request = RightsRequestFactory.build(
        organisation=organisation, reference="DR-2026-PREVIEW", outcome="Done."
    )

    letter = letter_render(request=request, kind=kind, language="en")

    assert "DR-2026-PREVIEW" in letter.body
