from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import Button
from wagtail_modeladmin.options import ModelAdminGroup, modeladmin_register

from portal.demo import SEED_DEMO
from portal.modeladmin import CreatedElsewherePermissionHelper, PortalModelAdmin, ReadOnlyPermissionHelper
from portal.sections import (
    ACCOUNT_SECTIONS,
    CONTRIBUTOR_PROFILE_SECTIONS,
    HOME_GREETING_SECTIONS,
    HOME_PAGE_SECTIONS,
)

from . import admin_views
from .access import can_view_attendees, organises_any_event
from .models import RSVP, CommunityMember, CommunityPage, EventIndexPage, EventPage

HOME_SECTION_SIZE = 4


@hooks.register("register_admin_urls")
def register_attendance_urls():
    return [
        path("events/attendance/", admin_views.attendance_index, name="events_attendance_index"),
        path("events/recurrence-preview/", admin_views.recurrence_preview, name="events_recurrence_preview"),
        path("events/attendance/<int:event_id>/", admin_views.event_attendance, name="events_attendance"),
        path(
            "events/attendance/<int:event_id>/<str:key>.csv",
            admin_views.event_attendance_csv,
            name="events_attendance_csv",
        ),
    ]


class AttendanceMenuItem(MenuItem):
    def is_shown(self, request):
        return organises_any_event(request.user)


@hooks.register("register_admin_menu_item")
def register_attendance_menu_item():
    return AttendanceMenuItem(
        _("Event attendance"), reverse("events_attendance_index"), icon_name="date", order=250
    )


def _attendance_url(page):
    return reverse("events_attendance", args=[page.pk])


@hooks.register("register_page_listing_more_buttons")
def attendance_listing_button(page, user, next_url=None):
    if isinstance(page.specific_deferred, EventPage) and can_view_attendees(user, page.specific_deferred):
        yield Button(_("Attendance"), _attendance_url(page), icon_name="date", priority=15)


@hooks.register("register_page_header_buttons")
def attendance_header_button(page, user, view_name, next_url=None):
    if isinstance(page.specific_deferred, EventPage) and can_view_attendees(user, page.specific_deferred):
        yield Button(_("Attendance"), _attendance_url(page), icon_name="date", priority=15)


class RSVPAdmin(PortalModelAdmin):
    model = RSVP
    menu_label = _("RSVPs")
    menu_icon = "tick-inverse"
    permission_helper_class = (
        ReadOnlyPermissionHelper  # RSVPs change only through rsvp.py, so the waiting list stays fair
    )
    list_display = ("user", "event", "occurrence", "status", "responded_at")
    list_filter = ("status",)
    search_fields = ("user__email", "user__first_name", "user__last_name", "event__title")
    list_per_page = 50

    def get_queryset(self, request):
        return RSVP.objects.visible_to(request.user).select_related("user", "event")

    def occurrence(self, obj):
        local = obj.occurrence_start.astimezone(obj.event.zone)
        return f"{local:%a %d %b %Y, %H:%M} {local.tzname()}"

    occurrence.short_description = _("occurrence")


class CommunityMemberPermissionHelper(CreatedElsewherePermissionHelper):
    """Members join and leave on the site; staff look."""

    def user_can_edit_obj(self, user, obj):
        return False


class CommunityMemberAdmin(PortalModelAdmin):
    model = CommunityMember
    menu_label = _("Community members")
    menu_icon = "group"
    permission_helper_class = CommunityMemberPermissionHelper
    list_display = ("user", "community", "joined_at")
    search_fields = ("user__email", "user__first_name", "user__last_name", "community__title")
    list_per_page = 50

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user", "community")


class EventRecordsGroup(ModelAdminGroup):
    menu_label = _("Event records")
    menu_icon = "date"
    menu_order = 260
    items = (RSVPAdmin, CommunityMemberAdmin)


modeladmin_register(EventRecordsGroup)


@hooks.register(HOME_PAGE_SECTIONS, order=40)
def upcoming_events_section(request, home_page):
    from .listings import attach_attendance, upcoming_occurrences

    occurrences = upcoming_occurrences()[:HOME_SECTION_SIZE]
    index = EventIndexPage.objects.live().public().first()
    if not occurrences and index is None:
        return ""
    attach_attendance(occurrences, None)
    return render_to_string(
        "events/sections/home_upcoming.html", {"occurrences": occurrences, "index": index}, request=request
    )


@hooks.register(HOME_GREETING_SECTIONS, order=40)
def greeting_next_event(request, profile):
    """The next date the person said they are coming to (or waiting for), not cancelled."""
    from .listings import my_upcoming_rsvps

    upcoming = (occurrence for occurrence in my_upcoming_rsvps(request.user) if not occurrence.cancelled)
    occurrence = next(upcoming, None)
    if occurrence is None:
        return ""
    return render_to_string("events/sections/greeting_next_event.html", {"occ": occurrence}, request=request)


@hooks.register(ACCOUNT_SECTIONS, order=40)
def my_events_section(request, profile):
    from .attendee_feed import attendee_feed_url
    from .listings import my_communities, my_upcoming_rsvps

    index = EventIndexPage.objects.live().public().first()
    return render_to_string(
        "events/sections/account_my_events.html",
        {
            "occurrences": my_upcoming_rsvps(request.user),
            "feed_url": request.build_absolute_uri(attendee_feed_url(request.user)),
            "communities": my_communities(request.user),
            "events_index_url": index.get_url(request) if index else "",
        },
        request=request,
    )


@hooks.register(CONTRIBUTOR_PROFILE_SECTIONS, order=40)
def organised_events_section(request, profile):
    communities = list(CommunityPage.objects.live().public().filter(community_organisers__organiser=profile))
    events = list(
        EventPage.objects.live()
        .public()
        .filter(event_organisers__organiser=profile)
        .exclude(last_ends_at__lt=timezone.now())
        .order_by("start")
    )
    if not communities and not events:
        return ""
    return render_to_string(
        "events/sections/profile_events.html",
        {"profile": profile, "communities": communities, "events": events},
        request=request,
    )


@hooks.register(SEED_DEMO, order=40)
def seed_demo_events(command):
    from .demo import seed_events

    seed_events(command)
