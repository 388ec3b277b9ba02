from django.db.models.signals import post_save
from wagtail.signals import page_published

from .models import CommunityIndexPage, EventIndexPage, EventPage
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


def connect():
    for model in (EventIndexPage, CommunityIndexPage):
        post_save.connect(
            grant_section_permissions, sender=model, dispatch_uid=f"events-grant-{model.__name__}"
        )
    page_published.connect(after_event_published, sender=EventPage, dispatch_uid="events-after-publish")
