"""Giving out seats. Every change to who is going happens here, inside a transaction
that holds the occurrence's row lock, so capacity holds under concurrent requests
and the waiting list is served in order."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import notifications
from .models import RSVP, EventOccurrence
from .occurrences import change_signature

# Dates this far back are still looked at, as a moved date may now lie ahead.
LOOKBACK = timedelta(days=31)


class RSVPRefused(Exception):
    """An RSVP that cannot be taken; the message says why, for the person."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def lock_occurrence(event, original_start, announced_change=""):
    """Create the occurrence's row if needed and lock it until the transaction ends."""
    EventOccurrence.objects.bulk_create(
        [EventOccurrence(event_id=event.pk, start=original_start, announced_change=announced_change)],
        ignore_conflicts=True,
    )
    return EventOccurrence.objects.select_for_update().get(event_id=event.pk, start=original_start)


def _check_open(occurrence):
    if occurrence.cancelled:
        raise RSVPRefused(_("This date has been cancelled."))
    if occurrence.has_ended:
        raise RSVPRefused(_("This date is over."))


def respond(event, occurrence, user, notify=True):
    """Going if a seat is free, otherwise on the waiting list. Answering twice changes nothing.

    Returns (rsvp, changed)."""
    _check_open(occurrence)
    with transaction.atomic():
        # Someone answering a date already moved has seen its new time.
        lock_occurrence(event, occurrence.original_start, change_signature(occurrence))
        rsvp = RSVP.objects.filter(event=event, occurrence_start=occurrence.original_start, user=user).first()
        if rsvp is not None and rsvp.is_active:
            return rsvp, False
        going = RSVP.objects.for_occurrence(event, occurrence.original_start).filter(status=RSVP.Status.GOING)
        has_seat = event.capacity is None or going.count() < event.capacity
        status = RSVP.Status.GOING if has_seat else RSVP.Status.WAITLISTED
        if rsvp is None:
            rsvp = RSVP.objects.create(
                event=event, occurrence_start=occurrence.original_start, user=user, status=status
            )
        else:
            rsvp.status = status
            rsvp.responded_at = timezone.now()
            rsvp.save(update_fields=["status", "responded_at", "updated_at"])
        if notify:
            template = notifications.GOING if status == RSVP.Status.GOING else notifications.WAITLISTED
            notifications.queue_rsvp_email(template, rsvp)
    return rsvp, True


def cancel(event, occurrence, user, notify=True):
    """Cancel the user's own RSVP; a freed seat goes to the first person waiting.

    Returns the cancelled RSVP, or None when the user had no active one."""
    with transaction.atomic():
        lock_occurrence(event, occurrence.original_start)
        rsvp = (
            RSVP.objects.for_occurrence(event, occurrence.original_start).active().filter(user=user).first()
        )
        if rsvp is None:
            return None
        was_going = rsvp.status == RSVP.Status.GOING
        rsvp.status = RSVP.Status.CANCELLED
        rsvp.save(update_fields=["status", "updated_at"])
        if was_going and not occurrence.cancelled and not occurrence.has_ended:
            _promote_locked(event, occurrence, notify)
    return rsvp


def promote_waitlisted(event, occurrence, notify=True):
    """Fill free seats from the waiting list, first come first served. Returns who moved up."""
    if occurrence.cancelled or occurrence.has_ended:
        return []
    with transaction.atomic():
        lock_occurrence(event, occurrence.original_start)
        return _promote_locked(event, occurrence, notify)


def _promote_locked(event, occurrence, notify):
    rsvps = RSVP.objects.for_occurrence(event, occurrence.original_start)
    waiting = (
        rsvps.filter(status=RSVP.Status.WAITLISTED).order_by("responded_at", "pk").select_related("user")
    )
    if event.capacity is not None:
        free = event.capacity - rsvps.filter(status=RSVP.Status.GOING).count()
        if free <= 0:
            return []
        waiting = waiting[:free]
    promoted = list(waiting)
    if not promoted:
        return []
    RSVP.objects.filter(pk__in=[rsvp.pk for rsvp in promoted]).update(
        status=RSVP.Status.GOING, updated_at=timezone.now()
    )
    for rsvp in promoted:
        rsvp.status = RSVP.Status.GOING
        if notify:
            notifications.queue_rsvp_email(notifications.PROMOTED, rsvp)
    return promoted


def _answered_starts(event, status=None):
    rsvps = RSVP.objects.filter(event=event, occurrence_start__gte=timezone.now() - LOOKBACK)
    rsvps = rsvps.filter(status=status) if status else rsvps.active()
    return rsvps.values_list("occurrence_start", flat=True).distinct()


def refill_waiting_lists(event, notify=True):
    """After capacity grows (or is removed), promote people on future waiting lists."""
    promoted = []
    for start in _answered_starts(event, RSVP.Status.WAITLISTED):
        occurrence = event.get_occurrence(start)
        if occurrence is not None:
            promoted += promote_waitlisted(event, occurrence, notify)
    return promoted


def announce_changes(event, notify=True):
    """Email everyone who answered for a date that has been cancelled, moved or
    reinstated since they were last told. Returns the RSVPs told."""
    told = []
    for start in _answered_starts(event):
        occurrence = event.get_occurrence(start)
        if occurrence is None or occurrence.has_ended:
            continue
        signature = change_signature(occurrence)
        with transaction.atomic():
            row = lock_occurrence(event, start)
            if row.announced_change == signature:
                continue
            row.announced_change = signature
            row.save(update_fields=["announced_change"])
            rsvps = list(RSVP.objects.for_occurrence(event, start).active())
            for rsvp in rsvps:
                if notify:
                    notifications.queue_rsvp_email(notifications.CHANGED, rsvp)
            told += rsvps
    return told


def waitlist_position(rsvp):
    """1 for the first person waiting."""
    return (
        RSVP.objects.for_occurrence(rsvp.event_id, rsvp.occurrence_start)
        .filter(status=RSVP.Status.WAITLISTED)
        .filter(responded_at__lte=rsvp.responded_at)
        .exclude(responded_at=rsvp.responded_at, pk__gt=rsvp.pk)
        .count()
    )
