"""Times shown in the event's own zone, with a machine-readable instant that
static/js/site.js turns into the visitor's local time."""

import json
from datetime import UTC

from django import template
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from .. import ical

register = template.Library()


def _iso(moment):
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def describe_span(local_start, local_end, show_date=True):
    """ "Tue 11 Mar 2025, 12:00–13:00 EDT" ("12:00–13:00 EDT" without the date), or both
    dates when it runs past midnight."""
    start_text = date_format(local_start, "D j M Y, H:i" if show_date else "H:i")
    if local_end.date() == local_start.date():
        end_text = date_format(local_end, "H:i")
        return f"{start_text}–{end_text} {local_end.tzname()}"
    return (
        f"{start_text} {local_start.tzname()} – {date_format(local_end, 'D j M Y, H:i')} {local_end.tzname()}"
    )


@register.simple_tag
def occurrence_when(occurrence, show_zone=True, show_date=True):
    """<time> in the event's zone. site.js writes it again in the reader's own clock
    style (12- or 24-hour, from the browser's locale) and adds the reader's own time when
    their zone differs; data-end, data-zone and data-date tell it what to write. Where the
    date is shown beside it (a card's date, a heading), show_date=False leaves it out."""
    zone = occurrence.zone.key
    text = describe_span(occurrence.local_start, occurrence.local_end, show_date=show_date)
    zone_label = ""
    if show_zone and zone != "UTC":
        # Inside the <time>: site.js adds the visitor's own time right after the element.
        zone_label = f" ({zone.replace('_', ' ')})"
    return format_html(
        '<time datetime="{}" data-local data-end="{}" data-zone="{}" data-date="{}"{}>{}{}</time>',
        _iso(occurrence.start),
        _iso(occurrence.end),
        zone,
        "shown" if show_date else "beside",
        mark_safe(' data-zone-label="shown"') if zone_label else "",
        text,
        zone_label,
    )


@register.simple_tag
def original_when(occurrence):
    """Where a moved date was: in the event's zone, written again by site.js in the
    reader's clock style like every other time on the page."""
    local = occurrence.local_original_start
    return format_html(
        '<time datetime="{}" data-zone="{}" data-date="shown">{} {}</time>',
        _iso(occurrence.original_start),
        occurrence.zone.key,
        date_format(local, "D j M Y, H:i"),
        local.tzname(),
    )


@register.simple_tag(takes_context=True)
def google_calendar_link(context, occurrence):
    request = context.get("request")
    base_url = request.build_absolute_uri("/") if request else ""
    return ical.google_calendar_url(occurrence, base_url)


@register.simple_tag(takes_context=True)
def google_series_link(context, event):
    request = context.get("request")
    base_url = request.build_absolute_uri("/") if request else ""
    return ical.google_series_url(event, base_url)


@register.simple_tag(takes_context=True)
def webcal_url(context, url):
    """The same feed as a webcal:// link, which calendar apps subscribe to."""
    request = context.get("request")
    absolute = request.build_absolute_uri(url) if request else url
    return "webcal://" + absolute.split("://", 1)[-1]


@register.filter
def occurrence_url(occurrence, request=None):
    return occurrence.get_url(request)


@register.simple_tag(takes_context=True)
def route_url(context, page, name, *args):
    """A sub-route of a routable page, like wagtail's routablepageurl (that app is not installed)."""
    request = context.get("request")
    # An unsaved page (an editor's preview) has no URL yet.
    return (page.get_url(request=request) or "") + page.reverse_subpage(name, args=args)


@register.simple_tag
def calendar_url(page):
    """The .ics feed of an event, a community or the event index ("" before it is saved)."""
    return reverse("events:calendar", args=[page.pk]) if page.pk else ""


@register.simple_tag
def occurrence_calendar_url(occurrence):
    if not occurrence.event.pk:
        return ""
    return reverse("events:occurrence_calendar", args=[occurrence.event.pk, occurrence.key])


@register.simple_tag(takes_context=True)
def event_structured_data(context, event, occurrence):
    """schema.org Event data for search engines. The join link is never in it."""
    request = context.get("request")
    page_url = request.build_absolute_uri(occurrence.get_url(request)) if request else occurrence.get_url()
    locations = []
    if event.is_in_person:
        locations.append(
            {"@type": "Place", "name": event.venue_name, "address": " ".join(event.address.split())}
        )
    if event.is_online:
        locations.append({"@type": "VirtualLocation", "url": page_url})
    modes = {
        event.AttendanceMode.ONLINE: "OnlineEventAttendanceMode",
        event.AttendanceMode.IN_PERSON: "OfflineEventAttendanceMode",
        event.AttendanceMode.HYBRID: "MixedEventAttendanceMode",
    }
    status = (
        "EventCancelled"
        if occurrence.cancelled
        else "EventRescheduled"
        if occurrence.moved
        else "EventScheduled"
    )
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "description": event.get_listing_summary(),
        "startDate": occurrence.local_start.isoformat(),
        "endDate": occurrence.local_end.isoformat(),
        "eventStatus": f"https://schema.org/{status}",
        "eventAttendanceMode": f"https://schema.org/{modes[event.attendance_mode]}",
        "location": locations[0] if len(locations) == 1 else locations,
        "url": page_url,
        "organizer": [
            {"@type": "Person", "name": profile.display_name} for profile in context.get("organisers") or []
        ],
    }
    payload = (
        json.dumps(data, ensure_ascii=False)
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
    )
    # A data block is never run, so the CSP needs no nonce for it (and a page without
    # one can be kept whole in the page cache).
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(payload))  # noqa: S308
