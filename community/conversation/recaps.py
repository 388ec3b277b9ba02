"""Event recaps: who may write one (the event's organisers, Editors and Moderators: the
events app's own rule for who runs an event), and the recaps a page shows."""

from django.utils import timezone

from community.events.access import can_view_attendees
from community.events.models import EventPage

from .models import EventRecap


def may_write_recap(user, event, occurrence):
    return occurrence.has_ended and can_view_attendees(user, event)


def recap_for(event, occurrence):
    return EventRecap.objects.filter(event=event, occurrence_start=occurrence.original_start).first()


def recaps_in_community(community, limit=5):
    events = EventPage.objects.live().public().child_of(community)
    return list(
        EventRecap.objects.filter(event__in=events, occurrence_start__lte=timezone.now())
        .select_related("event")
        .order_by("-occurrence_start")[:limit]
    )
