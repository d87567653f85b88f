"""URL kwargs of the register's routes for the tenant sweep (``egide.core.testing.discover_sweep_fixtures``):
each returns the id of an object of the sweep's organisation A."""

from __future__ import annotations

from typing import Any

from egide.core.testing import PerMember, SweepFixture, SweepKey, SweepWorld
from egide.registry.tests.factories import (
    ActivityDataCategoryFactory,
    ActivitySecurityMeasureFactory,
    ControllerServedFactory,
    DataCategoryFactory,
    DpoDesignationFactory,
    InformationSystemFactory,
    JointControllerFactory,
    ProcessingActivityFactory,
    PurposeFactory,
    RecipientFactory,
    TransferFactory,
    VendorFactory,
)
from egide.registry.views._lists import SECTIONS


def _activity(world: SweepWorld) -> Any:
    return ProcessingActivityFactory(organisation=world.organisation, name="Sweep activity").pk


def _in_activity(factory: Any) -> SweepFixture:
    def make(world: SweepWorld) -> Any:
        return factory(activity=ProcessingActivityFactory(organisation=world.organisation)).pk

    return make


SWEEP_FIXTURES: dict[SweepKey, SweepFixture] = {
    "activity_id": _activity,
    "purpose_id": _in_activity(PurposeFactory),
    "activity_data_category_id": _in_activity(ActivityDataCategoryFactory),
    "recipient_id": _in_activity(RecipientFactory),
    "transfer_id": _in_activity(TransferFactory),
    "vendor_id": lambda world: VendorFactory(organisation=world.organisation).pk,
    "system_id": lambda world: InformationSystemFactory(organisation=world.organisation).pk,
    "data_category_id": lambda world: DataCategoryFactory(organisation=world.organisation).pk,
    "designation_id": lambda world: DpoDesignationFactory(organisation=world.organisation).pk,
}


# --- The register's API (egide.registry.api): objects each member owns, so that a contributor's
# changes are allowed by ownership and answer as the route's policy says. ---

_API_ACTIVITY_ROUTES = (
    "detail",
    "submit",
    "validate",
    "archive",
    "restore",
    "history",
    "diff",
    "purposes",
    "data-categories",
    "recipients",
    "transfers",
    "security-measures",
    "joint-controllers",
    "controllers-served",
)


def _owned_activity(world: SweepWorld, role: str) -> Any:
    owner = world.members[role]
    return ProcessingActivityFactory(organisation=world.organisation, owner=owner)


def _owned_row(factory: Any) -> PerMember:
    return PerMember(lambda world, role: factory(activity=_owned_activity(world, role)).pk)


SWEEP_FIXTURES.update(
    {
        **{
            (f"api:registry-activity-{name}", "pk"): PerMember(
                lambda world, role: _owned_activity(world, role).pk
            )
            for name in _API_ACTIVITY_ROUTES
        },
        ("api:registry-purpose-detail", "pk"): _owned_row(PurposeFactory),
        ("api:registry-activity-data-category-detail", "pk"): _owned_row(
            ActivityDataCategoryFactory
        ),
        ("api:registry-recipient-detail", "pk"): _owned_row(RecipientFactory),
        ("api:registry-transfer-detail", "pk"): _owned_row(TransferFactory),
        ("api:registry-security-measure-detail", "pk"): _owned_row(ActivitySecurityMeasureFactory),
        ("api:registry-joint-controller-detail", "pk"): _owned_row(JointControllerFactory),
        ("api:registry-controller-served-detail", "pk"): _owned_row(ControllerServedFactory),
        ("api:registry-vendor-detail", "pk"): lambda world: (
            VendorFactory(organisation=world.organisation).pk
        ),
        ("api:registry-system-detail", "pk"): lambda world: (
            InformationSystemFactory(organisation=world.organisation).pk
        ),
        ("api:registry-data-category-detail", "pk"): lambda world: (
            DataCategoryFactory(organisation=world.organisation).pk
        ),
    }
)


# --- The register's pages: contributors change only the activities they own, so the routes that change
# an activity name one owned by the visiting member (the DPO's for visitors who are not members), and the
# routes of a row name a row of that activity. ---


def _page_activity(world: SweepWorld, role: str) -> Any:
    """The activity ``role``'s member owns, made once per member for every such route."""
    owned = world.__dict__.setdefault("registry_page_activities", {})
    if role not in owned:
        owned[role] = ProcessingActivityFactory(
            organisation=world.organisation, owner=world.members[role], name=f"Owned by {role}"
        )
    return owned[role]


def _page_row(section: str, factory: Any) -> PerMember:
    def make(world: SweepWorld, role: str) -> Any:
        rows = world.__dict__.setdefault("registry_page_rows", {})
        if (role, section) not in rows:
            rows[role, section] = factory(activity=_page_activity(world, role))
        return rows[role, section].pk

    return PerMember(make)


_PAGE_ROW_FACTORIES = {
    "purposes": PurposeFactory,
    "data_categories": ActivityDataCategoryFactory,
    "recipients": RecipientFactory,
    "transfers": TransferFactory,
    "security_measures": ActivitySecurityMeasureFactory,
    "joint_controllers": JointControllerFactory,
    "controllers_served": ControllerServedFactory,
}
_PAGE_ACTIVITY = PerMember(lambda world, role: _page_activity(world, role).pk)
for _name in ("activity_edit", "activity_submit", "activity_archive", "activity_restore"):
    SWEEP_FIXTURES[(f"registry:{_name}", "activity_id")] = _PAGE_ACTIVITY
for _section in SECTIONS:
    _factory = _PAGE_ROW_FACTORIES[_section.key]
    SWEEP_FIXTURES[(f"registry:{_section.key}_add", "activity_id")] = _PAGE_ACTIVITY
    for _verb in ("edit", "delete"):
        SWEEP_FIXTURES[(f"registry:{_section.key}_{_verb}", "activity_id")] = _PAGE_ACTIVITY
        SWEEP_FIXTURES[(f"registry:{_section.key}_{_verb}", "item_id")] = _page_row(
            _section.key, _factory
        )
