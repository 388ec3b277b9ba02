"""Calculating and closing reward periods: the one service behind the management
command and the admin buttons.

Both run in one transaction holding the period's row lock (SELECT ... FOR UPDATE),
so two calculations, or a calculation and a close, of one period never interleave.
"""

import hashlib
import json
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction

from django.conf import settings
from django.db import router, transaction
from django.utils import timezone
from django.utils.formats import date_format

from community.people.models import ContributorProfile
from portal.money import format_money, site_currency

from . import ledger
from .calculation import GIVE_BACK, VOLUNTEER, calculate
from .ledger import contributor_balances, get_period, ledger_digest, pool_sources
from .models import LedgerEntry, RewardPeriod, RewardPolicy, Statement, StatementLine
from .registry import get_stream, get_streams

Kind = LedgerEntry.Kind
Status = RewardPeriod.Status


class PeriodError(Exception):
    """A period cannot be calculated or closed as asked; the message says why, for people."""


@dataclass
class CloseResult:
    period: RewardPeriod
    entries_written: int
    already_closed: bool = False


def parse_month(text):
    """'2026-11' -> date(2026, 11, 1); PeriodError for anything else."""
    try:
        year, month = (int(part) for part in str(text).strip().split("-"))
        return date(year, month, 1)
    except (TypeError, ValueError):
        raise PeriodError(f"“{text}” is not a month; write it as YYYY-MM, for example 2026-11.")


def measure_streams(start, end):
    """{stream name: {contributor id: metric}} from every registered stream."""
    metrics = {}
    for stream in get_streams():
        try:
            metrics[stream.name] = dict(stream.measure(start, end) or {})
        except ImportError as error:
            raise PeriodError(f"The {stream.label} stream cannot be measured yet: {error}.")
    return metrics


def exclusions_of(period):
    return list(period.exclusions.values_list("stream", "contributor_id", "amount"))


def apply_exclusions(metrics, exclusions):
    """The metrics that count: each exclusion, (stream, contributor id, amount or None
    for all), takes its amount, or the whole metric, off the contributor's metric."""
    excluded = defaultdict(Fraction)
    whole = set()
    for stream, contributor_id, amount in exclusions:
        if amount is None:
            whole.add((stream, contributor_id))
        else:
            excluded[stream, contributor_id] += Fraction(amount)
    if not excluded and not whole:
        return metrics
    counted = {}
    for name, values in metrics.items():
        counted[name] = {}
        for contributor_id, metric in values.items():
            if (name, contributor_id) in whole:
                continue
            if (name, contributor_id) in excluded:
                metric = max(Fraction(metric) - excluded[name, contributor_id], Fraction(0))
            if metric:
                counted[name][contributor_id] = metric
    return counted


def measured_as_text(metrics):
    """{stream: {contributor id: metric}} as stored on the period (JSON keys are text)."""
    return {
        name: {str(c): f"{as_decimal(Fraction(m))}" for c, m in sorted(values.items())}
        for name, values in metrics.items()
    }


def calculable_from(period):
    """The first day a month can be calculated: after it ends and late data has arrived."""
    return period.end + timedelta(days=1 + settings.REWARDS_GRACE_DAYS)


def _check_calculable(period, today):
    first_day = calculable_from(period)
    if today < first_day:
        raise PeriodError(
            f"{period.label} can be calculated from {first_day:%Y-%m-%d}: the month must be over and "
            f"{settings.REWARDS_GRACE_DAYS} more days must pass for late readers and fees."
        )


def flush_page_views():
    """Views still in the Redis buffer belong to the month too: apply them first."""
    from community.tracking.recorders import get_recorder

    get_recorder().flush()


def inputs_digest(period, metrics, balances):
    """A fingerprint of what a calculation used: the pool's entries, every metric and
    every balance (a clawback recorded since changes one)."""
    canonical = {
        name: sorted((str(c), str(m)) for c, m in values.items()) for name, values in metrics.items()
    }
    canonical[""] = sorted((str(c), str(b)) for c, b in balances.items())
    text = ledger_digest(period) + json.dumps(canonical, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()


def _check_earlier_closed(period):
    earlier = RewardPeriod.objects.filter(start__lt=period.start).exclude(status=Status.CLOSED)
    first = earlier.order_by("start").first()
    if first:
        raise PeriodError(f"Period {first} is not closed yet; periods are settled in order.")


def _lock(period_or_start):
    if isinstance(period_or_start, RewardPeriod):
        return RewardPeriod.objects.select_for_update().get(pk=period_or_start.pk)
    return get_period(period_or_start, lock=True)


def calculate_period(period_or_start, *, by=None, today=None, now=None):
    """Calculate (or recalculate) a period's statements; returns the period.

    Only once the month is over plus REWARDS_GRACE_DAYS, after the page-view buffer is
    flushed. Idempotent: it replaces the period's statements (and their flags) and opens
    a new dispute window. Refused once the period is closed."""
    flush_page_views()
    now = now or timezone.now()
    with transaction.atomic():
        period = _lock(period_or_start)
        if period.status == Status.CLOSED:
            raise PeriodError(f"Period {period} is closed; it never changes.")
        _check_calculable(period, today or ledger.today())
        _check_earlier_closed(period)
        policy = RewardPolicy.current()
        sources = pool_sources(period, policy)
        metrics = measure_streams(period.start, period.end)
        measured_ids = {c for values in metrics.values() for c in values}
        balances = contributor_balances()
        preferences = dict(
            ContributorProfile.objects.filter(pk__in=measured_ids | set(balances)).values_list(
                "pk", "payout_preference"
            )
        )
        # Metrics of contributors whose profile is gone cannot be paid to anyone.
        metrics = {
            name: {c: m for c, m in values.items() if c in preferences} for name, values in metrics.items()
        }
        period.measured = measured_as_text(metrics)
        metrics = apply_exclusions(metrics, exclusions_of(period))
        # Refunds after an earlier close can leave the pool below zero: nothing is shared,
        # and closing has the reserves cover the deficit.
        allocation = calculate(max(sources.pool, 0), metrics, policy.terms(), preferences, balances)

        flags = _flags(period)
        _delete_statements(period)
        _write_statements(period, allocation, policy, flags)

        period.status = Status.CALCULATED
        period.policy = policy
        period.calculated_at = now
        period.dispute_until = now + timedelta(days=settings.REWARDS_DISPUTE_DAYS)
        period.calculated_by = by
        for field, value in sources.as_dict().items():
            setattr(period, field, value)
        period.cap = allocation.cap
        period.brought_forward = allocation.balances_before
        period.allocated = allocation.allocated
        period.paid = allocation.paid
        period.given_back = allocation.given_back
        period.volunteered = allocation.volunteered
        period.unallocated = allocation.unallocated + min(sources.pool, 0)
        period.carried_forward = allocation.carried_forward
        period.rewarded = allocation.rewarded
        period.stream_summary = [_stream_summary(summary) for summary in allocation.streams]
        period.inputs_digest = inputs_digest(period, metrics, balances)
        period.save()
        return period


def _stream_summary(summary):
    stream = get_stream(summary.name)
    return {
        "name": summary.name,
        "label": str(stream.label) if stream else summary.name,
        "weight": summary.weight,
        "minimum": str(Decimal(summary.minimum.numerator) / summary.minimum.denominator),
        "budget": summary.budget,
        "allocated": summary.allocated,
        "unclaimed": summary.unclaimed,
        "measured": summary.measured,
        "qualified": summary.qualified,
    }


def as_decimal(fraction, places=4):
    quantum = Decimal(1).scaleb(-places)
    return (Decimal(fraction.numerator) / Decimal(fraction.denominator)).quantize(quantum)


def format_metric(value):
    text = f"{Decimal(value).quantize(Decimal('0.1')):f}"
    return text[:-2] if text.endswith(".0") else text


@dataclass(frozen=True)
class StreamWords:
    """A stream's words and terms, worked out once per calculation rather than per line
    (translating lazy strings thousands of times is slow)."""

    label: str
    unit: str
    unit_plural: str
    weight: int
    minimum: str

    @classmethod
    def for_policy(cls, policy, names):
        words = {}
        for name in names:
            stream = get_stream(name)
            words[name] = cls(
                label=str(stream.label) if stream else name,
                unit=str(stream.unit) if stream else "point",
                unit_plural=str(stream.unit_plural) if stream else "points",
                weight=policy.weight(name),
                minimum=format_metric(policy.minimum(name)),
            )
        return words


def _line_reason(line, words, policy):
    stream = words[line.stream]
    metric = format_metric(as_decimal(line.metric))
    units = stream.unit if line.metric == 1 else stream.unit_plural
    if not stream.weight:
        return f"{metric} {units}: the {stream.label} stream has no weight in policy v{policy.version}."
    if not line.qualified:
        return f"{metric} {units}: below the {stream.minimum}-{stream.unit.replace(' ', '-')} minimum."
    share = as_decimal(line.share * 100, 2)
    return f"{metric} {units}: {share:f}% of the {stream.label} stream."


def _explanation(result, period, policy, cap, clawbacks=()):
    sentences = []
    if result.capped:
        sentences.append(
            f"Capped at {format_money(cap)} ({policy.cap_percent.normalize():f}% of the pool); "
            "the rest went to the contributors under the cap, in every stream (to reserves only if everyone "
            "was capped)."
        )
    if result.topped_up:
        sentences.append(
            "This includes your share of what capped contributors could not take, re-spread over everyone "
            "under the cap in proportion to what they earned in every stream."
        )
    if result.allocated == 0 and result.lines:
        sentences.append("No reward from this period's pool.")
    if result.balance_before < 0:
        reasons = "; ".join(entry.memo for entry in _covering(clawbacks, -result.balance_before))
        sentences.append(
            f"You owe {format_money(-result.balance_before)} from earlier payouts (clawback: {reasons}); "
            f"{format_money(result.recovered)} of this period's reward covers it."
        )
        if result.balance_after < 0:
            sentences.append(
                f"{format_money(-result.balance_after)} is still owed and comes off later rewards."
            )
    elif result.balance_before:
        sentences.append(f"{format_money(result.balance_before)} was brought forward from earlier periods.")
    due = format_money(result.due)
    if result.preference == VOLUNTEER and result.due > 0:
        sentences.append(f"You volunteer: {due} returns to the reserves. Thank you.")
    elif result.preference == GIVE_BACK and result.due > 0:
        next_label = date_format(period.next_start(), "F Y")
        sentences.append(f"You give back: {due} is donated to the pool of {next_label}. Thank you.")
    elif result.paid:
        sentences.append(f"{format_money(result.paid)} is paid to you.")
    elif result.balance_after > 0:
        sentences.append(
            f"{due} is below the {format_money(policy.minimum_payout)} minimum payout, "
            "so it is carried forward to your balance."
        )
    return " ".join(sentences)


def _covering(clawbacks, owed):
    """The newest clawbacks that make up what is still owed: the reasons to show."""
    shown, total = [], 0
    for entry in clawbacks:
        if total >= owed:
            break
        shown.append(entry)
        total += entry.amount
    return shown


EXCLUDED_SENTENCE = "After reviewing the month, Finance excluded some of your metrics; the reasons are below."


def _delete_statements(period):
    """Drop a period's statements before recalculating. A plain delete() would load and
    signal every row (Wagtail listens to every post_delete); nothing refers to these rows
    but their own lines, so they are deleted with two statements."""
    using = router.db_for_write(Statement)
    StatementLine.objects.filter(statement__period=period)._raw_delete(using)
    Statement.objects.filter(period=period)._raw_delete(using)


FLAG_FIELDS = ("flagged_at", "flag_note", "flag_answer", "flag_resolved_at", "flag_resolved_by_id")


def _flags(period):
    """{contributor id: {flag field: value}}: flags and Finance's answers survive a recalculation."""
    rows = period.statements.exclude(flagged_at=None).values("contributor_id", *FLAG_FIELDS)
    return {row.pop("contributor_id"): row for row in rows}


def _write_statements(period, allocation, policy, flags=None):
    flags = flags or {}
    words = StreamWords.for_policy(policy, [summary.name for summary in allocation.streams])
    clawbacks = ledger.clawback_reasons(
        [r.contributor_id for r in allocation.contributors if r.balance_before < 0]
    )
    statements = [
        Statement(
            period=period,
            contributor_id=result.contributor_id,
            allocated=result.allocated,
            capped=result.capped,
            preference=result.preference,
            balance_before=result.balance_before,
            paid=result.paid,
            given_back=result.given_back,
            volunteered=result.volunteered,
            balance_after=result.balance_after,
            explanation=_explanation(
                result, period, policy, allocation.cap, clawbacks.get(result.contributor_id, ())
            ),
            **flags.get(result.contributor_id, {}),
        )
        for result in allocation.contributors
    ]
    excluded = set(period.exclusions.values_list("contributor_id", flat=True))
    for statement in statements:
        if statement.contributor_id in excluded:
            statement.explanation = f"{statement.explanation} {EXCLUDED_SENTENCE}".strip()
    # Someone whose every metric was excluded still gets a statement, to read why.
    missing = excluded - {statement.contributor_id for statement in statements}
    statements += [
        Statement(period=period, contributor_id=pk, preference=preference, explanation=EXCLUDED_SENTENCE)
        for pk, preference in ContributorProfile.objects.filter(pk__in=missing)
        .order_by("pk")
        .values_list("pk", "payout_preference")
    ]
    # bulk_create sets the primary keys on PostgreSQL and SQLite.
    Statement.objects.bulk_create(statements, batch_size=1000)
    lines = [
        StatementLine(
            statement=statement,
            stream=line.stream,
            metric=as_decimal(line.metric),
            qualified=line.qualified,
            share_percent=as_decimal(line.share * 100),
            amount=line.amount,
            reason=_line_reason(line, words, policy),
        )
        for statement, result in zip(
            statements[: len(allocation.contributors)], allocation.contributors, strict=True
        )
        for line in result.lines
    ]
    StatementLine.objects.bulk_create(lines, batch_size=2000)


def close_period(period_or_start, *, by, now=None, despite_open_flags=False):
    """Close a calculated period: write its payouts, carry-forwards, give-backs and
    return to reserves to the ledger, once. Closing a closed period writes nothing.

    Four eyes: `by` is a Finance user other than the one who calculated. Only after
    the dispute window, only if the pool's entries and the metrics are what the
    calculation used, and, while contributors' flags are not resolved, only when
    `despite_open_flags` confirms it."""
    now = now or timezone.now()
    flush_page_views()
    with transaction.atomic():
        period = _lock(period_or_start)
        if period.status == Status.CLOSED:
            return CloseResult(period, 0, already_closed=True)
        if period.status != Status.CALCULATED:
            raise PeriodError(f"Period {period} has not been calculated; calculate it, check it, then close.")
        _check_earlier_closed(period)
        if by is None or (period.calculated_by_id is not None and by.pk == period.calculated_by_id):
            raise PeriodError(
                f"{period} was calculated by {period.calculated_by or 'a command without a user'}; "
                "a second Finance user closes it (four eyes)."
            )
        if period.dispute_until and now < period.dispute_until:
            raise PeriodError(
                f"Contributors can flag their {period} statements until "
                f"{timezone.localtime(period.dispute_until):%Y-%m-%d %H:%M}; close it after that."
            )
        open_flags = period.statements.filter(flagged_at__isnull=False, flag_resolved_at=None)
        if open_flags.exists() and not despite_open_flags:
            names = ", ".join(
                open_flags.order_by("contributor__display_name").values_list(
                    "contributor__display_name", flat=True
                )
            )
            raise PeriodError(
                f"{open_flags.count()} statement(s) of {period} are flagged and not resolved ({names}). "
                "Answer them first, or confirm that the month closes despite them."
            )
        metrics = measure_streams(period.start, period.end)
        counted = apply_exclusions(_known_contributors(metrics), exclusions_of(period))
        if inputs_digest(period, counted, contributor_balances()) != period.inputs_digest:
            raise PeriodError(
                f"Money, metrics or balances for {period} changed after it was calculated. Calculate it again, "
                "check the statements, then close."
            )
        next_period = get_period(period.next_start())
        written = _write_contributor_entries(period, by)
        written += _write_give_back_donations(period, next_period, by)
        written += _write_return_to_reserves(period, by)
        period.status = Status.CLOSED
        period.closed_at = now
        period.closed_by = by
        period.save()
        return CloseResult(period, written)


def resolve_flag(statement, *, by, answer):
    """Finance answers a contributor's flag; the contributor reads the answer on their
    statement. Only while the period is not closed."""
    answer = " ".join(answer.split())
    with transaction.atomic():
        statement = Statement.objects.select_related("period").select_for_update().get(pk=statement.pk)
        if statement.period.is_closed:
            raise PeriodError(f"{statement.period} is closed; its statements never change.")
        if not statement.flagged_at:
            raise PeriodError("This statement is not flagged.")
        if not answer:
            raise PeriodError("Write an answer: the contributor reads it on their statement.")
        statement.flag_answer = answer[:2000]
        statement.flag_resolved_at = timezone.now()
        statement.flag_resolved_by = by
        statement.save(update_fields=["flag_answer", "flag_resolved_at", "flag_resolved_by"])
        return statement


def _known_contributors(metrics):
    known = set(
        ContributorProfile.objects.filter(pk__in={c for v in metrics.values() for c in v}).values_list(
            "pk", flat=True
        )
    )
    return {name: {c: m for c, m in values.items() if c in known} for name, values in metrics.items()}


def _closing_entry(period, by, **fields):
    return LedgerEntry(
        period=period, origin_period=period, currency=site_currency(), recorded_by=by, **fields
    )


def _write_contributor_entries(period, by):
    entries = []
    for statement in period.statements.select_related("contributor__user").order_by("pk"):
        name = statement.contributor.display_name
        recovered = statement.recovered
        if recovered:
            entries.append(
                _closing_entry(
                    period,
                    by,
                    kind=Kind.CLAWBACK,
                    amount=-recovered,
                    contributor=statement.contributor,
                    memo=f"Reward of {name} for {period} covers what they owe",
                )
            )
        released = statement.balance_before - statement.balance_after + recovered
        if released:
            memo = (
                f"Balance of {name} carried forward"
                if released < 0
                else f"Balance of {name} brought forward and settled"
            )
            entries.append(
                _closing_entry(
                    period,
                    by,
                    kind=Kind.CARRY_FORWARD,
                    amount=released,
                    contributor=statement.contributor,
                    memo=memo,
                )
            )
        if statement.paid:
            entries.append(
                _closing_entry(
                    period,
                    by,
                    kind=Kind.PAYOUT,
                    amount=-statement.paid,
                    contributor=statement.contributor,
                    payee_name=name,
                    payee_email=statement.contributor.user.email if statement.contributor.user else "",
                    memo=f"Reward for {period} to {name}",
                )
            )
        if statement.given_back:
            entries.append(
                _closing_entry(
                    period,
                    by,
                    kind=Kind.GIVE_BACK,
                    amount=-statement.given_back,
                    contributor=statement.contributor,
                    memo=f"{name} gives back their reward for {period}",
                )
            )
    LedgerEntry.objects.bulk_create(entries, batch_size=1000)
    return len(entries)


def _write_give_back_donations(period, next_period, by):
    """Each give-back becomes a donation to the next period's pool."""
    entries = [
        LedgerEntry(
            kind=Kind.DONATION,
            amount=statement.given_back,
            currency=site_currency(),
            period=next_period,
            origin_period=period,
            to_pool=True,
            contributor=statement.contributor,
            member=statement.contributor.user,
            memo=f"Given back by {statement.contributor.display_name} from {period}",
            recorded_by=by,
        )
        for statement in period.statements.filter(given_back__gt=0).select_related("contributor")
    ]
    LedgerEntry.objects.bulk_create(entries)
    return len(entries)


def _write_return_to_reserves(period, by):
    """What returns to reserves: each volunteer's reward (one entry each, so the public
    report counts volunteers from the ledger) and what was not allocated; or, when
    corrections left the pool below zero, what the reserves put in to cover it."""
    entries = [
        _closing_entry(
            period,
            by,
            kind=Kind.RESERVE_ALLOCATION,
            amount=-statement.volunteered,
            contributor=statement.contributor,
            memo=f"{statement.contributor.display_name} volunteers their reward for {period} to the reserves",
        )
        for statement in period.statements.filter(volunteered__gt=0).select_related("contributor")
    ]
    if period.unallocated > 0:
        memo = f"Not allocated in {period}, returned to reserves"
    else:
        memo = f"Reserves cover {period}'s pool, left below zero by corrections after an earlier close"
    if period.unallocated:
        entries.append(
            _closing_entry(period, by, kind=Kind.RESERVE_ALLOCATION, amount=-period.unallocated, memo=memo)
        )
    LedgerEntry.objects.bulk_create(entries)
    return len(entries)
