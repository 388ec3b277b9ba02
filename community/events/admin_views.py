"""Admin views: who is coming to each occurrence, with a CSV export. Only the
event's organisers, Editors and Moderators reach an event's list; everyone else
gets a 404, as if the event had no list."""

import csv
from datetime import UTC, timedelta

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from . import recurrence
from .access import can_view_attendees, events_visible_to
from .listings import attach_attendance, attach_communities
from .models import RSVP, EventPage
from .occurrences import Occurrence

# Occurrences offered in the picker besides any that have RSVPs.
PICKER_PAST = timedelta(weeks=8)
PICKER_AHEAD = timedelta(weeks=8)
# Spreadsheet apps run cells that start with these as formulas.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def _breadcrumbs(*items):
    return [{"url": reverse("wagtailadmin_home"), "label": _("Home")}] + [
        {"url": url, "label": label} for url, label in items
    ]


def attendance_index(request):
    events = (
        events_visible_to(request.user)
        .prefetch_related("occurrence_changes")
        .order_by("-latest_revision_created_at", "-pk")
    )
    page_obj = Paginator(events, 20).get_page(request.GET.get("p"))
    rows = attach_communities(page_obj.object_list)
    next_dates = []
    for event in rows:
        upcoming = event.next_occurrences(limit=1) if event.start else []
        next_dates.extend(upcoming)
        event.next_occurrence = upcoming[0] if upcoming else None
    attach_attendance(next_dates, None)
    return TemplateResponse(
        request,
        "events/admin/attendance_index.html",
        {
            "page_title": _("Event attendance"),
            "header_title": _("Event attendance"),
            "header_icon": "date",
            "breadcrumbs_items": _breadcrumbs(("", _("Event attendance"))),
            "events": rows,
            "page_obj": page_obj,
        },
    )


def _event_for(request, event_id):
    event = get_object_or_404(EventPage.objects.prefetch_related("occurrence_changes"), pk=event_id)
    if not can_view_attendees(request.user, event):
        raise Http404
    return event


def _occurrence_for(event, original_start):
    occurrence = event.get_occurrence(original_start)
    if occurrence is None:
        # Someone answered for a date the series no longer has (its times were edited).
        occurrence = Occurrence(
            event, original_start, original_start, original_start + (event.end - event.start)
        )
        occurrence.unscheduled = True
    return occurrence


def _picker(event):
    now = timezone.now()
    found = {
        occ.original_start: occ
        for occ in event.occurrences_between(now - PICKER_PAST, now + PICKER_AHEAD, True)
    }
    for start in RSVP.objects.filter(event=event).values_list("occurrence_start", flat=True).distinct():
        if start not in found:
            found[start] = _occurrence_for(event, start)
    occurrences = sorted(found.values(), key=lambda occ: occ.start)
    return attach_attendance(occurrences, None)


def _roster(event, original_start):
    rsvps = list(
        RSVP.objects.for_occurrence(event, original_start)
        .active()
        .select_related("user")
        .order_by("responded_at", "pk")
    )
    going = [rsvp for rsvp in rsvps if rsvp.status == RSVP.Status.GOING]
    waiting = [rsvp for rsvp in rsvps if rsvp.status == RSVP.Status.WAITLISTED]
    return going, waiting


def event_attendance(request, event_id):
    event = _event_for(request, event_id)
    occurrences = _picker(event)
    selected = None
    key = request.GET.get("occurrence", "")
    if key:
        original_start = recurrence.parse_occurrence_key(key)
        selected = next((occ for occ in occurrences if occ.original_start == original_start), None)
        if selected is None:
            raise Http404
    else:
        now = timezone.now()
        selected = next(
            (occ for occ in occurrences if occ.end > now), occurrences[-1] if occurrences else None
        )
    going, waiting = _roster(event, selected.original_start) if selected else ([], [])
    index_url = reverse("events_attendance_index")
    return TemplateResponse(
        request,
        "events/admin/event_attendance.html",
        {
            "page_title": event.title,
            "header_title": _("Attendance: %(event)s") % {"event": event.title},
            "header_icon": "date",
            "breadcrumbs_items": _breadcrumbs((index_url, _("Event attendance")), ("", event.title)),
            "event": event,
            "occurrences": occurrences,
            "selected": selected,
            "going": going,
            "waiting": waiting,
        },
    )


def _cell(value):
    text = str(value)
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


def event_attendance_csv(request, event_id, key):
    event = _event_for(request, event_id)
    original_start = recurrence.parse_occurrence_key(key)
    if original_start is None:
        raise Http404
    occurrence = _occurrence_for(event, original_start)
    going, waiting = _roster(event, original_start)
    if getattr(occurrence, "unscheduled", False) and not (going or waiting):
        raise Http404
    local = occurrence.local_start
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    filename = f"{slugify(event.title) or 'event'}-{local:%Y-%m-%d-%H%M}-attendees.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    writer = csv.writer(response)
    writer.writerow(["status", "position", "name", "email", "responded", "event", "starts", "time zone"])
    for rows in (going, waiting):
        for position, rsvp in enumerate(rows, start=1):
            writer.writerow(
                [
                    _cell(rsvp.status),
                    position,
                    _cell(rsvp.user.get_full_name()),
                    _cell(rsvp.user.email),
                    rsvp.responded_at.astimezone(event.zone).isoformat(timespec="minutes"),
                    _cell(event.title),
                    local.isoformat(timespec="minutes"),
                    event.zone.key,
                ]
            )
    return response


PREVIEW_DATES = 6


def recurrence_preview(request):
    """The picker's live preview: the series' first dates in the event's zone, as JSON.
    Anyone who may add or edit a page may ask; it reads nothing stored."""
    from wagtail.permission_policies.pages import PagePermissionPolicy

    from .fields import WallClockFormField

    if not PagePermissionPolicy().user_has_any_permission(request.user, ["add", "change"]):
        return JsonResponse(
            {"error": _("Only people who may edit pages can preview a repeat rule.")}, status=403
        )
    try:
        zone = recurrence.get_zone(request.GET.get("time_zone", ""))
        wall_start = WallClockFormField(required=False).clean(request.GET.get("start", ""))
        if wall_start is None:
            return JsonResponse({"error": _("Give the start date and time to see the dates.")})
        rule, starts = recurrence.preview(request.GET.get("rule", ""), wall_start, zone, PREVIEW_DATES)
    except ValidationError as error:
        return JsonResponse({"error": " ".join(error.messages)})
    first = starts[0].replace(tzinfo=None) if starts else None
    warning = ""
    if rule and first != wall_start:
        warning = _("The start is not one of the rule's dates; the series must start on its first date.")
    return JsonResponse(
        {
            "rule": rule,
            "description": recurrence.describe_rule(rule, zone) if rule else _("Once"),
            "time_zone": zone.key,
            "warning": warning,
            "dates": [
                {
                    "start": moment.astimezone(UTC).isoformat().replace("+00:00", "Z"),
                    "label": f"{recurrence.describe_wall_time(moment.replace(tzinfo=None))} {moment.tzname()}",
                }
                for moment in starts
            ],
        }
    )
