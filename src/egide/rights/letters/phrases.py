"""The wording letters need around the template's own text, per letter language.

A letter is written in the requester's language, whatever the language of the staff member who issues it,
and its default texts ship per language (``letters/templates/<language>/<kind>.txt``). The few phrases the
context fills in (the right's name inside a sentence, a refusal ground, the layout's labels) belong to those
texts, so they are kept here per language too rather than in the interface's message catalogue: a French
letter never falls back to English because a catalogue entry is missing. Labels that come from the
register (legal bases, data sources, retention rules) use the register's translations.
"""

from __future__ import annotations

import re

from egide.rights.choices import RefusalGround, RequesterCapacity, Right

LANGUAGES = ("fr", "en")
DEFAULT_LANGUAGE = "fr"


def letter_language(language: str | None) -> str:
    """The supported letter language closest to ``language`` (French by default)."""
    code = (language or "").split("-")[0].lower()
    return code if code in LANGUAGES else DEFAULT_LANGUAGE


RIGHT_NAME: dict[str, dict[str, str]] = {
    "fr": {
        Right.ACCESS: "droit d'accès",
        Right.RECTIFICATION: "droit de rectification",
        Right.ERASURE: "droit à l'effacement",
        Right.RESTRICTION: "droit à la limitation du traitement",
        Right.OBJECTION: "droit d'opposition",
        Right.PORTABILITY: "droit à la portabilité",
        Right.CONSENT_WITHDRAWAL: "droit de retirer votre consentement",
    },
    "en": {
        Right.ACCESS: "right of access",
        Right.RECTIFICATION: "right to rectification",
        Right.ERASURE: "right to erasure",
        Right.RESTRICTION: "right to restriction of processing",
        Right.OBJECTION: "right to object",
        Right.PORTABILITY: "right to data portability",
        Right.CONSENT_WITHDRAWAL: "right to withdraw your consent",
    },
}

CAPACITY: dict[str, dict[str, str]] = {
    "fr": {
        RequesterCapacity.SELF: "la personne concernée",
        RequesterCapacity.PARENT: "titulaire de l'autorité parentale",
        RequesterCapacity.LEGAL_REPRESENTATIVE: "représentant légal",
        RequesterCapacity.HEIR: "ayant droit, concubin ou partenaire lié par un PACS",
    },
    "en": {
        RequesterCapacity.SELF: "the person concerned",
        RequesterCapacity.PARENT: "holder of parental authority",
        RequesterCapacity.LEGAL_REPRESENTATIVE: "legal representative",
        RequesterCapacity.HEIR: "heir, cohabitant or civil partner",
    },
}

REFUSAL_GROUND: dict[str, dict[str, str]] = {
    "fr": {
        RefusalGround.MANIFESTLY_UNFOUNDED: "votre demande est manifestement infondée",
        RefusalGround.EXCESSIVE: "votre demande est excessive, notamment par son caractère répétitif",
        RefusalGround.IDENTITY_NOT_ESTABLISHED: "votre identité n'a pas pu être établie",
        RefusalGround.NO_STANDING: (
            "la qualité pour agir au nom de la personne concernée n'a pas été établie"
        ),
        RefusalGround.LEGAL_RETENTION: "la conservation des données est imposée par la loi",
        RefusalGround.PUBLIC_HEALTH: "le traitement est nécessaire pour des motifs d'intérêt public "
        "dans le domaine de la santé publique",
        RefusalGround.RESEARCH: "l'effacement compromettrait gravement la réalisation d'une "
        "recherche scientifique",
        RefusalGround.LEGAL_CLAIMS: "les données sont nécessaires à la constatation, à l'exercice ou "
        "à la défense de droits en justice",
        RefusalGround.RIGHTS_OF_OTHERS: "la communication porterait atteinte aux droits et libertés "
        "d'autrui",
        RefusalGround.PORTABILITY_NOT_APPLICABLE: "le droit à la portabilité ne s'applique pas à ce "
        "traitement, qui n'est fondé ni sur votre consentement ni sur un contrat",
        RefusalGround.COMPELLING_GROUNDS: "il existe des motifs légitimes et impérieux pour le "
        "traitement, qui prévalent sur vos intérêts, droits et libertés",
    },
    "en": {
        RefusalGround.MANIFESTLY_UNFOUNDED: "your request is manifestly unfounded",
        RefusalGround.EXCESSIVE: "your request is excessive, in particular because of its "
        "repetitive character",
        RefusalGround.IDENTITY_NOT_ESTABLISHED: "your identity could not be established",
        RefusalGround.NO_STANDING: "the standing to act on behalf of the person concerned has not "
        "been established",
        RefusalGround.LEGAL_RETENTION: "the law requires the data to be kept",
        RefusalGround.PUBLIC_HEALTH: "the processing is necessary for reasons of public interest in "
        "the area of public health",
        RefusalGround.RESEARCH: "erasure would seriously impair the achievement of scientific research",
        RefusalGround.LEGAL_CLAIMS: "the data is needed for the establishment, exercise or defence of "
        "legal claims",
        RefusalGround.RIGHTS_OF_OTHERS: "disclosure would adversely affect the rights and freedoms of "
        "others",
        RefusalGround.PORTABILITY_NOT_APPLICABLE: "the right to data portability does not apply to this "
        "processing, which is based neither on your consent nor on a contract",
        RefusalGround.COMPELLING_GROUNDS: "there are compelling legitimate grounds for the processing "
        "which override your interests, rights and freedoms",
    },
}

# Retention periods: unit names (singular, plural) and how a period reads with its starting event.
UNIT: dict[str, dict[str, tuple[str, str]]] = {
    "fr": {"days": ("jour", "jours"), "months": ("mois", "mois"), "years": ("an", "ans")},
    "en": {"days": ("day", "days"), "months": ("month", "months"), "years": ("year", "years")},
}

TEXT: dict[str, dict[str, str]] = {
    "fr": {
        "period_from": "{period} (point de départ : {start})",
        "retention_unknown": "durée non précisée dans le registre",
        "by_rule": "{label}, {source}",
        "place_date": "{city}, le {date}",
        "date_only": "Le {date}",
        "subject": "Objet :",
        "reference": "Référence :",
        "page": "Page",
        "dpo_team": "Délégué à la protection des données (DPO)",
        "none": "aucun",
        "list_separator": " ; ",
    },
    "en": {
        "period_from": "{period} from the {start}",
        "retention_unknown": "not specified in the register",
        "by_rule": "{label}, {source}",
        "place_date": "{city}, {date}",
        "date_only": "{date}",
        "subject": "Subject:",
        "reference": "Reference:",
        "page": "Page",
        "dpo_team": "Data protection officer (DPO)",
        "none": "none",
        "list_separator": "; ",
    },
}

_GDPR = re.compile(r"GDPR Art\. ([^;,]+(?:, [0-9][^;,]*)*)")
_CSP = re.compile(r"CSP ((?:[LRD]\.[0-9-]+(?: [IVX]+)?(?:, )?)+)")


def cite(source: str, language: str) -> str:
    """A legal citation as a letter in ``language`` writes it ("GDPR Art. 15" -> "RGPD, art. 15")."""
    if language != "fr":
        return source
    text = _GDPR.sub(lambda m: f"RGPD, art. {m[1]}", source)
    text = _CSP.sub(lambda m: f"code de la santé publique, art. {m[1].rstrip(', ')}", text)
    return text.replace("; ", " ; ")


def period(duration: int, unit: str, language: str) -> str:
    """``20 years``, ``1 an``: a retention period in ``language``."""
    names = UNIT[language].get(unit)
    if names is None:
        return f"{duration} {unit}".strip()
    return f"{duration} {names[0] if duration == 1 else names[1]}"
