"""Emails to wish-list owners and contributors. Sent after the transaction that caused
them commits, so nobody is told about something that was rolled back; a mail server
failure is logged, never shown to the person who acted."""

import logging
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import transaction

from portal.emails import render_plain_text, render_subject, site_email
from portal.site_urls import absolute_url

logger = logging.getLogger(__name__)
_silenced = ContextVar("wishlists_notifications_silenced", default=False)


@contextmanager
def silenced():
    """No emails for what happens inside, such as building the demo site."""
    token = _silenced.set(True)
    try:
        yield
    finally:
        _silenced.reset(token)


def send_now(template, recipient, context):
    if not recipient or not recipient.email:
        return False
    context = {"recipient": recipient, **context}
    subject = render_subject(f"wishlists/emails/{template}_subject.txt", context)
    body = render_plain_text(f"wishlists/emails/{template}.txt", context).strip() + "\n"
    try:
        site_email(subject, body, [recipient.email]).send()
    except Exception:
        logger.exception("Could not send the %s email to user %s", template, recipient.pk)
        return False
    return True


def notify(template, recipient, **context):
    """Send after commit: templates/wishlists/emails/<template>_subject.txt and .txt."""
    if _silenced.get():
        return
    transaction.on_commit(lambda: send_now(template, recipient, context))


def wish_list_received(page):
    notify("wish_list_received", page.owner, page=page, manage_url=absolute_url(page.get_manage_url()))


def wish_list_published(page):
    notify("wish_list_published", page.owner, page=page, page_url=page.full_url)


def wish_list_rejected(page, reason):
    notify(
        "wish_list_rejected",
        page.owner,
        page=page,
        reason=reason,
        manage_url=absolute_url(page.get_manage_url()),
    )


def offer_made(offer):
    wish_list = offer.item.wish_list
    notify(
        "offer_made",
        wish_list.owner,
        offer=offer,
        item=offer.item,
        page=wish_list,
        offer_url=absolute_url(offer.get_absolute_url()),
    )


def offer_accepted(offer, declined_offers=()):
    wish_list = offer.item.wish_list
    contributor_user = offer.contributor.user
    context = {
        "offer": offer,
        "item": offer.item,
        "page": wish_list,
        "owner": wish_list.owner,
        "contributor": offer.contributor,
        "contributor_user": contributor_user,
        "offer_url": absolute_url(offer.get_absolute_url()),
    }
    notify("offer_accepted_contributor", contributor_user, **context)
    notify("offer_accepted_owner", wish_list.owner, **context)
    for declined in declined_offers:
        notify("offer_declined", declined.contributor.user, offer=declined, item=offer.item, page=wish_list)
