"""Password reset by email, end to end through the mail outbox."""

from __future__ import annotations

import re
from datetime import timedelta

from django.core import mail
from django.urls import reverse
from django.utils import timezone

from egide.accounts.models import User
from egide.accounts.tests.factories import UserFactory
from egide.core.models import AuditEvent

RESET = reverse("accounts:password_reset")
DONE = reverse("accounts:password_reset_done")
NEW_PASSWORD = "a-brand-new-passphrase-2026"


def reset_link(message) -> str:
    match = re.search(r"https?://testserver(/accounts/password/reset/\S+/\S+/)", message.body)
    assert match, message.body
    return match.group(1)


def test_reset_end_to_end(client, db):
    user = UserFactory(email="agnes@example.org")
    user.locked_until = timezone.now() + timedelta(minutes=10)
    user.failed_login_count = 3
    user.save()
    assert client.get(RESET).status_code == 200

    response = client.post(RESET, {"email": "Agnes@Example.org"})

    assert response.status_code == 302
    assert response.url == DONE
    assert client.get(DONE).status_code == 200
    (message,) = mail.outbox
    assert message.to == ["agnes@example.org"]
    assert "Egide" in message.subject
    link = reset_link(message)
    landing = client.get(link)
    assert landing.status_code == 302
    assert landing.url.endswith("/set-password/")
    form_page = client.get(landing.url)
    assert form_page.status_code == 200
    assert form_page.context["validlink"]

    done = client.post(landing.url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})

    assert done.status_code == 302
    assert done.url == reverse("accounts:login")
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assert user.locked_until is None
    assert user.failed_login_count == 0
    event = AuditEvent.objects.get(action="user.password_reset")
    assert event.actor == user
    assert event.organisation is None
    signed_in = client.post(
        reverse("accounts:login"), {"email": user.email, "password": NEW_PASSWORD}
    )
    assert signed_in.status_code == 302
    client.post(reverse("accounts:logout"))
    used_again = client.get(link)
    assert used_again.status_code == 200
    assert not used_again.context["validlink"]


def test_unknown_address_gets_the_same_answer_and_no_email(client, db):
    UserFactory(email="known@example.org")
    unknown = client.post(RESET, {"email": "unknown@example.org"})
    known = client.post(RESET, {"email": "known@example.org"})
    assert unknown.status_code == known.status_code == 302
    assert unknown.url == known.url == DONE
    assert [m.to for m in mail.outbox] == [["known@example.org"]]


def test_inactive_user_gets_no_email(client, db):
    UserFactory(email="gone@example.org", is_active=False)
    assert client.post(RESET, {"email": "gone@example.org"}).url == DONE
    assert mail.outbox == []


def test_account_created_without_password_can_choose_one(client, db):
    user = User.objects.create_user(email="new@example.org", password=None)
    user.set_unusable_password()
    user.save()
    client.post(RESET, {"email": "new@example.org"})
    landing = client.get(reset_link(mail.outbox[0]))
    client.post(landing.url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)


def test_weak_password_is_refused(client, db):
    user = UserFactory(email="weak@example.org")
    old_hash = user.password
    client.post(RESET, {"email": user.email})
    landing = client.get(reset_link(mail.outbox[0]))

    response = client.post(landing.url, {"new_password1": "password", "new_password2": "password"})

    assert response.status_code == 200
    assert response.context["form"].errors["new_password2"]
    user.refresh_from_db()
    assert user.password == old_hash
    assert not AuditEvent.objects.filter(action="user.password_reset").exists()


def test_forged_link_is_refused(client, db):
    user = UserFactory()
    response = client.get(
        reverse("accounts:password_reset_confirm", kwargs={"uidb64": "MQ", "token": "abc-def"})
    )
    assert response.status_code == 200
    assert not response.context["validlink"]
    user.refresh_from_db()
    assert not AuditEvent.objects.filter(action="user.password_reset").exists()


def test_invalid_address_shows_a_field_error(client, db):
    response = client.post(RESET, {"email": "not an email"})
    assert response.status_code == 200
    assert response.context["form"].errors["email"]
    assert mail.outbox == []
