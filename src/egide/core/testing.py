"""Test helpers that cover every route: enumerate the URLconf, build concrete URLs, snapshot the database.

The tenant sweep (``tests/test_tenant_sweep.py``) is built on these, and any app's tests may use them:

- :func:`iter_routes` walks the resolver (includes, namespaces, DRF routers and their format-suffix
  patterns) and yields one :class:`Route` per URL pattern, with its policy per method;
- :func:`routes_without_policy` is the check that every route declares who may reach it;
- :func:`discover_sweep_fixtures` collects the objects the sweep puts in URLs: each app may ship
  ``src/egide/<app>/tests/sweep.py`` with ``SWEEP_FIXTURES = {"record_id": lambda world: ...}``, keyed by
  URL kwarg name, or by ``(route label, kwarg name)`` when the same kwarg means different things
  (:class:`PerMember` for objects each member owns, such as their own API token);
- :func:`db_snapshot` and :func:`snapshot_changes` prove a refused request changed nothing.
"""

from __future__ import annotations

import hashlib
import importlib
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.db import connections, transaction
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.resolvers import LocalePrefixPattern, RegexPattern, RoutePattern
from django.utils.regex_helper import normalize

from egide.core.policies import Policy, policy_of

if TYPE_CHECKING:
    from egide.accounts.models import Organisation, User

# Kwargs that never name an object: the organisation (filled from the world) and DRF's format suffix.
ORGANISATION_KWARG = "org"
NON_OBJECT_KWARGS = frozenset({ORGANISATION_KWARG, "format"})

_ROUTE_PARAMETER = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")


def _is_drf_view(callback: Any) -> bool:
    cls = getattr(callback, "cls", None)
    if cls is None:
        return False
    from rest_framework.views import APIView

    return isinstance(cls, type) and issubclass(cls, APIView)


@dataclass(frozen=True)
class Route:
    """One URL pattern, with the chain of patterns that leads to it from the root URLconf."""

    pattern: str
    name: str | None
    callback: Callable[..., Any]
    kwarg_names: tuple[str, ...]
    parts: tuple[Any, ...] = field(repr=False)
    urlconf: str | None = field(default=None, repr=False)

    @property
    def label(self) -> str:
        """The namespaced name (``accounts:members``), or the pattern for an unnamed route."""
        return self.name or f"/{self.pattern}"

    @property
    def is_api(self) -> bool:
        return _is_drf_view(self.callback)

    @property
    def object_kwargs(self) -> tuple[str, ...]:
        return tuple(k for k in self.kwarg_names if k not in NON_OBJECT_KWARGS)

    @property
    def is_organisation_route(self) -> bool:
        return ORGANISATION_KWARG in self.kwarg_names

    @property
    def methods(self) -> tuple[str, ...]:
        """The methods a sweep sends: GET and POST; PATCH and DELETE on API detail routes; and every
        method a DRF viewset maps to an action."""
        methods = ["GET", "POST"]
        if self.is_api and self.object_kwargs:
            methods += ["PATCH", "DELETE"]
        actions: Mapping[str, str] = getattr(self.callback, "actions", None) or {}
        methods += [m.upper() for m in actions if m.upper() not in methods]
        return tuple(methods)

    def policy(self, method: str = "GET") -> Policy | None:
        return policy_of(self.callback, method)

    def url(self, **kwargs: Any) -> str:
        """The concrete path for ``kwargs``; checked by resolving it back to this route."""
        missing = [k for k in self.kwarg_names if k not in kwargs]
        if missing:
            raise ValueError(f"{self.label}: no value for {', '.join(missing)}")
        path = "/" + "".join(_fill(part, kwargs) for part in self.parts)
        match = resolve(path, self.urlconf)
        if match.func is not self.callback or set(match.kwargs) != set(self.kwarg_names):
            raise ValueError(f"{self.label}: built {path!r}, which resolves to another route")
        return path


def _fill(part: Any, kwargs: Mapping[str, Any]) -> str:
    if isinstance(part, LocalePrefixPattern):
        return part.language_prefix
    if isinstance(part, RoutePattern):

        def convert(found: re.Match[str]) -> str:
            name = found["name"]
            return str(part.converters[name].to_url(kwargs[name]))

        return _ROUTE_PARAMETER.sub(convert, str(part))
    if isinstance(part, RegexPattern):
        names = set(part.regex.groupindex)
        for template, params in normalize(part.regex.pattern):
            if set(params) == names:
                return template % {name: str(kwargs[name]) for name in params}
        raise ValueError(f"cannot build a URL from the regular expression {part.regex.pattern!r}")
    raise TypeError(f"unknown URL pattern type {type(part).__name__}")


def _readable(part: Any) -> str:
    text = str(part)
    if isinstance(part, RegexPattern):
        text = text.removeprefix("^").removesuffix("$").removesuffix(r"\Z")
    return text


def _kwarg_names(part: Any) -> tuple[str, ...]:
    if isinstance(part, RoutePattern):
        return tuple(part.converters)
    if isinstance(part, RegexPattern):
        return tuple(part.regex.groupindex)
    return ()


def iter_routes(urlconf: str | None = None) -> Iterator[Route]:
    """Every URL pattern of ``urlconf`` (default: settings.ROOT_URLCONF), includes walked recursively."""
    yield from _walk(get_resolver(urlconf).url_patterns, (), (), urlconf)


def _walk(
    entries: Any,
    parts: tuple[Any, ...],
    namespaces: tuple[str, ...],
    urlconf: str | None,
) -> Iterator[Route]:
    for entry in entries:
        chain = (*parts, entry.pattern)
        if isinstance(entry, URLResolver):
            inner = (*namespaces, entry.namespace) if entry.namespace else namespaces
            yield from _walk(entry.url_patterns, chain, inner, urlconf)
        elif isinstance(entry, URLPattern):
            kwargs: list[str] = []
            for part in chain:
                kwargs += [k for k in _kwarg_names(part) if k not in kwargs]
            yield Route(
                pattern="".join(_readable(p) for p in chain),
                name=":".join((*namespaces, entry.name)) if entry.name else None,
                callback=entry.callback,
                kwarg_names=tuple(kwargs),
                parts=chain,
                urlconf=urlconf,
            )


def routes_without_policy(urlconf: str | None = None) -> list[Route]:
    """Routes that do not declare an access policy for every method a sweep sends them."""
    return [
        route
        for route in iter_routes(urlconf)
        if any(route.policy(method) is None for method in route.methods)
    ]


# --- The sweep's world: organisation A (every URL points at it), B (the outsider's), their people. ---


@dataclass
class SweepWorld:
    organisation: Organisation
    other_organisation: Organisation
    members: dict[str, User]  # role -> the user holding it in ``organisation``
    outsider: User  # the DPO of ``other_organisation``
    staff: User  # a platform operator, member of nothing
    token_keys: dict[str, str]  # role (or "outsider") -> an API token key of that user
    token_ids: dict[str, int]
    route_kwargs: dict[str, dict[str, Any]] = field(default_factory=dict)  # route label -> kwargs
    route_errors: dict[str, list[str]] = field(default_factory=dict)  # route label -> problems

    @property
    def dpo(self) -> User:
        return self.members["dpo"]

    def kwargs_for(self, route: Route, role: str | None) -> dict[str, Any]:
        """The URL kwargs ``role``'s member sends (non-members send the DPO's per-member objects)."""
        return {
            name: value.get(role or "dpo", value["dpo"]) if isinstance(value, ByRole) else value
            for name, value in self.route_kwargs[route.label].items()
        }


@dataclass(frozen=True)
class PerMember:
    """A fixture for objects that belong to one person (their own API token): made for each member of
    the organisation, ``make(world, role)``; each member's request names their own, other visitors the
    DPO's."""

    make: Callable[[SweepWorld, str], Any]


class ByRole(dict[str, Any]):
    """The values a :class:`PerMember` fixture made, by role."""


SweepFixture = Callable[[SweepWorld], Any] | PerMember
SweepKey = str | tuple[str, str]


def discover_sweep_fixtures(extra_modules: tuple[str, ...] = ()) -> dict[SweepKey, SweepFixture]:
    """Merge ``SWEEP_FIXTURES`` of ``extra_modules`` and of every Egide app's ``tests/sweep.py``."""
    modules = [importlib.import_module(name) for name in extra_modules]
    for app in apps.get_app_configs():
        if not app.name.startswith("egide."):
            continue
        name = f"{app.name}.tests.sweep"
        try:
            modules.append(importlib.import_module(name))
        except ModuleNotFoundError as exc:
            if exc.name is None or not (name == exc.name or name.startswith(exc.name + ".")):
                raise  # the sweep module exists but imports something missing
    registry: dict[SweepKey, SweepFixture] = {}
    for module in modules:
        for key, fixture in getattr(module, "SWEEP_FIXTURES", {}).items():
            if key in registry:
                raise ImproperlyConfigured(
                    f"sweep fixture {key!r} is registered twice ({module.__name__})"
                )
            registry[key] = fixture
    return registry


def missing_fixture_message(route: Route, kwarg: str) -> str:
    return (
        f"no sweep fixture gives {kwarg!r} for route {route.label} ({route.pattern}). Register one: "
        f"in src/egide/<app>/tests/sweep.py, SWEEP_FIXTURES = {{{kwarg!r}: lambda world: "
        f"<an object of world.organisation>.pk}} (or key it by ({route.label!r}, {kwarg!r}) "
        "when the kwarg means something else on other routes)"
    )


def _make(world: SweepWorld, fixture: SweepFixture) -> Any:
    with transaction.atomic():
        if isinstance(fixture, PerMember):
            return ByRole({role: fixture.make(world, role) for role in world.members})
        return fixture(world)


def resolve_route_kwargs(
    world: SweepWorld, routes: list[Route], registry: Mapping[SweepKey, SweepFixture]
) -> None:
    """Fill ``world.route_kwargs`` (organisation A's slug and objects made by the fixtures, each fixture
    called once) and ``world.route_errors`` (kwargs nobody provides, fixtures that failed)."""
    made: dict[SweepKey, Any] = {}
    for route in routes:
        kwargs: dict[str, Any] = {}
        errors: list[str] = []
        for kwarg in route.kwarg_names:
            if kwarg == ORGANISATION_KWARG:
                kwargs[kwarg] = world.organisation.slug
                continue
            key: SweepKey | None = next(
                (k for k in ((route.label, kwarg), kwarg) if k in registry), None
            )
            if key is None:
                errors.append(missing_fixture_message(route, kwarg))
                continue
            if key not in made:
                try:
                    made[key] = _make(world, registry[key])
                except Exception as exc:  # reported on the route's tests
                    errors.append(f"sweep fixture {key!r} failed: {exc!r}")
                    continue
            kwargs[kwarg] = made[key]
        world.route_kwargs[route.label] = kwargs
        world.route_errors.pop(route.label, None)
        if errors:
            world.route_errors[route.label] = errors


# --- Nothing changed: a fingerprint of every table. ---

# Tables left out of snapshots, each with its reason.
SNAPSHOT_SKIPPED_TABLES: dict[str, str] = {
    "django_session": (
        "SESSION_SAVE_EVERY_REQUEST rewrites the visitor's own session row on every response, refused "
        "or not; a session holds no organisation data"
    ),
}


def _snapshot_queries(using: str) -> list[tuple[str, str]]:
    """(model label, SELECT of every column ordered by primary key) for each concrete table."""
    quote = connections[using].ops.quote_name
    queries = []
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if meta.proxy or not meta.managed or meta.db_table in SNAPSHOT_SKIPPED_TABLES:
            continue
        columns = ", ".join(quote(f.column) for f in meta.concrete_fields)
        table, pk = quote(meta.db_table), quote(meta.pk.column)
        queries.append((meta.label, f"SELECT {columns} FROM {table} ORDER BY {pk}"))  # noqa: S608
    return queries


def _stable(value: Any) -> Any:
    return bytes(value) if isinstance(value, memoryview) else value


def db_snapshot(using: str = "default") -> dict[str, tuple[int, str]]:
    """Row count and a hash of every stored value, per concrete model (auto-created many-to-many tables
    included), read with plain SQL: what is in the database, not what the ORM makes of it."""
    fingerprint: dict[str, tuple[int, str]] = {}
    with connections[using].cursor() as cursor:
        for label, sql in _snapshot_queries(using):
            cursor.execute(sql)
            rows = cursor.fetchall()
            digest = hashlib.sha256(
                repr([tuple(map(_stable, row)) for row in rows]).encode("utf-8")
            )
            fingerprint[label] = (len(rows), digest.hexdigest())
    return fingerprint


def snapshot_changes(
    before: Mapping[str, tuple[int, str]], after: Mapping[str, tuple[int, str]]
) -> list[str]:
    """The models whose rows differ between two snapshots, described for a failure message."""
    changes = []
    for label in sorted(set(before) | set(after)):
        old, new = before.get(label), after.get(label)
        if old != new:
            old_count = old[0] if old else 0
            new_count = new[0] if new else 0
            detail = (
                f"{old_count} -> {new_count} rows" if old_count != new_count else "rows altered"
            )
            changes.append(f"{label} ({detail})")
    return changes
