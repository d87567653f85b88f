import pytest
from django.test import override_settings

from egide.core import crypto


def test_round_trip_and_ciphertext_differs_each_time():
    first = crypto.encrypt_text("JBSWY3DPEHPK3PXP")
    second = crypto.encrypt_text("JBSWY3DPEHPK3PXP")
    assert first != second
    assert "JBSWY3DPEHPK3PXP" not in first
    assert crypto.decrypt_text(first) == "JBSWY3DPEHPK3PXP"


def test_rotation_keeps_old_values_readable_and_unknown_keys_fail():
    with override_settings(EGIDE_ENCRYPTION_KEYS=["old-key"]):
        token = crypto.encrypt_text("secret")
    with override_settings(EGIDE_ENCRYPTION_KEYS=["new-key", "old-key"]):
        assert crypto.decrypt_text(token) == "secret"
    with (
        override_settings(EGIDE_ENCRYPTION_KEYS=["other-key"]),
        pytest.raises(ValueError, match="decrypt"),
    ):
        crypto.decrypt_text(token)


@pytest.mark.django_db
def test_encrypted_field_stores_ciphertext_at_rest():
    from django.db import connection

    from egide.accounts.models import TotpDevice
    from egide.accounts.tests.factories import UserFactory

    device = TotpDevice.objects.create(user=UserFactory(), secret="JBSWY3DPEHPK3PXP")
    with connection.cursor() as cursor:
        cursor.execute("SELECT secret FROM accounts_totpdevice WHERE id = %s", [device.pk])
        (raw,) = cursor.fetchone()
    assert "JBSWY3DPEHPK3PXP" not in raw
    assert TotpDevice.objects.get(pk=device.pk).secret == "JBSWY3DPEHPK3PXP"
