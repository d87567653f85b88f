"""Open-item counters shown on the portfolio and on each organisation's dashboard.

A domain app says what is open in its area (breaches to notify, requests near their deadline...) by
registering a counter::

    register_open_items("breaches", _("Breaches to notify"), breaches_open_count, url_name="breaches:list")

where ``breaches_open_count(organisation_ids) -> dict[organisation_id, int]`` answers for every
organisation in ONE query (organisations with nothing open may be left out). The portfolio then costs one
query per counter whatever the number of organisations. Register in the app's ``open_items`` module
(imported automatically the first time the counters are read) or in its ``AppConfig.ready()``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from django.utils.module_loading import autodiscover_modules

CountFunction = Callable[[Sequence[int]], Mapping[int, int]]


@dataclass(frozen=True)
class OpenItemCounter:
    key: str
    label: Any  # a lazy translation
    count: CountFunction
    url_name: str | None = None  # organisation page listing these items (takes the ``org`` slug)


_COUNTERS: dict[str, OpenItemCounter] = {}


def register_open_items(
    key: str, label: Any, count: CountFunction, *, url_name: str | None = None
) -> None:
    """Register (or replace, for the same ``key``) a counter of open items."""
    _COUNTERS[key] = OpenItemCounter(key=key, label=label, count=count, url_name=url_name)


def unregister_open_items(key: str) -> None:
    _COUNTERS.pop(key, None)


@cache
def _discover() -> None:
    autodiscover_modules("open_items")


def open_item_counters() -> list[OpenItemCounter]:
    """The registered counters, in registration order."""
    _discover()
    return list(_COUNTERS.values())


@dataclass(frozen=True)
class OpenItemCount:
    counter: OpenItemCounter
    value: int


def open_items_by_organisation(organisation_ids: Sequence[int]) -> dict[int, list[OpenItemCount]]:
    """Every counter's value for each organisation: one query per counter, not per organisation."""
    ids = list(organisation_ids)
    result: dict[int, list[OpenItemCount]] = {org_id: [] for org_id in ids}
    if not ids:
        return result
    for counter in open_item_counters():
        values = counter.count(ids)
        for org_id in ids:
            result[org_id].append(OpenItemCount(counter=counter, value=int(values.get(org_id, 0))))
    return result
