"""Emails about RSVPs, sent by a background task once the RSVP is committed.

The join link is never in them: the event page shows it to people who are going,
so a forwarded email does not let anyone else in."""

import logging

from django.db import transaction
from django_tasks import task

from portal.emails import render_plain_text, render_subject, site_email
from portal.site_urls import site_root_url

logger = logging.getLogger(__name__)

GOING = "rsvp_going"
WAITLISTED = "rsvp_waitlisted"
PROMOTED = "waitlist_promoted"
CHANGED = "occurrence_changed"
TEMPLATES = {GOING, WAITLISTED, PROMOTED, CHANGED}
ATTACH_CALENDAR = {GOING, PROMOTED, CHANGED}


def absolute(url, root):
    return url if url.startswith(("http://", "https://")) else root + url


@task()
def send_rsvp_email(template, rsvp_id):
    """Tell a person where they stand; skipped if the RSVP changed since it was queued."""
    from .ical import occurrence_calendar
    from .models import RSVP

    rsvp = RSVP.objects.select_related("event", "user").filter(pk=rsvp_id).first()
    expected = {
        GOING: {RSVP.Status.GOING},
        PROMOTED: {RSVP.Status.GOING},
        WAITLISTED: {RSVP.Status.WAITLISTED},
        CHANGED: {RSVP.Status.GOING, RSVP.Status.WAITLISTED},
    }
    if template not in TEMPLATES or rsvp is None or rsvp.status not in expected[template]:
        return False
    occurrence = rsvp.event.get_occurrence(rsvp.occurrence_start)
    if occurrence is None:
        return False
    root = site_root_url()
    context = {
        "rsvp": rsvp,
        "user": rsvp.user,
        "event": rsvp.event,
        "occurrence": occurrence,
        "occurrence_url": absolute(occurrence.get_url(), root),
        "account_url": root + "/account/",
    }
    subject = render_subject(f"events/email/{template}_subject.txt", context)
    body = render_plain_text(f"events/email/{template}_body.txt", context)
    message = site_email(subject, body, [rsvp.user.email])
    if template in ATTACH_CALENDAR and not occurrence.cancelled:
        message.attach("event.ics", occurrence_calendar(occurrence, root), "text/calendar")
    message.send()
    return True


def queue_rsvp_email(template, rsvp):
    """Send once the surrounding transaction commits; a mail failure never undoes an RSVP."""

    def enqueue():
        try:
            send_rsvp_email.enqueue(template, rsvp.pk)
        except Exception:
            logger.exception("Could not send the %s email for RSVP %s", template, rsvp.pk)

    transaction.on_commit(enqueue)
