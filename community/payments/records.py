"""Confirming and refunding payments. The only place a payment reaches the ledger:
through community.rewards.ledger, never by writing entries here."""

import logging
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from community.people.models import Membership
from community.rewards.ledger import LedgerError, record_donation, record_membership_fee, reverse_entry

from .models import Payment, Purpose, term_end

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


def refund_payment(payment, *, reason, recorded_by=None):
    """Reverse a confirmed payment's ledger entry (a new entry, through the ledger) and
    void the membership term it bought. Returns False if it was already refunded."""
    if not reason.strip():
        raise PaymentError(_("Say why the payment is refunded."))
    with transaction.atomic():
        payment = Payment.objects.select_for_update().get(pk=payment.pk)
        if payment.status == Payment.Status.REFUNDED:
            return False
        if payment.status != Payment.Status.CONFIRMED:
            raise PaymentError(
                _("Payment %(reference)s was never received, so there is nothing to refund.")
                % {"reference": payment.reference}
            )
        try:
            reverse_entry(payment.ledger_entry, recorded_by=recorded_by, memo=reason)
        except LedgerError as error:
            raise PaymentError(str(error))
        if payment.membership_id:
            term = Membership.objects.select_for_update().get(pk=payment.membership_id)
            # A term that ends the day before it starts: never current, kept for the record.
            term.paid_until = term.started - timedelta(days=1)
            term.save(update_fields=["paid_until"])
        payment.status = Payment.Status.REFUNDED
        payment.refunded_at = timezone.now()
        payment.refund_reason = reason[:200]
        payment.save(update_fields=["status", "refunded_at", "refund_reason"])
    return True
