"""Sign-in with a password, redirects, language, sign-out and session expiry."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

from egide.accounts.middleware import MFA_SESSION_KEY
from egide.accounts.models import LoginFailure, User
from egide.accounts.tests.factories import TEST_PASSWORD, UserFactory
from egide.core.models import AuditEvent

LOGIN = reverse("accounts:login")
PROFILE = reverse("accounts:profile")
PORTFOLIO = reverse("accounts:portfolio")


@pytest.fixture
def contributor(member_factory):
    return member_factory("contributor")


def sign_in(client, email, password=TEST_PASSWORD, **extra):
    return client.post(LOGIN, {"email": email, "password": password, **extra})


def signed_in_as(client):
    return client.session.get("_auth_user_id")


def test_login_page_renders(client, db):
    response = client.get(LOGIN)
    assert response.status_code == 200
    body = response.content.decode()
    assert 'name="email"' in body
    assert 'autocomplete="current-password"' in body
    assert 'for="id_email"' in body
    assert "style=" not in body
    assert response.headers["Cache-Control"].startswith("max-age=0")


def test_wrong_password_is_refused_and_recorded(client, contributor):
    response = sign_in(client, contributor.email, "not-the-password")

    assert response.status_code == 200
    assert "The email address or password is incorrect." in response.content.decode()
    assert signed_in_as(client) is None
    contributor.refresh_from_db()
    assert contributor.failed_login_count == 1
    failure = LoginFailure.objects.get()
    assert failure.email == contributor.email
    assert failure.ip_address == "127.0.0.1"
    event = AuditEvent.objects.get(action="auth.login_failed")
    assert event.organisation is None
    assert event.actor is None
    assert event.actor_label == "system:auth"
    assert event.object_id == str(contributor.pk)
    assert event.after == {"step": "password", "consecutive_failures": 1}


def test_unknown_email_gets_the_same_answer(client, contributor):
    known = sign_in(client, contributor.email, "not-the-password")
    unknown = sign_in(client, "nobody@example.org", "not-the-password")

    assert unknown.status_code == known.status_code == 200
    assert unknown.context["form"].non_field_errors() == known.context["form"].non_field_errors()
    assert AuditEvent.objects.filter(
        action="auth.login_failed", object_repr="nobody@example.org"
    ).exists()


def test_good_password_signs_in_and_rotates_the_session(client, contributor):
    session = client.session
    session["before"] = "kept"
    session.save()
    key_before = session.session_key
    contributor.failed_login_count = 2
    contributor.save()

    response = sign_in(client, contributor.email.upper())

    assert response.status_code == 302
    assert response.url == PORTFOLIO
    assert signed_in_as(client) == str(contributor.pk)
    assert client.session.session_key != key_before
    assert client.session["before"] == "kept"
    assert MFA_SESSION_KEY not in client.session
    contributor.refresh_from_db()
    assert contributor.failed_login_count == 0
    event = AuditEvent.objects.get(action="auth.login")
    assert event.actor == contributor
    assert event.after == {"method": "password"}
    assert event.ip_address == "127.0.0.1"


def test_preferred_language_is_applied_at_sign_in(client, contributor):
    contributor.language = "en"
    contributor.save()

    response = sign_in(client, contributor.email)

    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    page = client.get(PROFILE)
    assert page.headers["Content-Language"] == "en"


@pytest.mark.parametrize(
    ("next_url", "expected"),
    [
        ("/accounts/profile/", "/accounts/profile/"),
        ("https://evil.example.org/", PORTFOLIO),
        ("//evil.example.org/", PORTFOLIO),
        ("javascript:alert(1)", PORTFOLIO),
    ],
)
def test_next_redirect_is_kept_on_this_site(client, contributor, next_url, expected):
    response = sign_in(client, contributor.email, next=next_url)
    assert response.status_code == 302
    assert response.url == expected


def test_next_from_the_query_string_reaches_the_form(client, db):
    response = client.get(LOGIN, {"next": "/accounts/profile/"})
    assert 'value="/accounts/profile/"' in response.content.decode()


def test_signed_in_user_is_sent_on(client, contributor, login):
    login(contributor)
    response = client.get(LOGIN)
    assert response.status_code == 302
    assert response.url == PORTFOLIO


def test_inactive_user_cannot_sign_in(client, contributor):
    User.objects.filter(pk=contributor.pk).update(is_active=False)
    response = sign_in(client, contributor.email)
    assert response.status_code == 200
    assert signed_in_as(client) is None


def test_empty_form_shows_field_errors(client, db):
    response = client.post(LOGIN, {})
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"email", "password"}
    assert not LoginFailure.objects.exists()


def test_logout_needs_post(client, contributor, login):
    login(contributor)
    assert client.get(reverse("accounts:logout")).status_code == 405
    assert signed_in_as(client) == str(contributor.pk)

    response = client.post(reverse("accounts:logout"))

    assert response.status_code == 302
    assert response.url == LOGIN
    assert signed_in_as(client) is None


def test_anonymous_logout_goes_to_login(client, db):
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert response.url == LOGIN


def test_dpo_without_device_is_sent_to_enrolment_after_password(client, dpo):
    response = sign_in(client, dpo.email)
    assert response.status_code == 302
    assert client.get(PROFILE).url == reverse("accounts:mfa_enrol")
    assert client.get(reverse("accounts:mfa_enrol")).status_code == 200
    assert client.post(reverse("accounts:logout")).status_code == 302, "sign-out stays reachable"


def test_expired_session_is_signed_out(client, contributor):
    sign_in(client, contributor.email)
    assert client.get(PROFILE).status_code == 200
    assert client.session.get_expiry_age() == settings.SESSION_COOKIE_AGE
    Session.objects.filter(session_key=client.session.session_key).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )

    response = client.get(PROFILE)

    assert response.status_code == 302
    assert response.url.startswith(LOGIN)


def test_profile_language_preference(client, contributor, login):
    login(contributor)
    page = client.get(PROFILE)
    assert page.status_code == 200
    assert contributor.email in page.content.decode()

    response = client.post(PROFILE, {"language": "en"})

    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    contributor.refresh_from_db()
    assert contributor.language == "en"
    assert AuditEvent.objects.filter(action="user.update", object_id=str(contributor.pk)).exists()

    browser_default = client.post(PROFILE, {"language": ""})
    assert browser_default.cookies[settings.LANGUAGE_COOKIE_NAME].value == ""
    contributor.refresh_from_db()
    assert contributor.language == ""


def test_profile_refuses_an_unknown_language(client, contributor, login):
    login(contributor)
    response = client.post(PROFILE, {"language": "de"})
    assert response.status_code == 200
    assert response.context["form"].errors["language"]
    contributor.refresh_from_db()
    assert contributor.language == ""


def test_profile_needs_sign_in(client, db):
    response = client.get(PROFILE)
    assert response.status_code == 302
    assert response.url.startswith(LOGIN)


def test_profile_lists_token_pages_of_each_organisation(client, contributor, login, organisation):
    login(contributor)
    page = client.get(PROFILE)
    assert reverse("accounts:tokens", kwargs={"org": organisation.slug}) in page.content.decode()


def test_user_without_membership_signs_in(client, db):
    user = UserFactory()
    response = sign_in(client, user.email)
    assert response.status_code == 302
    assert signed_in_as(client) == str(user.pk)


@pytest.mark.parametrize(
    ("hops", "forwarded", "expected"),
    [
        (0, "203.0.113.9", "127.0.0.1"),
        (1, "198.51.100.7, 203.0.113.9", "203.0.113.9"),
        (2, "198.51.100.7, 203.0.113.9", "198.51.100.7"),
        (2, "203.0.113.9", "127.0.0.1"),
        (1, "not-an-address", "127.0.0.1"),
    ],
)
def test_client_address_behind_trusted_proxies(
    client, contributor, settings, hops, forwarded, expected
):
    settings.EGIDE_TRUSTED_PROXY_HOPS = hops
    client.post(
        LOGIN,
        {"email": contributor.email, "password": "wrong-password"},
        HTTP_X_FORWARDED_FOR=forwarded,
    )
    assert LoginFailure.objects.get().ip_address == expected
