"""The DPO designation page: is it mandatory and why, the record, its history, who may change it."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from egide.accounts.choices import LegalStatus, OrganisationKind
from egide.accounts.tests.factories import OrganisationFactory
from egide.core.clock import FrozenClock
from egide.core.testing import db_snapshot, snapshot_changes
from egide.registry.compliance import compliance_recompute
from egide.registry.models import DpoDesignation
from egide.registry.tests.factories import DpoDesignationFactory

pytestmark = pytest.mark.django_db


def _url(organisation, name="dpo_designation"):
    return reverse(f"registry:{name}", kwargs={"org": organisation.slug})


def _designations(organisation):
    return DpoDesignation.objects.for_organisation(organisation)


def _data(**changes):
    data = {
        "kind": "internal",
        "person_name": "Claire Martin",
        "email": "dpo@chu.example.org",
        "designated_on": "2025-09-01",
    }
    data.update(changes)
    return data


def test_a_public_hospital_must_designate_and_sees_why(login, member_factory, organisation):
    response = login(member_factory("auditor")).get(_url(organisation))
    assert response.status_code == 200
    assert response.context["assessment"].required
    codes = {item["reason"].code for item in response.context["reasons"]}
    assert {"PUBLIC_BODY", "HEALTH_ESTABLISHMENT"} <= codes
    content = response.content.decode()
    assert "Designating a DPO is mandatory" in content
    assert "GDPR Art. 37(1)(a)" in content
    assert response.context["form"] is None  # auditors read only


def test_a_small_practice_is_only_recommended_to(login, member_factory):
    practice = OrganisationFactory(
        kind=OrganisationKind.PRACTICE, legal_status=LegalStatus.PRIVATE, patient_volume=800
    )
    response = login(member_factory("dpo", org=practice)).get(_url(practice))
    assert not response.context["assessment"].required
    assert "not mandatory, but recommended" in response.content.decode()


def test_the_missing_designation_finding_is_shown(login, dpo, organisation):
    compliance_recompute(organisation=organisation, clock=FrozenClock())
    response = login(dpo).get(_url(organisation))
    assert [f.rule_id for f in response.context["findings"]] == ["DPO_DESIGNATION_MISSING"]
    assert "No DPO is designated." in response.content.decode()


def test_record_complete_and_replace_the_designation(login, dpo, organisation):
    client = login(dpo)
    assert client.post(_url(organisation), _data()).status_code == 302
    current = _designations(organisation).get()
    assert current.person_name == "Claire Martin"
    client.post(_url(organisation), _data(declared_to_cnil_on="2025-09-15"))
    current.refresh_from_db()
    assert current.declared_to_cnil_on == date(2025, 9, 15)
    assert _designations(organisation).count() == 1
    client.post(
        _url(organisation),
        _data(kind="external", person_name="Paul Durand", firm_name="DPO Conseil",
              designated_on="2026-01-05"),
    )  # fmt: skip
    ended, new = _designations(organisation).order_by("designated_on")
    assert ended.ended_on == date(2026, 1, 5)
    assert new.is_current
    page = client.get(_url(organisation))
    assert list(page.context["designations"]) == [new, ended]


def test_an_external_dpo_needs_a_firm(login, dpo, organisation):
    client = login(dpo)
    before = db_snapshot()
    response = client.post(_url(organisation), _data(kind="external"))
    assert response.status_code == 400
    assert "firm_name" in response.context["form"].errors
    assert snapshot_changes(before, db_snapshot()) == []


def test_end_the_designation(login, dpo, organisation):
    designation = DpoDesignationFactory(organisation=organisation, designated_on=date(2024, 1, 2))
    client = login(dpo)
    early = client.post(_url(organisation, "dpo_designation_end"), {"ended_on": "2023-01-01"})
    assert early.status_code == 400
    assert "ended_on" in early.context["end_form"].errors
    done = client.post(_url(organisation, "dpo_designation_end"), {"ended_on": "2025-12-31"})
    assert done.status_code == 302
    designation.refresh_from_db()
    assert designation.ended_on == date(2025, 12, 31)
    again = client.post(_url(organisation, "dpo_designation_end"), {"ended_on": "2026-01-31"})
    assert again.status_code == 400
    assert "no current DPO designation" in again.content.decode()


@pytest.mark.parametrize("role", ["manager", "contributor", "auditor"])
def test_only_the_dpo_and_assistants_record_it(login, member_factory, organisation, role):
    DpoDesignationFactory(organisation=organisation)
    client = login(member_factory(role))
    before = db_snapshot()
    assert client.post(_url(organisation), _data()).status_code == 403
    end = _url(organisation, "dpo_designation_end")
    assert client.post(end, {"ended_on": "2025-12-31"}).status_code == 403
    assert snapshot_changes(before, db_snapshot()) == []


def test_the_dashboard_shows_the_register_score(login, dpo, organisation):
    dashboard = reverse("accounts:dashboard", kwargs={"org": organisation.slug})
    client = login(dpo)
    assert "The checks have not run yet." in client.get(dashboard).content.decode()
    summary = compliance_recompute(organisation=organisation, clock=FrozenClock())
    content = client.get(dashboard).content.decode()
    assert f"{summary.score}/100" in content
    assert reverse("registry:activity_list", kwargs={"org": organisation.slug}) in content
