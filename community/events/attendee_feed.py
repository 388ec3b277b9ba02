"""Each attendee's private calendar feed: the dates they are going to, with the join
link. Its address carries a signature keyed by the person's password hash, so it
cannot be guessed from their id and stops working when they change their password."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core import signing
from django.urls import reverse
from django.utils import timezone

from .models import RSVP

SALT = "events.attendee-feed"
# Dates this far back stay in the feed, so a calendar does not drop them at once.
FEED_HISTORY = timedelta(days=31)


def _signer(user):
    return signing.Signer(salt=f"{SALT}:{user.password}")


def attendee_feed_token(user):
    return _signer(user).sign(str(user.pk))


def attendee_feed_url(user):
    return reverse("events:attendee_calendar", args=[attendee_feed_token(user)])


def user_for_token(token):
    """The person a token names, or None for anything not signed for them."""
    user_id, _sep, _signature = token.partition(":")
    if not user_id.isdigit():
        return None
    user = get_user_model().objects.filter(pk=int(user_id), is_active=True).first()
    if user is None:
        return None
    try:
        _signer(user).unsign(token)
    except signing.BadSignature:
        return None
    return user


def going_occurrences(user):
    """The dates the person is going to, from a month back, soonest first."""
    rsvps = (
        RSVP.objects.filter(
            user=user,
            status=RSVP.Status.GOING,
            occurrence_start__gte=timezone.now() - FEED_HISTORY,
            event__live=True,
        )
        .select_related("event")
        .order_by("occurrence_start")
    )
    found = []
    for rsvp in rsvps:
        occurrence = rsvp.event.get_occurrence(rsvp.occurrence_start)
        if occurrence is not None and not occurrence.cancelled:
            found.append(occurrence)
    return found
