"""iCalendar (RFC 5545) files and "add to calendar" links.

A recurring event is one VEVENT with its RRULE; cancelled dates are EXDATEs and a
moved date is a VEVENT with the same UID and a RECURRENCE-ID. Times carry the
event's TZID with a VTIMEZONE, or are UTC for events in UTC. The join link is
written only into an attendee's private feed (`attendee_calendar`, for the dates
they are going to): public files get shared."""

from datetime import UTC, date, datetime, timedelta
from urllib.parse import urlencode, urlsplit

import icalendar
from django.http import HttpResponse
from django.utils import timezone
from django.utils.text import slugify

from . import recurrence

PRODID = "-//KMP Portal//Events//EN"
GOOGLE_TEMPLATE_URL = "https://calendar.google.com/calendar/render"
# Years of daylight-saving transitions written into each VTIMEZONE.
VTIMEZONE_YEARS_AHEAD = 10


def _host(base_url):
    return urlsplit(base_url).hostname or "kmp.invalid"


def _absolute(url, base_url):
    return url if url.startswith(("http://", "https://")) else base_url.rstrip("/") + url


def _in_event_zone(event, moment):
    """An aware time that icalendar writes with the event's TZID, or as UTC for UTC events."""
    if event.zone.key == "UTC":
        return moment.astimezone(UTC)
    return moment.astimezone(event.zone)


def location_text(event):
    parts = []
    if event.is_in_person:
        parts += [event.venue_name, " ".join(event.address.split())]
    if event.is_online:
        parts.append("Online")
    return ", ".join(part for part in parts if part)


def description_text(event, url):
    summary = event.get_listing_summary()
    lines = [summary] if summary else []
    if event.is_online:
        lines.append("RSVP on the event page to see the link to join.")
    lines.append(f"Details and RSVP: {url}")
    return "\n\n".join(lines)


def _base_vevent(event, uid, url):
    vevent = icalendar.Event()
    vevent.add("uid", uid)
    vevent.add("dtstamp", timezone.now().astimezone(UTC))
    vevent.add("summary", event.title)
    vevent.add("description", description_text(event, url))
    vevent.add("url", url)
    location = location_text(event)
    if location:
        vevent.add("location", location)
    vevent.add("categories", [str(event.get_stage_display())])
    if event.last_published_at:
        vevent.add("last-modified", event.last_published_at.astimezone(UTC))
        # Grows with every publish, so a calendar replaces what it had for this UID.
        vevent.add("sequence", int(event.last_published_at.timestamp()) // 60)
    return vevent


def event_uid(event, base_url):
    return f"event-{event.pk}@{_host(base_url)}"


def event_vevents(event, base_url):
    """The VEVENTs of one event: the series, then one per moved date."""
    url = _absolute(event.get_url(), base_url)
    uid = event_uid(event, base_url)
    changes = event.changes_by_original_start()
    master = _base_vevent(event, uid, url)
    if not event.is_recurring:
        occurrence = event.get_occurrence(event.start)
        master.add("dtstart", _in_event_zone(event, occurrence.start))
        master.add("dtend", _in_event_zone(event, occurrence.end))
        master.add("status", "CANCELLED" if occurrence.cancelled else "CONFIRMED")
        return [master]
    master.add("dtstart", _in_event_zone(event, event.start))
    master.add("dtend", _in_event_zone(event, event.end))
    vevents = [master]
    master.add("status", "CONFIRMED")
    master.add("rrule", icalendar.vRecur.from_ical(recurrence.rule_for_ical(event.recurrence, event.zone)))
    cancelled = sorted(original for original, change in changes.items() if change.cancelled)
    if cancelled:
        master.add("exdate", [_in_event_zone(event, original) for original in cancelled])
    for original, change in sorted(changes.items()):
        if change.cancelled or not change.new_start:
            continue
        occurrence = event.get_occurrence(original)
        if occurrence is None:
            continue
        moved = _base_vevent(event, uid, _absolute(occurrence.get_url(), base_url))
        moved.add("recurrence-id", _in_event_zone(event, original))
        moved.add("dtstart", _in_event_zone(event, occurrence.start))
        moved.add("dtend", _in_event_zone(event, occurrence.end))
        moved.add("status", "CONFIRMED")
        if change.note:
            moved["description"] = icalendar.vText(f"{change.note}\n\n{moved['description']}")
        vevents.append(moved)
    return vevents


def occurrence_vevent(occurrence, base_url):
    """One date on its own, for "add this date" downloads and email attachments."""
    event = occurrence.event
    url = _absolute(occurrence.get_url(), base_url)
    vevent = _base_vevent(event, f"event-{event.pk}-{occurrence.key}@{_host(base_url)}", url)
    vevent.add("dtstart", _in_event_zone(event, occurrence.start))
    vevent.add("dtend", _in_event_zone(event, occurrence.end))
    vevent.add("status", "CANCELLED" if occurrence.cancelled else "CONFIRMED")
    return vevent


def build_calendar(name, vevents):
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    # icalendar treats X- properties as opaque, so the name is escaped as TEXT here.
    calendar.add("x-wr-calname", icalendar.vText(name))
    # Subscribed calendars refresh hourly.
    calendar.add("refresh-interval", timedelta(hours=1), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT1H")
    for vevent in vevents:
        calendar.add_component(vevent)
    starts = [vevent.decoded("dtstart") for vevent in vevents]
    first = min((s.date() if isinstance(s, datetime) else s for s in starts), default=date.today())
    calendar.add_missing_timezones(
        first_date=date(first.year, 1, 1), last_date=date(date.today().year + VTIMEZONE_YEARS_AHEAD, 1, 1)
    )
    return calendar.to_ical()


def events_calendar(name, events, base_url):
    return build_calendar(name, [vevent for event in events for vevent in event_vevents(event, base_url)])


def occurrence_calendar(occurrence, base_url):
    return build_calendar(occurrence.event.title, [occurrence_vevent(occurrence, base_url)])


def attendee_calendar(name, occurrences, base_url):
    """One person's dates with the join link and instructions, for their private feed."""
    vevents = []
    for occurrence in occurrences:
        vevent = occurrence_vevent(occurrence, base_url)
        event = occurrence.event
        if event.is_online and event.join_url:
            lines = [f"Join: {event.join_url}"]
            if event.join_instructions:
                lines.append(event.join_instructions)
            vevent["description"] = icalendar.vText("\n\n".join([*lines, str(vevent["description"])]))
            vevent.add("conference", event.join_url, parameters={"VALUE": "URI", "FEATURE": "VIDEO"})
        vevents.append(vevent)
    return build_calendar(name, vevents)


def calendar_response(content, filename, private=False):
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{slugify(filename) or "calendar"}.ics"'
    response["Cache-Control"] = "private, no-store" if private else "public, max-age=900"
    return response


def _google_time(moment):
    return moment.astimezone(UTC).strftime(recurrence.KEY_FORMAT)


def google_calendar_url(occurrence, base_url):
    """A Google Calendar "add event" link for one date."""
    dates = f"{_google_time(occurrence.start)}/{_google_time(occurrence.end)}"
    return _google_template_url(occurrence.event, dates, occurrence.get_url(), base_url)


def google_series_url(event, base_url):
    """A Google Calendar link for the whole series: first date, zone and RRULE."""
    dates = f"{event.local_start:%Y%m%dT%H%M%S}/{event.local_end:%Y%m%dT%H%M%S}"
    recur = (
        {"recur": "RRULE:" + recurrence.rule_for_ical(event.recurrence, event.zone)}
        if event.is_recurring
        else {}
    )
    return _google_template_url(event, dates, event.get_url(), base_url, **recur)


def _google_template_url(event, dates, page_url, base_url, **extra):
    """Google Calendar's "add event" address: the event's title, dates, description,
    time zone, what `extra` adds (a series' rule), and its place."""
    params = {
        "action": "TEMPLATE",
        "text": event.title,
        "dates": dates,
        "details": description_text(event, _absolute(page_url, base_url)),
        "ctz": event.zone.key,
        **extra,
    }
    location = location_text(event)
    if location:
        params["location"] = location
    return f"{GOOGLE_TEMPLATE_URL}?{urlencode(params)}"
