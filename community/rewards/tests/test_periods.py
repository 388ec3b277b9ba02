"""Calculating and closing periods: statements, the ledger written once, crashes and concurrency."""

import time
from dataclasses import replace
from datetime import date

import pytest
from django.db.models import Sum

from community.people import roles
from community.people.factories import ContributorProfileFactory, UserFactory
from community.rewards import periods
from community.rewards.factories import DonationFactory, ReserveAllocationFactory, RewardPeriodFactory
from community.rewards.ledger import pool_entries
from community.rewards.models import LedgerEntry, RewardPeriod, RewardPolicy, Statement
from community.rewards.periods import PeriodError, calculate_period, close_period
from community.rewards.registry import RewardStream, get_streams, override_streams
from community.rewards.tests.helpers import calculate_when_due, close_when_due
from portal.tests.threads import run_at_once

pytestmark = pytest.mark.django_db
Kind = LedgerEntry.Kind
Status = RewardPeriod.Status
OCTOBER = date(2026, 10, 1)
NOVEMBER = date(2026, 11, 1)


def new_policy(**changes):
    current = RewardPolicy.current()
    fields = {
        "pool_share_percent": current.pool_share_percent,
        "stream_settings": current.stream_settings,
        "cap_percent": current.cap_percent,
        "minimum_payout": current.minimum_payout,
        "empty_stream": current.empty_stream,
    }
    return RewardPolicy.objects.create(**(fields | changes))


@pytest.fixture
def october(october):
    """The shared October, calculated under a policy with a 40% cap."""
    new_policy(cap_percent=40)
    return october


def closing_entries(period):
    return LedgerEntry.objects.filter(origin_period=period)


def test_calculating_writes_a_statement_per_contributor_and_the_period_totals(
    october, contributors, stream_metrics
):
    period = calculate_period(october)
    assert stream_metrics.calls[0] == ("blogging", date(2026, 10, 1), date(2026, 10, 31))
    assert period.status == Status.CALCULATED
    assert period.policy == RewardPolicy.current()
    # As the worked example by hand (tests/test_calculation.py): Amara and Sofia capped,
    # the rest re-spread to Li, nothing to reserves but Sofia's volunteered reward.
    assert (period.pool, period.cap, period.allocated, period.paid) == (100_000, 40_000, 100_000, 60_000)
    assert (period.volunteered, period.unallocated, period.carried_forward, period.rewarded) == (
        40_000,
        0,
        0,
        3,
    )
    assert [(s["name"], s["weight"], s["budget"]) for s in period.stream_summary] == [
        ("blogging", 50, 50_000),
        ("courses", 35, 35_000),
        ("promotion", 15, 15_000),
    ]

    li = Statement.objects.get(period=period, contributor=contributors["li"])
    assert (li.allocated, li.paid, li.balance_after) == (20_000, 20_000, 0)
    assert "includes your share of what capped contributors could not take" in li.explanation
    reasons = dict(li.lines.values_list("stream", "reason"))
    assert reasons["courses"] == "2 points: below the 3-point minimum."
    assert reasons["blogging"] == "20 readers: 0.80% of the Blogging stream."
    amara = Statement.objects.get(period=period, contributor=contributors["amara"])
    assert amara.capped and "Capped at 400.00 USD (40% of the pool)" in amara.explanation
    sofia = Statement.objects.get(period=period, contributor=contributors["sofia"])
    assert "You volunteer: 400.00 USD returns to the reserves" in sofia.explanation
    assert not closing_entries(period).exists()


def test_recalculating_replaces_the_statements(october, contributors, stream_metrics):
    calculate_period(october)
    stream_metrics["blogging"][contributors["li"].pk] = 40
    period = calculate_period(october)
    assert Statement.objects.filter(period=period).count() == 3
    li = Statement.objects.get(period=period, contributor=contributors["li"])
    assert li.lines.get(stream="blogging").metric == 40
    assert "0.80%" not in li.lines.get(stream="blogging").reason  # 40 of 2,520 readers now


def test_closing_writes_the_ledger_once(october, contributors):
    finance, treasurer = UserFactory(roles=[roles.FINANCE]), UserFactory(roles=[roles.FINANCE])
    calculate_period(october, by=finance)
    result = close_when_due(october, by=treasurer)
    assert result.entries_written == 3  # Amara's and Li's payouts, Sofia's reward to the reserves
    period = RewardPeriod.objects.get(pk=october.pk)
    assert (period.status, period.closed_by) == (Status.CLOSED, treasurer)

    entries = {(e.kind, e.contributor_id): e.amount for e in closing_entries(period)}
    assert entries == {
        (Kind.PAYOUT, contributors["amara"].pk): -40_000,
        (Kind.PAYOUT, contributors["li"].pk): -20_000,
        (Kind.RESERVE_ALLOCATION, contributors["sofia"].pk): -40_000,
    }
    # The pool and everything the close wrote out of it add up to zero.
    assert period.pool + closing_entries(period).aggregate(total=Sum("amount"))["total"] == 0

    again = close_period(october, by=treasurer)
    assert again.already_closed and again.entries_written == 0
    assert closing_entries(period).count() == 3
    with pytest.raises(PeriodError, match="closed"):
        calculate_period(october)
    assert LedgerEntry.objects.carry_forward_balances() == {}


def test_a_crash_in_the_middle_of_closing_leaves_the_period_calculated_and_the_ledger_unchanged(
    october, monkeypatch
):
    calculate_period(october)
    before = list(LedgerEntry.objects.order_by("pk").values_list("pk", "amount"))

    def crash(*args, **kwargs):
        raise RuntimeError("power cut")

    # Payouts are already written when the give-backs are.
    monkeypatch.setattr(periods, "_write_give_back_donations", crash)
    with pytest.raises(RuntimeError):
        close_when_due(october)
    assert RewardPeriod.objects.get(pk=october.pk).status == Status.CALCULATED
    assert list(LedgerEntry.objects.order_by("pk").values_list("pk", "amount")) == before

    monkeypatch.undo()
    assert close_when_due(october).entries_written == 3


def test_a_period_must_be_calculated_again_after_money_is_recorded(october):
    calculate_period(october)
    DonationFactory(period=october, amount=1_000)
    with pytest.raises(PeriodError, match="after it was calculated"):
        close_when_due(october)
    calculate_period(october)
    assert close_when_due(october).period.pool == 101_000


def test_an_open_period_cannot_be_closed_and_periods_close_in_order(october):
    with pytest.raises(PeriodError, match="not been calculated"):
        close_when_due(october)
    november = RewardPeriodFactory(start=NOVEMBER)
    with pytest.raises(PeriodError, match="2026-10 is not closed"):
        calculate_when_due(november)


def test_a_balance_is_carried_forward_then_paid_and_a_give_back_funds_the_next_pool(
    october, contributors, stream_metrics
):
    tom = ContributorProfileFactory(display_name="Tom Becker", payout_preference="give_back")
    stream_metrics["blogging"][tom.pk] = 500
    calculate_period(october)
    close_when_due(october)
    tom_statement = Statement.objects.get(period=october, contributor=tom)
    assert tom_statement.given_back > 0
    november = RewardPeriod.objects.get(start=NOVEMBER)
    donation = LedgerEntry.objects.get(period=november, kind=Kind.DONATION, contributor=tom)
    assert donation.amount == tom_statement.given_back
    assert donation.origin_period_id == october.pk

    li = contributors["li"]
    li_balance = Statement.objects.get(period=october, contributor=li).balance_after
    assert li_balance > 0
    for values in stream_metrics.values():
        values.clear()
    stream_metrics["blogging"][li.pk] = 20
    november = calculate_when_due(november)
    assert november.given_back_in == tom_statement.given_back
    assert november.pool == tom_statement.given_back
    statement = Statement.objects.get(period=november, contributor=li)
    assert statement.balance_before == li_balance
    assert statement.paid == statement.allocated + li_balance
    close_when_due(november)
    assert (
        LedgerEntry.objects.get(period=november, kind=Kind.CARRY_FORWARD, contributor=li).amount == li_balance
    )
    assert LedgerEntry.objects.carry_forward_balances() == {}
    total_out = closing_entries(november).aggregate(total=Sum("amount"))["total"]
    assert november.pool + total_out == 0


def test_an_empty_period_returns_its_pool_to_reserves(stream_metrics):
    period = RewardPeriodFactory(start=OCTOBER)
    ReserveAllocationFactory(period=period, amount=12_345)
    calculate_period(period)
    result = close_when_due(period)
    assert result.period.statements.count() == 0
    assert list(closing_entries(period).values_list("kind", "amount")) == [(Kind.RESERVE_ALLOCATION, -12_345)]


def test_a_stream_that_is_not_there_yet_gives_a_clear_error(october):
    def missing(start, end):
        from courses.no_such_module import participation  # noqa: F401

    with override_streams(RewardStream("courses", "Courses", "point", "points", missing, 35, 3)):
        with pytest.raises(PeriodError, match="Courses stream cannot be measured"):
            calculate_period(october)
    assert RewardPeriod.objects.get(pk=october.pk).status == Status.OPEN


def test_month_names_are_checked():
    assert periods.parse_month("2026-11") == NOVEMBER
    for bad in ("2026-13", "November", "", "2026/11"):
        with pytest.raises(PeriodError, match="YYYY-MM"):
            periods.parse_month(bad)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_calculations_at_once_give_one_set_of_statements(october, stream_metrics):
    def slow(measure):
        def measure_slowly(start, end):
            time.sleep(0.3)  # widen the window in which the two calculations overlap
            return measure(start, end)

        return measure_slowly

    streams = [replace(stream, measure=slow(stream.measure)) for stream in get_streams()]
    with override_streams(*streams):
        run_at_once(calculate_period, [(october,), (october,)])
    assert Statement.objects.filter(period=october).count() == 3
    assert RewardPeriod.objects.get(pk=october.pk).status == Status.CALCULATED
    assert pool_entries(october).count() == 1
