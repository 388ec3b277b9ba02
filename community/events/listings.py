"""What the event pages list: occurrences across events, with seat counts and the
visitor's own RSVP, in a bounded number of queries."""

from collections import defaultdict
from datetime import UTC, timedelta

from django.core.paginator import Paginator
from django.db.models import Count, Prefetch
from django.utils import timezone
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from wagtail.images import get_image_model

from . import recurrence
from .access import can_view_attendees
from .models import RSVP, CommunityPage, EventPage, events_in_window

LISTING_RENDITIONS = ("fill-640x360",)


def attach_communities(events):
    """Set `listing_community` on each event to its CommunityPage or None, in one query."""
    events = list(events)
    parent_paths = {event.path[: -EventPage.steplen] for event in events}
    communities = {
        community.path: community
        for community in CommunityPage.objects.filter(path__in=parent_paths).only(
            "id", "title", "slug", "path", "depth", "url_path", "live"
        )
    }
    for event in events:
        event.listing_community = communities.get(event.path[: -EventPage.steplen])
    return events


def attach_attendance(occurrences, user):
    """Fill going and waiting-list counts, and the user's own status, in two queries."""
    occurrences = list(occurrences)
    if not occurrences:
        return occurrences
    event_ids = {occ.event.pk for occ in occurrences}
    starts = {occ.original_start for occ in occurrences}
    rsvps = RSVP.objects.active().filter(event_id__in=event_ids, occurrence_start__in=starts)
    counts = defaultdict(int)
    for row in rsvps.values("event_id", "occurrence_start", "status").annotate(n=Count("id")):
        counts[(row["event_id"], row["occurrence_start"], row["status"])] = row["n"]
    mine = {}
    if user is not None and user.is_authenticated:
        mine = {
            (event_id, start): status
            for event_id, start, status in rsvps.filter(user=user).values_list(
                "event_id", "occurrence_start", "status"
            )
        }
    for occ in occurrences:
        key = (occ.event.pk, occ.original_start)
        occ.going_count = counts[(*key, RSVP.Status.GOING)]
        occ.waitlist_count = counts[(*key, RSVP.Status.WAITLISTED)]
        occ.my_status = mine.get(key, "")
    return occurrences


def occurrences_of(events, after, before, include_cancelled=False):
    found = [occ for event in events for occ in event.occurrences_between(after, before, include_cancelled)]
    return sorted(found, key=lambda occ: (occ.start, occ.event.title, occ.event.pk))


def upcoming_occurrences(after=None, weeks=8, community=None, include_cancelled=False):
    """Every live event's occurrences from `after` for `weeks`, soonest first."""
    after = after or timezone.now()
    before = after + timedelta(weeks=weeks)
    events = events_in_window(after, before).prefetch_related("occurrence_changes")
    if community is not None:
        events = events.child_of(community)
    events = attach_communities(events)
    return occurrences_of(events, after, before, include_cancelled)


def event_index_context(index, request):
    communities = list(CommunityPage.objects.live().public().order_by("title").only("id", "title", "slug"))
    community_slug = request.GET.get("community", "").strip()
    community = None
    if community_slug:
        community = next((c for c in communities if c.slug == community_slug), None)
    occurrences = [] if community_slug and community is None else None
    if occurrences is None:
        occurrences = upcoming_occurrences(weeks=index.weeks_shown, community=community)
    page_obj = Paginator(occurrences, index.occurrences_per_page).get_page(request.GET.get("page"))
    attach_attendance(page_obj.object_list, request.user)
    return {
        "page_obj": page_obj,
        "occurrences": page_obj.object_list,
        "communities": communities,
        "community": community,
        "community_slug": community_slug,
        "extra_query": f"community={community.slug}" if community else "",
        "weeks_shown": index.weeks_shown,
    }


def community_cards(index, request):
    """The index's communities with member counts and their next date."""
    image_queryset = get_image_model().objects.prefetch_renditions(*LISTING_RENDITIONS)
    communities = list(
        CommunityPage.objects.child_of(index)
        .live()
        .public()
        .annotate(member_count=Count("members", distinct=True))
        .prefetch_related(
            Prefetch("listing_image", queryset=image_queryset),
            Prefetch("social_image", queryset=image_queryset),
        )
        .order_by("title")
    )
    by_path = {community.path: community for community in communities}
    for community in communities:
        community.next_occurrence = None
    for occ in upcoming_occurrences(weeks=8):
        community = by_path.get(occ.event.path[: -EventPage.steplen])
        if community is not None and community.next_occurrence is None:
            community.next_occurrence = occ
    return communities


def community_context(community, request):
    now = timezone.now()
    events = list(community.get_events().prefetch_related("occurrence_changes"))
    for event in events:
        event.listing_community = community
    upcoming = occurrences_of(
        [e for e in events if e.last_ends_at is None or e.last_ends_at > now],
        now,
        now + timedelta(weeks=8),
    )[:10]
    attach_attendance(upcoming, request.user)
    series = [e for e in events if e.is_recurring and (e.last_ends_at is None or e.last_ends_at > now)]
    past = sorted(
        (e for e in events if e.last_ends_at is not None and e.last_ends_at <= now),
        key=lambda e: e.last_ends_at,
        reverse=True,
    )[:12]
    return {
        "upcoming": upcoming,
        "series": series,
        "past_events": past,
        "organisers": community.get_organiser_profiles(),
        # An editor's preview of a new community has no members yet.
        "member_count": community.members.count() if community.pk else 0,
        "is_member": bool(community.pk) and community.is_member(request.user),
    }


def describe_series(event):
    """ "Every week on Tuesday at 12:00, America/New York time". The time is a <time> that
    site.js writes again in the reader's clock style, like every other time on the page."""
    rule = recurrence.describe_rule(event.recurrence, event.zone)
    zone = event.zone.key.replace("_", " ")
    time = format_html(
        '<time datetime="{}" data-zone="{}" data-date="beside" data-bare>{}</time>',
        event.start.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        event.zone.key,
        f"{event.local_start:%H:%M}",
    )
    return mark_safe(  # noqa: S308 - every part is escaped
        conditional_escape(_("%(rule)s at %(time)s, %(zone)s time."))
        % {"rule": conditional_escape(rule), "time": time, "zone": conditional_escape(zone)}
    )


def event_context(event, request):
    upcoming = event.next_occurrences()
    attach_attendance(upcoming, request.user)
    # Cancelled dates are not listed, but people looking for them are told why.
    horizon = upcoming[-1].end if upcoming else timezone.now() + timedelta(weeks=8)
    cancelled = [
        occ
        for occ in event.occurrences_between(timezone.now(), horizon, include_cancelled=True)
        if occ.cancelled
    ]
    now = timezone.now()
    return {
        "upcoming": upcoming,
        "cancelled_dates": cancelled,
        "going_to_any": any(occ.is_going for occ in upcoming),
        "has_ended": not upcoming and event.last_ends_at is not None and event.last_ends_at <= now,
        "organisers": event.get_organiser_profiles(),
        "community": event.community,
        "can_view_attendees": can_view_attendees(request.user, event),
        "rule_text": describe_series(event) if event.is_recurring else "",
    }


def my_upcoming_rsvps(user, limit=20):
    """The user's active RSVPs for dates that have not ended, as occurrences."""
    rsvps = list(
        RSVP.objects.upcoming_for(user)
        .filter(event__live=True)
        .select_related("event")
        .prefetch_related("event__occurrence_changes")
        .order_by("occurrence_start")
    )
    # One instance per event, so its changes are read once and its community found once.
    events = {rsvp.event.pk: rsvp.event for rsvp in rsvps}
    attach_communities(events.values())
    items = []
    for rsvp in rsvps:
        occurrence = events[rsvp.event_id].get_occurrence(rsvp.occurrence_start)
        if occurrence is None or occurrence.has_ended:
            continue
        occurrence.my_status = rsvp.status
        items.append(occurrence)
    items.sort(key=lambda occ: occ.start)
    return items[:limit]


def my_communities(user):
    return list(
        CommunityPage.objects.live()
        .filter(members__user=user)
        .order_by("title")
        .only("id", "title", "slug", "url_path", "path", "depth")
    )
