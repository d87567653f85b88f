"""The demo group's register as data: vendors, systems, activities (by template) and DPO designations.

Loaded by :mod:`egide.registry.demo`. Activity names are the register's content, in French like the
hospital's own documents; activities without a name take the template's. An activity's ``processors``
are the vendors that stand in, in order, for its template's placeholder processors ("PACS vendor"...),
then any further processor: every processor of the demo is a vendor, so the checks find only the gaps
set on purpose.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from egide.demo import data
from egide.registry.choices import ActivityStatus, Hosting, VendorRole

ALL_CLAUSES = dict.fromkeys("abcdefgh", True)
VALIDATED, IN_REVIEW, DRAFT = (
    ActivityStatus.VALIDATED,
    ActivityStatus.IN_REVIEW,
    ActivityStatus.DRAFT,
)
V, R, D = VALIDATED, IN_REVIEW, DRAFT


@dataclass(frozen=True)
class DemoVendor:
    name: str
    signed_on: date | None = date(2022, 9, 1)
    hds: int | None = None  # days from today to the HDS certificate's expiry (negative: expired)
    hosts_health_data: bool = False  # without ``hds``: a health data host with no certificate
    countries: tuple[str, ...] = ("FR",)
    role: str = VendorRole.PROCESSOR
    clauses: tuple[str, ...] = tuple("abcdefgh")


@dataclass(frozen=True)
class DemoActivity:
    template: str
    name: str = ""
    status: str = V
    owner: str = "claire.delorme"
    systems: tuple[str, ...] = ()
    processors: tuple[str, ...] = ()  # vendors for the template's processors, in order, then extras
    subjects: int | None = None


VENDORS = {
    data.HOSPITAL: (
        DemoVendor("Dossia Santé", hds=700),
        DemoVendor("Radiolys", hds=420),
        DemoVendor("Téléradio Armor", hds=380),
        DemoVendor("Biolab Systèmes"),
        DemoVendor("Pharmavia Logiciels"),
        DemoVendor("Nuagis Cloud", hds=-45),  # certificate expired: the checks flag the warehouse
        DemoVendor("RDV Santé Connect", hds=500),
        DemoVendor("SMS Express", role=VendorRole.SUB_PROCESSOR),
        DemoVendor("TéléConsult Pro", hds=300),
        DemoVendor(
            "ClinData EDC Inc.", countries=("US",), hosts_health_data=True
        ),  # gap: health data host without HDS certificate
        DemoVendor("Cliniform eCRF", hds=600),
        DemoVendor("Paie Horizon"),
        DemoVendor("Vigilia Sécurité"),
        DemoVendor("Accessia Systèmes"),
        DemoVendor(
            "Courrier Express", signed_on=None, clauses=()
        ),  # gap: processor without contract
    ),
    data.CLINIC: (
        DemoVendor("Dossia Santé", hds=700),
        DemoVendor("Paie Horizon"),
        DemoVendor("Radiolys", hds=420),
        DemoVendor("Téléradio Armor", hds=380),
        DemoVendor("RDV Santé Connect", hds=500),
        DemoVendor("SMS Express", role=VendorRole.SUB_PROCESSOR),
        DemoVendor("Vigilia Sécurité"),
    ),
    data.NURSING_HOME: (DemoVendor("Résid'Soft", hds=250), DemoVendor("Paie Horizon")),
    data.LABORATORY: (
        DemoVendor("Biolab Systèmes"),
        DemoVendor("RDV Santé Connect", hds=500),
        DemoVendor("SMS Express", role=VendorRole.SUB_PROCESSOR),
        DemoVendor("Paie Horizon"),
    ),
}
# name -> (vendor, hosting, holds health data)
SYSTEMS = {
    data.HOSPITAL: {
        "DPI Dossia": ("Dossia Santé", Hosting.HDS_HOST, True),
        "GAM Dossia": ("Dossia Santé", Hosting.HDS_HOST, True),
        "PACS Radiolys": ("Radiolys", Hosting.HDS_HOST, True),
        "SIL Biolab": ("Biolab Systèmes", Hosting.ON_PREMISES, True),
        "Entrepôt EDS Aurèle": ("Nuagis Cloud", Hosting.HDS_HOST, True),
        "Agenda RDV Santé": ("RDV Santé Connect", Hosting.SAAS, True),
        "SIRH Horizon": ("Paie Horizon", Hosting.ON_PREMISES, False),
        "Annuaire GHT": ("", Hosting.GROUP_DATACENTRE, False),
    },
    data.CLINIC: {"DPI Dossia": ("Dossia Santé", Hosting.HDS_HOST, True)},
    data.NURSING_HOME: {"Dossier résident Résid'Soft": ("Résid'Soft", Hosting.HDS_HOST, True)},
    data.LABORATORY: {"SIL Biolab": ("Biolab Systèmes", Hosting.ON_PREMISES, True)},
}
A = DemoActivity
EPR, SOPHIE, JULIEN = ("DPI Dossia",), "sophie.nguyen", "julien.caron"
DOSSIA, PACS, BOOKING = (
    ("Dossia Santé",),
    ("Radiolys", "Téléradio Armor"),
    ("RDV Santé Connect", "SMS Express"),
)
HR, EDC = ("Paie Horizon",), ("Cliniform eCRF",)
ACTIVITIES = {
    data.HOSPITAL: (
        A(
            "patient_administration",
            owner=SOPHIE,
            systems=("GAM Dossia",),
            processors=DOSSIA,
            subjects=185000,
        ),
        A(
            "electronic_patient_record",
            owner=SOPHIE,
            systems=EPR,
            processors=DOSSIA,
            subjects=185000,
        ),
        A(
            "electronic_patient_record",
            "Dossier patient en psychiatrie",
            systems=EPR,
            processors=DOSSIA,
        ),
        A("electronic_patient_record", "Dossier des urgences", systems=EPR, processors=DOSSIA),
        A(
            "electronic_patient_record",
            "Bloc opératoire et anesthésie",
            systems=EPR,
            processors=DOSSIA,
        ),
        A(
            "electronic_patient_record",
            "Maternité et néonatologie",
            systems=EPR,
            processors=DOSSIA,
            status=R,
        ),
        A(
            "electronic_patient_record",
            "Réunions de concertation pluridisciplinaire en cancérologie",
            systems=EPR,
            processors=DOSSIA,
        ),
        A(
            "electronic_patient_record",
            "Hospitalisation à domicile",
            systems=EPR,
            processors=DOSSIA,
            status=R,
        ),
        A(
            "electronic_patient_record",
            "Diététique et nutrition",
            systems=EPR,
            processors=DOSSIA,
            status=D,
        ),
        A("imaging_pacs", systems=("PACS Radiolys",), processors=PACS),
        A("imaging_pacs", "Médecine nucléaire", systems=("PACS Radiolys",), processors=PACS),
        A(
            "laboratory_information_system",
            systems=("SIL Biolab",),
            processors=("Biolab Systèmes",),
        ),
        A(
            "laboratory_information_system",
            "Anatomie et cytologie pathologiques",
            systems=("SIL Biolab",),
            processors=("Biolab Systèmes",),
        ),
        A("pharmacy", processors=("Pharmavia Logiciels",)),
        A(
            "pharmacy",
            "Unité de préparation des chimiothérapies",
            processors=("Pharmavia Logiciels",),
            status=R,
        ),
        A("telemedicine", "Téléconsultation en diabétologie", processors=("TéléConsult Pro",)),
        A("telemedicine", "Télé-expertise en dermatologie", processors=("TéléConsult Pro",)),
        A(
            "telemedicine",
            "Télésurveillance des prothèses cardiaques",
            processors=("TéléConsult Pro",),
            status=D,
        ),
        A("transfusion_traceability"),
        A("medical_information_pmsi", owner=SOPHIE),
        A("billing", processors=("Dossia Santé", "Courrier Express")),
        A("appointment_booking", systems=("Agenda RDV Santé",), processors=BOOKING),
        A("patient_portal", processors=DOSSIA, status=R),
        A("satisfaction_surveys"),
        A("satisfaction_surveys", "Enquête de satisfaction en maternité", status=D),
        A("complaints"),
        A(
            "research_cohort",
            "Cohorte insuffisance cardiaque (COHORTE-IC)",
            processors=("ClinData EDC Inc.",),
        ),
        A(
            "research_cohort",
            "Registre des accidents vasculaires cérébraux",
            processors=EDC,
            status=R,
        ),
        A(
            "health_data_warehouse",
            owner=SOPHIE,
            systems=("Entrepôt EDS Aurèle",),
            processors=("Nuagis Cloud",),
        ),
        A("clinical_trial", "Essai ONCO-24 (centre investigateur)", processors=EDC),
        A("clinical_trial", "Essai CARDIO-PREV (centre investigateur)", processors=EDC, status=D),
        A("hr_management", systems=("SIRH Horizon",), processors=HR),
        A(
            "hr_management",
            "Planification du personnel médical",
            systems=("SIRH Horizon",),
            processors=HR,
        ),
        A("payroll", systems=("SIRH Horizon",), processors=HR),
        A("recruitment"),
        A("it_user_accounts", owner=JULIEN, systems=("Annuaire GHT",)),
        A("cctv", processors=("Vigilia Sécurité",)),
        A("visitor_access"),
        A("visitor_access", "Accès des prestataires au centre de données", owner=JULIEN),
        A("access_badges", owner=JULIEN, processors=("Accessia Systèmes",)),
    ),
    data.CLINIC: (
        A("patient_administration", systems=EPR, processors=DOSSIA),
        A("electronic_patient_record", systems=EPR, processors=DOSSIA),
        A("imaging_pacs", processors=PACS),
        A("billing", processors=DOSSIA),
        A("appointment_booking", processors=BOOKING, status=R),
        A("satisfaction_surveys"),
        A("hr_management", processors=HR),
        A("payroll", processors=HR),
        A("cctv", processors=("Vigilia Sécurité",), status=D),
    ),
    data.NURSING_HOME: (
        A("resident_record", systems=("Dossier résident Résid'Soft",), processors=("Résid'Soft",)),
        A("hr_management", processors=HR),
        A("payroll", processors=HR),
        A("visitor_access", status=R),
    ),
    data.LABORATORY: (
        A(
            "laboratory_information_system",
            systems=("SIL Biolab",),
            processors=("Biolab Systèmes",),
        ),
        A("appointment_booking", processors=BOOKING),
        A("billing", processors=("Biolab Systèmes",)),
        A("hr_management", processors=HR),
        A("payroll", processors=HR),
    ),
}
SHARED_WITH_GROUP = ("it_user_accounts", "recruitment")
DESIGNATED_ON = {
    data.HOSPITAL: date(2023, 3, 1),
    data.CLINIC: date(2024, 6, 1),
    data.NURSING_HOME: date(2024, 9, 2),
    data.LABORATORY: date(2025, 1, 15),
}
