"""The lists of an activity edited in place: add, change, remove rows, with HTMX or plain forms."""

from __future__ import annotations

import pytest
from django.urls import reverse

from egide.core.models import AuditEvent
from egide.core.testing import db_snapshot, snapshot_changes
from egide.registry.choices import LegalBasis, TransferTool
from egide.registry.models import Purpose
from egide.registry.tests.factories import (
    ActivitySecurityMeasureFactory,
    DataCategoryFactory,
    ProcessingActivityFactory,
    PurposeFactory,
    TransferFactory,
)

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}


def _url(name, activity, item=None):
    kwargs = {"org": activity.organisation.slug, "activity_id": activity.pk}
    if item is not None:
        kwargs["item_id"] = item.pk
    return reverse(f"registry:{name}", kwargs=kwargs)


def _purpose_data(prefix="purposes", **changes):
    data = {
        "description": "Invoicing stays",
        "legal_basis": LegalBasis.PUBLIC_TASK,
        "legal_basis_reference": "",
        "special_category_condition": "",
    }
    data.update(changes)
    return {f"{prefix}-{k}": v for k, v in data.items()}


@pytest.fixture
def activity(organisation):
    return ProcessingActivityFactory(organisation=organisation)


def test_add_a_purpose_with_htmx_answers_the_section(login, dpo, activity):
    response = login(dpo).post(_url("purposes_add", activity), _purpose_data(), headers=HTMX)
    assert response.status_code == 200
    content = response.content.decode()
    assert content.lstrip().startswith('<section class="card" id="section-purposes"')
    assert "Invoicing stays" in content
    purpose = activity.purposes.get()
    assert purpose.legal_basis == LegalBasis.PUBLIC_TASK
    assert (
        AuditEvent.objects.for_organisation(activity.organisation)
        .filter(action="purpose.create", object_id=str(purpose.pk))
        .exists()
    )


def test_add_without_htmx_goes_back_to_the_edit_page(login, dpo, activity):
    response = login(dpo).post(_url("purposes_add", activity), _purpose_data())
    assert response.status_code == 302
    assert response["Location"] == _url("activity_edit", activity) + "#section-purposes"


def test_invalid_row_shows_its_errors_and_writes_nothing(login, dpo, activity):
    client = login(dpo)
    before = db_snapshot()
    response = client.post(
        _url("purposes_add", activity),
        _purpose_data(description="", legal_basis="magic"),
        headers=HTMX,
    )
    assert response.status_code == 400
    form = response.context["section"].add_form
    assert set(form.errors) == {"description", "legal_basis"}
    assert 'id="section-purposes"' in response.content.decode()
    assert snapshot_changes(before, db_snapshot()) == []


def test_a_model_rule_is_shown_on_its_field(login, dpo, activity, organisation):
    """A retention period without a unit is refused by the model: the error lands on the unit."""
    category = DataCategoryFactory(organisation=organisation)
    response = login(dpo).post(
        _url("data_categories_add", activity),
        {"data_categories-category": category.pk, "data_categories-retention_duration": "5"},
    )
    assert response.status_code == 400
    errors = response.context["section"].add_form.errors
    assert "retention_unit" in errors
    assert not activity.data_categories.exists()


def test_a_transfer_by_derogation_needs_its_letter(login, dpo, activity):
    response = login(dpo).post(
        _url("transfers_add", activity),
        {"transfers-country": "us", "transfers-tool": TransferTool.DEROGATION},
    )
    assert response.status_code == 400
    assert "derogation" in response.context["section"].add_form.errors
    ok = login(dpo).post(
        _url("transfers_add", activity),
        {
            "transfers-country": "us",
            "transfers-tool": TransferTool.DEROGATION,
            "transfers-derogation": "a",
        },
    )
    assert ok.status_code == 302
    assert activity.transfers.get().country == "US"


def test_an_unknown_country_is_refused(login, dpo, activity):
    response = login(dpo).post(_url("transfers_add", activity), {"transfers-country": "XX"})
    assert response.status_code == 400
    assert "country" in response.context["section"].add_form.errors


def test_change_a_row_in_place(login, dpo, activity):
    purpose = PurposeFactory(activity=activity, description="Old")
    client = login(dpo)
    form_page = client.get(_url("purposes_edit", activity, purpose), headers=HTMX)
    assert form_page.status_code == 200
    assert form_page.context["section"].editing_id == purpose.pk
    assert 'value="Old"' in form_page.content.decode()
    response = client.post(
        _url("purposes_edit", activity, purpose),
        _purpose_data("purposes-edit", description="New"),
        headers=HTMX,
    )
    assert response.status_code == 200
    purpose.refresh_from_db()
    assert purpose.description == "New"
    event = AuditEvent.objects.for_organisation(activity.organisation).get(action="purpose.update")
    assert (event.before, event.after) == ({"description": "Old"}, {"description": "New"})


def test_invalid_change_keeps_the_row_in_edit_mode(login, dpo, activity):
    purpose = PurposeFactory(activity=activity, description="Kept")
    response = login(dpo).post(
        _url("purposes_edit", activity, purpose),
        _purpose_data("purposes-edit", description=""),
        headers=HTMX,
    )
    assert response.status_code == 400
    state = response.context["section"]
    assert state.editing_id == purpose.pk
    assert "description" in state.edit_form.errors
    purpose.refresh_from_db()
    assert purpose.description == "Kept"


def test_a_security_measure_keeps_its_measure_when_changed(login, dpo, activity):
    measure = ActivitySecurityMeasureFactory(activity=activity, measure="backup")
    response = login(dpo).post(
        _url("security_measures_edit", activity, measure),
        {"security_measures-edit-measure": "mfa", "security_measures-edit-detail": "Nightly"},
    )
    assert response.status_code == 302
    measure.refresh_from_db()
    assert (measure.measure, measure.detail) == ("backup", "Nightly")


def test_remove_a_row(login, dpo, activity):
    transfer = TransferFactory(activity=activity)
    client = login(dpo)
    assert client.get(_url("transfers_delete", activity, transfer)).status_code == 405
    response = client.post(_url("transfers_delete", activity, transfer), headers=HTMX)
    assert response.status_code == 200
    assert not activity.transfers.exists()
    assert (
        AuditEvent.objects.for_organisation(activity.organisation)
        .filter(action="transfer.delete")
        .exists()
    )


def test_a_row_of_another_activity_is_not_found(login, dpo, activity, organisation):
    other = PurposeFactory(activity=ProcessingActivityFactory(organisation=organisation))
    client = login(dpo)
    assert client.get(_url("purposes_edit", activity, other)).status_code == 404
    assert client.post(_url("purposes_delete", activity, other)).status_code == 404
    assert Purpose.objects.filter(pk=other.pk, organisation=organisation).exists()


def test_a_contributor_changes_only_the_rows_of_their_activities(
    login, member_factory, organisation
):
    contributor = member_factory("contributor")
    own = ProcessingActivityFactory(organisation=organisation, owner=contributor)
    other = ProcessingActivityFactory(organisation=organisation)
    purpose = PurposeFactory(activity=other)
    client = login(contributor)
    before = db_snapshot()
    assert client.post(_url("purposes_add", other), _purpose_data()).status_code == 403
    assert client.post(_url("purposes_delete", other, purpose)).status_code == 403
    assert snapshot_changes(before, db_snapshot()) == []
    assert client.post(_url("purposes_add", own), _purpose_data()).status_code == 302
    assert own.purposes.count() == 1


@pytest.mark.parametrize("role", ["manager", "auditor"])
def test_readers_cannot_change_rows(login, member_factory, activity, role):
    purpose = PurposeFactory(activity=activity)
    client = login(member_factory(role))
    before = db_snapshot()
    assert client.post(_url("purposes_add", activity), _purpose_data()).status_code == 403
    assert client.post(_url("purposes_delete", activity, purpose)).status_code == 403
    assert snapshot_changes(before, db_snapshot()) == []
