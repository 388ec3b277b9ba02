from django.db import transaction
from django.db.models.signals import post_delete
from wagtail.signals import page_published

from portal.moderation import set_up_new_section_indexes

from .models import RSVP, CommunityIndexPage, EventIndexPage, EventPage
from .permissions import EVENTS_SECTION_INDEX


def after_event_published(sender, instance, **kwargs):
    """A larger capacity (or none) gives waiting people their seats; people who
    answered hear about dates cancelled, moved or reinstated."""
    from .rsvp import announce_changes, refill_waiting_lists

    refill_waiting_lists(instance)
    announce_changes(instance)


def seat_freed_by_deletion(sender, instance, **kwargs):
    """A deleted account frees its seat; once the deletion commits, the next person gets it."""
    if instance.status != RSVP.Status.GOING:
        return
    event_id, start = instance.event_id, instance.occurrence_start

    def promote():
        from .rsvp import promote_waitlisted

        event = EventPage.objects.filter(pk=event_id).prefetch_related("occurrence_changes").first()
        occurrence = event.get_occurrence(start) if event else None
        if occurrence is not None:
            promote_waitlisted(event, occurrence)

    transaction.on_commit(promote)


def connect():
    set_up_new_section_indexes(EVENTS_SECTION_INDEX, EventIndexPage, CommunityIndexPage)
    post_delete.connect(seat_freed_by_deletion, sender=RSVP, dispatch_uid="events-seat-freed")
    page_published.connect(after_event_published, sender=EventPage, dispatch_uid="events-after-publish")
