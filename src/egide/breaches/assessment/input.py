"""The description of a breach that the assessment reads, and its parser. No Django.

A description states what is known; every fact may be ``None`` (unknown), and the assessment treats an
unknown value conservatively and says so in its reasons. Only ``aware_at`` is required: it starts the
72-hour clock (GDPR Art. 33(1)) and must carry a UTC offset.

:func:`parse_description` turns a JSON object (the CLI's file, an API payload) into a
:class:`BreachDescription`; a malformed document raises :class:`BreachInputError` naming the field at fault
(``encryption.key_compromised``, ``data_categories[2]``). An omitted field is the same as ``null``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import TypeVar


class BreachInputError(ValueError):
    """A malformed breach description: ``field`` is the dotted path of the value at fault."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


class Nature(StrEnum):
    """What was lost (GDPR Art. 4(12); WP250 / EDPB Guidelines 9/2022 classify breaches this way)."""

    CONFIDENTIALITY = "confidentiality"
    INTEGRITY = "integrity"
    AVAILABILITY = "availability"


class DataCategory(StrEnum):
    """Categories of the data breached; each maps to an ENISA 2013 data type in reference/assessment.json."""

    IDENTITY = "identity"
    CONTACT = "contact"
    HEALTH = "health"
    GENETIC = "genetic"
    BIOMETRIC = "biometric"
    FINANCIAL = "financial"
    CREDENTIALS = "credentials"
    NATIONAL_ID = "national_id"
    LOCATION = "location"
    BEHAVIOURAL = "behavioural"
    CHILDREN = "children"
    CRIMINAL = "criminal"
    EMPLOYMENT = "employment"
    OTHER_SENSITIVE = "other_sensitive"


class Ease(StrEnum):
    """Ease of identification of the people from the data (ENISA 2013, EI), in increasing order."""

    NEGLIGIBLE = "negligible"
    LIMITED = "limited"
    SIGNIFICANT = "significant"
    MAXIMUM = "maximum"


class Recipients(StrEnum):
    """Who received or could see the data, in increasing order of exposure.

    ``none``: nobody outside the authorised staff got the data (e.g. logs prove no access);
    ``known_trusted``: identified recipients bound by confidentiality (another care team, a processor);
    ``known_untrusted``: identified recipients with no such duty; ``unknown``: recipients that cannot be
    identified or counted (a lost or stolen device, a wrong outside address); ``public``: published.
    """

    NONE = "none"
    KNOWN_TRUSTED = "known_trusted"
    KNOWN_UNTRUSTED = "known_untrusted"
    UNKNOWN = "unknown"
    PUBLIC = "public"


class Exfiltration(StrEnum):
    NONE = "none"
    SUSPECTED = "suspected"
    CONFIRMED = "confirmed"


class Impact(StrEnum):
    """Impact of the breach on the organisation's operations (for a hospital: on care)."""

    NONE = "none"
    MINOR = "minor"
    SIGNIFICANT = "significant"


@dataclass(frozen=True)
class Encryption:
    """Was the data encrypted, with a state-of-the-art method, and is the key safe (GDPR Art. 34(3)(a))."""

    encrypted: bool | None = None
    state_of_the_art: bool | None = None
    key_compromised: bool | None = None

    @property
    def unintelligible(self) -> bool:
        """Encrypted with a state-of-the-art method and the key known not to be compromised (ENISA 2013;
        GDPR Art. 34(3)(a)). Anything unknown counts as not unintelligible."""
        return (
            self.encrypted is True
            and self.state_of_the_art is True
            and self.key_compromised is False
        )


@dataclass(frozen=True)
class Backup:
    """Is there a copy to restore the data from, and how long restoring took (``None``: unknown or not
    restored yet)."""

    available: bool | None = None
    restored_within_hours: float | None = None

    def __post_init__(self) -> None:
        _non_negative("backup.restored_within_hours", self.restored_within_hours)
        if self.available is False and self.restored_within_hours is not None:
            raise BreachInputError(
                "backup.restored_within_hours", "given while backup.available is false"
            )


DPC_MIN, DPC_MAX = 1, 4  # ENISA 2013: the data processing context scores 1 to 4


@dataclass(frozen=True, kw_only=True)
class BreachDescription:
    """One breach as the assessment sees it. ``None`` everywhere means unknown (see the module docstring).

    ``dpc`` lets the DPO set the ENISA data processing context score (1-4) when their judgment of the
    context differs from Egide's (e.g. ENISA's decreases: the data give no substantial insight, or are
    publicly available); ``dpc_reason`` is then required and recorded with the assessment.
    """

    aware_at: datetime
    nature: frozenset[Nature] | None = None
    data_categories: frozenset[DataCategory] | None = None
    subjects_count: int | None = None
    records_count: int | None = None
    vulnerable_subjects: bool | None = None
    ease_of_identification: Ease | None = None
    encryption: Encryption = field(default_factory=Encryption)
    malicious: bool | None = None
    recipients: Recipients | None = None
    exfiltration: Exfiltration | None = None
    backup: Backup = field(default_factory=Backup)
    unavailability_hours: float | None = None
    impact_on_operations: Impact | None = None
    recovered_or_deleted_by_recipient: bool | None = None
    dpc: int | None = None
    dpc_reason: str | None = None

    def __post_init__(self) -> None:
        if self.aware_at.tzinfo is None or self.aware_at.utcoffset() is None:
            raise BreachInputError(
                "aware_at", "needs a UTC offset (e.g. 2026-03-29T01:30:00+01:00)"
            )
        if self.nature is not None and not self.nature:
            raise BreachInputError("nature", "list at least one nature, or null if unknown")
        if self.data_categories is not None and not self.data_categories:
            raise BreachInputError(
                "data_categories", "list at least one category, or null if unknown"
            )
        for name in ("subjects_count", "records_count"):
            count = getattr(self, name)
            if count is not None and count < 1:
                raise BreachInputError(name, "must be at least 1, or null if unknown")
        _non_negative("unavailability_hours", self.unavailability_hours)
        if self.dpc is not None:
            if not DPC_MIN <= self.dpc <= DPC_MAX:
                raise BreachInputError("dpc", f"must be between {DPC_MIN} and {DPC_MAX}")
            if not (self.dpc_reason or "").strip():
                raise BreachInputError("dpc_reason", "required when dpc is set")
        elif self.dpc_reason is not None:
            raise BreachInputError("dpc_reason", "given without dpc")


def _non_negative(name: str, value: float | None) -> None:
    if value is not None and value < 0:
        raise BreachInputError(name, "must not be negative")


# --- Parsing a JSON document --------------------------------------------------------------------------

_E = TypeVar("_E", bound=StrEnum)


def _choices(enum: type[StrEnum]) -> str:
    return ", ".join(member.value for member in enum)


def _enum(path: str, value: object, enum: type[_E]) -> _E | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise BreachInputError(path, f"expected one of {_choices(enum)} or null")
    try:
        return enum(value)
    except ValueError:
        raise BreachInputError(path, f"{value!r} is not one of {_choices(enum)}") from None


def _enum_set(path: str, value: object, enum: type[_E]) -> frozenset[_E] | None:
    if value is None:
        return None
    if not isinstance(value, list):
        raise BreachInputError(path, f"expected a list of {_choices(enum)}, or null")
    members = [_enum(f"{path}[{index}]", item, enum) for index, item in enumerate(value)]
    if any(member is None for member in members):
        raise BreachInputError(path, "null inside the list: use null for the whole list if unknown")
    return frozenset(member for member in members if member is not None)


def _bool(path: str, value: object) -> bool | None:
    if value is None or isinstance(value, bool):
        return value
    raise BreachInputError(path, "expected true, false or null")


def _int(path: str, value: object) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise BreachInputError(path, "expected a whole number or null")
    return value


def _number(path: str, value: object) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise BreachInputError(path, "expected a number or null")
    if not math.isfinite(value):
        raise BreachInputError(path, "expected a finite number")
    return float(value)


def _object(path: str, value: object, fields: frozenset[str]) -> Mapping[str, object]:
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise BreachInputError(path, "expected an object or null")
    for key in value:
        if key not in fields:
            raise BreachInputError(
                f"{path}.{key}" if path else str(key),
                f"unknown field (expected one of {', '.join(sorted(fields))})",
            )
    return value


def _aware_at(value: object) -> datetime:
    if value is None:
        raise BreachInputError("aware_at", "required: when the organisation became aware")
    if not isinstance(value, str):
        raise BreachInputError("aware_at", "expected an ISO 8601 date and time with a UTC offset")
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise BreachInputError("aware_at", f"{value!r} is not an ISO 8601 date and time") from None
    if moment.tzinfo is None:
        raise BreachInputError("aware_at", "needs a UTC offset (e.g. 2026-03-29T01:30:00+01:00)")
    return moment


_FIELDS = frozenset(
    {
        "nature",
        "data_categories",
        "subjects_count",
        "records_count",
        "vulnerable_subjects",
        "ease_of_identification",
        "encryption",
        "malicious",
        "recipients",
        "exfiltration",
        "backup",
        "unavailability_hours",
        "impact_on_operations",
        "recovered_or_deleted_by_recipient",
        "aware_at",
        "dpc",
        "dpc_reason",
    }
)
_ENCRYPTION_FIELDS = frozenset({"encrypted", "state_of_the_art", "key_compromised"})
_BACKUP_FIELDS = frozenset({"available", "restored_within_hours"})


def parse_description(document: object) -> BreachDescription:
    """The :class:`BreachDescription` of a JSON object; raises :class:`BreachInputError` naming the field at
    fault (unknown field, wrong type, value out of its list or range)."""
    if not isinstance(document, Mapping):
        raise BreachInputError("(description)", "expected a JSON object")
    doc = _object("", document, _FIELDS)
    encryption = _object("encryption", doc.get("encryption"), _ENCRYPTION_FIELDS)
    backup = _object("backup", doc.get("backup"), _BACKUP_FIELDS)
    dpc_reason = doc.get("dpc_reason")
    if dpc_reason is not None and not isinstance(dpc_reason, str):
        raise BreachInputError("dpc_reason", "expected a text or null")
    return BreachDescription(
        aware_at=_aware_at(doc.get("aware_at")),
        nature=_enum_set("nature", doc.get("nature"), Nature),
        data_categories=_enum_set("data_categories", doc.get("data_categories"), DataCategory),
        subjects_count=_int("subjects_count", doc.get("subjects_count")),
        records_count=_int("records_count", doc.get("records_count")),
        vulnerable_subjects=_bool("vulnerable_subjects", doc.get("vulnerable_subjects")),
        ease_of_identification=_enum(
            "ease_of_identification", doc.get("ease_of_identification"), Ease
        ),
        encryption=Encryption(
            encrypted=_bool("encryption.encrypted", encryption.get("encrypted")),
            state_of_the_art=_bool(
                "encryption.state_of_the_art", encryption.get("state_of_the_art")
            ),
            key_compromised=_bool("encryption.key_compromised", encryption.get("key_compromised")),
        ),
        malicious=_bool("malicious", doc.get("malicious")),
        recipients=_enum("recipients", doc.get("recipients"), Recipients),
        exfiltration=_enum("exfiltration", doc.get("exfiltration"), Exfiltration),
        backup=Backup(
            available=_bool("backup.available", backup.get("available")),
            restored_within_hours=_number(
                "backup.restored_within_hours", backup.get("restored_within_hours")
            ),
        ),
        unavailability_hours=_number("unavailability_hours", doc.get("unavailability_hours")),
        impact_on_operations=_enum("impact_on_operations", doc.get("impact_on_operations"), Impact),
        recovered_or_deleted_by_recipient=_bool(
            "recovered_or_deleted_by_recipient", doc.get("recovered_or_deleted_by_recipient")
        ),
        dpc=_int("dpc", doc.get("dpc")),
        dpc_reason=dpc_reason,
    )
