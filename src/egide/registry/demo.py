"""The demo group's register, loaded through the services (``egide demo``).

The hospital gets ~40 activities built from the template library, two of them shared with the nursing
home through the GHT; the clinic, the nursing home and the laboratory a realistic handful each (the
laboratory also keeps a processor record for the clinic). Every processor is a vendor with a contract
(the template's placeholder processors are linked to them), the health data hosts carry HDS
certificates. The hospital's deliberate gaps are all the compliance checks find besides the DPIA
screening hints: a health activity without an Art. 9(2) condition, a data category without retention,
a transfer to the USA without a tool, a processor without a contract, a review date passed, a host whose
HDS certificate expired and a health data host without one. Idempotent: an organisation that already has
activities, vendors or a DPO designation is left as it is.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.utils.translation import gettext as _

from egide.accounts.models import Organisation
from egide.demo import data
from egide.demo.loader import DemoContext, register_demo_step
from egide.registry import services
from egide.registry.choices import HDS_ACTIVITY_CODES as ALL_HDS
from egide.registry.choices import DpoKind, RecipientKind, RecordKind
from egide.registry.compliance import compliance_recompute
from egide.registry.demo_data import (
    ACTIVITIES,
    ALL_CLAUSES,
    DESIGNATED_ON,
    SHARED_WITH_GROUP,
    SYSTEMS,
    VENDORS,
    DemoActivity,
)
from egide.registry.demo_data import DRAFT as D
from egide.registry.demo_data import VALIDATED as V
from egide.registry.library import processing_template
from egide.registry.models import InformationSystem, ProcessingActivity, Vendor
from egide.registry.selectors import dpo_designations_list, information_systems_list, vendors_list


def load_registry(context: DemoContext) -> None:
    today = context.clock.now().date()
    for slug, organisation in context.organisations.items():
        vendors = _vendors_ensure(context, organisation, today)
        systems = _systems_ensure(context, organisation, vendors)
        _designation_ensure(context, organisation, slug)
        own = ProcessingActivity.objects.for_organisation(organisation).filter(
            shared_from__isnull=True
        )
        if own.exists():
            continue
        for position, spec in enumerate(ACTIVITIES[slug]):
            _activity_create(
                context,
                organisation,
                spec,
                vendors,
                systems,
                today + timedelta(days=60 + 7 * position),
            )
        if slug == data.HOSPITAL:
            _gaps(context, organisation, vendors, today)
            _share(context, organisation)
        if slug == data.LABORATORY:
            _processor_record(context, organisation)


def _vendors_ensure(
    context: DemoContext, organisation: Organisation, today: date
) -> dict[str, Vendor]:
    existing = {v.name: v for v in vendors_list(organisation=organisation)}
    for spec in VENDORS[organisation.slug]:
        if spec.name in existing:
            continue
        hds: dict[str, object] = {"hosts_health_data": spec.hosts_health_data}
        if spec.hds is not None:
            hds = {
                "hds_certificate_number": f"HDS-{sum(map(ord, spec.name)) % 10000:04d}",
                "hds_activities": list(ALL_HDS),
                "hds_expires_on": today + timedelta(days=spec.hds),
                "hosts_health_data": True,
            }
        existing[spec.name] = services.vendor_create(
            actor=context.actor,
            organisation=organisation,
            clock=context.clock,
            name=spec.name,
            role=spec.role,
            contract_signed_on=spec.signed_on,
            art28_clauses={c: c in spec.clauses for c in ALL_CLAUSES},
            processing_countries=list(spec.countries),
            dpa_reference=_("Data processing agreement") if spec.signed_on else "",
            **hds,
        )
        context.count_created(_("vendors"))
    booking, texts = existing.get("RDV Santé Connect"), existing.get("SMS Express")
    if booking and texts and not booking.sub_processors.exists():
        services.vendor_set_sub_processors(
            actor=context.actor, vendor=booking, sub_processors=[texts], clock=context.clock
        )
    return existing


def _systems_ensure(
    context: DemoContext, organisation: Organisation, vendors: dict[str, Vendor]
) -> dict[str, InformationSystem]:
    existing: dict[str, InformationSystem] = {
        s.name: s for s in information_systems_list(organisation=organisation)
    }
    for name, (vendor, hosting, health) in SYSTEMS[organisation.slug].items():
        if name not in existing:
            existing[name] = services.information_system_create(
                actor=context.actor,
                organisation=organisation,
                clock=context.clock,
                name=name,
                vendor=vendors[vendor] if vendor else None,
                hosting=hosting,
                hosts_health_data=health,
            )
            context.count_created(_("information systems"))
    return existing


def _designation_ensure(context: DemoContext, organisation: Organisation, slug: str) -> None:
    if dpo_designations_list(organisation=organisation).exists():
        return
    designated_on = DESIGNATED_ON[slug]
    declared = (
        slug != data.NURSING_HOME
    )  # the nursing home has not declared its DPO to the CNIL yet
    services.dpo_designation_set(
        actor=context.actor,
        organisation=organisation,
        clock=context.clock,
        kind=DpoKind.EXTERNAL,
        person_name="Claire Delorme",
        firm_name="Protégo Santé",
        email=f"claire.delorme@{data.EMAIL_DOMAIN}",
        phone="+33 2 54 00 00 00",
        designated_on=designated_on,
        declared_to_cnil_on=designated_on + timedelta(days=14) if declared else None,
        cnil_designation_number=f"DPO-{sum(map(ord, slug)) * 7:06d}" if declared else "",
        published_contact_email=f"dpo@{slug}.{data.EMAIL_DOMAIN}"
        if slug != data.LABORATORY
        else "",
    )
    context.count_created(_("DPO designations"))


def _activity_create(
    context: DemoContext,
    organisation: Organisation,
    spec: DemoActivity,
    vendors: dict[str, Vendor],
    systems: dict[str, InformationSystem],
    review_on: date,
) -> ProcessingActivity:
    actor, clock = context.actor, context.clock
    activity = services.processing_activity_instantiate_template(
        actor=actor,
        organisation=organisation,
        template_code=spec.template,
        clock=clock,
        name=spec.name,
        owner=context.users.get(f"{spec.owner}@{data.EMAIL_DOMAIN}"),
        review_on=review_on,
        data_subject_count=spec.subjects,
    )
    _processors_link(context, activity, [vendors[name] for name in spec.processors])
    if spec.systems:
        services.processing_activity_set_systems(
            actor=actor,
            activity=activity,
            clock=clock,
            systems=[systems[name] for name in spec.systems],
        )
    if spec.status != D:
        services.processing_activity_submit_for_review(actor=actor, activity=activity, clock=clock)
    if spec.status == V:
        services.processing_activity_validate(actor=actor, activity=activity, clock=clock)
    context.count_created(_("processing activities"))
    return activity


def _processors_link(
    context: DemoContext, activity: ProcessingActivity, chosen: list[Vendor]
) -> None:
    """The template's placeholder processors ("PACS vendor"...) become the chosen vendors, in order;
    vendors beyond the placeholders are added as further processors."""
    placeholders = [
        str(r.name)
        for r in processing_template(activity.template_code).recipients
        if r.kind == RecipientKind.PROCESSOR
    ]
    unlinked = list(activity.recipients.filter(kind=RecipientKind.PROCESSOR, vendor__isnull=True))
    for position, vendor in enumerate(chosen):
        if position < len(placeholders):
            recipient = next(r for r in unlinked if r.name == placeholders[position])
            unlinked.remove(recipient)
            services.recipient_update(
                actor=context.actor,
                recipient=recipient,
                clock=context.clock,
                name=vendor.name,
                vendor=vendor,
            )
        else:
            services.recipient_add(
                actor=context.actor,
                activity=activity,
                clock=context.clock,
                kind=RecipientKind.PROCESSOR,
                name=vendor.name,
                vendor=vendor,
            )


def _gaps(
    context: DemoContext, hospital: Organisation, vendors: dict[str, Vendor], today: date
) -> None:
    """The deliberate gaps the compliance checks must find (besides the processor without contract and
    the HDS certificates, expired or missing, set up with the vendors)."""
    actor, clock = context.actor, context.clock
    activities = ProcessingActivity.objects.for_organisation(hospital)
    diabetes = activities.get(name="Téléconsultation en diabétologie")
    for purpose in diabetes.purposes.all():  # health data without an Art. 9(2) condition
        services.purpose_update(
            actor=actor, purpose=purpose, clock=clock, special_category_condition=""
        )
    booking = activities.get(template_code="appointment_booking")
    services.activity_data_category_update(  # no retention at all
        actor=actor,
        clock=clock,
        data_category=booking.data_categories.get(category__code="health.care_pathway"),
        retention_duration=None,
        retention_unit="",
        retention_start="",
        retention_criteria="",
        retention_rule="",
    )
    cohort = activities.get(name="Cohorte insuffisance cardiaque (COHORTE-IC)")
    services.transfer_add(  # outside the EEA, no transfer tool
        actor=actor,
        activity=cohort,
        clock=clock,
        country="US",
        vendor=vendors["ClinData EDC Inc."],
        recipient=cohort.recipients.get(vendor=vendors["ClinData EDC Inc."]),
    )
    cctv = activities.get(template_code="cctv")
    services.processing_activity_update(
        actor=actor, activity=cctv, clock=clock, review_on=today - timedelta(days=30)
    )


def _share(context: DemoContext, hospital: Organisation) -> None:
    """The GHT's shared activities: the nursing home gets its copies and words one of them its own way."""
    activities = ProcessingActivity.objects.for_organisation(hospital)
    for code in SHARED_WITH_GROUP:
        source = activities.get(template_code=code, shared_from__isnull=True)
        for copy in services.processing_activity_share_with_group(
            actor=context.actor, activity=source, clock=context.clock
        ):
            context.count_created(_("activities shared in the group"))
            if code == "recruitment" and copy.organisation.slug == data.NURSING_HOME:
                services.processing_activity_update(
                    actor=context.actor,
                    activity=copy,
                    clock=context.clock,
                    description="Recrutement des soignants de l'EHPAD via le portail emploi du GHT.",
                )


def _processor_record(context: DemoContext, laboratory: Organisation) -> None:
    """The laboratory processes the clinic's biology tests: its processor record (GDPR Art. 30(2))."""
    actor, clock = context.actor, context.clock
    record = services.processing_activity_create(
        actor=actor,
        organisation=laboratory,
        clock=clock,
        name="Examens de biologie pour la Clinique du Parc",
        record_kind=RecordKind.PROCESSOR,
        description="Analyses prescrites aux patients hospitalisés à la clinique.",
        review_on=clock.now().date() + timedelta(days=200),
    )
    services.controller_served_add(
        actor=actor,
        activity=record,
        clock=clock,
        name="Clinique du Parc de Montaurèle",
        contact=f"dpo@{data.CLINIC}.{data.EMAIL_DOMAIN}",
        dpo_contact="Claire Delorme (Protégo Santé)",
        processing_categories="Réalisation des examens de biologie médicale et transmission des résultats.",
    )
    for measure in ("access_control", "traceability", "encryption_in_transit", "backup"):
        services.activity_security_measure_add(
            actor=actor, activity=record, clock=clock, measure=measure
        )
    services.processing_activity_submit_for_review(actor=actor, activity=record, clock=clock)
    context.count_created(_("processing activities"))


register_demo_step("registry", load_registry, order=10)


def compute_compliance(context: DemoContext) -> None:
    """Last: every demo organisation's findings and score, so the dashboards show them at once."""
    for organisation in context.organisations.values():
        compliance_recompute(organisation=organisation, clock=context.clock)


register_demo_step("registry.compliance", compute_compliance, order=900)
