"""What the site took in shows on the transparency page to the cent: the month's report
reads the same ledger entries the payments wrote."""

from datetime import date

import pytest

from community.payments.factories import PaymentFactory
from community.payments.models import Payment
from community.payments.records import confirm_payment, refund_payment
from community.rewards.ledger import get_period
from community.rewards.models import LedgerEntry
from community.rewards.tests.helpers import settle
from portal.money import format_money

pytestmark = pytest.mark.django_db
NOVEMBER = date(2026, 11, 1)


def ledger_money_in(period):
    """Fees and donations of the period straight from the ledger, reversals included."""
    totals = {LedgerEntry.Kind.MEMBERSHIP_FEE: 0, LedgerEntry.Kind.DONATION: 0}
    for entry in LedgerEntry.objects.filter(period=period).select_related("reverses"):
        kind = entry.reverses.kind if entry.reverses_id else entry.kind
        if kind in totals and entry.to_pool:
            totals[kind] += entry.amount
    return totals


def test_the_months_report_shows_the_money_taken_in_to_the_cent(client, home_page, plans, make_user):
    paid = [
        PaymentFactory(plan=plans["yearly"], user=make_user()),
        PaymentFactory(plan=plans["monthly"], user=make_user()),
        PaymentFactory(plan=plans["yearly"], user=make_user()),
        PaymentFactory(purpose="donation", plan=None, amount=2_537, donor_name="Ada", public_name="Ada"),
        PaymentFactory(purpose="donation", plan=None, amount=1_001, user=make_user()),
        PaymentFactory(purpose="donation", plan=None, amount=999, donor_name=""),
    ]
    for day, payment in enumerate(paid, start=3):
        confirm_payment(payment, received_on=NOVEMBER.replace(day=day))
    refund_payment(paid[2], reason="Joined twice")
    refund_payment(paid[5], reason="Card dispute")
    PaymentFactory(plan=plans["yearly"], user=make_user())  # still waiting: not money in

    period = get_period(NOVEMBER)
    money_in = ledger_money_in(period)
    assert money_in == {LedgerEntry.Kind.MEMBERSHIP_FEE: 6_600, LedgerEntry.Kind.DONATION: 3_538}
    confirmed = Payment.objects.filter(status=Payment.Status.CONFIRMED)
    assert sum(p.amount for p in confirmed) == sum(money_in.values())

    settle(period)
    period.refresh_from_db()
    assert period.fees == money_in[LedgerEntry.Kind.MEMBERSHIP_FEE]
    assert period.donations_to_pool == money_in[LedgerEntry.Kind.DONATION]
    page = client.get("/rewards/2026-11/").content.decode()
    assert f"of {format_money(period.fees)})" in page
    assert f'<td class="num">{format_money(period.donations_to_pool)}</td>' in page
    assert f'<td class="num">{format_money(period.fees_to_pool)}</td>' in page

    join_page = client.get("/join/").content.decode()
    assert f"the pool was <strong>{format_money(period.pool)}</strong>" in join_page
