"""Export then import reproduces the register exactly, in every format that can carry it; importing the
same file again changes nothing."""

from __future__ import annotations

import pytest

from egide.accounts.models import Organisation, User
from egide.core.clock import FrozenClock
from egide.core.models import AuditEvent
from egide.demo import data
from egide.demo.loader import demo_load
from egide.registry.exchange import register_export, register_import
from egide.registry.tests.exchange_register import (
    ACTOR,
    build_register,
    mirror_references,
    register_state,
)

pytestmark = pytest.mark.django_db

FORMATS = ("json", "xlsx", "ods", "csv")


@pytest.fixture
def clock():
    return FrozenClock()


@pytest.fixture
def register(organisation, dpo, clock):
    build_register(organisation, dpo, clock)
    return organisation


def _round_trip(source, target, file_format, clock):
    exported = register_export(actor=ACTOR, organisation=source, format=file_format, clock=clock)
    report = register_import(
        actor=ACTOR, organisation=target, content=exported.content, format=file_format, clock=clock
    )
    assert report.problems == []
    return exported, report


@pytest.mark.parametrize("file_format", FORMATS)
def test_export_then_import_into_a_new_organisation_reproduces_the_register(
    register, other_organisation, dpo, clock, file_format
):
    mirror_references(register, other_organisation, dpo)
    expected = register_state(register)
    assert len(expected) == 7
    assert {a["status"] for a in expected.values()} == {
        "draft",
        "in_review",
        "validated",
        "archived",
    }

    _exported, report = _round_trip(register, other_organisation, file_format, clock)

    assert report.written
    assert report.counts() == {"create": 7, "update": 0, "unchanged": 0}
    assert register_state(other_organisation) == expected


@pytest.mark.parametrize("file_format", FORMATS)
def test_importing_the_same_file_again_changes_nothing(register, clock, file_format):
    before = register_state(register)
    exported = register_export(actor=ACTOR, organisation=register, format=file_format, clock=clock)
    last = AuditEvent.objects.filter(organisation=register).order_by("-sequence").first()

    report = register_import(
        actor=ACTOR,
        organisation=register,
        content=exported.content,
        format=file_format,
        clock=clock,
    )

    assert report.ok
    assert report.counts() == {"create": 0, "update": 0, "unchanged": 7}
    assert register_state(register) == before
    written = AuditEvent.objects.filter(organisation=register, sequence__gt=last.sequence)
    assert [e.action for e in written] == ["registry.import"]


def test_the_demo_hospital_register_round_trips(clock):
    """The demo hospital's ~40 activities, through the spreadsheet DPOs exchange most (every format is
    checked on the varied register above; the demo adds volume and realistic variety)."""
    demo_load(clock=clock)
    hospital = Organisation.objects.get(slug=data.HOSPITAL)
    copy = Organisation.objects.create(
        slug="copie", legal_name="Copie", kind=hospital.kind, legal_status=hospital.legal_status
    )
    expected = register_state(hospital)
    owners = {a["owner"] for a in expected.values()} - {None}
    mirror_references(hospital, copy, *User.objects.filter(pk__in=owners))
    assert len(expected) >= 35

    _round_trip(hospital, copy, "xlsx", clock)

    assert register_state(copy) == expected
