"""Who may see an event's attendees: its organisers (see EventPage.get_organiser_user_ids),
Editors and Moderators."""

from django.db.models import Q

from community.people.roles import EDITORS, MODERATORS, has_role


def is_events_staff(user):
    return has_role(user, EDITORS, MODERATORS)


def can_view_attendees(user, event):
    if not user.is_authenticated:
        return False
    return is_events_staff(user) or user.pk in event.get_organiser_user_ids()


def events_visible_to(user):
    """The events whose attendees this user may see."""
    from .models import CommunityPage, EventPage

    if not user.is_authenticated:
        return EventPage.objects.none()
    if is_events_staff(user):
        return EventPage.objects.all()
    in_organised_community = Q(pk__in=[])
    for path, depth in CommunityPage.objects.filter(community_organisers__organiser__user=user).values_list(
        "path", "depth"
    ):
        in_organised_community |= Q(path__startswith=path, depth=depth + 1)
    return EventPage.objects.filter(
        Q(owner=user) | Q(event_organisers__organiser__user=user) | in_organised_community
    ).distinct()


def organises_any_event(user):
    return user.is_authenticated and (is_events_staff(user) or events_visible_to(user).exists())
