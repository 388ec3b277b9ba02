"""Recording money in the ledger, and reading a period's pool from it.

Every function here appends entries; none changes one. Money recorded for a month
whose period is closed is earmarked for the next period that is not."""

import hashlib
from dataclasses import asdict, dataclass
from datetime import timedelta

from dateutil.relativedelta import relativedelta
from django.db import IntegrityError, transaction
from django.db.models import BooleanField, Case, Q, Sum, Value, When
from django.utils import timezone

from community.people.models import Membership
from portal.money import site_currency

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
    """Cancel an entry with an entry of the opposite amount; the original stays."""
    if not memo.strip():
        raise LedgerError("Say why the entry is reversed.")
    with transaction.atomic():
        entry = LedgerEntry.objects.select_related("period").get(pk=entry.pk)
        period = RewardPeriod.objects.select_for_update().get(pk=entry.period_id)
        check_open_for_money(period)
        if entry.kind == Kind.REVERSAL:
            raise LedgerError("A reversal cannot be reversed; record the money again instead.")
        if entry.origin_period_id:
            raise LedgerError("Entries written by closing a period cannot be reversed.")
        if LedgerEntry.objects.filter(reverses=entry).exists():
            raise LedgerError(f"Entry #{entry.pk} has already been reversed.")
        try:
            with transaction.atomic():
                return _append(
                    kind=Kind.REVERSAL,
                    amount=-entry.amount,
                    currency=entry.currency,
                    period=period,
                    to_pool=entry.to_pool,
                    member=entry.member,
                    contributor=entry.contributor,
                    reverses=entry,
                    memo=memo,
                    recorded_by=recorded_by,
                )
        except IntegrityError:
            raise LedgerError(f"Entry #{entry.pk} has already been reversed.")


def _check_reference_unused(reference):
    if not reference:
        raise LedgerError("A payment reference is required.")
    if LedgerEntry.objects.filter(payment_reference=reference).exists():
        raise LedgerError(f"Payment reference “{reference}” is already recorded.")


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


def pool_sources(period, policy):
    entries = pool_entries(period).with_effective_kind()
    entries = entries.annotate(
        from_closing=Case(
            When(kind=Kind.REVERSAL, then=Q(reverses__origin_period__isnull=False)),
            default=Q(origin_period__isnull=False),
            output_field=BooleanField(),
        )
    )
    donation = Q(effective_kind=Kind.DONATION)
    totals = entries.aggregate(
        fees=Sum("amount", filter=Q(effective_kind=Kind.MEMBERSHIP_FEE), default=0),
        donations_to_pool=Sum("amount", filter=donation & Q(to_pool=True, from_closing=False), default=0),
        given_back_in=Sum("amount", filter=donation & Q(from_closing=True), default=0),
        donations_general=Sum("amount", filter=donation & Q(to_pool=False), default=0),
        reserve_allocations=Sum("amount", filter=Q(effective_kind=Kind.RESERVE_ALLOCATION), default=Value(0)),
    )
    return PoolSources(fees_to_pool=policy.fees_to_pool(totals["fees"]), **totals)


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
