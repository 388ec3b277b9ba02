"""Stripe's webhook, fed payloads signed the way Stripe signs them (with a test secret):
each event does exactly its part to the membership and the ledger, once."""

import time

import pytest

from community.payments.models import Payment, ProviderEvent, Subscription
from community.payments.tests.conftest import sign, stripe_event
from community.people.models import Membership
from community.rewards.models import LedgerEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def one_off(plans, make_user):
    return Payment.objects.create(
        purpose="membership", provider="stripe", amount=6_000, user=make_user(), plan=plans["yearly"]
    )


def session_completed(payment, event_id="evt_paid", amount=6_000, intent="pi_1"):
    return stripe_event(
        event_id,
        "checkout.session.completed",
        {
            "id": "cs_test_1",
            "object": "checkout.session",
            "mode": "payment",
            "payment_status": "paid",
            "client_reference_id": payment.reference,
            "amount_total": amount,
            "currency": "usd",
            "payment_intent": intent,
        },
    )


def refunded(event_id="evt_refund", intent="pi_1", amount=6_000, refunded_total=None, refund_ids=()):
    """Stripe's charge.refunded: amount_refunded is the charge's running total, and the
    charge lists its refunds (newest first) when the API version includes them."""
    total = amount if refunded_total is None else refunded_total
    charge = {
        "id": f"ch_{intent}",
        "object": "charge",
        "payment_intent": intent,
        "amount": amount,
        "currency": "usd",
        "refunded": total == amount,
        "amount_refunded": total,
    }
    if refund_ids:
        count = len(refund_ids)
        charge["refunds"] = {
            "object": "list",
            "data": [
                {"id": refund_id, "created": 1_000 + count - i} for i, refund_id in enumerate(refund_ids)
            ],
        }
    return stripe_event(event_id, "charge.refunded", charge)


def state():
    """What the webhook may change: ledger entries, membership terms, payments' status."""
    return (
        sorted(LedgerEntry.objects.values_list("kind", "amount", "payment_reference")),
        sorted(Membership.objects.values_list("user_id", "started", "paid_until")),
        sorted(Payment.objects.values_list("reference", "status")),
    )


def test_paid_confirms_the_payment_writes_the_fee_and_makes_a_member(deliver, one_off):
    response = deliver(session_completed(one_off))
    assert response.status_code == 200 and "confirmed" in response.content.decode()
    one_off.refresh_from_db()
    entry = LedgerEntry.objects.get()
    assert one_off.status == Payment.Status.CONFIRMED and one_off.ledger_entry == entry
    assert (entry.kind, entry.amount, entry.payment_reference) == (
        LedgerEntry.Kind.MEMBERSHIP_FEE,
        6_000,
        "pi_1",
    )
    assert one_off.user.is_member


def test_a_replayed_event_changes_nothing(deliver, one_off):
    payload = session_completed(one_off)
    deliver(payload)
    before = state()
    response = deliver(payload)
    assert response.status_code == 200 and response.content == b"Already handled."
    # The same payment announced again under another event id changes nothing either.
    deliver(session_completed(one_off, event_id="evt_paid_again"))
    assert state() == before and LedgerEntry.objects.count() == 1


@pytest.mark.parametrize(
    "signature",
    [
        "",
        "t=1,v1=00",
        "not a signature",
        sign("{}"),  # a signature of another payload
    ],
    # Named, not shown: the last one carries the time it was made, and pytest-xdist's
    # workers must collect the same test ids.
    ids=["empty", "old-and-wrong", "not-a-signature", "another-payload"],
)
def test_a_bad_signature_is_refused_and_changes_nothing(deliver, one_off, signature):
    response = deliver(session_completed(one_off), signature=signature)
    assert response.status_code == 400 and "signature" in response.content.decode()
    assert not LedgerEntry.objects.exists() and not ProviderEvent.objects.exists()
    one_off.refresh_from_db()
    assert one_off.status == Payment.Status.PENDING


def test_signed_with_another_secret_or_too_long_ago_is_refused(deliver, one_off):
    """Too long ago: a captured request sent again later."""
    payload = session_completed(one_off)
    for signature in (
        sign(payload, secret="whsec_someone_else"),
        sign(payload, timestamp=int(time.time()) - 3600),
    ):
        assert deliver(payload, signature=signature).status_code == 400
    assert not LedgerEntry.objects.exists() and not ProviderEvent.objects.exists()


def test_a_signed_payload_that_is_not_an_event_is_refused(deliver):
    for payload in ("[]", "{}", '{"id": 1, "type": "x", "data": {"object": {}}}', "not json"):
        response = deliver(payload)
        assert response.status_code == 400 and "not a Stripe event" in response.content.decode()
    assert not ProviderEvent.objects.exists()


def test_a_refund_reverses_the_fee_and_ends_the_term(deliver, one_off):
    deliver(session_completed(one_off))
    response = deliver(refunded())
    assert "refunded" in response.content.decode()
    one_off.refresh_from_db()
    reversal = LedgerEntry.objects.get(kind=LedgerEntry.Kind.REVERSAL)
    assert one_off.status == Payment.Status.REFUNDED
    assert reversal.reverses == one_off.ledger_entry and reversal.amount == -6_000
    assert not one_off.user.is_member
    before = state()
    deliver(refunded())  # replayed
    deliver(refunded(event_id="evt_refund_2"))  # the same refund told again
    assert state() == before


def test_a_chargeback_reverses_the_fee(deliver, one_off):
    deliver(session_completed(one_off))
    deliver(
        stripe_event(
            "evt_dispute",
            "charge.dispute.created",
            {"id": "dp_1", "object": "dispute", "payment_intent": "pi_1"},
        )
    )
    assert LedgerEntry.objects.filter(kind=LedgerEntry.Kind.REVERSAL, amount=-6_000).count() == 1


def test_a_refund_before_the_payment_changes_nothing_and_the_payment_still_counts(deliver, one_off):
    response = deliver(refunded())
    assert "nothing to reverse" in response.content.decode()
    assert not LedgerEntry.objects.exists()
    deliver(session_completed(one_off))
    one_off.refresh_from_db()
    assert one_off.status == Payment.Status.CONFIRMED and LedgerEntry.objects.count() == 1


def reversals():
    return list(
        LedgerEntry.objects.filter(kind=LedgerEntry.Kind.REVERSAL)
        .order_by("pk")
        .values_list("amount", flat=True)
    )


def test_a_partial_refund_reverses_that_part_and_the_member_stays_a_member(deliver, one_off):
    deliver(session_completed(one_off))
    fee = LedgerEntry.objects.get()

    response = deliver(refunded("evt_re_1", refunded_total=1_000, refund_ids=["re_1"]))

    assert "1000 of payment" in response.content.decode()
    one_off.refresh_from_db()
    assert reversals() == [-1_000] and LedgerEntry.objects.get(amount=-1_000).reverses == fee
    assert (one_off.status, one_off.amount_refunded) == (Payment.Status.CONFIRMED, 1_000)
    assert one_off.refunds.get().provider_refund_id == "re_1"
    assert one_off.user.is_member
    assert LedgerEntry.objects.get(pk=fee.pk).amount == 6_000  # never edited


def test_a_second_partial_refund_reverses_only_the_difference_and_replays_change_nothing(deliver, one_off):
    deliver(session_completed(one_off))
    deliver(refunded("evt_re_1", refunded_total=1_000, refund_ids=["re_1"]))
    deliver(refunded("evt_re_2", refunded_total=2_500, refund_ids=["re_2", "re_1"]))
    assert reversals() == [-1_000, -1_500]
    before = state()

    deliver(refunded("evt_re_2", refunded_total=2_500, refund_ids=["re_2", "re_1"]))  # replayed
    deliver(refunded("evt_re_2_again", refunded_total=2_500, refund_ids=["re_2", "re_1"]))  # told again
    deliver(refunded("evt_re_1_late", refunded_total=1_000, refund_ids=["re_1"]))  # an older one, late
    assert state() == before and reversals() == [-1_000, -1_500]

    response = deliver(refunded("evt_re_3", refunded_total=6_000, refund_ids=["re_3", "re_2", "re_1"]))
    assert "refunded; its ledger entry is reversed" in response.content.decode()
    one_off.refresh_from_db()
    assert reversals() == [-1_000, -1_500, -3_500]
    assert (one_off.status, one_off.amount_refunded) == (Payment.Status.REFUNDED, 6_000)
    assert not one_off.user.is_member
    assert sorted(one_off.refunds.values_list("provider_refund_id", flat=True)) == ["re_1", "re_2", "re_3"]


def test_partial_refunds_out_of_order_reverse_the_total_once(deliver, one_off):
    deliver(session_completed(one_off))
    deliver(refunded("evt_re_2", refunded_total=2_500, refund_ids=["re_2", "re_1"]))
    deliver(refunded("evt_re_1", refunded_total=1_000, refund_ids=["re_1"]))
    assert reversals() == [-2_500]


def test_a_partial_refund_without_the_refund_list_is_named_by_its_running_total(deliver, one_off):
    deliver(session_completed(one_off))
    deliver(refunded("evt_a", refunded_total=1_000))
    deliver(refunded("evt_b", refunded_total=1_000))
    deliver(refunded("evt_c", refunded_total=4_000))
    assert reversals() == [-1_000, -3_000]


@pytest.mark.parametrize(
    "bad", [{"amount_refunded": 6_001}, {"amount_refunded": "1000"}, {"amount_refunded": 10.5}, {"currency": "eur"}],
    ids=["more-than-paid", "a-string", "a-fraction", "another-currency"],
)  # fmt: skip
def test_a_refund_stripe_could_not_have_made_changes_nothing(deliver, one_off, bad):
    deliver(session_completed(one_off))
    before = state()
    charge = {"id": "ch_x", "payment_intent": "pi_1", "amount": 6_000, "currency": "usd", "refunded": False}
    response = deliver(stripe_event("evt_bad_refund", "charge.refunded", charge | bad))
    assert response.status_code == 200 and "Nothing changed" in response.content.decode()
    assert state() == before and not one_off.refunds.exists()


def test_a_chargeback_after_a_partial_refund_takes_the_rest(deliver, one_off):
    deliver(session_completed(one_off))
    deliver(refunded("evt_re_1", refunded_total=1_000, refund_ids=["re_1"]))
    dispute = {"id": "dp_1", "object": "dispute", "payment_intent": "pi_1", "amount": 5_000}
    deliver(stripe_event("evt_dispute", "charge.dispute.created", dispute))
    deliver(stripe_event("evt_dispute_again", "charge.dispute.created", dispute))
    one_off.refresh_from_db()
    assert reversals() == [-1_000, -5_000] and one_off.status == Payment.Status.REFUNDED


def test_an_amount_that_is_not_the_payments_changes_nothing(deliver, one_off):
    response = deliver(session_completed(one_off, amount=100))
    assert "Nothing changed" in response.content.decode()
    one_off.refresh_from_db()
    assert one_off.status == Payment.Status.PENDING and not LedgerEntry.objects.exists()


def test_an_unknown_reference_changes_nothing(deliver, one_off):
    one_off.reference = "KMP-NONE-0000"
    response = deliver(session_completed(one_off))
    assert "No KMP payment" in response.content.decode() and not LedgerEntry.objects.exists()


def invoice(event_id, invoice_id, subscription_id, reference, amount=600):
    return stripe_event(
        event_id,
        "invoice.paid",
        {
            "id": invoice_id,
            "object": "invoice",
            "amount_paid": amount,
            "currency": "usd",
            "parent": {
                "type": "subscription_details",
                "subscription_details": {
                    "subscription": subscription_id,
                    "metadata": {"kmp_reference": reference},
                },
            },
            "payments": {
                "data": [{"payment": {"type": "payment_intent", "payment_intent": f"pi_{invoice_id}"}}]
            },
        },
    )


def test_a_recurring_membership_is_paid_then_renewed_each_term(deliver, plans, make_user):
    member = make_user()
    subscription = Subscription.objects.create(
        user=member, purpose="membership", provider="stripe", plan=plans["monthly"], amount=600
    )
    first = Payment.objects.create(
        purpose="membership",
        provider="stripe",
        amount=600,
        user=member,
        plan=plans["monthly"],
        subscription=subscription,
    )
    # Stripe does not promise an order: the first invoice may come before the checkout event.
    deliver(invoice("evt_inv_1", "in_1", "sub_1", first.reference))
    deliver(
        stripe_event(
            "evt_cs",
            "checkout.session.completed",
            {
                "id": "cs_2",
                "mode": "subscription",
                "client_reference_id": first.reference,
                "subscription": "sub_1",
            },
        )
    )
    first.refresh_from_db()
    subscription.refresh_from_db()
    assert first.status == Payment.Status.CONFIRMED and first.provider_reference == "in_1"
    assert subscription.provider_subscription_id == "sub_1"
    one_term = Membership.objects.get(user=member).paid_until

    response = deliver(invoice("evt_inv_2", "in_2", "sub_1", first.reference))
    assert "renewal" in response.content.decode()
    renewal = Payment.objects.get(provider_reference="in_2")
    assert renewal.user == member and renewal.subscription == subscription and renewal.amount == 600
    latest = Membership.objects.filter(user=member).order_by("-paid_until").first()
    assert latest.paid_until > one_term
    assert sorted(LedgerEntry.objects.values_list("payment_reference", flat=True)) == ["in_1", "in_2"]

    before = state()
    deliver(invoice("evt_inv_2", "in_2", "sub_1", first.reference))  # replayed
    deliver(invoice("evt_inv_2_again", "in_2", "sub_1", first.reference))  # the same invoice, another event
    assert state() == before

    deliver(refunded(event_id="evt_refund_in_2", intent="pi_in_2", amount=600))
    renewal.refresh_from_db()
    assert renewal.status == Payment.Status.REFUNDED
    assert Membership.objects.filter(user=member).order_by("-paid_until").first().paid_until == one_term

    deliver(
        stripe_event(
            "evt_sub_end", "customer.subscription.deleted", {"id": "sub_1", "object": "subscription"}
        )
    )
    subscription.refresh_from_db()
    assert subscription.status == Subscription.Status.CANCELLED


def test_a_failed_renewal_changes_nothing(deliver, one_off):
    before = state()
    response = deliver(
        stripe_event("evt_fail", "invoice.payment_failed", {"id": "in_9", "object": "invoice"})
    )
    assert response.status_code == 200 and "lapses at its end date" in response.content.decode()
    assert state() == before


def test_without_a_webhook_secret_nothing_is_accepted(client, settings, one_off):
    settings.STRIPE_WEBHOOK_SECRET = ""
    payload = session_completed(one_off)
    response = client.post(
        "/payments/webhook/stripe/",
        data=payload,
        content_type="application/json",
        HTTP_STRIPE_SIGNATURE=sign(payload),
    )
    assert response.status_code == 400 and not ProviderEvent.objects.exists()
