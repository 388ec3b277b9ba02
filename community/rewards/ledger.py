"""Recording money in the ledger, and reading a period's pool from it.

Every function here appends entries; none changes one. Money recorded for a month
whose period is closed is earmarked for the next period that is not. Corrections after
close (`reverse_entry` of a closed period's entry, `record_clawback`) are new entries in
the period of the day they are recorded."""

import hashlib
from dataclasses import asdict, dataclass, field
from datetime import timedelta

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.db.models import BooleanField, Case, Count, ExpressionWrapper, F, Q, Sum, Value, When
from django.utils import timezone

from community.people.models import Membership
from portal.money import format_money, site_currency

from .models import LedgerEntry, RewardPeriod, month_start

Kind = LedgerEntry.Kind
Status = RewardPeriod.Status


class LedgerError(ValueError):
    """Money that cannot be recorded as asked; the message says why, for people."""


def get_period(start, lock=False):
    """The period of the month containing `start`, created open if need be."""
    period, _ = RewardPeriod.objects.get_or_create(start=month_start(start))
    if lock:
        period = RewardPeriod.objects.select_for_update().get(pk=period.pk)
    return period


def earmark_period(day):
    """The period money received on `day` goes to: its month's, or the next one not closed."""
    start = month_start(day)
    later_open = RewardPeriod.objects.filter(start__gte=start).exclude(status=Status.CLOSED).order_by("start")
    period = later_open.filter(start=start).first()
    if period:
        return period
    if not RewardPeriod.objects.filter(start=start, status=Status.CLOSED).exists():
        return get_period(start)
    period = later_open.first()
    if period:
        return period
    last_closed = RewardPeriod.objects.filter(status=Status.CLOSED).order_by("-start").first()
    return get_period(last_closed.next_start())


def check_open_for_money(period):
    if period.status == Status.CLOSED:
        raise LedgerError(f"Period {period} is closed; its money can no longer change.")


def _append(**fields):
    fields.setdefault("currency", site_currency())
    entry = LedgerEntry(**fields)
    entry.full_clean(exclude=["reverses", "period", "member", "membership", "contributor", "origin_period"])
    entry.save()
    return entry


def next_paid_until(user, starts):
    """A year's membership from `starts`, or from the end of the one already paid."""
    latest = Membership.objects.filter(user=user).order_by("-paid_until").first()
    begin = max(starts, latest.paid_until + timedelta(days=1)) if latest else starts
    return begin + relativedelta(years=1) - timedelta(days=1)


def record_membership_fee(
    *, member, amount, received_on, payment_reference, recorded_by, plan=None, paid_until=None, memo=""
):
    """A membership fee: a new Membership term for the member and a ledger entry."""
    if amount <= 0:
        raise LedgerError("A membership fee must be more than zero.")
    with transaction.atomic():
        _check_reference_unused(payment_reference)
        membership = Membership.objects.create(
            user=member,
            plan=plan or Membership.Plan.INDIVIDUAL,
            started=received_on,
            paid_until=paid_until or next_paid_until(member, received_on),
        )
        return _append(
            kind=Kind.MEMBERSHIP_FEE,
            amount=amount,
            period=earmark_period(received_on),
            received_on=received_on,
            payment_reference=payment_reference,
            member=member,
            membership=membership,
            memo=memo,
            recorded_by=recorded_by,
        )


def record_donation(
    *, amount, received_on, recorded_by, donor=None, to_pool=True, payment_reference="", memo=""
):
    if amount <= 0:
        raise LedgerError("A donation must be more than zero.")
    with transaction.atomic():
        if payment_reference:
            _check_reference_unused(payment_reference)
        return _append(
            kind=Kind.DONATION,
            amount=amount,
            period=earmark_period(received_on),
            to_pool=to_pool,
            received_on=received_on,
            payment_reference=payment_reference,
            member=donor,
            memo=memo,
            recorded_by=recorded_by,
        )


def allocate_reserves(*, period, amount, recorded_by, memo=""):
    """Move money from reserves into a period's pool."""
    if amount <= 0:
        raise LedgerError("An allocation from reserves must be more than zero.")
    with transaction.atomic():
        period = RewardPeriod.objects.select_for_update().get(pk=period.pk)
        check_open_for_money(period)
        return _append(
            kind=Kind.RESERVE_ALLOCATION, amount=amount, period=period, memo=memo, recorded_by=recorded_by
        )


def reverse_entry(entry, *, recorded_by, memo):
    """Cancel an entry with an entry of the opposite amount; the original stays.

    An entry of an open or calculated period is reversed in that period. An entry of a
    closed period (a refund or a chargeback after close) is reversed in the period of
    today, or the next one not closed: the closed month never changes, and the reversal
    lowers the pool that is still to be shared. Entries written by closing are not
    reversed: money already paid that must come back is a clawback (`record_clawback`).
    An entry already reversed in part has its rest reversed with `reverse_part`."""
    with transaction.atomic():
        entry, period = _reversible(entry, memo)
        already = reversed_amount(entry)
        if already == entry.amount:
            raise LedgerError(f"Entry #{entry.pk} has already been reversed.")
        if already:
            raise LedgerError(
                f"Entry #{entry.pk} has already been reversed in part ({format_money(already, entry.currency)}); "
                "only the rest can be reversed, as a part (a partial refund of its payment)."
            )
        return _append_reversal(entry, -entry.amount, period, memo, recorded_by)


def reverse_part(entry, amount, *, recorded_by, memo):
    """Reverse `amount` (minor units) of money received (a fee or a donation): a partial
    refund. Several parts may be reversed, each a new entry in the period `reverse_entry`
    would use; together they never reach beyond the entry's amount. The entry's period is
    locked while the parts are added up, so two parts recorded at once cannot both pass."""
    if not isinstance(amount, int) or isinstance(amount, bool) or amount <= 0:
        raise LedgerError("The part to reverse must be more than zero.")
    with transaction.atomic():
        entry, period = _reversible(entry, memo)
        if entry.kind not in (Kind.MEMBERSHIP_FEE, Kind.DONATION):
            raise LedgerError("Only money received (a fee or a donation) is reversed in parts.")
        left = entry.amount - reversed_amount(entry)
        if amount > left:
            raise LedgerError(
                f"Entry #{entry.pk} has {format_money(left, entry.currency)} left to reverse; "
                f"{format_money(amount, entry.currency)} is more than that."
            )
        return _append_reversal(entry, -amount, period, memo, recorded_by)


def reversed_amount(entry):
    """How much of `entry` its reversals (whole or in parts) have cancelled."""
    total = LedgerEntry.objects.filter(reverses=entry).aggregate(total=Sum("amount", default=0))["total"]
    return -total


def _reversible(entry, memo):
    """The entry, checked that it may be reversed, and the period its reversal goes to,
    locked. The entry's own period is locked first: reversals of one entry take turns."""
    if not memo.strip():
        raise LedgerError("Say why the entry is reversed.")
    entry = LedgerEntry.objects.select_related("period").get(pk=entry.pk)
    if entry.kind == Kind.REVERSAL:
        raise LedgerError("A reversal cannot be reversed; record the money again instead.")
    if entry.origin_period_id:
        raise LedgerError(
            "Entries written by closing a period cannot be reversed; if money paid to a contributor "
            "must come back, record a clawback."
        )
    period = _lock(entry.period)
    if period.status == Status.CLOSED:
        period = _lock(earmark_period(today()))
    return entry, period


def _append_reversal(entry, amount, period, memo, recorded_by):
    return _append(
        kind=Kind.REVERSAL,
        amount=amount,
        currency=entry.currency,
        period=period,
        to_pool=entry.to_pool,
        member=entry.member,
        contributor=entry.contributor,
        reverses=entry,
        memo=memo,
        recorded_by=recorded_by,
    )


def record_clawback(*, contributor, amount, recorded_by, reason):
    """Money already paid to `contributor` must come back (a fraud finding, a refund that
    funded their payout): their balance goes `amount` below zero, and each later close
    uses their reward to cover it until it is covered. Recorded in the period of today,
    or the next one not closed; the reason is shown on their statements."""
    if amount <= 0:
        raise LedgerError("A clawback must be more than zero.")
    if not reason.strip():
        raise LedgerError("Say why the money must come back; the contributor sees the reason.")
    with transaction.atomic():
        period = _lock(earmark_period(today()))
        return _append(
            kind=Kind.CLAWBACK,
            amount=amount,
            period=period,
            contributor=contributor,
            member=contributor.user,
            memo=reason.strip(),
            recorded_by=recorded_by,
        )


def clawback_reasons(contributor_ids):
    """{contributor id: [clawback entries recorded by Finance, newest first]}, reversed ones left out."""
    reasons = {}
    entries = (
        LedgerEntry.objects.filter(
            kind=Kind.CLAWBACK, origin_period=None, contributor_id__in=contributor_ids, reversed_by=None
        )
        .select_related("period")
        .order_by("-recorded_at", "-pk")
    )
    for entry in entries:
        reasons.setdefault(entry.contributor_id, []).append(entry)
    return reasons


def _lock(period):
    return RewardPeriod.objects.select_for_update().get(pk=period.pk)


def _check_reference_unused(reference):
    if not reference:
        raise LedgerError("A payment reference is required.")
    if LedgerEntry.objects.filter(payment_reference=reference).exists():
        raise LedgerError(f"Payment reference “{reference}” is already recorded.")


FIELDS = ("fees", "donations_to_pool", "given_back_in", "donations_general", "reserve_allocations")


@dataclass(frozen=True)
class PoolSources:
    """Money earmarked for a period, by source. The pool is what rewards can share."""

    fees: int = 0
    fees_to_pool: int = 0
    donations_to_pool: int = 0
    given_back_in: int = 0
    donations_general: int = 0
    reserve_allocations: int = 0

    @property
    def pool(self):
        return self.fees_to_pool + self.donations_to_pool + self.given_back_in + self.reserve_allocations

    def as_dict(self):
        return asdict(self) | {"pool": self.pool}


def pool_entries(period):
    """Entries that make up the period's pool: everything earmarked for it except what
    its own closing wrote."""
    return LedgerEntry.objects.filter(period=period).exclude(origin_period=period)


def _source_totals():
    """Pool entries summed by source, as aggregate() or annotate() keyword arguments."""
    donation = Q(effective_kind=Kind.DONATION)
    return {
        "fees": Sum("amount", filter=Q(effective_kind=Kind.MEMBERSHIP_FEE), default=0),
        "donations_to_pool": Sum("amount", filter=donation & Q(to_pool=True, from_closing=False), default=0),
        "given_back_in": Sum("amount", filter=donation & Q(from_closing=True), default=0),
        "donations_general": Sum("amount", filter=donation & Q(to_pool=False), default=0),
        "reserve_allocations": Sum(
            "amount", filter=Q(effective_kind=Kind.RESERVE_ALLOCATION), default=Value(0)
        ),
    }


def _with_source_flags(entries):
    return entries.with_effective_kind().annotate(
        from_closing=Case(
            When(kind=Kind.REVERSAL, then=Q(reverses__origin_period__isnull=False)),
            default=Q(origin_period__isnull=False),
            output_field=BooleanField(),
        )
    )


def pool_sources(period, policy):
    totals = _with_source_flags(pool_entries(period)).aggregate(**_source_totals())
    return PoolSources(fees_to_pool=policy.fees_to_pool(totals["fees"]), **totals)


def pool_sources_by_period(periods):
    """{period id: PoolSources} read from the ledger, in one query for any number of
    periods; each period's fees are shared by the policy its calculation used."""
    periods = list(periods)
    entries = LedgerEntry.objects.filter(period__in=periods).filter(
        Q(origin_period__isnull=True) | ~Q(origin_period=F("period"))
    )
    rows = _with_source_flags(entries).values("period").annotate(**_source_totals()).order_by()
    totals = {row.pop("period"): row for row in rows}
    sources = {}
    for period in periods:
        row = totals.get(period.pk, {})
        policy = period.policy
        fees = row.get("fees", 0)
        sources[period.pk] = PoolSources(
            fees_to_pool=policy.fees_to_pool(fees) if policy else 0, **(dict.fromkeys(FIELDS, 0) | row)
        )
    return sources


def ledger_digest(period):
    """A fingerprint of the period's pool entries, to notice money recorded after calculating."""
    digest = hashlib.sha256()
    for pk, amount in pool_entries(period).order_by("pk").values_list("pk", "amount"):
        digest.update(f"{pk}:{amount};".encode())
    return digest.hexdigest()


def contributor_balances(contributor_ids=None):
    return LedgerEntry.objects.carry_forward_balances(contributor_ids)


def today():
    return timezone.localdate()


@dataclass
class PeriodOutcome:
    """Where a closed period's pool came from and went, read from the ledger alone (the
    entries earmarked for it and those its closing wrote), never from the period's or the
    statements' rows:

        paid + given back + volunteered + unallocated + carried forward (net) + recovered = pool

    `recovered` is what rewards covered of clawbacks owed. When corrections left the pool
    below zero, the reserves covered it: `unallocated` is then negative."""

    sources: PoolSources = field(default_factory=PoolSources)
    paid: int = 0
    paid_people: int = 0
    given_back: int = 0
    given_back_people: int = 0
    volunteered: int = 0
    volunteered_people: int = 0
    unallocated: int = 0
    carried_in: int = 0  # into balances, below the minimum payout
    carried_people: int = 0
    released: int = 0  # balances of earlier months settled by this close
    recovered: int = 0
    recovered_people: int = 0

    @property
    def pool(self):
        return self.sources.pool

    # Money in, so that templates read a closed period's money in and out from one object.
    fees = property(lambda self: self.sources.fees)
    fees_to_pool = property(lambda self: self.sources.fees_to_pool)
    donations_to_pool = property(lambda self: self.sources.donations_to_pool)
    given_back_in = property(lambda self: self.sources.given_back_in)
    donations_general = property(lambda self: self.sources.donations_general)
    reserve_allocations = property(lambda self: self.sources.reserve_allocations)

    @property
    def to_reserves(self):
        return self.unallocated + self.volunteered

    @property
    def carried_forward(self):
        return self.carried_in - self.released

    @property
    def from_reserves(self):
        """What the reserves put in when corrections left the pool below zero."""
        return max(-self.unallocated, 0)

    @property
    def accounted(self):
        return self.paid + self.given_back + self.to_reserves + self.carried_forward + self.recovered


def period_outcomes(periods):
    """{period id: PeriodOutcome} for closed periods, in two queries whatever their number."""
    periods = list(periods)
    sources = pool_sources_by_period(periods)
    outcomes = {period.pk: PeriodOutcome(sources=sources[period.pk]) for period in periods}
    rows = (
        LedgerEntry.objects.filter(origin_period__in=list(outcomes))
        .exclude(kind=Kind.DONATION)  # a give-back's donation to the next pool
        .values(
            "origin_period",
            "kind",
            personal=ExpressionWrapper(Q(contributor__isnull=False), output_field=BooleanField()),
        )
        .annotate(
            total=Sum("amount"),
            gross_in=Sum("amount", filter=Q(amount__lt=0), default=0),
            gross_out=Sum("amount", filter=Q(amount__gt=0), default=0),
            people=Count("contributor", distinct=True),
            people_in=Count("contributor", filter=Q(amount__lt=0), distinct=True),
        )
        .order_by()
    )
    for row in rows:
        outcome, total = outcomes[row["origin_period"]], -row["total"]
        match row["kind"], row["personal"]:
            case Kind.PAYOUT, _:
                outcome.paid, outcome.paid_people = total, row["people"]
            case Kind.GIVE_BACK, _:
                outcome.given_back, outcome.given_back_people = total, row["people"]
            case Kind.RESERVE_ALLOCATION, True:
                outcome.volunteered, outcome.volunteered_people = total, row["people"]
            case Kind.RESERVE_ALLOCATION, False:
                outcome.unallocated = total
            case Kind.CARRY_FORWARD, _:
                outcome.carried_in, outcome.carried_people = -row["gross_in"], row["people_in"]
                outcome.released = row["gross_out"]
            case Kind.CLAWBACK, _:
                outcome.recovered, outcome.recovered_people = total, row["people"]
    return outcomes
