"""Reminders a day and an hour before each date, with the join link, for the people
going. The operator runs `manage.py send_event_reminders` every few minutes (cron or
a systemd timer); it queues the `send_event_reminders` task.

Each reminder is claimed by inserting its `EventReminder` row in the transaction that
queues the email: a second run, even a concurrent one, meets the unique constraint and
skips it, and a failure before commit leaves it for the next run."""

import logging
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django_tasks import task

from portal.emails import render_plain_text, render_subject, site_email

from .attendee_feed import attendee_feed_url
from .models import RSVP, EventReminder, events_in_window
from .notifications import absolute, site_root_url

logger = logging.getLogger(__name__)

# How long before a date each reminder is due. A date closer than the hour reminder's
# lead when the task first sees it gets only that one.
LEADS = {EventReminder.Kind.DAY: timedelta(days=1), EventReminder.Kind.HOUR: timedelta(hours=1)}


def due_kind(occurrence, now):
    """The reminder due for a date at `now`, or None."""
    until_start = occurrence.start - now
    if until_start <= timedelta(0):
        return None
    if until_start <= LEADS[EventReminder.Kind.HOUR]:
        return EventReminder.Kind.HOUR
    if until_start <= LEADS[EventReminder.Kind.DAY]:
        return EventReminder.Kind.DAY
    return None


def due_reminders(now):
    """(occurrence, kind, going RSVPs) for every date starting within the longest lead."""
    horizon = now + max(LEADS.values())
    events = events_in_window(now, horizon).prefetch_related("occurrence_changes")
    for event in events:
        for occurrence in event.occurrences_between(now, horizon):
            kind = due_kind(occurrence, now)
            if kind is None:
                continue
            going = RSVP.objects.filter(
                event=event, occurrence_start=occurrence.original_start, status=RSVP.Status.GOING
            ).select_related("user")
            yield occurrence, kind, list(going)


def reminder_message(occurrence, kind, user, root):
    context = {
        "user": user,
        "event": occurrence.event,
        "occurrence": occurrence,
        "kind": kind,
        "occurrence_url": absolute(occurrence.get_url(), root),
        "feed_url": absolute(attendee_feed_url(user), root),
    }
    subject = render_subject("events/email/reminder_subject.txt", context)
    body = render_plain_text("events/email/reminder_body.txt", context)
    return site_email(subject, body, [user.email])


def send_reminder(occurrence, kind, user, root):
    """Claim and queue one reminder; False when it was already sent."""
    message = reminder_message(occurrence, kind, user, root)
    try:
        with transaction.atomic():
            EventReminder.objects.create(
                event=occurrence.event, occurrence_start=occurrence.original_start, user=user, kind=kind
            )
            message.send()
    except IntegrityError:
        return False
    return True


@task()
def send_event_reminders():
    """Send every reminder that is due and not yet sent; returns how many were sent."""
    return send_due_reminders(timezone.now())


def send_due_reminders(now):
    root = site_root_url()
    sent = 0
    for occurrence, kind, going in due_reminders(now):
        for rsvp in going:
            if send_reminder(occurrence, kind, rsvp.user, root):
                sent += 1
    if sent:
        logger.info("Sent %d event reminders", sent)
    return sent
