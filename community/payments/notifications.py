"""Emails about payments, sent by background tasks (portal.tasks runs the queue, and
portal.mail sends through it): how to pay by bank transfer, a receipt after each
payment, and reminders before a membership ends."""

import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from community.people.models import Membership
from portal.emails import render_plain_text, render_subject, site_email
from portal.site_urls import absolute_url

from .models import NextPlan, Payment, Provider, Subscription

logger = logging.getLogger(__name__)


def site_url(path):
    """An address on the site's public host (portal.site_urls), for links in emails."""
    return absolute_url(path)


def _send(template, to, context, attachments=()):
    subject = render_subject(f"payments/emails/{template}_subject.txt", context)
    body = render_plain_text(f"payments/emails/{template}_body.txt", context)
    message = site_email(subject, body, [to])
    for attachment in attachments:
        message.attach(*attachment)
    message.send()


def _payment_context(payment):
    return {
        "payment": payment,
        "bank": settings.PAYMENTS_BANK_DETAILS,
        "organisation": settings.PAYMENTS_ORGANISATION,
        "payment_url": site_url(payment.get_absolute_url()),
    }


@task()
def send_payment_instructions(payment_id):
    payment = Payment.objects.select_related("user", "plan").filter(pk=payment_id).first()
    if payment is None or payment.status != Payment.Status.PENDING or not payment.payer_email:
        return False
    _send("instructions", payment.payer_email, _payment_context(payment))
    return True


@task()
def send_receipt(payment_id):
    from .receipts import receipt_pdf

    payment = Payment.objects.select_related("user", "plan", "membership").filter(pk=payment_id).first()
    if payment is None or payment.status != Payment.Status.CONFIRMED or not payment.payer_email:
        return False
    pdf = (f"receipt-{payment.reference}.pdf", receipt_pdf(payment), "application/pdf")
    _send("receipt", payment.payer_email, _payment_context(payment), attachments=[pdf])
    return True


def _queue(task_function, payment):
    def enqueue():
        try:
            task_function.enqueue(payment.pk)
        except Exception:
            logger.exception("Could not queue %s for payment %s", task_function.name, payment.reference)

    transaction.on_commit(enqueue)


def queue_payment_instructions(payment):
    _queue(send_payment_instructions, payment)


def queue_receipt(payment):
    _queue(send_receipt, payment)


def memberships_ending(on_day):
    """Members whose latest paid term ends on `on_day` (no later term paid)."""
    ending = Membership.objects.filter(paid_until=on_day).select_related("user")
    later = set(
        Membership.objects.filter(user__in=[m.user_id for m in ending], paid_until__gt=on_day).values_list(
            "user_id", flat=True
        )
    )
    return [membership for membership in ending if membership.user_id not in later]


@task()
def send_renewal_reminders(today=None):
    """Run daily: remind each member PAYMENTS_REMINDER_DAYS before their membership ends.
    Stripe members who renew automatically are told it will be charged; everyone else
    how to renew. A membership nobody renews simply lapses at its end date."""
    today = timezone.localdate() if today is None else timezone.datetime.fromisoformat(today).date()
    sent = 0
    for days in settings.PAYMENTS_REMINDER_DAYS:
        for membership in memberships_ending(today + timedelta(days=days)):
            automatic = Subscription.objects.filter(
                user=membership.user_id,
                provider=Provider.STRIPE,
                purpose="membership",
                status=Subscription.Status.ACTIVE,
            ).exists()
            context = {
                "membership": membership,
                "user": membership.user,
                "days": days,
                "automatic": automatic,
                "next_plan": NextPlan.objects.filter(user=membership.user_id).select_related("plan").first(),
                "renew_url": site_url("/join/"),
                "account_url": site_url("/account/membership/"),
            }
            _send("reminder", membership.user.email, context)
            sent += 1
    return sent
