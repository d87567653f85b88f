"""Statistics of rights requests: one organisation's dashboard and the portfolio's rows.

- Open requests by deadline: overdue (the governing deadline has passed), due within 7 days, later, and
  paused (waiting for a proof of identity or standing: the clock stands still, GDPR Art. 12(6)).
- Time to answer: days from receipt (``received_on``) to the answer (``answered_at`` as a Europe/Paris date);
  the median, all time and per year of receipt.
- Requests answered late (after their governing deadline, GDPR Art. 12(3), CSP L.1111-7): count and share
  of the requests answered.

Every figure is read in a fixed number of queries, whatever the number of requests or organisations.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db.models import Count, Q
from django.db.models.functions import ExtractYear

from egide.accounts.models import Organisation
from egide.core.clock import PARIS
from egide.rights.choices import OPEN_STATUSES, RequestStatus, Right
from egide.rights.models import RightsRequest
from egide.rights.selectors import paused_q

DUE_SOON_DAYS = 7
# The portfolio's time to answer and late answers cover the requests answered in the last year.
PORTFOLIO_WINDOW = timedelta(days=365)


def _answer_days(received_on: date, answered_at: datetime) -> int:
    return max((answered_at.astimezone(PARIS).date() - received_on).days, 0)


def _median(values: Sequence[int]) -> float | None:
    return float(statistics.median(values)) if values else None


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 3) if whole else None


def _open_buckets(today: date) -> dict[str, Count]:
    """Conditional counts of open requests by deadline bucket (each open request in exactly one)."""
    paused = paused_q()
    running = Q(status__in=OPEN_STATUSES) & ~paused
    soon = today + timedelta(days=DUE_SOON_DAYS)
    return {
        "open": Count("pk", filter=Q(status__in=OPEN_STATUSES)),
        "paused": Count("pk", filter=paused),
        "overdue": Count("pk", filter=running & Q(governing_due_on__lt=today)),
        "due_soon": Count(
            "pk", filter=running & Q(governing_due_on__gte=today, governing_due_on__lte=soon)
        ),
        "later": Count(
            "pk", filter=running & (Q(governing_due_on__gt=soon) | Q(governing_due_on__isnull=True))
        ),
        "awaiting_confirmation": Count("pk", filter=Q(status=RequestStatus.AWAITING_CONFIRMATION)),
    }


@dataclass(frozen=True)
class YearStats:
    year: int
    received: int
    answered: int
    answered_late: int
    median_days_to_answer: float | None

    @property
    def late_share(self) -> float | None:
        return _share(self.answered_late, self.answered)


@dataclass(frozen=True)
class RightsDashboard:
    today: date
    open: int
    overdue: int
    due_soon: int
    later: int
    paused: int
    awaiting_confirmation: int
    received: int
    answered: int
    answered_late: int
    median_days_to_answer: float | None
    by_right: dict[str, int] = field(default_factory=dict)
    by_year: list[YearStats] = field(default_factory=list)

    @property
    def late_share(self) -> float | None:
        return _share(self.answered_late, self.answered)

    @property
    def by_right_labelled(self) -> list[tuple[str, str, int]]:
        """(right, label, count) for every right, in the order of :class:`Right`."""
        return [(value, str(label), self.by_right.get(value, 0)) for value, label in Right.choices]


def rights_dashboard(*, organisation: Organisation, today: date) -> RightsDashboard:
    """The organisation's figures, in four queries."""
    requests = RightsRequest.objects.for_organisation(organisation)
    buckets = requests.aggregate(**_open_buckets(today))
    by_right = dict(
        requests.filter(received_on__isnull=False)
        .values_list("right")
        .annotate(n=Count("pk"))
        .order_by()
    )
    received_by_year = dict(
        requests.filter(received_on__isnull=False)
        .annotate(year=ExtractYear("received_on"))
        .values_list("year")
        .annotate(n=Count("pk"))
        .order_by()
    )
    answered_rows = list(
        requests.filter(answered_at__isnull=False, received_on__isnull=False).values_list(
            "received_on", "answered_at", "answered_late"
        )
    )
    days_by_year: dict[int, list[int]] = defaultdict(list)
    late_by_year: dict[int, int] = defaultdict(int)
    for received_on, answered_at, late in answered_rows:
        days_by_year[received_on.year].append(_answer_days(received_on, answered_at))
        late_by_year[received_on.year] += int(late)
    years = sorted(set(received_by_year) | set(days_by_year), reverse=True)
    all_days = [d for days in days_by_year.values() for d in days]
    return RightsDashboard(
        today=today,
        open=buckets["open"],
        overdue=buckets["overdue"],
        due_soon=buckets["due_soon"],
        later=buckets["later"],
        paused=buckets["paused"],
        awaiting_confirmation=buckets["awaiting_confirmation"],
        received=sum(received_by_year.values()),
        answered=len(answered_rows),
        answered_late=sum(late_by_year.values()),
        median_days_to_answer=_median(all_days),
        by_right=by_right,
        by_year=[
            YearStats(
                year=year,
                received=received_by_year.get(year, 0),
                answered=len(days_by_year.get(year, [])),
                answered_late=late_by_year.get(year, 0),
                median_days_to_answer=_median(days_by_year.get(year, [])),
            )
            for year in years
        ],
    )


@dataclass(frozen=True)
class RightsPortfolioRow:
    """One organisation's rights figures on the portfolio (answers: the last 365 days)."""

    organisation: Organisation
    open: int
    overdue: int
    due_soon: int
    paused: int
    answered: int
    answered_late: int
    median_days_to_answer: float | None

    @property
    def late_share(self) -> float | None:
        return _share(self.answered_late, self.answered)


def rights_portfolio_rows(
    *, organisations: Iterable[Organisation], today: date
) -> list[RightsPortfolioRow]:
    """One row per organisation, in the order given, in two queries whatever their number."""
    organisations = list(organisations)
    ids = [o.pk for o in organisations]
    if not ids:
        return []
    scoped = RightsRequest.objects.all_organisations_unscoped().filter(  # the organisations given
        organisation_id__in=ids
    )
    buckets = {
        row["organisation_id"]: row
        for row in scoped.values("organisation_id").annotate(**_open_buckets(today)).order_by()
    }
    since = datetime.combine(today, datetime.min.time(), tzinfo=PARIS) - PORTFOLIO_WINDOW
    days: dict[int, list[int]] = defaultdict(list)
    late: dict[int, int] = defaultdict(int)
    for organisation_id, received_on, answered_at, answered_late in scoped.filter(
        answered_at__gte=since, received_on__isnull=False
    ).values_list("organisation_id", "received_on", "answered_at", "answered_late"):
        days[organisation_id].append(_answer_days(received_on, answered_at))
        late[organisation_id] += int(answered_late)
    rows = []
    for organisation in organisations:
        counts = buckets.get(organisation.pk, {})
        rows.append(
            RightsPortfolioRow(
                organisation=organisation,
                open=counts.get("open", 0),
                overdue=counts.get("overdue", 0),
                due_soon=counts.get("due_soon", 0),
                paused=counts.get("paused", 0),
                answered=len(days.get(organisation.pk, [])),
                answered_late=late.get(organisation.pk, 0),
                median_days_to_answer=_median(days.get(organisation.pk, [])),
            )
        )
    return rows
