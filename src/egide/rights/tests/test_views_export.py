"""The register of requests exported as CSV (streamed) and XLSX, with the list's filters; audited."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from egide.core.clock import FrozenClock
from egide.core.models import AuditEvent
from egide.rights.choices import RequestStatus, Right
from egide.rights.tests.factories import RightsRequestFactory
from egide.rights.views import _common

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen(monkeypatch):
    monkeypatch.setattr(_common, "CLOCK", FrozenClock())


def _url(organisation, **params):
    url = reverse("rights:export", kwargs={"org": organisation.slug})
    return url + "?" + "&".join(f"{k}={v}" for k, v in params.items())


def _csv_rows(response):
    assert response.streaming
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))


def _exports(organisation):
    return AuditEvent.objects.filter(organisation=organisation, action="rights_request.export")


def test_csv_export_with_filters_is_audited(login, dpo, organisation, other_organisation):
    RightsRequestFactory(
        organisation=organisation,
        reference="DR-1",
        right=Right.ERASURE,
        requester_first_name="Jeanne",
        requester_last_name="Martin",
        includes_medical_record=False,
    )
    RightsRequestFactory(organisation=organisation, reference="DR-2", right=Right.ACCESS)
    RightsRequestFactory(organisation=other_organisation, reference="DR-OTHER")
    response = login(dpo).get(_url(organisation, format="csv", right="erasure"))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith(
        'attachment; filename="rights-requests-chu-test-'
    )
    rows = _csv_rows(response)
    header, *data = rows
    assert header[:5] == ["Reference", "Right", "Medical record", "Channel", "Requester"]
    assert [row[0] for row in data] == ["DR-1"]
    row = dict(zip(header, data[0], strict=True))
    assert row["Right"] == "Erasure"
    assert row["Requester"] == "Jeanne Martin"
    assert row["Received on"] == "2026-01-15"
    assert row["Status"] == "Received"
    event = _exports(organisation).get()
    assert event.after["format"] == "csv"
    assert event.after["count"] == 1


def test_formulas_are_neutralised(login, dpo, organisation):
    RightsRequestFactory(organisation=organisation, requester_first_name="=HYPERLINK(1)")
    rows = _csv_rows(login(dpo).get(_url(organisation, format="csv")))
    assert rows[1][4].startswith("'=HYPERLINK")


def test_xlsx_export(login, dpo, organisation):
    RightsRequestFactory(organisation=organisation, reference="DR-1", status=RequestStatus.CLOSED)
    RightsRequestFactory(organisation=organisation, reference="DR-2")
    response = login(dpo).get(_url(organisation, format="xlsx"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content), read_only=True).active
    values = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert values[0][0] == "Reference"
    assert sorted(row[0] for row in values[1:]) == ["DR-1", "DR-2"]
    assert _exports(organisation).get().after["format"] == "xlsx"


def test_the_export_is_in_the_members_language(login, dpo, organisation):
    RightsRequestFactory(organisation=organisation)
    response = login(dpo).get(_url(organisation, format="csv"), HTTP_ACCEPT_LANGUAGE="fr")
    header = _csv_rows(response)[0]
    assert "Référence" in header
    assert "Statut" in header


def test_unknown_format_or_filters_answer_400_and_nothing_is_audited(login, dpo, organisation):
    client = login(dpo)
    assert client.get(_url(organisation, format="pdf")).status_code == 400
    assert client.get(_url(organisation, format="csv", status="nope")).status_code == 400
    assert not _exports(organisation).exists()


@pytest.mark.parametrize("role", ["manager", "contributor", "auditor"])
def test_every_member_may_export(login, member_factory, organisation, role):
    RightsRequestFactory(organisation=organisation)
    response = login(member_factory(role)).get(_url(organisation, format="csv"))
    assert response.status_code == 200
    assert len(_csv_rows(response)) == 2


def test_outsiders_get_404_and_nothing_is_audited(login, outsider, organisation):
    RightsRequestFactory(organisation=organisation)
    assert login(outsider).get(_url(organisation, format="csv")).status_code == 404
    assert not _exports(organisation).exists()
