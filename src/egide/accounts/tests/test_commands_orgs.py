"""`egide createorg`: creates an organisation through the audited service; bad input exits 2."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from egide.accounts.models import Organisation, OrganisationGroup
from egide.core.audit import audit_verify_chain
from egide.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def _createorg(*args):
    out = StringIO()
    call_command("createorg", *args, stdout=out)
    return out.getvalue()


def test_createorg_creates_an_audited_organisation():
    output = _createorg(
        "chu-grenoble",
        "--name",
        "CHU Grenoble Alpes",
        "--kind",
        "hospital",
        "--status",
        "public",
        "--siren",
        "263 800 013",
        "--finess",
        "380780080",
        "--city",
        "La Tronche",
        "--group",
        "GHT Alpes Dauphiné",
    )
    assert "Created organisation chu-grenoble (CHU Grenoble Alpes)." in output
    organisation = Organisation.objects.get(slug="chu-grenoble")
    assert (organisation.kind, organisation.legal_status) == ("hospital", "public")
    assert (organisation.siren, organisation.finess, organisation.city) == (
        "263800013",
        "380780080",
        "La Tronche",
    )
    assert organisation.group == OrganisationGroup.objects.get(name="GHT Alpes Dauphiné")
    event = AuditEvent.objects.for_organisation(organisation).get(action="organisation.create")
    assert event.actor_label == "system:cli"
    assert audit_verify_chain(organisation=organisation).intact


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--kind", "castle", "--status", "public"], "--kind"),
        (["--kind", "hospital", "--status", "feudal"], "--status"),
        (
            ["--kind", "hospital", "--status", "public", "--siren", "123456789"],
            "--siren: Enter a valid SIREN",
        ),
        (["--kind", "hospital", "--status", "public", "--finess", "00"], "--finess"),
    ],
)
def test_createorg_exits_2_with_the_field_errors(args, message):
    with pytest.raises(CommandError) as raised:
        _createorg("ch-test", "--name", "CH Test", *args)
    assert raised.value.returncode == 2
    assert message in str(raised.value)
    assert not Organisation.objects.exists()
    assert not OrganisationGroup.objects.exists()


def test_createorg_exits_2_for_a_taken_or_malformed_slug(organisation):
    for slug in (organisation.slug, "not a slug"):
        with pytest.raises(CommandError) as raised:
            _createorg(slug, "--name", "X", "--kind", "hospital", "--status", "public")
        assert raised.value.returncode == 2
        assert "SLUG" in str(raised.value)
    assert Organisation.objects.count() == 1
