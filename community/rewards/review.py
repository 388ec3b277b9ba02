"""The review before pay: which contributors' metrics changed most against their own
history in a calculated period, with each stream's evidence, so that Finance can
exclude what one person made up before the month is closed.

rank_changes() is pure (the ranking's rule, tested without a database);
period_review() reads a period's measured metrics, the contributors' earlier
statements and the streams' evidence."""

import statistics
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from community.people.models import ContributorProfile

from .charts import history_columns
from .models import MetricExclusion, RewardPeriod, StatementLine
from .periods import PeriodError, calculate_period
from .registry import get_stream, stream_label

EXCLUDE_ACTION = "rewards.exclude_metric"
HISTORY_MONTHS = 6
SHOWN = 25


@dataclass
class StreamChange:
    """One stream of one contributor: this month against their median of earlier months."""

    stream: str
    current: Decimal
    history: list  # earlier months' metrics, oldest first (0 for a month without any)
    median: Decimal
    growth: Decimal  # (current − median) / max(median, the stream's minimum, 1)
    facts: list = field(default_factory=list)
    chart: str = ""

    @property
    def label(self):
        return stream_label(self.stream)

    @property
    def growth_percent(self):
        return int((self.growth * 100).to_integral_value())


@dataclass
class ContributorChange:
    contributor_id: int
    changes: list  # StreamChange, the biggest growth first
    contributor: ContributorProfile | None = None
    exclusions: list = field(default_factory=list)

    @property
    def score(self):
        return max(change.growth for change in self.changes)

    @property
    def concerns(self):
        return sum(fact.concern for change in self.changes for fact in change.facts)


def growth(current, median, floor):
    """How far this month is above the usual, in units of the usual. Against a median
    below the stream's minimum (a newcomer, a quiet contributor) the minimum is the
    yardstick, so crossing it from nothing ranks as high as doubling a real audience."""
    return (Decimal(current) - Decimal(median)) / max(Decimal(median), Decimal(floor), Decimal(1))


def rank_changes(current, history, floors):
    """[ContributorChange], the biggest growth in any stream first (ties: contributor id).

    current: {stream: {contributor id: metric this month}}
    history: {stream: {contributor id: [earlier months' metrics, oldest first]}}
    floors: {stream: the policy's minimum}"""
    by_contributor = {}
    for stream, values in current.items():
        for contributor_id, metric in values.items():
            earlier = [Decimal(value) for value in history.get(stream, {}).get(contributor_id, [])]
            median = Decimal(statistics.median(earlier)) if earlier else Decimal(0)
            change = StreamChange(
                stream=stream,
                current=Decimal(metric),
                history=earlier,
                median=median,
                growth=growth(metric, median, floors.get(stream, 0)),
            )
            by_contributor.setdefault(contributor_id, []).append(change)
    ranked = [
        ContributorChange(contributor_id, sorted(changes, key=lambda c: (-c.growth, c.stream)))
        for contributor_id, changes in by_contributor.items()
    ]
    return sorted(ranked, key=lambda row: (-row.score, row.contributor_id))


def earlier_periods(period, months=HISTORY_MONTHS):
    """The calculated or closed periods before this one, oldest first."""
    earlier = RewardPeriod.objects.filter(start__lt=period.start).exclude(status=RewardPeriod.Status.OPEN)
    return list(reversed(earlier.order_by("-start")[:months]))


def contributor_history(periods, contributor_ids):
    """{stream: {contributor id: [metric per period, 0 where none]}} from their statements."""
    index = {period.pk: position for position, period in enumerate(periods)}
    history = {}
    lines = StatementLine.objects.filter(
        statement__period__in=periods, statement__contributor_id__in=contributor_ids
    ).values_list("stream", "statement__contributor_id", "statement__period_id", "metric")
    for stream, contributor_id, period_id, metric in lines:
        months = history.setdefault(stream, {}).setdefault(contributor_id, [Decimal(0)] * len(periods))
        months[index[period_id]] = metric
    return history


def measured(period):
    """{stream: {contributor id: Decimal}}: what the period's calculation measured."""
    return {
        stream: {int(c): Decimal(value) for c, value in values.items()}
        for stream, values in (period.measured or {}).items()
    }


def excluded_so_far(period, current):
    """{(stream, contributor id): how much of the measured metric Finance has excluded}."""
    excluded = {}
    for contributor_id, stream, amount in period.exclusions.values_list("contributor_id", "stream", "amount"):
        metric = current.get(stream, {}).get(contributor_id, Decimal(0))
        excluded[stream, contributor_id] = excluded.get((stream, contributor_id), Decimal(0)) + (
            amount or metric
        )
    return excluded


@dataclass
class ExcludableMetric:
    """One contributor's metric in one stream of a period, with what is left to exclude."""

    contributor_id: int
    name: str
    stream: str
    measured: Decimal
    left: Decimal

    @property
    def value(self):
        return f"{self.stream}:{self.contributor_id}"

    def _units(self, amount):
        stream = get_stream(self.stream)
        return f"{amount.normalize():f} {stream.unit_for(amount) if stream else _('points')}"

    @property
    def left_text(self):
        """What is left to exclude: "24 qualified readers"."""
        return self._units(self.left)

    @property
    def stream_text(self):
        """The stream and its metric: "Blogging: 90 qualified readers", or "Blogging: 24
        of 90 qualified readers left" after an earlier exclusion."""
        if self.left == self.measured:
            return f"{stream_label(self.stream)}: {self.left_text}"
        return _("%(stream)s: %(left)s of %(measured)s left") % {
            "stream": stream_label(self.stream),
            "left": f"{self.left.normalize():f}",
            "measured": self._units(self.measured),
        }

    @property
    def label(self):
        return f"{self.name} — {self.stream_text}"

    @property
    def whose(self):
        return _("%(name)s's %(stream)s metric") % {"name": self.name, "stream": stream_label(self.stream)}


def excludable_metrics(period):
    """{choice value: ExcludableMetric} for every metric the period measured with
    something left to exclude, ordered by the contributor's name and the stream's label."""
    current = measured(period)
    excluded = excluded_so_far(period, current)
    names = dict(
        ContributorProfile.objects.filter(
            pk__in={c for values in current.values() for c in values}
        ).values_list("pk", "display_name")
    )
    metrics = [
        ExcludableMetric(contributor_id, names[contributor_id], stream, metric, left)
        for stream, values in current.items()
        for contributor_id, metric in values.items()
        if contributor_id in names and (left := metric - excluded.get((stream, contributor_id), 0)) > 0
    ]
    metrics.sort(key=lambda m: (m.name.casefold(), stream_label(m.stream), m.contributor_id))
    return {metric.value: metric for metric in metrics}


def period_review(period, shown=SHOWN):
    """The contributors of a calculated period ranked by change, the first `shown` with
    their evidence, history charts and exclusions."""
    current = measured(period)
    contributor_ids = {c for values in current.values() for c in values}
    periods = earlier_periods(period)
    history = contributor_history(periods, contributor_ids)
    for stream, values in current.items():
        for contributor_id in values:
            history.setdefault(stream, {}).setdefault(contributor_id, [Decimal(0)] * len(periods))
    floors = {stream: period.policy.minimum(stream) for stream in current} if period.policy else {}
    ranked = rank_changes(current, history, floors)[:shown]
    shown_ids = [row.contributor_id for row in ranked]
    profiles = ContributorProfile.objects.in_bulk(shown_ids)
    exclusions = MetricExclusion.objects.filter(period=period, contributor_id__in=shown_ids).select_related(
        "created_by"
    )
    evidence = {}
    for stream_name in current:
        stream = get_stream(stream_name)
        if stream and stream.evidence:
            evidence[stream_name] = stream.evidence(period.start, period.end, shown_ids)
    month_labels = [p.slug for p in periods] + [period.slug]
    for row in ranked:
        row.contributor = profiles.get(row.contributor_id)
        row.exclusions = [e for e in exclusions if e.contributor_id == row.contributor_id]
        for change in row.changes:
            change.facts = evidence.get(change.stream, {}).get(row.contributor_id, [])
            change.chart = history_columns(
                f"{change.label}: {row.contributor}",
                month_labels,
                [*change.history, change.current],
                change.median,
            )
    return ranked


def exclude_metric(period, *, contributor_id, stream, amount, reason, by, today=None):
    """Record that `amount` (None: all) of a contributor's metric in `stream` does not
    count for the period, log who did it, and calculate the period again; all or
    nothing. PeriodError when the period cannot change or the metric is not there."""
    with transaction.atomic():
        period = RewardPeriod.objects.select_for_update().get(pk=period.pk)
        if period.status != RewardPeriod.Status.CALCULATED:
            raise PeriodError(
                f"{period} is closed; it never changes."
                if period.is_closed
                else f"{period} is not calculated yet; review it once it is."
            )
        current = measured(period)
        metric = current.get(stream, {}).get(contributor_id)
        if metric is None:
            raise PeriodError(f"Contributor #{contributor_id} has no {stream} metric in {period}.")
        already = excluded_so_far(period, current).get((stream, contributor_id), Decimal(0))
        if already >= metric:
            raise PeriodError(f"All of contributor #{contributor_id}'s {stream} metric is excluded already.")
        if amount is not None and already + amount > metric:
            raise PeriodError(
                f"Only {(metric - already).normalize():f} of contributor #{contributor_id}'s {stream} metric "
                "is left to exclude."
            )
        exclusion = MetricExclusion.objects.create(
            period=period,
            contributor_id=contributor_id,
            stream=stream,
            amount=amount,
            reason=reason,
            created_by=by,
        )
        log(
            instance=period,
            action=EXCLUDE_ACTION,
            user=by,
            data={
                "contributor_id": contributor_id,
                "stream": stream,
                "amount": None if amount is None else f"{amount}",
                "reason": reason,
            },
        )
        calculate_period(period, by=by, today=today)
        return exclusion
