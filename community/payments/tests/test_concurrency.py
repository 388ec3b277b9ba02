"""The same Stripe event delivered several times at once (real threads, each with its
own PostgreSQL connection) writes once."""

import pytest
from django.test import Client

from community.payments.models import Payment, ProviderEvent
from community.payments.tests.conftest import sign, stripe_event
from community.people.models import Membership
from community.rewards.models import LedgerEntry
from portal.tests.threads import run_at_once

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
THREADS = 8


def deliver_at_once(payloads):
    def deliver(payload):
        return Client().post(
            "/payments/webhook/stripe/",
            data=payload,
            content_type="application/json",
            HTTP_STRIPE_SIGNATURE=sign(payload),
        )

    return run_at_once(deliver, [(payload,) for payload in payloads])


def paid(payment, event_id):
    return stripe_event(
        event_id,
        "checkout.session.completed",
        {
            "id": "cs_1",
            "mode": "payment",
            "payment_status": "paid",
            "client_reference_id": payment.reference,
            "amount_total": payment.amount,
            "currency": "usd",
            "payment_intent": "pi_concurrent",
        },
    )


@pytest.fixture
def payment(plans, make_user, stripe_settings):
    return Payment.objects.create(
        purpose="membership", provider="stripe", amount=6_000, user=make_user(), plan=plans["yearly"]
    )


def test_the_same_event_delivered_at_once_writes_once(payment):
    responses = deliver_at_once([paid(payment, "evt_same")] * THREADS)
    assert [r.status_code for r in responses] == [200] * THREADS
    answers = sorted(r.content.decode() for r in responses)
    assert answers.count("Already handled.") == THREADS - 1
    assert ProviderEvent.objects.count() == 1
    assert LedgerEntry.objects.filter(payment_reference="pi_concurrent").count() == 1
    assert Membership.objects.filter(user=payment.user).count() == 1


def test_one_payment_told_by_different_events_at_once_writes_once(payment):
    responses = deliver_at_once([paid(payment, f"evt_{i}") for i in range(THREADS)])
    assert [r.status_code for r in responses] == [200] * THREADS
    assert ProviderEvent.objects.count() == THREADS
    assert LedgerEntry.objects.count() == 1 and Membership.objects.count() == 1


def test_a_refund_delivered_at_once_reverses_once(payment):
    deliver_at_once([paid(payment, "evt_paid")])
    refund = stripe_event(
        "evt_refund",
        "charge.refunded",
        {"id": "ch_1", "payment_intent": "pi_concurrent", "refunded": True, "amount": 6_000},
    )
    deliver_at_once([refund] * THREADS)
    assert LedgerEntry.objects.filter(kind=LedgerEntry.Kind.REVERSAL).count() == 1


def partial_refund(event_id, refunded_total, refund_ids):
    return stripe_event(
        event_id,
        "charge.refunded",
        {
            "id": "ch_1",
            "payment_intent": "pi_concurrent",
            "amount": 6_000,
            "currency": "usd",
            "refunded": refunded_total == 6_000,
            "amount_refunded": refunded_total,
            "refunds": {"data": [{"id": refund_id, "created": -i} for i, refund_id in enumerate(refund_ids)]},
        },
    )


def reversed_total():
    return -sum(LedgerEntry.objects.filter(kind=LedgerEntry.Kind.REVERSAL).values_list("amount", flat=True))


def test_the_same_partial_refund_delivered_at_once_writes_once(payment):
    deliver_at_once([paid(payment, "evt_paid")])
    deliver_at_once([partial_refund("evt_re_1", 1_500, ["re_1"])] * THREADS)
    deliver_at_once([partial_refund(f"evt_re_1_{i}", 1_500, ["re_1"]) for i in range(THREADS)])
    payment.refresh_from_db()
    assert LedgerEntry.objects.filter(kind=LedgerEntry.Kind.REVERSAL).count() == 1
    assert reversed_total() == payment.amount_refunded == 1_500
    assert payment.refunds.count() == 1


def test_different_partial_refunds_at_once_never_exceed_the_payment(payment):
    """Stripe's running totals of successive refunds, arriving at once in any order: what
    is reversed is the highest total, never more than the payment."""
    deliver_at_once([paid(payment, "evt_paid")])
    totals = [750 * (i + 1) for i in range(THREADS)]  # 750 … 6,000
    ids = [f"re_{i}" for i in range(THREADS)]
    deliver_at_once(
        [partial_refund(f"evt_{i}", total, list(reversed(ids[: i + 1]))) for i, total in enumerate(totals)]
    )
    payment.refresh_from_db()
    assert reversed_total() == payment.amount_refunded == 6_000
    assert payment.status == Payment.Status.REFUNDED


def test_finance_refunding_parts_at_once_never_exceeds_the_payment(plans, make_user):
    """Two Finance users each refund 40.00 of a 60.00 transfer at the same moment: one
    is refused, whatever the order."""
    from django.utils import timezone

    from community.payments.factories import PaymentFactory
    from community.payments.records import PaymentError, confirm_payment, refund_payment

    transfer = PaymentFactory(plan=plans["yearly"], user=make_user())
    confirm_payment(transfer, received_on=timezone.localdate())

    def refund():
        try:
            refund_payment(transfer, amount=4_000, reason="Part of it")
            return "refunded"
        except PaymentError:
            return "refused"

    outcomes = run_at_once(refund, [()] * THREADS)
    transfer.refresh_from_db()
    assert sorted(outcomes) == ["refunded"] + ["refused"] * (THREADS - 1)
    assert reversed_total() == transfer.amount_refunded == 4_000
