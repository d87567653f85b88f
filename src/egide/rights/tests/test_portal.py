"""The public portal's request form: notice first, acknowledgement, consent, honeypot, one-time key, rate
limits, languages, strict CSP."""

from __future__ import annotations

import re
import secrets
from datetime import timedelta

import pytest
from django.urls import reverse

from egide.registry.tests.factories import DpoDesignationFactory
from egide.rights.choices import Channel, RequesterCapacity, RequestStatus, TimelineKind
from egide.rights.models import RightsRequest
from egide.rights.portal import throttle
from egide.rights.portal.notice import REQUEST_FILE_RETENTION_YEARS
from egide.rights.tests.factories import RightsSettingsFactory

pytestmark = pytest.mark.django_db

NOTICE = "To process your request we need to process your personal data"
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
INLINE_STYLE = re.compile(r"<style\b|\sstyle=", re.IGNORECASE)
THIRD_PARTY = re.compile(r"""(?:src|href|action)=["'](?:https?:)?//""", re.IGNORECASE)


def start_url(organisation) -> str:
    return reverse("rights_portal:start", kwargs={"org": organisation.slug})


def form_data(**overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "right": "access",
        "requester_capacity": RequesterCapacity.SELF,
        "requester_first_name": "Jeanne",
        "requester_last_name": "Dupont",
        "requester_email": "jeanne.dupont@example.org",
        "requester_phone": "",
        "requester_address": "",
        "description": "Mon séjour en cardiologie en 2024.",
        "electronic_answer": "on",
        "notice_acknowledged": "on",
        "website": "",
        "submission_key": secrets.token_urlsafe(32),
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def stored(organisation):
    return RightsRequest.objects.for_organisation(organisation)


def assert_strict_page(html: str) -> None:
    assert not INLINE_SCRIPT.search(html), "inline <script>"
    assert not INLINE_STYLE.search(html), "inline style"
    assert not THIRD_PARTY.search(html), "third-party resource"


def test_the_information_notice_comes_before_the_form(client, organisation):
    RightsSettingsFactory(
        organisation=organisation, contact_email="dpo@chu-test.example", notice_extra="Voir aussi"
    )
    response = client.get(start_url(organisation))
    html = response.content.decode()
    assert response.status_code == 200
    assert html.index(NOTICE) < html.index("data-portal-form")
    notice = html[html.index(NOTICE) : html.index("data-portal-form")]
    for fact in (
        organisation.legal_name,
        "GDPR Art. 6(1)(c)",
        "CSP L.1111-7",
        f"{REQUEST_FILE_RETENTION_YEARS} years",
        "limitation period",
        "mailto:dpo@chu-test.example",
        "Voir aussi",
        "CNIL",
    ):
        assert fact in notice, fact
    assert_strict_page(html)


def test_the_notice_falls_back_on_the_designated_dpo(client, organisation):
    DpoDesignationFactory(organisation=organisation, published_contact_email="dpd@chu-test.example")
    html = client.get(start_url(organisation)).content.decode()
    assert "mailto:dpd@chu-test.example" in html


def test_a_closed_portal_or_an_unknown_organisation_is_not_found(client, organisation):
    RightsSettingsFactory(organisation=organisation, portal_enabled=False)
    assert client.get(start_url(organisation)).status_code == 404
    assert client.post(start_url(organisation), form_data()).status_code == 404
    assert client.get("/p/no-such-org/").status_code == 404
    assert not stored(organisation).exists()


def test_a_request_is_filed_awaiting_confirmation_then_the_sent_page(client, organisation):
    response = client.post(start_url(organisation), form_data())
    sent = reverse("rights_portal:sent", kwargs={"org": organisation.slug})
    assert response.status_code == 302
    assert response["Location"] == sent
    request = stored(organisation).get()
    assert request.status == RequestStatus.AWAITING_CONFIRMATION
    assert request.channel == Channel.PORTAL
    assert request.received_on is None
    assert (request.requester_email, request.language) == ("jeanne.dupont@example.org", "en")
    page = client.get(sent)
    assert "Check your mailbox" in page.content.decode()
    assert request.reference not in page.content.decode()  # shown after confirmation only
    assert_strict_page(page.content.decode())


def test_the_notice_must_be_acknowledged(client, organisation):
    response = client.post(start_url(organisation), form_data(notice_acknowledged=None))
    html = response.content.decode()
    assert response.status_code == 400
    assert "Please confirm that you have read the information notice." in html
    # The error is tied to its checkbox for screen readers.
    assert 'id="id_notice_acknowledged_error"' in html
    assert re.search(r'aria-describedby="[^"]*id_notice_acknowledged_error', html)
    assert not stored(organisation).exists()


@pytest.mark.parametrize(
    ("overrides", "accepted"),
    [
        ({"includes_medical_record": "on"}, False),
        ({"includes_medical_record": "on", "health_data_consent": "on"}, True),
        (
            {
                "includes_medical_record": "on",
                "electronic_answer": None,
                "requester_address": "1 rue X",
            },
            True,
        ),
        ({}, True),
    ],
)
def test_health_data_consent_only_for_a_medical_record_sent_electronically(
    client, organisation, overrides, accepted
):
    response = client.post(start_url(organisation), form_data(**overrides))
    assert (response.status_code == 302) is accepted
    assert stored(organisation).count() == int(accepted)
    if not accepted:
        assert "secure status page" in response.content.decode()


def test_an_answer_by_post_needs_an_address(client, organisation):
    response = client.post(start_url(organisation), form_data(electronic_answer=None))
    assert response.status_code == 400
    assert "postal address" in response.content.decode()
    assert not stored(organisation).exists()


def test_acting_for_someone_else_needs_the_patients_name(client, organisation):
    parent = form_data(requester_capacity=RequesterCapacity.PARENT)
    response = client.post(start_url(organisation), parent)
    assert response.status_code == 400
    assert "Give the patient&#x27;s name" in response.content.decode()
    assert not stored(organisation).exists()

    heir = form_data(
        requester_capacity=RequesterCapacity.HEIR,
        patient_first_name="Paul",
        patient_last_name="Dupont",
        patient_birth_date="1940-02-03",
    )
    assert client.post(start_url(organisation), heir).status_code == 302
    request = stored(organisation).get()
    assert (request.patient_last_name, request.patient_deceased) == ("Dupont", True)
    assert str(request.patient_birth_date) == "1940-02-03"


def test_patient_fields_are_ignored_when_acting_for_oneself(client, organisation):
    data = form_data(patient_first_name="Paul", patient_last_name="Dupont")
    assert client.post(start_url(organisation), data).status_code == 302
    assert stored(organisation).get().patient_last_name == ""


def test_a_filled_honeypot_shows_the_sent_page_and_stores_nothing(client, organisation):
    html = client.get(start_url(organisation)).content.decode()
    field = re.search(r'<input[^>]*name="website"[^>]*>', html)
    assert field is not None
    assert 'autocomplete="off"' in field.group()
    assert 'tabindex="-1"' in field.group()
    assert re.search(
        r'<div class="visually-hidden" aria-hidden="true">\s*<div class="field">', html
    )

    response = client.post(start_url(organisation), form_data(website="https://spam.example"))
    assert response.status_code == 302
    assert response["Location"] == reverse("rights_portal:sent", kwargs={"org": organisation.slug})
    assert not stored(organisation).exists()


def test_a_double_post_of_one_form_stores_one_request(client, organisation):
    first = client.get(start_url(organisation)).context["form"].initial["submission_key"]
    second = client.get(start_url(organisation)).context["form"].initial["submission_key"]
    assert first != second  # a new key per rendering
    data = form_data(submission_key=first)
    assert client.post(start_url(organisation), data).status_code == 302
    assert client.post(start_url(organisation), data).status_code == 302
    assert stored(organisation).count() == 1


def test_retries_of_a_stored_form_do_not_use_up_the_limit(client, organisation):
    data = form_data()
    address = "203.0.113.9"
    for _ in range(throttle.SUBMIT_PER_ADDRESS_SHORT.limit + 3):
        response = client.post(start_url(organisation), data, REMOTE_ADDR=address)
        assert response.status_code == 302
    assert stored(organisation).count() == 1
    # The client still has its allowance for other requests.
    assert post_from(client, organisation, address).status_code == 302
    assert stored(organisation).count() == 2


def test_the_acknowledgements_are_kept_as_evidence(client, organisation):
    client.post(start_url(organisation), form_data())
    submitted = stored(organisation).get().timeline.get(kind=TimelineKind.SUBMITTED)
    assert submitted.data["notice_acknowledged"] is True
    assert submitted.data["health_data_consent"] is False


def test_a_malformed_submission_key_is_refused(client, organisation):
    response = client.post(start_url(organisation), form_data(submission_key="short"))
    assert response.status_code == 400
    assert "This form has expired" in response.content.decode()
    assert not stored(organisation).exists()
    # The form shown again carries a fresh key: sending it again works.
    fresh = response.context["form"].data["submission_key"]
    assert fresh != "short"
    assert client.post(start_url(organisation), form_data(submission_key=fresh)).status_code == 302
    assert stored(organisation).count() == 1


def post_from(client, organisation, address: str, **headers: str):
    return client.post(start_url(organisation), form_data(), REMOTE_ADDR=address, headers=headers)


def test_filing_is_rate_limited_per_address(client, organisation):
    limit = throttle.SUBMIT_PER_ADDRESS_SHORT.limit
    for _ in range(limit):
        assert post_from(client, organisation, "203.0.113.5").status_code == 302
    refused = post_from(client, organisation, "203.0.113.5")
    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= 600
    assert "Too many requests" in refused.content.decode()
    assert stored(organisation).count() == limit
    # Another client is not affected.
    assert post_from(client, organisation, "198.51.100.7").status_code == 302
    assert stored(organisation).count() == limit + 1


def test_the_daily_and_organisation_limits_hold(client, organisation, monkeypatch):
    monkeypatch.setattr(
        throttle, "SUBMIT_PER_ADDRESS_DAY", throttle.Limit("submit-day", 2, timedelta(days=1))
    )
    assert post_from(client, organisation, "203.0.113.9").status_code == 302
    assert post_from(client, organisation, "203.0.113.9").status_code == 302
    assert post_from(client, organisation, "203.0.113.9").status_code == 429

    monkeypatch.setattr(
        throttle,
        "SUBMIT_PER_ORGANISATION",
        throttle.Limit("submit-org-hour", 3, timedelta(hours=1)),
    )
    # 2 filings counted already: one more address passes, the next is over the organisation's ceiling.
    assert post_from(client, organisation, "198.51.100.1").status_code == 302
    assert post_from(client, organisation, "198.51.100.2").status_code == 429
    assert stored(organisation).count() == 3


def test_behind_a_trusted_proxy_the_forwarded_address_is_limited(client, organisation, settings):
    settings.EGIDE_TRUSTED_PROXY_HOPS = 1
    limit = throttle.SUBMIT_PER_ADDRESS_SHORT.limit
    for _ in range(limit):
        response = post_from(client, organisation, "10.0.0.1", x_forwarded_for="203.0.113.5")
        assert response.status_code == 302
    assert (
        post_from(client, organisation, "10.0.0.1", x_forwarded_for="203.0.113.5").status_code
        == 429
    )
    # Same proxy, another client behind it.
    assert (
        post_from(client, organisation, "10.0.0.1", x_forwarded_for="192.0.2.44").status_code == 302
    )


def test_invalid_forms_do_not_count_towards_the_limit(client, organisation):
    for _ in range(throttle.SUBMIT_PER_ADDRESS_SHORT.limit + 2):
        response = client.post(
            start_url(organisation), form_data(notice_acknowledged=None), REMOTE_ADDR="192.0.2.1"
        )
        assert response.status_code == 400
    assert post_from(client, organisation, "192.0.2.1").status_code == 302


def test_the_portal_speaks_french(client, organisation):
    response = client.get(start_url(organisation), headers={"accept-language": "fr"})
    assert response.status_code == 200
    assert '<html lang="fr">' in response.content.decode()
    client.post(start_url(organisation), form_data(), headers={"accept-language": "fr"})
    assert stored(organisation).get().language == "fr"


def test_the_language_cookie_switches_to_english(client, organisation, settings):
    settings.LANGUAGE_CODE = "fr"
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(start_url(organisation), headers={"accept-language": "fr"}).content.decode()
    assert '<html lang="en">' in html
    assert NOTICE in html
