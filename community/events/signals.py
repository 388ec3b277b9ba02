from django.db import transaction
from django.db.models.signals import post_delete, post_save
from wagtail.signals import page_published

from .models import RSVP, CommunityIndexPage, EventIndexPage, EventPage
from .permissions import grant_for_page


def grant_section_permissions(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        grant_for_page(instance)


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
    for model in (EventIndexPage, CommunityIndexPage):
        post_save.connect(
            grant_section_permissions, sender=model, dispatch_uid=f"events-grant-{model.__name__}"
        )
    post_delete.connect(seat_freed_by_deletion, sender=RSVP, dispatch_uid="events-seat-freed")
    page_published.connect(after_event_published, sender=EventPage, dispatch_uid="events-after-publish")
