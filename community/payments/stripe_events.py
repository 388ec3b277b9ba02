"""Stripe's webhook: verify the signature, handle each event once.

An event is recorded (ProviderEvent, unique on its id) in the same transaction as what
it does, so a replay, or the same event delivered twice at once, finds it recorded and
changes nothing. Money is matched on Stripe's own ids too (an invoice is recorded once
whatever event brings it), and an event that arrives before the one it depends on (a
refund of a payment not yet confirmed) is recorded as doing nothing."""

import json
from datetime import datetime

import stripe
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import Payment, Provider, ProviderEvent, Purpose, Subscription
from .records import PaymentError, confirm_payment, refund_payment, refund_up_to

SIGNATURE_TOLERANCE = 300  # seconds, as Stripe's own libraries allow


class BadEvent(ValueError):
    """A request that is not a genuine, readable Stripe event; nothing was done."""


def verified_event(payload, signature):
    secret = settings.STRIPE_WEBHOOK_SECRET
    if not secret:
        raise BadEvent("Stripe webhooks are not configured here.")
    try:
        text = payload.decode("utf-8")
        stripe.WebhookSignature.verify_header(text, signature, secret, SIGNATURE_TOLERANCE)
    except (UnicodeDecodeError, stripe.SignatureVerificationError):
        raise BadEvent("The Stripe signature does not match this payload; nothing was done.")
    try:
        event = json.loads(text)
        obj = event["data"]["object"]
        if not (isinstance(event["id"], str) and isinstance(event["type"], str) and isinstance(obj, dict)):
            raise TypeError
    except (ValueError, KeyError, TypeError):
        raise BadEvent("The payload is not a Stripe event; nothing was done.")
    return event


def handle_webhook(payload, signature):
    event = verified_event(payload, signature)
    with transaction.atomic():
        try:
            with transaction.atomic():
                record = ProviderEvent.objects.create(
                    provider=Provider.STRIPE, event_id=event["id"][:100], event_type=event["type"][:100]
                )
        except IntegrityError:
            return "Already handled."
        handler = HANDLERS.get(event["type"])
        try:
            with transaction.atomic():  # what a refused event began is undone
                outcome = (
                    handler(event["data"]["object"], event_day(event))
                    if handler
                    else "Not an event KMP acts on."
                )
        except PaymentError as error:
            outcome = f"Nothing changed: {error}"
        except (KeyError, TypeError, ValueError) as error:
            outcome = f"Nothing changed: the event lacks what KMP needs ({error!r})."
        record.outcome = outcome[:300]
        record.save(update_fields=["outcome"])
    return outcome


def event_day(event):
    created = event.get("created")
    if isinstance(created, int):
        return timezone.localdate(datetime.fromtimestamp(created, tz=timezone.get_current_timezone()))
    return timezone.localdate()


def stripe_payment(reference):
    return Payment.objects.filter(provider=Provider.STRIPE, reference=str(reference or "")).first()


def checkout_completed(session, day):
    payment = stripe_payment(session.get("client_reference_id"))
    if payment is None:
        return "No KMP payment has this reference."
    if session.get("mode") == "subscription":
        if payment.subscription_id and session.get("subscription"):
            Subscription.objects.filter(pk=payment.subscription_id, provider_subscription_id="").update(
                provider_subscription_id=session["subscription"]
            )
        return "Recurring payment started; its invoices bring the money."
    if session.get("payment_status") != "paid":
        return "Not paid yet."
    if (
        session.get("amount_total") != payment.amount
        or str(session.get("currency", "")).upper() != payment.currency
    ):
        raise PaymentError(
            f"Stripe's amount {session.get('amount_total')} {session.get('currency')} is not the payment's."
        )
    confirm_payment(
        payment,
        received_on=day,
        provider_reference=session["payment_intent"],
        charge_id=session["payment_intent"],
    )
    return f"Payment {payment.reference} confirmed."


def invoice_subscription(invoice):
    """(Stripe subscription id, metadata) in the current API's shape or the older one."""
    details = (
        (invoice.get("parent") or {}).get("subscription_details") or invoice.get("subscription_details") or {}
    )
    return details.get("subscription") or invoice.get("subscription") or "", details.get("metadata") or {}


def invoice_payment_intent(invoice):
    for paid in (invoice.get("payments") or {}).get("data", []):
        intent = (paid.get("payment") or {}).get("payment_intent")
        if intent:
            return intent
    return invoice.get("payment_intent") or ""


def invoice_paid(invoice, day):
    if Payment.objects.filter(provider=Provider.STRIPE, provider_reference=invoice["id"]).exists():
        return "This invoice is already recorded."
    subscription_id, metadata = invoice_subscription(invoice)
    first = stripe_payment(metadata.get("kmp_reference"))
    subscription = first.subscription if first else None
    if subscription is None and subscription_id:
        subscription = Subscription.objects.filter(
            provider=Provider.STRIPE, provider_subscription_id=subscription_id
        ).first()
    if subscription is None:
        return "No KMP recurring payment matches this invoice."
    if subscription_id and not subscription.provider_subscription_id:
        subscription.provider_subscription_id = subscription_id
        subscription.save(update_fields=["provider_subscription_id"])
    amount = invoice["amount_paid"]
    if first and first.status == Payment.Status.PENDING and first.subscription_id == subscription.pk:
        payment = first
    else:
        payment = Payment.objects.create(
            purpose=subscription.purpose,
            provider=Provider.STRIPE,
            amount=amount,
            user=subscription.user,
            plan=subscription.plan,
            subscription=subscription,
            public_name=first.public_name if first else "",
        )
    if amount != payment.amount:
        raise PaymentError(f"Stripe's amount {amount} is not the payment's {payment.amount}.")
    intent = invoice_payment_intent(invoice)
    confirm_payment(payment, received_on=day, provider_reference=invoice["id"], charge_id=intent)
    what = "renewal" if payment.purpose == Purpose.MEMBERSHIP else "monthly donation"
    return f"Payment {payment.reference} ({what}) confirmed."


def confirmed_by_intent(intent):
    """The confirmed (or refunded) KMP payment a Stripe charge or dispute is about."""
    payment = Payment.objects.filter(provider=Provider.STRIPE, provider_charge_id=intent or "-").first()
    if payment is None or payment.status == Payment.Status.PENDING:
        return None
    return payment


def latest_refund_id(charge):
    """The newest refund's id when the charge lists its refunds; otherwise the charge and
    its cumulative total, which name the same state of the charge just as well."""
    refunds = (charge.get("refunds") or {}).get("data") or []
    newest = max(refunds, key=lambda refund: refund.get("created") or 0, default=None)
    if newest and newest.get("id"):
        return str(newest["id"])
    return f"{charge['id']}/{charge['amount_refunded']}"


def refund_outcome(payment, refund):
    if refund is None:
        return f"Payment {payment.reference} was already refunded this far; nothing more to reverse."
    payment.refresh_from_db(fields=["status", "amount_refunded"])
    if payment.status == Payment.Status.REFUNDED:
        return f"Payment {payment.reference} refunded; its ledger entry is reversed."
    return (
        f"{refund.amount} of payment {payment.reference} refunded (in minor units; "
        f"{payment.amount_refunded} of {payment.amount} so far); that part of its ledger entry is reversed."
    )


def charge_refunded(charge, day):
    """Stripe's amount_refunded is the charge's running total: whatever it adds to what
    is recorded is reversed, once per refund id (a replay, or an older event, adds nothing)."""
    payment = confirmed_by_intent(charge.get("payment_intent"))
    if payment is None:
        return "No confirmed KMP payment matches; nothing to reverse."
    total = charge.get("amount_refunded")
    if total is None and charge.get("refunded"):
        total = payment.amount
    if str(charge.get("currency") or payment.currency).upper() != payment.currency:
        raise PaymentError(f"Stripe's currency {charge.get('currency')} is not the payment's.")
    charge = charge | {"amount_refunded": total}
    refund = refund_up_to(
        payment,
        refunded_total=total,
        reason=f"Refunded through Stripe (charge {charge['id']}).",
        provider_refund_id=latest_refund_id(charge),
    )
    return refund_outcome(payment, refund)


def dispute_created(dispute, day):
    """A chargeback takes the disputed amount (the whole of what is left, if Stripe does
    not say), once per dispute."""
    payment = confirmed_by_intent(dispute.get("payment_intent"))
    if payment is None:
        return "No confirmed KMP payment matches; nothing to reverse."
    amount = dispute.get("amount")
    if amount is not None and (not isinstance(amount, int) or isinstance(amount, bool)):
        raise PaymentError("The disputed amount is not a whole number of minor units.")
    refund = refund_payment(
        payment,
        amount=amount,
        reason=f"Chargeback through Stripe (dispute {dispute['id']}).",
        provider_refund_id=str(dispute["id"]),
    )
    return refund_outcome(payment, refund)


def subscription_deleted(subscription, day):
    updated = Subscription.objects.filter(
        provider=Provider.STRIPE,
        provider_subscription_id=subscription["id"],
        status=Subscription.Status.ACTIVE,
    ).update(status=Subscription.Status.CANCELLED, cancelled_at=timezone.now())
    return "Recurring payment ended." if updated else "No active KMP recurring payment matches."


def invoice_failed(invoice, day):
    return "Renewal failed: the membership lapses at its end date unless paid; reminders go out before."


HANDLERS = {
    "checkout.session.completed": checkout_completed,
    "checkout.session.async_payment_succeeded": checkout_completed,
    "invoice.paid": invoice_paid,
    "invoice.payment_failed": invoice_failed,
    "charge.refunded": charge_refunded,
    "charge.dispute.created": dispute_created,
    "customer.subscription.deleted": subscription_deleted,
}
