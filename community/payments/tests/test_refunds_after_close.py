"""A refund or a chargeback of money whose month is already closed: the closed month
never changes, and the reversal goes into the period open now (through the ledger's
reverse_entry), from Stripe's webhook and from Finance's refund in the admin alike."""

from datetime import date, datetime, time

import pytest
from django.utils import timezone

from community.payments.factories import PaymentFactory
from community.payments.models import Payment
from community.payments.records import confirm_payment
from community.payments.tests.conftest import stripe_event
from community.people import roles
from community.rewards.ledger import get_period
from community.rewards.models import LedgerEntry, RewardPeriod
from community.rewards.tests.helpers import settle

pytestmark = pytest.mark.django_db
Kind = LedgerEntry.Kind
OCTOBER_DAY = date(2026, 10, 14)


def timestamp(day):
    return int(timezone.make_aware(datetime.combine(day, time(12))).timestamp())


def closed_month_entries(period):
    return list(LedgerEntry.objects.filter(period=period).order_by("pk").values_list("pk", "amount", "kind"))


@pytest.fixture
def paid_in_a_closed_month(deliver, plans, make_user):
    """A card payment confirmed in October, whose period is then calculated and closed."""
    payment = Payment.objects.create(
        purpose="membership", provider="stripe", amount=6_000, user=make_user(), plan=plans["yearly"]
    )
    paid = stripe_event(
        "evt_paid_october",
        "checkout.session.completed",
        {
            "id": "cs_october",
            "mode": "payment",
            "payment_status": "paid",
            "client_reference_id": payment.reference,
            "amount_total": 6_000,
            "currency": "usd",
            "payment_intent": "pi_october",
        },
        created=timestamp(OCTOBER_DAY),
    )
    assert "confirmed" in deliver(paid).content.decode()
    payment.refresh_from_db()
    october = payment.ledger_entry.period
    assert october.start == date(2026, 10, 1)
    settle(october)
    october.refresh_from_db()
    assert october.status == RewardPeriod.Status.CLOSED
    return payment


def open_period_now():
    period = get_period(timezone.localdate())
    assert period.status != RewardPeriod.Status.CLOSED
    return period


@pytest.mark.parametrize(
    "event_type, obj",
    [
        (
            "charge.refunded",
            {"id": "ch_oct", "payment_intent": "pi_october", "refunded": True, "amount": 6_000,
             "amount_refunded": 6_000},
        ),
        ("charge.dispute.created", {"id": "dp_oct", "payment_intent": "pi_october", "amount": 6_000}),
    ],
    ids=["refund", "chargeback"],
)  # fmt: skip
def test_a_stripe_refund_after_close_is_reversed_into_the_open_period(
    deliver, paid_in_a_closed_month, event_type, obj
):
    payment = paid_in_a_closed_month
    october = payment.ledger_entry.period
    before = closed_month_entries(october)

    response = deliver(stripe_event("evt_after_close", event_type, obj))

    text = response.content.decode()
    assert response.status_code == 200 and "Nothing changed" not in text, text
    payment.refresh_from_db()
    assert payment.status == Payment.Status.REFUNDED
    reversal = LedgerEntry.objects.get(kind=Kind.REVERSAL)
    assert (reversal.amount, reversal.reverses) == (-6_000, payment.ledger_entry)
    assert reversal.period == open_period_now() and reversal.period != october
    assert closed_month_entries(october) == before
    assert not payment.user.is_member
    # Told again, under the same or another event id: nothing more.
    deliver(stripe_event("evt_after_close", event_type, obj))
    deliver(stripe_event("evt_after_close_again", event_type, obj))
    assert LedgerEntry.objects.filter(kind=Kind.REVERSAL).count() == 1


def test_finance_refunds_a_transfer_after_close_into_the_open_period(client, plans, make_user):
    payment = PaymentFactory(plan=plans["yearly"], user=make_user())
    confirm_payment(payment, received_on=OCTOBER_DAY)
    payment.refresh_from_db()
    october = payment.ledger_entry.period
    settle(october)
    before = closed_month_entries(october)

    client.force_login(make_user(roles.FINANCE))
    response = client.post(
        f"/admin/payments/finance/{payment.pk}/refund/", {"amount": "60.00", "reason": "Paid twice"}
    )

    assert response.status_code == 302
    payment.refresh_from_db()
    reversal = LedgerEntry.objects.get(kind=Kind.REVERSAL)
    assert payment.status == Payment.Status.REFUNDED
    assert (reversal.amount, reversal.period) == (-6_000, open_period_now())
    assert closed_month_entries(october) == before
