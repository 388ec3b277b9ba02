"""Corrections after close: a refund is a reversal in the period open now, and money
already paid that must come back is a clawback, recovered from the contributor's next
rewards. A closed period never changes."""

from datetime import date

import pytest
from django.urls import reverse

from community.people import roles
from community.people.factories import UserFactory
from community.rewards import ledger
from community.rewards.factories import LedgerEntryFactory
from community.rewards.ledger import (
    LedgerError,
    contributor_balances,
    period_outcomes,
    pool_sources,
    record_clawback,
    reverse_entry,
)
from community.rewards.models import LedgerEntry, RewardPeriod, RewardPolicy, Statement
from community.rewards.periods import PeriodError
from community.rewards.tests.helpers import calculate_when_due, close_when_due, settle

pytestmark = pytest.mark.django_db
Kind = LedgerEntry.Kind
NOVEMBER, DECEMBER = date(2026, 11, 1), date(2026, 12, 1)


@pytest.fixture
def finance():
    return UserFactory(roles=[roles.FINANCE])


@pytest.fixture
def on_day(monkeypatch):
    def set_today(day):
        monkeypatch.setattr(ledger, "today", lambda: day)

    return set_today


def snapshot(period):
    return list(LedgerEntry.objects.filter(period=period).order_by("pk").values_list("pk", "amount", "kind"))


def test_a_refund_after_close_is_a_reversal_in_the_period_open_now(october, finance, on_day):
    fee = LedgerEntryFactory(period=october, amount=10_000, member=finance)
    settle(october)
    october_entries = snapshot(october)
    on_day(date(2026, 11, 20))

    reversal = reverse_entry(fee, recorded_by=finance, memo="Refunded by the bank")

    assert (reversal.kind, reversal.amount, reversal.reverses) == (Kind.REVERSAL, -10_000, fee)
    assert reversal.period.start == NOVEMBER
    assert snapshot(october) == october_entries
    november = pool_sources(reversal.period, RewardPolicy.current())
    assert (november.fees, november.fees_to_pool, november.pool) == (-10_000, -3_000, -3_000)
    with pytest.raises(LedgerError, match="already been reversed"):
        reverse_entry(fee, recorded_by=finance, memo="Twice")


def test_entries_written_by_closing_are_corrected_by_a_clawback_not_a_reversal(
    october, contributors, finance
):
    settle(october)
    payout = LedgerEntry.objects.get(
        origin_period=october, kind=Kind.PAYOUT, contributor=contributors["amara"]
    )
    with pytest.raises(LedgerError, match="clawback"):
        reverse_entry(payout, recorded_by=finance, memo="Fraud")


def test_bad_clawbacks_are_refused_and_write_nothing(contributors, finance):
    amara = contributors["amara"]
    count = LedgerEntry.objects.count()
    with pytest.raises(LedgerError, match="more than zero"):
        record_clawback(contributor=amara, amount=0, recorded_by=finance, reason="Fraud")
    with pytest.raises(LedgerError, match="Say why"):
        record_clawback(contributor=amara, amount=100, recorded_by=finance, reason="  ")
    assert LedgerEntry.objects.count() == count


def test_a_clawback_is_recovered_from_the_next_rewards_until_covered(
    client, october, contributors, stream_metrics, finance, on_day
):
    amara, li = contributors["amara"], contributors["li"]
    settle(october)
    paid_in_october = -LedgerEntry.objects.get(
        origin_period=october, kind=Kind.PAYOUT, contributor=amara
    ).amount
    on_day(date(2026, 11, 20))
    clawback = record_clawback(
        contributor=amara,
        amount=paid_in_october,
        recorded_by=finance,
        reason="Readers bought from a click farm",
    )
    assert (clawback.kind, clawback.amount, clawback.period.start) == (
        Kind.CLAWBACK,
        paid_in_october,
        NOVEMBER,
    )
    assert contributor_balances([amara.pk]) == {amara.pk: -paid_in_october}

    # November: a small pool, so Amara's reward covers part of what she owes.
    november = RewardPeriod.objects.get(start=NOVEMBER)
    LedgerEntryFactory(
        period=november, kind=Kind.RESERVE_ALLOCATION, amount=20_000, member=None, payment_reference=""
    )
    stream_metrics["blogging"].update({amara.pk: 100, li.pk: 100})
    stream_metrics["courses"].clear()
    stream_metrics["promotion"].clear()
    calculate_when_due(november)
    statement = Statement.objects.get(period=november, contributor=amara)
    recovered = statement.allocated
    assert 0 < recovered < paid_in_october
    assert (statement.balance_before, statement.paid, statement.balance_after) == (
        -paid_in_october,
        0,
        recovered - paid_in_october,
    )
    assert "Readers bought from a click farm" in statement.explanation
    close_when_due(november)
    assert LedgerEntry.objects.get(origin_period=november, kind=Kind.CLAWBACK).amount == -recovered
    assert contributor_balances([amara.pk]) == {amara.pk: recovered - paid_in_october}
    outcome = period_outcomes([november])[november.pk]
    assert (outcome.recovered, outcome.recovered_people) == (recovered, 1)
    assert outcome.accounted == november.pool
    report = client.get(november.get_absolute_url()).content.decode()
    assert "recovered from 1 contributor who owed earlier payouts back" in report

    # December: a large pool; the rest of the debt is recovered and the remainder paid.
    december = RewardPeriod.objects.get(start=DECEMBER)
    LedgerEntryFactory(
        period=december, kind=Kind.RESERVE_ALLOCATION, amount=500_000, member=None, payment_reference=""
    )
    calculate_when_due(december)
    statement = Statement.objects.get(period=december, contributor=amara)
    owed = paid_in_october - recovered
    assert (statement.balance_before, statement.paid, statement.balance_after) == (
        -owed,
        statement.allocated - owed,
        0,
    )
    close_when_due(december)
    assert contributor_balances([amara.pk]) == {}
    assert period_outcomes([december])[december.pk].accounted == december.pool


def test_a_refund_larger_than_the_open_pool_is_covered_by_the_reserves(
    october, stream_metrics, finance, on_day
):
    fee = LedgerEntryFactory(period=october, amount=500_000, member=finance)
    settle(october)
    on_day(date(2026, 11, 3))
    reverse_entry(fee, recorded_by=finance, memo="Chargeback")
    november = RewardPeriod.objects.get(start=NOVEMBER)
    calculate_when_due(november)
    november.refresh_from_db()
    assert (november.pool, november.paid, november.to_reserves) == (-150_000, 0, -150_000)
    close_when_due(november)
    cover = LedgerEntry.objects.get(origin_period=november, kind=Kind.RESERVE_ALLOCATION)
    assert cover.amount == 150_000
    assert period_outcomes([november])[november.pk].accounted == -150_000


@pytest.fixture
def finance_client(client, home_page, make_user):
    client.force_login(make_user(roles.FINANCE))
    return client


def test_finance_records_a_clawback_and_a_refund_after_close_in_the_admin(
    finance_client, client, october, contributors, make_user
):
    amara = contributors["amara"]
    fee = LedgerEntryFactory(period=october, amount=6_000)
    settle(october)
    url = reverse("rewards_admin:record_clawback")
    page = finance_client.get(url)
    assert page.status_code == 200

    count = LedgerEntry.objects.count()
    for bad in ({"contributor": amara.pk, "amount": "12,50", "reason": "Fraud"},
                {"contributor": amara.pk, "amount": "12.50", "reason": ""},
                {"contributor": 999_999, "amount": "12.50", "reason": "Fraud"}):  # fmt: skip
        assert finance_client.post(url, bad).status_code == 200
    assert LedgerEntry.objects.count() == count

    assert (
        finance_client.post(url, {"contributor": amara.pk, "amount": "12.50", "reason": "Fraud"}).status_code
        == 302
    )
    assert contributor_balances([amara.pk]) == {amara.pk: -1_250}

    ledger_page = finance_client.get(reverse("rewards_ledgerentry_modeladmin_index")).content.decode()
    reverse_url = reverse("rewards_admin:reverse_entry", args=[fee.pk])
    assert reverse_url in ledger_page
    assert finance_client.post(reverse_url, {"memo": "Refunded"}).status_code == 302
    reversal = LedgerEntry.objects.get(reverses=fee)
    assert reversal.period != october and reversal.period.status == RewardPeriod.Status.OPEN

    client.force_login(make_user(roles.EDITORS))
    assert client.get(url).status_code in (302, 403)
    assert client.post(url, {"contributor": amara.pk, "amount": "1", "reason": "x"}).status_code in (302, 403)
    assert LedgerEntry.objects.filter(kind=Kind.CLAWBACK).count() == 1

    client.force_login(amara.user)
    statements = client.get(reverse("rewards:statements")).content.decode()
    assert "Fraud" in statements and "12.50" in statements


def test_a_clawback_recorded_after_calculating_blocks_the_close(october, contributors, finance):
    calculate_when_due(october)
    record_clawback(
        contributor=contributors["li"], amount=500, recorded_by=finance, reason="Duplicate payout"
    )
    with pytest.raises(PeriodError, match="balances .* changed after it was calculated"):
        close_when_due(october)
    calculate_when_due(october)
    assert Statement.objects.get(period=october, contributor=contributors["li"]).balance_before == -500
    close_when_due(october)


def test_a_fee_is_reversed_in_parts_never_beyond_its_amount(october, finance, on_day):
    fee = LedgerEntryFactory(period=october, amount=10_000, member=finance)
    first = ledger.reverse_part(fee, 2_500, recorded_by=finance, memo="Partial refund")
    assert (first.kind, first.amount, first.reverses, first.period) == (Kind.REVERSAL, -2_500, fee, october)

    settle(october)
    october_entries = snapshot(october)
    on_day(date(2026, 11, 20))
    count = LedgerEntry.objects.count()
    for too_much in (7_501, 0, -1):
        with pytest.raises(LedgerError):
            ledger.reverse_part(fee, too_much, recorded_by=finance, memo="Too much")
    with pytest.raises(LedgerError, match="already been reversed in part"):
        reverse_entry(fee, recorded_by=finance, memo="The whole, after a part")
    assert LedgerEntry.objects.count() == count

    rest = ledger.reverse_part(fee, 7_500, recorded_by=finance, memo="The rest, after close")
    assert (rest.amount, rest.period.start) == (-7_500, NOVEMBER)
    assert snapshot(october) == october_entries
    assert ledger.reversed_amount(fee) == 10_000
    november = pool_sources(rest.period, RewardPolicy.current())
    assert november.fees == -7_500
    with pytest.raises(LedgerError, match="0.00 USD left to reverse"):
        ledger.reverse_part(fee, 1, recorded_by=finance, memo="More")


def test_only_money_received_is_reversed_in_parts(contributors, finance):
    clawback = record_clawback(
        contributor=contributors["li"], amount=500, recorded_by=finance, reason="Fraud"
    )
    with pytest.raises(LedgerError, match="Only money received"):
        ledger.reverse_part(clawback, 100, recorded_by=finance, memo="Half")
    with pytest.raises(LedgerError, match="Say why"):
        ledger.reverse_part(LedgerEntryFactory(amount=1_000), 100, recorded_by=finance, memo=" ")


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_parts_reversed_at_once_never_pass_the_entry():
    """Eight parts of 40.00 of a 100.00 fee, at once and with no lock but the ledger's:
    two pass, the rest are refused, and nothing beyond the fee is reversed."""
    from portal.tests.threads import run_at_once

    fee = LedgerEntryFactory(amount=10_000)

    def reverse_forty():
        try:
            ledger.reverse_part(fee, 4_000, recorded_by=None, memo="A partial refund")
            return "reversed"
        except LedgerError:
            return "refused"

    outcomes = run_at_once(reverse_forty, [()] * 8)
    assert sorted(outcomes) == ["refused"] * 6 + ["reversed"] * 2
    assert ledger.reversed_amount(fee) == 8_000
