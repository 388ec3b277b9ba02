"""Views behind the event pages' own routes (RoutablePageMixin): occurrence pages,
RSVPs, joining communities and the .ics feeds. Each acts only on the signed-in
person's own RSVP or membership; there is no RSVP id to guess."""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail.models import Page

from portal.ids import id_from_text

from . import ical
from . import rsvp as seats
from .access import can_view_attendees
from .attendee_feed import going_occurrences, user_for_token
from .listings import attach_attendance
from .models import RSVP, CommunityMember, CommunityPage, EventIndexPage, EventPage, live_events
from .recurrence import describe_wall_time

# A year of past events stays in the site-wide feed.
FEED_HISTORY = timedelta(days=365)


def _base_url(request):
    return request.build_absolute_uri("/")


def _next_url(request, default):
    candidate = request.POST.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return default


def describe_occurrence_start(occurrence):
    local = occurrence.local_start
    return f"{describe_wall_time(local.replace(tzinfo=None))} {local.tzname()}"


def _occurrence_or_404(event, key):
    occurrence = event.get_occurrence_by_key(key)
    if occurrence is None:
        raise Http404(_("This event has no date with that start."))
    return occurrence


def occurrence_detail(request, event, key):
    occurrence = _occurrence_or_404(event, key)
    attach_attendance([occurrence], request.user)
    waitlist_position = None
    if occurrence.is_waitlisted:
        mine = RSVP.objects.get(event=event, occurrence_start=occurrence.original_start, user=request.user)
        waitlist_position = seats.waitlist_position(mine)
    base_url = _base_url(request)
    return TemplateResponse(
        request,
        "events/occurrence_page.html",
        {
            "page": event,
            "self": event,
            "occurrence": occurrence,
            "community": event.community,
            "organisers": event.get_organiser_profiles(),
            "waitlist_position": waitlist_position,
            "google_calendar_url": ical.google_calendar_url(occurrence, base_url),
            "can_view_attendees": can_view_attendees(request.user, event),
        },
    )


@require_POST
def rsvp(request, event, key):
    occurrence = _occurrence_or_404(event, key)
    occurrence_url = occurrence.get_url(request)
    if not request.user.is_authenticated:
        return redirect_to_login(occurrence_url)
    try:
        answer, changed = seats.respond(event, occurrence, request.user)
    except seats.RSVPRefused as refusal:
        messages.error(request, refusal.message)
        return redirect(occurrence_url)
    when = describe_occurrence_start(occurrence)
    if answer.status == RSVP.Status.GOING:
        text = _("You are going to %(event)s on %(when)s.") if changed else _("You are already going.")
        messages.success(request, text % {"event": event.title, "when": when})
    else:
        messages.info(
            request,
            _(
                "%(event)s on %(when)s is full. You are number %(position)s on the waiting list; we will email you if a seat frees up."
            )
            % {"event": event.title, "when": when, "position": seats.waitlist_position(answer)},
        )
    return redirect(_next_url(request, occurrence_url))


@require_POST
def cancel_rsvp(request, event, key):
    occurrence = _occurrence_or_404(event, key)
    occurrence_url = occurrence.get_url(request)
    if not request.user.is_authenticated:
        return redirect_to_login(occurrence_url)
    cancelled = seats.cancel(event, occurrence, request.user)
    if cancelled is None:
        messages.info(request, _("You had no RSVP for this date, so nothing changed."))
    elif cancelled.status == RSVP.Status.CANCELLED:
        messages.success(request, _("Your RSVP is cancelled. Thank you for freeing the seat."))
    return redirect(_next_url(request, occurrence_url))


@require_POST
def join_community(request, community):
    if not request.user.is_authenticated:
        return redirect_to_login(community.get_url(request))
    try:
        with transaction.atomic():
            _member, created = CommunityMember.objects.get_or_create(community=community, user=request.user)
    except IntegrityError:
        created = False
    if created:
        messages.success(request, _("Welcome to %(community)s.") % {"community": community.title})
    else:
        messages.info(request, _("You are already a member."))
    return redirect(community.get_url(request))


@require_POST
def leave_community(request, community):
    if not request.user.is_authenticated:
        return redirect_to_login(community.get_url(request))
    deleted, _details = CommunityMember.objects.filter(community=community, user=request.user).delete()
    if deleted:
        messages.success(request, _("You have left %(community)s.") % {"community": community.title})
    else:
        messages.info(request, _("You were not a member, so nothing changed."))
    return redirect(_next_url(request, community.get_url(request)))


def _feed_events(queryset):
    return queryset.prefetch_related("occurrence_changes").order_by("start", "pk")


def page_calendar(request, page_id):
    """The .ics feed of an event, a community's events, or (for the index) every event."""
    page = get_object_or_404(Page.objects.live().public().specific(), pk=page_id)
    if isinstance(page, EventPage):
        events = _feed_events(EventPage.objects.filter(pk=page.pk))
    elif isinstance(page, CommunityPage):
        events = _feed_events(EventPage.objects.child_of(page).live().public())
    elif isinstance(page, EventIndexPage):
        since = timezone.now() - FEED_HISTORY
        events = _feed_events(live_events().filter(Q(last_ends_at__isnull=True) | Q(last_ends_at__gt=since)))
    else:
        raise Http404
    content = ical.events_calendar(page.title, events, _base_url(request))
    return ical.calendar_response(content, page.slug)


def occurrence_calendar(request, event_id, key):
    """One date of an event as an .ics file."""
    event = get_object_or_404(live_events().prefetch_related("occurrence_changes"), pk=id_from_text(event_id))
    occurrence = _occurrence_or_404(event, key)
    content = ical.occurrence_calendar(occurrence, _base_url(request))
    return ical.calendar_response(content, f"{event.slug}-{occurrence.local_start:%Y-%m-%d}")


def attendee_calendar(request, feed_token):
    """A person's private feed of the dates they are going to, join links included."""
    user = user_for_token(feed_token)
    if user is None:
        raise Http404(_("This calendar address is not valid any more. Copy it again from your account page."))
    content = ical.attendee_calendar(_("My KMP events"), going_occurrences(user), _base_url(request))
    return ical.calendar_response(content, "my-events", private=True)
