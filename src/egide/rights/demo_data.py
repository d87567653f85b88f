"""The demo group's rights requests: plain data, no database (played by :mod:`egide.rights.demo`).

Each story is a request and what happened to it, day by day counted from its receipt; ``days_ago`` places
the receipt before the demo's "today", so deadlines look live whenever the demo is loaded. Together they
show every status, the medical record (48 hours, 8 days, 2 months), a parent, a legal representative and an
heir, an extension, one overdue request, one answered late, refusals with their grounds, a withdrawal and a
portal request whose email is not confirmed yet. People and stories are invented.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from egide.demo import data
from egide.rights.choices import Channel, DocumentKind, RefusalGround, RequesterCapacity, Right

H, C, E, L = data.HOSPITAL, data.CLINIC, data.NURSING_HOME, data.LABORATORY


@dataclass(frozen=True)
class Step:
    """Something done ``day`` days after receipt (``hour``: Paris time)."""

    day: int
    action: str  # upload, confirm_identity, start, assign, note, tasks, complete_tasks, extend,
    #              answer, refuse, withdraw, close
    args: dict[str, Any] = field(default_factory=dict)
    hour: int = 10


@dataclass(frozen=True)
class Story:
    organisation: str
    days_ago: int  # receipt (portal: email confirmation) this many days before the demo's today
    channel: str
    right: str
    first_name: str
    last_name: str
    capacity: str = RequesterCapacity.SELF
    medical_record: bool = False
    older_than_5_years: bool = False
    patient: tuple[str, str] | None = None
    deceased: bool = False
    description: str = ""
    language: str = "fr"
    confirmed: bool = True  # portal only: the email confirmed
    steps: tuple[Step, ...] = ()

    @property
    def email(self) -> str:
        local = f"{self.first_name}.{self.last_name}".lower().replace(" ", "-")
        return f"{local.encode('ascii', 'ignore').decode()}@patients.{data.EMAIL_DOMAIN}"


def upload(kind: str = DocumentKind.IDENTITY, day: int = 1) -> Step:
    return Step(day, "upload", {"kind": kind}, hour=19)


def tasks(day: int, *systems: str) -> Step:
    return Step(day, "tasks", {"systems": systems}, hour=11)


DPO = f"claire.delorme@{data.EMAIL_DOMAIN}"
ASSISTANT = f"hugo.marchal@{data.EMAIL_DOMAIN}"
DIM = f"sophie.nguyen@{data.EMAIL_DOMAIN}"

STORIES: tuple[Story, ...] = (
    # --- The hospital ---------------------------------------------------------------------
    Story(  # Medical record on the portal, proof received and checked, answered on day 6, closed.
        H, 30, Channel.PORTAL, Right.ACCESS, "Martine", "Lefèvre", medical_record=True,
        description="Copie de mon dossier médical, hospitalisation en cardiologie en 2025.",
        steps=(
            upload(),
            Step(2, "confirm_identity"),
            Step(2, "assign", {"user": ASSISTANT}),
            tasks(2, "DPI Dossia", "PACS Radiolys", "SIL Biolab"),
            Step(4, "complete_tasks", {"result": "Compte rendu d'hospitalisation, ECG, bilans."}),
            Step(6, "answer", {"outcome": "Dossier médical transmis sur la page de suivi sécurisée."}),
            Step(9, "close"),
        ),
    ),
    Story(  # Medical record on the portal: proof asked at once, not received yet (clock paused).
        H, 3, Channel.PORTAL, Right.ACCESS, "Karim", "Haddad", medical_record=True,
        description="Je souhaite obtenir mes comptes rendus des urgences de janvier.",
    ),
    Story(  # A mother asks for her son's record; standing proven; due within days.
        H, 6, Channel.PORTAL, Right.ACCESS, "Élodie", "Marchand",
        capacity=RequesterCapacity.PARENT, medical_record=True, patient=("Lucas", "Marchand"),
        description="Dossier de mon fils mineur, opéré de l'appendicite en pédiatrie.",
        steps=(
            upload(DocumentKind.IDENTITY),
            upload(DocumentKind.STANDING),
            Step(1, "confirm_identity", hour=15),
            Step(1, "assign", {"user": ASSISTANT}, hour=15),
            tasks(2, "DPI Dossia"),
            Step(2, "note", {"text": "Le père partage l'autorité parentale : vérifier qu'aucune "
                                     "opposition n'a été signalée au service."}),
        ),
    ),
    Story(  # An heir, information over 5 years old: two months under CSP L.1111-7.
        H, 20, Channel.PAPER, Right.ACCESS, "Bernadette", "Roux",
        capacity=RequesterCapacity.HEIR, medical_record=True, older_than_5_years=True,
        patient=("Marcel", "Roux"), deceased=True,
        description="Courrier : fille du patient décédé en 2017, souhaite connaître les causes du "
        "décès (CSP L.1110-4 V).",
        steps=(
            Step(0, "ask_proof", {"reason": "Acte de décès et justificatif de la qualité d'ayant "
                                            "droit demandés (CSP R.1111-1)."}, hour=14),
            upload(DocumentKind.STANDING, day=8),
            Step(9, "confirm_identity"),
            Step(9, "assign", {"user": DIM}),
            tasks(10, "DPI Dossia"),
            Step(12, "note", {"text": "Dossier archivé sur site externe : demande de sortie "
                                      "d'archives faite le jour même."}),
        ),
    ),
    Story(  # Extended: a large request on many systems, extension notified before the first month.
        H, 48, Channel.EMAIL, Right.ACCESS, "Jean-Pierre", "Blanc",
        description="Toutes les données me concernant, y compris les traces d'accès à mon dossier.",
        steps=(
            Step(1, "start"),
            Step(1, "assign", {"user": DPO}),
            tasks(1, "DPI Dossia", "GAM Dossia", "Agenda RDV Santé", "Entrepôt EDS Aurèle"),
            Step(18, "extend", {"reason": "Votre demande porte sur quatre systèmes et sur les "
                                          "journaux d'accès de trois années : nous avons besoin "
                                          "de deux mois supplémentaires."}),
            Step(25, "complete_tasks", {"result": "Extraction faite.", "count": 2}),
        ),
    ),
    Story(  # Overdue: an erasure request by phone, started but never answered.
        H, 40, Channel.PHONE, Right.ERASURE, "Sandrine", "Perrin",
        description="Appel : demande la suppression de ses coordonnées du service de prise de "
        "rendez-vous en ligne.",
        steps=(
            Step(2, "start"),
            tasks(2, "Agenda RDV Santé"),
            Step(5, "note", {"text": "Relancé l'éditeur de l'agenda en ligne, sans réponse."}),
        ),
    ),
    Story(  # Answered late: received by email, answered 38 days later.
        H, 75, Channel.EMAIL, Right.RECTIFICATION, "Thierry", "Gauthier",
        description="Mon adresse et mon médecin traitant sont erronés dans mon dossier.",
        steps=(
            Step(3, "start"),
            tasks(3, "GAM Dossia"),
            Step(36, "complete_tasks", {"result": "Adresse et médecin traitant corrigés."}),
            Step(38, "answer", {"outcome": "Les informations ont été rectifiées dans le dossier "
                                           "administratif et transmises au DPI."}),
            Step(45, "close"),
        ),
    ),
    Story(  # Erasure refused in part: the medical record is kept 20 years (CSP R.1112-7).
        H, 22, Channel.PORTAL, Right.ERASURE, "Nathalie", "Fontaine",
        description="Je veux que vous supprimiez tout mon dossier.",
        steps=(
            Step(1, "start"),
            tasks(1, "DPI Dossia", "Agenda RDV Santé"),
            Step(9, "refuse", {
                "ground": RefusalGround.LEGAL_RETENTION, "partial": True,
                "reason": "Le dossier médical est conservé vingt ans après le dernier séjour "
                "(CSP R.1112-7). Vos données de prise de rendez-vous en ligne ont été effacées.",
            }),
        ),
    ),
    Story(  # Refused as excessive: the fourth identical request in three months.
        H, 15, Channel.EMAIL, Right.ACCESS, "Gérard", "Lambert", language="fr",
        description="Copie de toutes mes données, à nouveau.",
        steps=(
            Step(1, "start"),
            Step(4, "refuse", {
                "ground": RefusalGround.EXCESSIVE,
                "reason": "Quatrième demande identique en trois mois ; les trois précédentes ont "
                "reçu une réponse complète et aucune donnée n'a changé depuis la dernière.",
            }),
        ),
    ),
    Story(  # Withdrawn by the requester.
        H, 12, Channel.IN_PERSON, Right.OBJECTION, "Chantal", "Mercier",
        description="S'oppose à l'utilisation de ses données dans l'entrepôt de données de santé.",
        steps=(
            Step(1, "start"),
            Step(3, "withdraw", {"reason": "La patiente a retiré sa demande après l'explication "
                                           "du service."}),
        ),
    ),
    Story(  # Filed today on the portal, in English, email not confirmed yet.
        H, 0, Channel.PORTAL, Right.ACCESS, "Emma", "Wilson", language="en", confirmed=False,
        description="A copy of my records from my stay in the maternity ward.",
    ),
    Story(  # Received this morning on the portal: acknowledged, not started.
        H, 0, Channel.PORTAL, Right.RESTRICTION, "Yannick", "Le Gall",
        description="Je conteste l'exactitude d'un compte rendu ; merci d'en limiter l'usage.",
    ),
    # --- The clinic ----------------------------------------------------------------------
    Story(
        C, 18, Channel.PORTAL, Right.PORTABILITY, "Inès", "Bouchard",
        description="Mes données de rendez-vous dans un format réutilisable.",
        steps=(
            Step(1, "start"),
            Step(5, "answer", {"outcome": "Fichier CSV de vos rendez-vous déposé sur la page de "
                                          "suivi."}),
        ),
    ),
    Story(
        C, 9, Channel.EMAIL, Right.ACCESS, "Olivier", "Chevalier",
        steps=(Step(1, "start"), tasks(1, "DPI Dossia")),
    ),
    # --- The nursing home ----------------------------------------------------------------
    Story(  # A guardian (tutelle) asks for a resident's file.
        E, 10, Channel.PAPER, Right.ACCESS, "Agnès", "Dupuis",
        capacity=RequesterCapacity.LEGAL_REPRESENTATIVE, patient=("Raymond", "Dupuis"),
        description="Mandataire judiciaire de M. Dupuis : demande de copie de son dossier de "
        "résident.",
        steps=(
            Step(0, "ask_proof", {"reason": "Jugement de tutelle demandé."}, hour=16),
            upload(DocumentKind.STANDING, day=3),
            Step(4, "confirm_identity"),
            tasks(4, "Dossier résident Résid'Soft"),
        ),
    ),
    # --- The laboratory ------------------------------------------------------------------
    Story(
        L, 26, Channel.EMAIL, Right.CONSENT_WITHDRAWAL, "Fabrice", "Noël",
        description="Je retire mon consentement à l'envoi de résultats par SMS.",
        steps=(
            Step(1, "start"),
            Step(2, "answer", {"outcome": "Envoi par SMS désactivé ; vos résultats restent "
                                          "disponibles sur le serveur de résultats."}),
            Step(4, "close"),
        ),
    ),
    Story(
        L, 35, Channel.EMAIL, Right.ACCESS, "Rémi", "Caron",
        description="Demande envoyée depuis une adresse différente de celle du dossier.",
        steps=(
            Step(1, "ask_proof", {"reason": "L'adresse de la demande ne correspond pas à celle "
                                            "connue du laboratoire."}),
            Step(33, "identity_not_established", {
                "reason": "Aucun justificatif reçu après notre demande du mois dernier.",
            }),
        ),
    ),
)  # fmt: skip
