"""Confirming and refunding payments. The only place a payment reaches the ledger:
through community.rewards.ledger, never by writing entries here."""

import logging
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from community.people.models import Membership
from community.rewards.ledger import (
    LedgerError,
    record_donation,
    record_membership_fee,
    reverse_entry,
    reverse_part,
)
from portal.money import format_money

from .models import NextPlan, Payment, Purpose, Refund, term_end

logger = logging.getLogger(__name__)


class PaymentError(ValueError):
    """A payment that cannot be confirmed or refunded as asked; the message says why."""


def membership_end(user, received_on, interval):
    """The end of the term a payment received on `received_on` buys: a renewal starts
    the day after the membership already paid for ends."""
    latest = Membership.objects.filter(user=user).order_by("-paid_until").first()
    begin = received_on
    if latest and latest.paid_until >= received_on:
        begin = latest.paid_until + timedelta(days=1)
    return begin, term_end(begin, interval)


def confirm_payment(payment, *, received_on, recorded_by=None, provider_reference="", charge_id=""):
    """Mark the payment received and write it to the ledger. Returns True if this call
    confirmed it, False if it was already confirmed (nothing changes then)."""
    if received_on > timezone.localdate():
        raise PaymentError(_("The money cannot have arrived after today."))
    with transaction.atomic():
        payment = (
            Payment.objects.select_for_update(of=("self",)).select_related("plan", "user").get(pk=payment.pk)
        )
        if payment.status == Payment.Status.CONFIRMED:
            return False
        if payment.status != Payment.Status.PENDING:
            raise PaymentError(
                _(
                    "Payment %(reference)s is %(status)s; only a payment waiting for its money can be confirmed."
                )
                % {"reference": payment.reference, "status": payment.get_status_display().lower()}
            )
        reference = provider_reference or payment.provider_reference or payment.reference
        memo = _("%(purpose)s paid on the site, our reference %(reference)s") % {
            "purpose": payment.get_purpose_display(),
            "reference": payment.reference,
        }
        try:
            if payment.purpose == Purpose.MEMBERSHIP:
                _begin, paid_until = membership_end(payment.user, received_on, payment.plan.interval)
                entry = record_membership_fee(
                    member=payment.user,
                    amount=payment.amount,
                    received_on=received_on,
                    payment_reference=reference,
                    recorded_by=recorded_by,
                    plan=payment.plan.kind,
                    paid_until=paid_until,
                    memo=memo,
                )
                payment.membership = entry.membership
                NextPlan.objects.filter(user=payment.user_id, chosen_at__lte=payment.created_at).delete()
            else:
                entry = record_donation(
                    amount=payment.amount,
                    received_on=received_on,
                    recorded_by=recorded_by,
                    donor=payment.user,
                    payment_reference=reference,
                    memo=memo,
                )
        except LedgerError as error:
            raise PaymentError(str(error))
        payment.ledger_entry = entry
        payment.status = Payment.Status.CONFIRMED
        payment.provider_reference = reference
        payment.provider_charge_id = charge_id or payment.provider_charge_id
        payment.received_on = received_on
        payment.confirmed_at = timezone.now()
        payment.confirmed_by = recorded_by
        payment.save()
        from .notifications import queue_receipt

        queue_receipt(payment)
    return True


def refund_payment(payment, *, reason, recorded_by=None, amount=None, provider_refund_id=""):
    """Give back `amount` of a confirmed payment (all that is left when None): a new
    ledger reversal (through the ledger, never an edit) and a Refund row. Once nothing is
    left, the payment is refunded and the membership term it bought is voided; a part
    leaves the term as it is. Returns the Refund, or None when there was nothing to do:
    the payment was already refunded whole, or this provider refund is already recorded."""
    with transaction.atomic():
        payment = _locked_for_refund(payment, reason, provider_refund_id)
        if payment is None:
            return None
        return _refund(
            payment,
            payment.amount_left if amount is None else amount,
            reason,
            recorded_by,
            provider_refund_id,
        )


def refund_up_to(payment, *, refunded_total, reason, provider_refund_id):
    """A provider tells how much of the payment it has refunded in all (Stripe's
    cumulative amount_refunded): refund the difference from what is recorded, once per
    provider refund id. A total at or below what is recorded (a replay, or an older
    event arriving late) changes nothing."""
    with transaction.atomic():
        payment = _locked_for_refund(payment, reason, provider_refund_id)
        if payment is None:
            return None
        if not isinstance(refunded_total, int) or isinstance(refunded_total, bool):
            raise PaymentError(_("The refunded amount is not a whole number of minor units."))
        if refunded_total > payment.amount:
            raise PaymentError(
                _("%(total)s refunded is more than payment %(reference)s's %(amount)s.")
                % {
                    "total": format_money(refunded_total, payment.currency),
                    "reference": payment.reference,
                    "amount": payment.amount_display,
                }
            )
        difference = refunded_total - payment.amount_refunded
        if difference <= 0:
            return None
        return _refund(payment, difference, reason, None, provider_refund_id)


def _locked_for_refund(payment, reason, provider_refund_id):
    """The payment, locked, if a refund may be recorded on it; None if it is already
    refunded whole or this provider refund is already recorded. Refunds of one payment
    take turns on this lock, so together they never pass its amount."""
    if not reason.strip():
        raise PaymentError(_("Say why the payment is refunded."))
    payment = Payment.objects.select_for_update().get(pk=payment.pk)
    if provider_refund_id and Refund.objects.filter(provider_refund_id=provider_refund_id).exists():
        return None
    if payment.status == Payment.Status.REFUNDED:
        return None
    if payment.status != Payment.Status.CONFIRMED:
        raise PaymentError(
            _("Payment %(reference)s was never received, so there is nothing to refund.")
            % {"reference": payment.reference}
        )
    return payment


def _refund(payment, amount, reason, recorded_by, provider_refund_id):
    if amount <= 0:
        raise PaymentError(_("A refund must be more than zero."))
    if amount > payment.amount_left:
        raise PaymentError(
            _("At most %(left)s of payment %(reference)s is left to refund.")
            % {"left": format_money(payment.amount_left, payment.currency), "reference": payment.reference}
        )
    try:
        if amount == payment.amount:
            reversal = reverse_entry(payment.ledger_entry, recorded_by=recorded_by, memo=reason)
        else:
            reversal = reverse_part(payment.ledger_entry, amount, recorded_by=recorded_by, memo=reason)
    except LedgerError as error:
        raise PaymentError(str(error))
    refund = Refund.objects.create(
        payment=payment,
        amount=amount,
        provider_refund_id=provider_refund_id[:100],
        ledger_entry=reversal,
        reason=reason[:200],
        recorded_by=recorded_by,
    )
    payment.amount_refunded += amount
    fields = ["amount_refunded"]
    if payment.amount_refunded == payment.amount:
        _void_term(payment)
        payment.status = Payment.Status.REFUNDED
        payment.refunded_at = timezone.now()
        payment.refund_reason = reason[:200]
        fields += ["status", "refunded_at", "refund_reason"]
    payment.save(update_fields=fields)
    return refund


def _void_term(payment):
    if payment.membership_id:
        term = Membership.objects.select_for_update().get(pk=payment.membership_id)
        # A term that ends the day before it starts: never current, kept for the record.
        term.paid_until = term.started - timedelta(days=1)
        term.save(update_fields=["paid_until"])
