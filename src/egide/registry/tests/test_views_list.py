"""The register list: who sees it, filters, search, sort, pages, the HTMX table and bounded queries."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from egide.core.clock import FrozenClock
from egide.registry.choices import ActivityStatus, LegalBasis, RecordKind
from egide.registry.compliance import compliance_recompute
from egide.registry.tests.factories import (
    ActivityDataCategoryFactory,
    ActivitySecurityMeasureFactory,
    DataCategoryFactory,
    ProcessingActivityFactory,
    PurposeFactory,
)

pytestmark = pytest.mark.django_db

ROLES = ["dpo", "dpo_assistant", "manager", "contributor", "auditor"]


def _url(organisation, **params):
    url = reverse("registry:activity_list", kwargs={"org": organisation.slug})
    if params:
        url += "?" + "&".join(f"{k}={v}" for k, v in params.items())
    return url


def _listed(response):
    return [row.activity.reference for row in response.context["rows"]]


def _complete(organisation, **fields):
    """An activity the checks find little to say about (a purpose, retention, a security measure)."""
    activity = ProcessingActivityFactory(organisation=organisation, **fields)
    PurposeFactory(activity=activity, is_main=True)
    ActivityDataCategoryFactory(activity=activity)
    ActivitySecurityMeasureFactory(activity=activity)
    return activity


@pytest.mark.parametrize("role", ROLES)
def test_every_member_sees_the_list(login, member_factory, organisation, role):
    ProcessingActivityFactory(organisation=organisation, reference="T-001", name="Patient billing")
    response = login(member_factory(role)).get(_url(organisation))
    assert response.status_code == 200
    assert "Patient billing" in response.content.decode()
    assert response.context["can_create"] is (role in {"dpo", "dpo_assistant", "contributor"})


def test_outsiders_get_404_and_visitors_the_login_page(client, login, outsider, organisation):
    ProcessingActivityFactory(organisation=organisation, name="Secret activity")
    response = login(outsider).get(_url(organisation))
    assert response.status_code == 404
    assert "Secret activity" not in response.content.decode()
    client.logout()
    assert client.get(_url(organisation)).status_code == 302


def test_only_the_organisations_own_activities_are_listed(
    login, dpo, organisation, other_organisation
):
    ProcessingActivityFactory(organisation=organisation, reference="A-1")
    ProcessingActivityFactory(organisation=other_organisation, reference="B-1")
    assert _listed(login(dpo).get(_url(organisation))) == ["A-1"]


def test_archived_activities_are_listed_only_when_asked(login, dpo, organisation):
    ProcessingActivityFactory(organisation=organisation, reference="A-1")
    ProcessingActivityFactory(
        organisation=organisation, reference="A-2", status=ActivityStatus.ARCHIVED
    )
    client = login(dpo)
    assert _listed(client.get(_url(organisation))) == ["A-1"]
    assert _listed(client.get(_url(organisation, status="archived"))) == ["A-2"]


def test_filters_by_status_record_kind_owner_and_template(login, dpo, organisation, member_factory):
    owner = member_factory("contributor")
    ProcessingActivityFactory(
        organisation=organisation, reference="A-1", status=ActivityStatus.VALIDATED, owner=owner
    )
    ProcessingActivityFactory(
        organisation=organisation, reference="A-2", record_kind=RecordKind.PROCESSOR
    )
    ProcessingActivityFactory(organisation=organisation, reference="A-3", template_code="cctv")
    client = login(dpo)
    assert _listed(client.get(_url(organisation, status="validated"))) == ["A-1"]
    assert _listed(client.get(_url(organisation, record_kind="processor"))) == ["A-2"]
    assert _listed(client.get(_url(organisation, owner=owner.pk))) == ["A-1"]
    assert _listed(client.get(_url(organisation, template="cctv"))) == ["A-3"]


def test_filters_by_legal_basis_and_special_category_data(login, dpo, organisation):
    consent = ProcessingActivityFactory(organisation=organisation, reference="A-1")
    PurposeFactory(activity=consent, legal_basis=LegalBasis.CONSENT)
    health = ProcessingActivityFactory(organisation=organisation, reference="A-2")
    PurposeFactory(activity=health, legal_basis=LegalBasis.PUBLIC_TASK)
    ActivityDataCategoryFactory(
        activity=health,
        category=DataCategoryFactory(organisation=organisation, is_special_category=True),
    )
    client = login(dpo)
    assert _listed(client.get(_url(organisation, legal_basis="consent"))) == ["A-1"]
    assert _listed(client.get(_url(organisation, special="yes"))) == ["A-2"]
    assert _listed(client.get(_url(organisation, special="no"))) == ["A-1"]


def test_search_looks_in_names_references_and_purposes(login, dpo, organisation):
    ProcessingActivityFactory(organisation=organisation, reference="A-1", name="Payroll")
    imaging = ProcessingActivityFactory(organisation=organisation, reference="PACS-7", name="X")
    PurposeFactory(activity=imaging, description="Storing radiology images")
    client = login(dpo)
    assert _listed(client.get(_url(organisation, q="payr"))) == ["A-1"]
    assert _listed(client.get(_url(organisation, q="pacs"))) == ["PACS-7"]
    assert _listed(client.get(_url(organisation, q="radiology"))) == ["PACS-7"]


def test_findings_show_per_row_and_filter_by_severity(login, dpo, organisation):
    _complete(organisation, reference="A-1")
    ProcessingActivityFactory(organisation=organisation, reference="A-2")  # nothing recorded
    summary = compliance_recompute(organisation=organisation, clock=FrozenClock())
    client = login(dpo)
    response = client.get(_url(organisation))
    rows = {row.activity.reference: row for row in response.context["rows"]}
    assert rows["A-2"].findings, "an empty activity has findings"
    assert response.context["summary"].score == summary.score
    assert f"{summary.score}/100" in response.content.decode()
    assert response.context["organisation_findings"] == 1  # no DPO designated
    assert "1 finding concerns the organisation itself" in response.content.decode()
    severity = rows["A-2"].findings[0].severity
    flagged = _listed(client.get(_url(organisation, findings=severity)))
    assert "A-2" in flagged
    assert all(
        any(f.severity == severity for f in rows[ref].findings) for ref in flagged if ref in rows
    )


def test_sort_by_name_descending(login, dpo, organisation):
    for ref, name in [("A-1", "Billing"), ("A-2", "Visitors"), ("A-3", "Cohort")]:
        ProcessingActivityFactory(organisation=organisation, reference=ref, name=name)
    assert _listed(login(dpo).get(_url(organisation, sort="-name"))) == ["A-2", "A-3", "A-1"]


def test_invalid_filters_answer_400_and_filter_nothing(login, dpo, organisation):
    ProcessingActivityFactory(organisation=organisation, reference="A-1")
    response = login(dpo).get(_url(organisation, status="nonsense", sort="drop table"))
    assert response.status_code == 400
    assert _listed(response) == ["A-1"]
    assert "Some filters are not valid" in response.content.decode()


def test_pages_of_25(login, dpo, organisation):
    for n in range(30):
        ProcessingActivityFactory(organisation=organisation, reference=f"A-{n:02d}")
    client = login(dpo)
    assert len(_listed(client.get(_url(organisation)))) == 25
    second = client.get(_url(organisation, page=2, q="A-"))
    assert _listed(second) == [f"A-{n:02d}" for n in range(25, 30)]
    assert "page=1" in second.content.decode()


def test_htmx_request_gets_the_table_only(login, dpo, organisation):
    ProcessingActivityFactory(organisation=organisation, name="Patient billing")
    response = login(dpo).get(_url(organisation, q="billing"), headers={"HX-Request": "true"})
    content = response.content.decode()
    assert response.status_code == 200
    assert content.lstrip().startswith('<div id="activity-table"')
    assert "<html" not in content
    assert "HX-Request" in response["Vary"]


def _count_queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_list_queries_do_not_grow_with_the_register(
    login, dpo, organisation, django_assert_max_num_queries
):
    client = login(dpo)
    url = _url(organisation, q="A-", sort="name")
    counts, made = [], 0
    for total in (5, 50):
        for n in range(made, total):
            _complete(organisation, reference=f"A-{n:03d}", owner=dpo)
        made = total
        compliance_recompute(organisation=organisation, clock=FrozenClock())
        client.get(url)  # the session and caches warm
        with django_assert_max_num_queries(13):
            counts.append(_count_queries(client, url))
    assert counts[0] == counts[1]
