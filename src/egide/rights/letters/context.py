"""What a letter's template can read: plain values about the organisation, its DPO, the request and the
remedies, in the letter's language. No model instance ever reaches a template (:func:`freeze`), so an
organisation's edited template cannot wander through the ORM to data the letter should not show.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from types import MappingProxyType
from typing import Any

from django.utils import translation
from django.utils.formats import date_format

from egide.accounts.models import Organisation
from egide.core.clock import PARIS, SYSTEM_CLOCK, Clock
from egide.registry.retention import RULE_BY_CODE, RetentionRule
from egide.registry.selectors import dpo_designation_current
from egide.rights.choices import (
    CAPACITIES_NEEDING_STANDING_PROOF,
    MEDICAL_RECORD_ARTICLE,
    REFUSAL_SOURCE,
    RIGHT_ARTICLE,
    LetterKind,
    RequesterCapacity,
    RequestStatus,
)
from egide.rights.letters.phrases import CAPACITY, REFUSAL_GROUND, RIGHT_NAME, TEXT, cite, period
from egide.rights.letters.register import register_information
from egide.rights.models import RequestPause, RightsRequest, RightsSettings

# Remedies every answer and refusal states: complaint to the supervisory authority (GDPR Art. 77) and
# judicial remedy (GDPR Art. 79), both to be mentioned when a request is not acted on (GDPR Art. 12(4)).
CNIL_NAME = {
    "fr": "Commission nationale de l'informatique et des libertés (CNIL)",
    "en": "Commission nationale de l'informatique et des libertés (CNIL), the French supervisory authority",
}
CNIL_ADDRESS = "3 place de Fontenoy, TSA 80715, 75334 Paris Cedex 07"
CNIL_WEBSITE = "www.cnil.fr"

# The retention rule an erasure refused for legal retention names when the caller does not choose one:
# the hospital medical record, CSP R.1112-7 (erasure refused under GDPR Art. 17(3)(b)).
DEFAULT_RETENTION_RULE = "medical_record_hospital"


def day(value: date | datetime | None, language: str) -> str:
    """``12 mars 2026`` / ``12 March 2026``; a moment is shown as its Europe/Paris date."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.astimezone(PARIS).date()
    with translation.override(language):
        return date_format(value, "j F Y")


def freeze(value: Any, language: str) -> Any:
    """``value`` as read-only plain data: mappings, tuples, strings, numbers, booleans, None."""
    if isinstance(value, Mapping):
        return MappingProxyType({str(k): freeze(v, language) for k, v in value.items()})
    if isinstance(value, list | tuple | set | frozenset):
        return tuple(freeze(v, language) for v in value)
    if isinstance(value, date):
        return day(value, language)
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    return str(value)  # choices (str subclasses), lazy translations: anything else becomes its text


def _organisation(request: RightsRequest) -> dict[str, Any]:
    org = request.organisation
    town = " ".join(p for p in (org.postal_code, org.city) if p)
    lines = tuple(line for line in (org.address_line, town) if line)
    return {
        "name": org.legal_name,
        "address_lines": lines,
        "address": ", ".join(lines),
        "city": org.city,
    }


def dpo_contact(organisation: Organisation) -> tuple[str, str, str]:
    """(name, email, phone) requesters are given: the rights settings' contact address first, else the
    designated DPO's published address (GDPR Art. 37(7)), else the designation's address."""
    settings = RightsSettings.objects.for_organisation(organisation).first()
    designation = dpo_designation_current(organisation=organisation)
    email = settings.contact_email if settings else ""
    if designation is None:
        return "", email, ""
    email = email or designation.published_contact_email or designation.email
    return str(designation), email, designation.phone


def _dpo(request: RightsRequest, language: str) -> dict[str, Any]:
    name, email, phone = dpo_contact(request.organisation)
    return {"name": name, "email": email, "phone": phone, "title": TEXT[language]["dpo_team"]}


def _request(request: RightsRequest, language: str) -> dict[str, Any]:
    return {
        "reference": request.reference,
        "right": request.right,
        "right_name": RIGHT_NAME[language].get(request.right, request.right),
        "article": cite(RIGHT_ARTICLE.get(request.right, ""), language),
        "received_on": request.received_on,
        "submitted_on": request.submitted_at,
        "due_on": request.due_on,
        "extended_due_on": request.extended_due_on,
        "deadline": request.governing_due_on or request.due_on,
        "extended": request.extended_at is not None,
        "medical_record": request.includes_medical_record,
        "medical_record_article": cite(MEDICAL_RECORD_ARTICLE, language),
        "medical_record_older_than_5_years": request.medical_record_older_than_5_years,
        "medical_record_not_before": request.medical_record_not_before,
        "medical_record_due_on": request.medical_record_due_on,
        "description": request.description,
        "outcome": request.outcome,
    }


def _people(request: RightsRequest, language: str) -> dict[str, Any]:
    capacity = request.requester_capacity
    return {
        "requester": {
            "name": request.requester_name,
            "first_name": request.requester_first_name,
            "last_name": request.requester_last_name,
            "address_lines": tuple(
                line.strip() for line in request.requester_address.splitlines() if line.strip()
            ),
            "email": request.requester_email,
            "capacity": capacity,
            "capacity_name": CAPACITY[language].get(capacity, capacity),
            "for_someone_else": capacity != RequesterCapacity.SELF,
        },
        "patient": {
            "name": request.patient_name,
            "birth_name": request.patient_birth_name,
            "birth_date": request.patient_birth_date,
            "deceased": request.patient_deceased,
        },
    }


def _retention_rule(rule: RetentionRule, language: str) -> dict[str, Any]:
    with translation.override(language):
        return {
            "code": rule.code,
            "label": str(rule.label),
            "source": cite(rule.source, language),
            "period": period(rule.duration, rule.unit, language),
            "note": str(rule.note),
        }


def _proof_reason(request: RightsRequest, extra: Mapping[str, Any]) -> str:
    reason = extra.get("proof_reason") or extra.get("reason")
    if reason or request.pk is None:  # an unsaved request (a preview) has no pause yet
        return str(reason or "")
    pause = RequestPause.objects.filter(request=request).order_by("-started_on", "-pk").first()
    return pause.reason if pause is not None else ""


def letter_context(
    *,
    request: RightsRequest,
    kind: str,
    language: str,
    extra: Mapping[str, Any] | None = None,
    clock: Clock = SYSTEM_CLOCK,
) -> Mapping[str, Any]:
    """Everything a letter of ``kind`` may say about ``request``, frozen, in ``language``."""
    extra = dict(extra or {})
    org = _organisation(request)
    today = clock.now().astimezone(PARIS).date()
    text = TEXT[language]
    dated = text["place_date"] if org["city"] else text["date_only"]
    ground = request.refusal_ground
    context: dict[str, Any] = {
        "language": language,
        "today": today,
        "place_and_date": dated.format(city=org["city"], date=day(today, language)),
        "organisation": org,
        "dpo": _dpo(request, language),
        "request": _request(request, language),
        **_people(request, language),
        "extension": {"reason": request.extension_reason or str(extra.get("reason") or "")},
        "proof": {
            "reason": _proof_reason(request, extra) if kind == LetterKind.PROOF_REQUEST else "",
            "standing": request.requester_capacity in CAPACITIES_NEEDING_STANDING_PROOF,
        },
        "refusal": {
            "ground": ground,
            "ground_text": REFUSAL_GROUND[language].get(ground, ground),
            "source": cite(REFUSAL_SOURCE.get(ground, ""), language),
            "reason": request.refusal_reason,
            "partial": request.status == RequestStatus.PARTIALLY_REFUSED
            or kind == LetterKind.ERASURE_RETENTION_REFUSAL,
        },
        "remedies": {
            "cnil": CNIL_NAME[language],
            "cnil_address": CNIL_ADDRESS,
            "cnil_website": CNIL_WEBSITE,
            "complaint_article": cite("GDPR Art. 77", language),
            "judicial_article": cite("GDPR Art. 79", language),
            "information_article": cite("GDPR Art. 12(4)", language),
        },
        "extra": {k: v for k, v in extra.items() if k != "retention_rule"},
    }
    if kind == LetterKind.ACCESS_ANSWER:
        context["register"] = register_information(request=request, language=language)
    if kind == LetterKind.ERASURE_RETENTION_REFUSAL:
        code = str(extra.get("retention_rule") or DEFAULT_RETENTION_RULE)
        rule = RULE_BY_CODE.get(code, RULE_BY_CODE[DEFAULT_RETENTION_RULE])
        context["retention"] = _retention_rule(rule, language)
    frozen: Mapping[str, Any] = freeze(context, language)
    return frozen
