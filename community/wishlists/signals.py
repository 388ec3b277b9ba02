"""Receivers connected in WishlistsConfig.ready(): tell a wish list's owner when
Moderators publish or reject it."""

from . import notifications


def wish_list_rejected(sender, instance, user=None, **kwargs):
    from .models import WishListPage

    page = instance.content_object
    page = page.specific if page is not None else None
    if not isinstance(page, WishListPage):
        return
    task_state = instance.current_task_state
    reason = task_state.specific.get_comment() if task_state else ""
    notifications.wish_list_rejected(page, reason)


def wish_list_published(sender, instance, **kwargs):
    # A Moderator's edit may have added or removed items.
    instance.refresh_status()
    if instance.first_published_at and instance.first_published_at == instance.last_published_at:
        notifications.wish_list_published(instance)
