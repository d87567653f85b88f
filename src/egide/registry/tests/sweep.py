"""URL kwargs of the register's routes for the tenant sweep (``egide.core.testing.discover_sweep_fixtures``):
each returns the id of an object of the sweep's organisation A."""

from __future__ import annotations

from typing import Any

from egide.core.testing import SweepFixture, SweepKey, SweepWorld
from egide.registry.tests.factories import (
    ActivityDataCategoryFactory,
    DataCategoryFactory,
    DpoDesignationFactory,
    InformationSystemFactory,
    ProcessingActivityFactory,
    PurposeFactory,
    RecipientFactory,
    TransferFactory,
    VendorFactory,
)


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
