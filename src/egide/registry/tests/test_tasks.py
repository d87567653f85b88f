"""Keeping findings fresh: every register write schedules one recompute per organisation after its
commit (none when rolled back), the task rebuilds the findings, the daily sweep covers everyone."""

from __future__ import annotations

from contextlib import suppress
from datetime import date, timedelta

import pytest
from django.db import transaction
from django_tasks_db.models import DBTaskResult

from egide.accounts.models import Organisation
from egide.accounts.tests.factories import OrganisationFactory, OrganisationGroupFactory
from egide.core.clock import FrozenClock
from egide.core.tasks import load_task_modules, registered_sweeps
from egide.registry import services
from egide.registry.compliance import compliance_findings_list, compliance_summary_get
from egide.registry.tasks import (
    compliance_schedule,
    recompute_compliance,
    recompute_compliance_everywhere,
)
from egide.registry.tests.factories import (
    DataCategoryFactory,
    DpoDesignationFactory,
    ProcessingActivityFactory,
    PurposeFactory,
    VendorFactory,
)

pytestmark = pytest.mark.django_db


def queued_recomputes() -> list[int]:
    rows = DBTaskResult.objects.filter(task_path__endswith=".recompute_compliance").order_by(
        "enqueued_at", "id"
    )
    return [row.args_kwargs["args"][0] for row in rows]


def test_the_recompute_waits_for_the_commit_and_is_enqueued_once_per_organisation(
    organisation, other_organisation, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with transaction.atomic():
            for _ in range(3):
                compliance_schedule(organisation)
            compliance_schedule(other_organisation)
            assert queued_recomputes() == []
    assert len(callbacks) == 2
    assert sorted(queued_recomputes()) == sorted([organisation.pk, other_organisation.pk])


def _schedule_then_fail(organisation) -> None:
    with transaction.atomic():
        compliance_schedule(organisation)
        raise ZeroDivisionError


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_write_enqueues_nothing(organisation):
    with pytest.raises(ZeroDivisionError):
        _schedule_then_fail(organisation)
    assert queued_recomputes() == []

    with transaction.atomic():
        with suppress(ZeroDivisionError):
            _schedule_then_fail(organisation)
        compliance_schedule(organisation)  # the savepoint took its callback along: scheduled again
    assert queued_recomputes() == [organisation.pk]


def _activity_writes(dpo, organisation, clock):
    activity = ProcessingActivityFactory(organisation=organisation)
    return {
        "create": lambda: services.processing_activity_create(
            actor=dpo, organisation=organisation, name="Payroll", clock=clock
        ),
        "template": lambda: services.processing_activity_instantiate_template(
            actor=dpo, organisation=organisation, template_code="payroll", clock=clock
        ),
        "update": lambda: services.processing_activity_update(
            actor=dpo, activity=activity, large_scale=True, clock=clock
        ),
        "archive": lambda: services.processing_activity_archive(
            actor=dpo, activity=activity, clock=clock
        ),
        "purpose": lambda: services.purpose_create(
            actor=dpo, activity=activity, description="Pay", legal_basis="contract", clock=clock
        ),
        "purpose_update": lambda: services.purpose_update(
            actor=dpo, purpose=PurposeFactory(activity=activity), legal_basis="consent", clock=clock
        ),
        "data_category": lambda: services.activity_data_category_add(
            actor=dpo,
            activity=activity,
            category=DataCategoryFactory(organisation=organisation),
            clock=clock,
        ),
        "transfer": lambda: services.transfer_add(
            actor=dpo, activity=activity, country="US", clock=clock
        ),
        "recipient": lambda: services.recipient_add(
            actor=dpo, activity=activity, kind="internal_service", name="HR", clock=clock
        ),
        "security_measure": lambda: services.activity_security_measure_add(
            actor=dpo, activity=activity, measure="backup", clock=clock
        ),
        "vendor": lambda: services.vendor_update(
            actor=dpo,
            vendor=VendorFactory(organisation=organisation),
            hds_expires_on=date(2027, 1, 1),
            clock=clock,
        ),
        "category_flags": lambda: services.data_category_update(
            actor=dpo,
            category=DataCategoryFactory(organisation=organisation),
            is_health=True,
            clock=clock,
        ),
        "designation": lambda: services.dpo_designation_set(
            actor=dpo,
            organisation=organisation,
            kind="internal",
            person_name="Claire Delorme",
            email="dpo@example.org",
            designated_on=date(2025, 1, 1),
            clock=clock,
        ),
        "designation_end": lambda: services.dpo_designation_end(
            actor=dpo,
            organisation=DpoDesignationFactory(organisation=organisation).organisation,
            ended_on=date(2025, 6, 1),
            clock=clock,
        ),
    }


WRITES = [
    "create",
    "template",
    "update",
    "archive",
    "purpose",
    "purpose_update",
    "data_category",
    "transfer",
    "recipient",
    "security_measure",
    "vendor",
    "category_flags",
    "designation",
    "designation_end",
]


@pytest.mark.parametrize("write", WRITES)
def test_each_register_write_schedules_a_recompute(
    organisation, dpo, write, django_capture_on_commit_callbacks
):
    do = _activity_writes(dpo, organisation, FrozenClock())[write]
    with django_capture_on_commit_callbacks(execute=True):
        do()
    assert queued_recomputes() == [organisation.pk]


def test_sharing_with_the_group_schedules_the_members_recompute(
    organisation, dpo, django_capture_on_commit_callbacks
):
    group = OrganisationGroupFactory()
    organisation.group, organisation.is_group_support = group, True
    organisation.save()
    member = OrganisationFactory(group=group)
    activity = ProcessingActivityFactory(organisation=organisation)
    with django_capture_on_commit_callbacks(execute=True):
        services.processing_activity_share_with_group(actor=dpo, activity=activity)
    assert queued_recomputes() == [member.pk]


def test_the_task_recomputes_the_organisation_and_is_idempotent(organisation):
    activity = ProcessingActivityFactory(organisation=organisation)
    first = recompute_compliance.call(organisation.pk)
    rows = [(f.activity_id, f.rule_id) for f in compliance_findings_list(organisation=organisation)]
    assert recompute_compliance.call(organisation.pk) == first
    again = [
        (f.activity_id, f.rule_id) for f in compliance_findings_list(organisation=organisation)
    ]
    assert again == rows
    assert (activity.pk, "PURPOSE_MISSING") in rows
    summary = compliance_summary_get(organisation=organisation)
    assert first == {"score": summary.score, "findings": summary.finding_count}


def test_the_task_skips_an_organisation_gone_meanwhile(organisation):
    missing = organisation.pk + 1000
    assert not Organisation.objects.filter(pk=missing).exists()
    assert recompute_compliance.call(missing) is None


def test_the_daily_sweep_is_registered():
    load_task_modules()
    (sweep,) = [s for s in registered_sweeps() if s.name == "registry.recompute_compliance"]
    assert sweep.every == timedelta(days=1)
    assert sweep.task.module_path == "egide.registry.tasks.recompute_compliance_everywhere"


def test_the_sweep_enqueues_one_recompute_per_organisation(organisation, other_organisation):
    assert recompute_compliance_everywhere.call() == 2
    assert sorted(queued_recomputes()) == sorted([organisation.pk, other_organisation.pk])
