"""The funding ledger is append-only: through the ORM, the admin and (on PostgreSQL) raw SQL."""

from datetime import date

import pytest
from django.db import IntegrityError, connection, transaction

from community.people import roles
from community.people.factories import UserFactory
from community.people.models import Membership
from community.rewards.factories import DonationFactory, LedgerEntryFactory, RewardPeriodFactory
from community.rewards.ledger import (
    LedgerError,
    allocate_reserves,
    earmark_period,
    pool_sources,
    record_donation,
    record_membership_fee,
    reverse_entry,
)
from community.rewards.models import LedgerAppendOnlyError, LedgerEntry, RewardPeriod, RewardPolicy

pytestmark = pytest.mark.django_db
Kind = LedgerEntry.Kind


def test_an_entry_cannot_be_changed_through_the_model():
    entry = LedgerEntryFactory(amount=5_000)
    entry.amount = 1
    with pytest.raises(LedgerAppendOnlyError):
        entry.save()
    with pytest.raises(LedgerAppendOnlyError):
        entry.delete()
    assert LedgerEntry.objects.get(pk=entry.pk).amount == 5_000


def test_entries_cannot_be_changed_through_querysets():
    entry = LedgerEntryFactory(amount=5_000)
    with pytest.raises(LedgerAppendOnlyError):
        LedgerEntry.objects.filter(pk=entry.pk).update(amount=1)
    with pytest.raises(LedgerAppendOnlyError):
        LedgerEntry.objects.all().delete()
    entry.amount = 2
    with pytest.raises(LedgerAppendOnlyError):
        LedgerEntry.objects.bulk_update([entry], ["amount"])
    assert LedgerEntry.objects.get(pk=entry.pk).amount == 5_000


def test_deleting_what_an_entry_points_to_is_refused():
    entry = LedgerEntryFactory()
    with pytest.raises(IntegrityError):
        entry.period.delete()
    assert LedgerEntry.objects.filter(pk=entry.pk).exists()


@pytest.mark.postgres
@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE rewards_ledgerentry SET amount = 1 WHERE id = %s",
        "DELETE FROM rewards_ledgerentry WHERE id = %s",
    ],
)
def test_postgresql_refuses_raw_update_and_delete(sql):
    entry = LedgerEntryFactory(amount=5_000)
    with pytest.raises(IntegrityError, match="append-only"):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, [entry.pk])
    assert LedgerEntry.objects.get(pk=entry.pk).amount == 5_000


def test_the_database_refuses_money_in_with_the_wrong_sign():
    with pytest.raises(IntegrityError):
        with transaction.atomic():
            LedgerEntryFactory(amount=-100)


def test_a_membership_fee_is_a_new_membership_term_and_a_ledger_entry():
    finance = UserFactory(roles=[roles.FINANCE])
    member = UserFactory()
    Membership.objects.create(user=member, started=date(2025, 10, 1), paid_until=date(2026, 10, 15))
    entry = record_membership_fee(
        member=member,
        amount=6_000,
        received_on=date(2026, 10, 3),
        payment_reference="BANK-1",
        recorded_by=finance,
    )
    assert (entry.kind, entry.amount, entry.currency, entry.recorded_by) == (
        Kind.MEMBERSHIP_FEE,
        6_000,
        "USD",
        finance,
    )
    assert entry.period.start == date(2026, 10, 1)
    # The new term starts after the one already paid for.
    assert entry.membership.paid_until == date(2027, 10, 15)
    with pytest.raises(LedgerError, match="already recorded"):
        record_membership_fee(
            member=member,
            amount=6_000,
            received_on=date(2026, 10, 3),
            payment_reference="BANK-1",
            recorded_by=finance,
        )


def test_money_for_a_closed_month_is_earmarked_for_the_next_open_period():
    RewardPeriodFactory(start=date(2026, 9, 1), status=RewardPeriod.Status.CLOSED)
    assert earmark_period(date(2026, 9, 20)).start == date(2026, 10, 1)
    RewardPeriod.objects.filter(start=date(2026, 10, 1)).update(status=RewardPeriod.Status.CLOSED)
    assert earmark_period(date(2026, 9, 20)).start == date(2026, 11, 1)
    assert earmark_period(date(2026, 12, 5)).start == date(2026, 12, 1)


def test_the_pool_is_the_policy_share_of_fees_plus_pool_donations_and_reserves():
    period = RewardPeriodFactory(start=date(2026, 10, 1))
    finance = UserFactory(roles=[roles.FINANCE])
    for amount in (6_000, 6_000, 3_001):
        LedgerEntryFactory(period=period, amount=amount)
    DonationFactory(period=period, amount=2_500)
    DonationFactory(period=period, amount=900, to_pool=False)
    allocate_reserves(period=period, amount=10_000, recorded_by=finance)
    DonationFactory(period=RewardPeriodFactory(start=date(2026, 11, 1)), amount=777)

    sources = pool_sources(period, RewardPolicy.current())
    assert sources.fees == 15_001
    assert sources.fees_to_pool == 4_500  # 30% of 150.01, rounded down
    assert sources.donations_to_pool == 2_500
    assert sources.donations_general == 900
    assert sources.reserve_allocations == 10_000
    assert sources.pool == 17_000


def test_a_reversal_points_to_the_entry_and_cancels_it_in_the_pool():
    finance = UserFactory(roles=[roles.FINANCE])
    donation = record_donation(amount=2_500, received_on=date(2026, 10, 2), recorded_by=finance)
    reversal = reverse_entry(donation, recorded_by=finance, memo="Bounced")
    assert (reversal.kind, reversal.amount, reversal.reverses) == (Kind.REVERSAL, -2_500, donation)
    assert pool_sources(donation.period, RewardPolicy.current()).donations_to_pool == 0
    assert LedgerEntry.objects.get(pk=donation.pk).amount == 2_500

    with pytest.raises(LedgerError, match="already been reversed"):
        reverse_entry(donation, recorded_by=finance, memo="Again")
    with pytest.raises(LedgerError, match="cannot be reversed"):
        reverse_entry(reversal, recorded_by=finance, memo="Undo")
    with pytest.raises(LedgerError, match="Say why"):
        reverse_entry(LedgerEntryFactory(period=donation.period), recorded_by=finance, memo=" ")


def test_money_of_a_closed_period_cannot_change():
    finance = UserFactory(roles=[roles.FINANCE])
    period = RewardPeriodFactory(start=date(2026, 9, 1))
    fee = LedgerEntryFactory(period=period)
    RewardPeriod.objects.filter(pk=period.pk).update(status=RewardPeriod.Status.CLOSED)
    period.refresh_from_db()
    # A correction of a closed month is a reversal in the period open now (tests/test_corrections.py).
    assert reverse_entry(fee, recorded_by=finance, memo="Mistake").period != period
    with pytest.raises(LedgerError, match="closed"):
        allocate_reserves(period=period, amount=100, recorded_by=finance)
    with pytest.raises(IntegrityError, match="closed"):
        period.save()


def test_amounts_must_be_positive():
    finance = UserFactory(roles=[roles.FINANCE])
    with pytest.raises(LedgerError):
        record_donation(amount=0, received_on=date(2026, 10, 2), recorded_by=finance)
    with pytest.raises(LedgerError):
        record_membership_fee(
            member=finance,
            amount=-5,
            received_on=date(2026, 10, 2),
            payment_reference="X",
            recorded_by=finance,
        )
    assert not LedgerEntry.objects.exists()
