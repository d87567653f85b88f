"""The audit trail page and its CSV export."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse

from egide.core.audit import Actor, audit_record, audit_verify_chain
from egide.core.clock import FrozenClock
from egide.core.models import AuditEvent
from egide.core.views_audit import CSV_COLUMNS, PAGE_SIZE

pytestmark = pytest.mark.django_db


@pytest.fixture
def events(organisation):
    clock = FrozenClock(datetime(2026, 1, 14, 22, 30, tzinfo=UTC))  # 23:30 in Paris
    recorded = []
    for n, (action, repr_, before, after) in enumerate(
        [
            ("record.create", "Dossier patient", None, {"name": "Dossier patient"}),
            ("record.update", "Dossier patient", {"name": "Dossier"}, {"name": "Dossier patient"}),
            ("membership.grant", '=HYPERLINK("x")', None, {"role": "auditor"}),
        ]
    ):
        recorded.append(
            audit_record(
                actor=Actor.system(f"actor{n % 2}"),
                organisation=organisation,
                action=action,
                object_type="registry.record",
                object_id=str(n),
                object_repr=repr_,
                before=before,
                after=after,
                clock=clock,
            )
        )
        clock.advance(timedelta(hours=1))
    return recorded


def _url(organisation, name="core:audit_log"):
    return reverse(name, kwargs={"org": organisation.slug})


@pytest.mark.parametrize("role", ["dpo", "dpo_assistant", "manager", "auditor"])
def test_roles_with_audit_access_see_the_trail(login, member_factory, organisation, events, role):
    response = login(member_factory(role)).get(_url(organisation))
    assert response.status_code == 200
    assert [row.event for row in response.context["rows"]] == list(reversed(events))


def test_contributor_cannot_see_or_export_the_trail(login, member_factory, organisation, events):
    client = login(member_factory("contributor"))
    assert client.get(_url(organisation)).status_code == 403
    assert client.get(_url(organisation, "core:audit_export")).status_code == 403
    assert (
        not AuditEvent.objects.for_organisation(organisation).filter(action="audit.export").exists()
    )


def test_outsider_gets_404_and_nothing_is_exported(login, outsider, organisation, events):
    client = login(outsider)
    assert client.get(_url(organisation)).status_code == 404
    assert client.get(_url(organisation, "core:audit_export")).status_code == 404
    assert (
        not AuditEvent.objects.for_organisation(organisation).filter(action="audit.export").exists()
    )


def test_anonymous_is_sent_to_sign_in(client, organisation):
    response = client.get(_url(organisation))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_page_shows_before_and_after_values(login, dpo, organisation, events):
    response = login(dpo).get(_url(organisation))
    content = response.content.decode()
    assert "record.update" in content
    update_row = next(r for r in response.context["rows"] if r.event.action == "record.update")
    assert [(c.field, c.before, c.after) for c in update_row.changes] == [
        ("name", "Dossier", "Dossier patient")
    ]


@pytest.mark.parametrize(
    ("query", "expected_actions"),
    [
        ({"action": "record.update"}, ["record.update"]),
        ({"actor": "system:actor0"}, ["membership.grant", "record.create"]),
        (
            {"object_type": "registry.record"},
            ["membership.grant", "record.update", "record.create"],
        ),
        ({"q": "dossier"}, ["record.update", "record.create"]),
        ({"date_from": "2026-01-15"}, ["membership.grant", "record.update"]),
        ({"date_to": "2026-01-14"}, ["record.create"]),
    ],
)
def test_filters(login, dpo, organisation, events, query, expected_actions):
    response = login(dpo).get(_url(organisation), query)
    assert response.status_code == 200
    assert [row.event.action for row in response.context["rows"]] == expected_actions


def test_invalid_filters_answer_400_with_errors(login, dpo, organisation, events):
    client = login(dpo)
    response = client.get(_url(organisation), {"date_from": "2026-02-01", "date_to": "2026-01-01"})
    assert response.status_code == 400
    assert "date_to" in response.context["form"].errors
    response = client.get(_url(organisation), {"action": "not.an.action"})
    assert response.status_code == 400


def test_htmx_request_gets_the_table_only(login, dpo, organisation, events):
    response = login(dpo).get(
        _url(organisation), {"action": "record.create"}, HTTP_HX_REQUEST="true"
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert content.lstrip().startswith('<div id="audit-table"')
    assert "<html" not in content
    assert "HX-Request" in response["Vary"]
    # The export link carries the same filters.
    assert "export.csv?action=record.create" in content


def test_pagination(login, dpo, organisation):
    for n in range(PAGE_SIZE + 5):
        audit_record(actor=Actor.system("bulk"), organisation=organisation, action=f"a.{n}")
    client = login(dpo)
    first = client.get(_url(organisation))
    assert len(first.context["rows"]) == PAGE_SIZE
    second = client.get(_url(organisation), {"page": 2})
    assert [row.event.sequence for row in second.context["rows"]] == [5, 4, 3, 2, 1]


def _csv(response):
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body.lstrip("\ufeff"))))


def test_export_streams_csv_with_every_column(login, dpo, organisation, events):
    response = login(dpo).get(_url(organisation, "core:audit_export"))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert f'filename="audit-{organisation.slug}-' in response["Content-Disposition"]
    rows = _csv(response)
    assert tuple(rows[0]) == CSV_COLUMNS
    by_sequence = {row[0]: dict(zip(CSV_COLUMNS, row, strict=True)) for row in rows[1:]}
    assert sorted(by_sequence) == ["1", "2", "3"]  # the export event itself comes after
    update = by_sequence["2"]
    assert update["occurred_at"] == "2026-01-14T23:30:00+00:00"
    assert update["actor"] == "system:actor1"
    assert (update["action"], update["object_type"], update["object_id"]) == (
        "record.update",
        "registry.record",
        "1",
    )
    assert json.loads(update["before"]) == {"name": "Dossier"}
    assert json.loads(update["after"]) == {"name": "Dossier patient"}
    assert update["hash"] == events[1].hash
    assert by_sequence["1"]["before"] == ""
    # Spreadsheet formulas are neutralised.
    assert by_sequence["3"]["object"] == '\'=HYPERLINK("x")'


def test_export_applies_the_filters_and_is_audited(login, dpo, organisation, events):
    response = login(dpo).get(_url(organisation, "core:audit_export"), {"q": "dossier"})
    rows = _csv(response)
    assert [row[3] for row in rows[1:]] == ["record.update", "record.create"]
    export = AuditEvent.objects.for_organisation(organisation).get(action="audit.export")
    assert export.actor == dpo
    assert export.after == {"filters": {"text": "dossier"}, "events": 2}
    assert audit_verify_chain(organisation=organisation).intact


def test_export_with_invalid_filters_answers_400_and_is_not_audited(
    login, dpo, organisation, events
):
    response = login(dpo).get(_url(organisation, "core:audit_export"), {"date_from": "nope"})
    assert response.status_code == 400
    assert "date_from" in response.content.decode()
    assert (
        not AuditEvent.objects.for_organisation(organisation).filter(action="audit.export").exists()
    )
