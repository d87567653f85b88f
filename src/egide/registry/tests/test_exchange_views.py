"""Downloading and uploading the register from the browser: any member downloads, importing takes the
right to edit every activity, bad input answers 400 with every problem and writes nothing."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from egide.core.models import AuditEvent
from egide.registry.models import ProcessingActivity
from egide.registry.tests.factories import ProcessingActivityFactory

pytestmark = pytest.mark.django_db


def page(organisation):
    return reverse("registry_exchange:exchange", args=[organisation.slug])


def download(organisation, **query):
    return (
        reverse("registry_exchange:download", args=[organisation.slug])
        + "?"
        + "&".join(f"{k}={v}" for k, v in query.items())
    )


def upload(name, text, dry_run=False):
    data = {"file": SimpleUploadedFile(name, text.encode())}
    if dry_run:
        data["dry_run"] = "on"
    return data


def names(organisation):
    return list(
        ProcessingActivity.objects.for_organisation(organisation).values_list("reference", "name")
    )


def test_the_page_offers_the_import_only_to_those_who_may_edit_everything(
    organisation, member_factory, login
):
    dpo_page = login(member_factory("dpo")).get(page(organisation))
    assert dpo_page.status_code == 200
    assert b'enctype="multipart/form-data"' in dpo_page.content

    from django.test import Client

    contributor = login(member_factory("contributor"), Client()).get(page(organisation))
    assert contributor.status_code == 200
    assert b'enctype="multipart/form-data"' not in contributor.content


@pytest.mark.parametrize("role", ["auditor", "contributor", "dpo"])
def test_members_download_the_register(organisation, member_factory, login, role):
    ProcessingActivityFactory(organisation=organisation, reference="T-001", name="Payroll")
    member = member_factory(role)

    response = login(member).get(download(organisation, format="json", language="en"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert 'filename="chu-test-register-' in response["Content-Disposition"]
    assert json.loads(response.content)["activities"][0]["name"] == "Payroll"
    event = AuditEvent.objects.get(organisation=organisation, action="registry.export")
    assert event.actor_id == member.pk


def test_an_invalid_download_choice_answers_400(organisation, dpo, login):
    response = login(dpo).get(download(organisation, format="docx", language="en"))

    assert response.status_code == 400
    assert not AuditEvent.objects.filter(organisation=organisation, action="registry.export")


def test_a_preview_then_an_import(organisation, dpo, login):
    client = login(dpo)
    text = "reference,name\nT-001,Payroll\n"

    preview = client.post(page(organisation), upload("activities.csv", text, dry_run=True))
    assert preview.status_code == 200
    assert b"T-001" in preview.content
    assert names(organisation) == []

    imported = client.post(page(organisation), upload("activities.csv", text))
    assert imported.status_code == 200
    assert names(organisation) == [("T-001", "Payroll")]
    event = AuditEvent.objects.get(organisation=organisation, action="registry.import")
    assert event.actor_id == dpo.pk


def test_a_file_with_problems_answers_400_and_writes_nothing(organisation, dpo, login):
    response = login(dpo).post(
        page(organisation), upload("activities.csv", "reference,name,large_scale\nT-001,,maybe\n")
    )

    assert response.status_code == 400
    assert response.content.count(b"<tr><td>activities</td>") == 2
    assert names(organisation) == []


def test_a_file_of_an_unknown_kind_is_a_form_error(organisation, dpo, login):
    response = login(dpo).post(page(organisation), upload("register.docx", "x"))

    assert response.status_code == 400
    assert b"field-error" in response.content
    assert names(organisation) == []


@pytest.mark.parametrize("role", ["contributor", "manager", "auditor"])
def test_members_without_the_right_to_edit_everything_cannot_import(
    organisation, member_factory, login, role
):
    response = login(member_factory(role)).post(
        page(organisation), upload("activities.csv", "reference,name\nT-001,Payroll\n")
    )

    assert response.status_code == 403
    assert names(organisation) == []


def test_an_outsider_neither_downloads_nor_imports(organisation, outsider, login):
    client = login(outsider)

    assert client.get(download(organisation, format="json", language="en")).status_code == 404
    posted = client.post(page(organisation), upload("activities.csv", "reference,name\nT-1,X\n"))

    assert posted.status_code == 404
    assert names(organisation) == []
    assert not AuditEvent.objects.filter(organisation=organisation).exists()
