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
