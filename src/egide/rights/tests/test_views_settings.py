"""The organisation's rights settings and the portal's address; recording a request received on paper."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from egide.core.clock import FrozenClock
from egide.rights.choices import Channel, RequestStatus
from egide.rights.forms.settings import parse_reminder_days
from egide.rights.models import RightsRequest, RightsSettings
from egide.rights.views import _common

pytestmark = pytest.mark.django_db

SETTINGS = {
    "portal_enabled": "on",
    "contact_email": "dpo@chu-test.fr",
    "notice_extra": "Our DPO answers on Tuesdays.",
    "identity_document_retention_days": "7",
    "reminder_days": "2, 7,10",
    "unconfirmed_expiry_hours": "48",
    "medical_record_requires_proof": "on",
}


@pytest.fixture(autouse=True)
def frozen(monkeypatch):
    monkeypatch.setattr(_common, "CLOCK", FrozenClock())


def _url(organisation, name="rights:settings"):
    return reverse(name, kwargs={"org": organisation.slug})


def _settings(organisation):
    return RightsSettings.objects.for_organisation(organisation).first()


def test_parse_reminder_days():
    assert parse_reminder_days("7, 2") == [7, 2]
    assert parse_reminder_days(" 2;7 ,7, ") == [7, 2]
    assert parse_reminder_days("") == []
    for bad in ("seven", "-1", "61", "1.5"):
        with pytest.raises(ValueError, match=r"."):
            parse_reminder_days(bad)


@pytest.mark.parametrize("role", ["dpo", "dpo_assistant", "manager", "contributor", "auditor"])
def test_every_member_sees_the_settings_and_the_portal_address(
    login, member_factory, organisation, role
):
    response = login(member_factory(role)).get(_url(organisation))
    assert response.status_code == 200
    assert response.context["portal_url"] == "http://testserver/p/chu-test/"
    assert "http://testserver/p/chu-test/" in response.content.decode()


def test_the_dpo_saves_the_settings(login, dpo, organisation):
    response = login(dpo).post(_url(organisation), SETTINGS)
    assert response.status_code == 302
    saved = _settings(organisation)
    assert saved.reminder_days == [10, 7, 2]
    assert saved.identity_document_retention_days == 7
    assert saved.unconfirmed_expiry_hours == 48
    assert saved.contact_email == "dpo@chu-test.fr"
    again = login(dpo).get(_url(organisation))
    assert again.context["form"]["reminder_days"].value() == "10, 7, 2"


def test_invalid_settings_are_refused(login, dpo, organisation):
    response = login(dpo).post(_url(organisation), {**SETTINGS, "reminder_days": "soon"})
    assert response.status_code == 400
    assert "reminder_days" in response.context["form"].errors
    assert _settings(organisation) is None


@pytest.mark.parametrize("role", ["manager", "contributor", "auditor"])
def test_only_managers_of_the_organisation_change_settings(
    login, member_factory, organisation, role
):
    assert login(member_factory(role)).post(_url(organisation), SETTINGS).status_code == 403
    assert _settings(organisation) is None


RECORD = {
    "channel": Channel.PAPER,
    "received_on": "2026-01-12",
    "right": "access",
    "requester_capacity": "self",
    "requester_first_name": "Jeanne",
    "requester_last_name": "Martin",
    "requester_email": "jeanne.martin@example.net",
    "electronic_answer": "on",
    "language": "fr",
}


@pytest.mark.parametrize("role", ["dpo", "dpo_assistant", "contributor"])
def test_staff_record_a_request_received_on_paper(login, member_factory, organisation, role):
    response = login(member_factory(role)).post(_url(organisation, "rights:new"), RECORD)
    assert response.status_code == 302
    created = RightsRequest.objects.for_organisation(organisation).get()
    assert response["Location"] == reverse(
        "rights:detail", kwargs={"org": organisation.slug, "request_id": created.pk}
    )
    assert created.channel == Channel.PAPER
    assert created.received_on == date(2026, 1, 12)
    assert created.status == RequestStatus.RECEIVED
    assert created.due_on == date(2026, 2, 12)


def test_a_receipt_date_in_the_future_is_refused(login, dpo, organisation):
    response = login(dpo).post(
        _url(organisation, "rights:new"), {**RECORD, "received_on": "2026-01-16"}
    )
    assert response.status_code == 400
    assert "received_on" in response.context["form"].errors
    assert not RightsRequest.objects.for_organisation(organisation).exists()


@pytest.mark.parametrize("role", ["manager", "auditor"])
def test_readers_cannot_record_requests(login, member_factory, organisation, role):
    client = login(member_factory(role))
    assert client.get(_url(organisation, "rights:new")).status_code == 403
    assert client.post(_url(organisation, "rights:new"), RECORD).status_code == 403
    assert not RightsRequest.objects.for_organisation(organisation).exists()
