"""Every .ics parses with icalendar and gives back the event's times; recurring
events carry RRULE, EXDATE for cancelled dates and RECURRENCE-ID for moved ones;
the join link is never written."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest
from dateutil.rrule import rrulestr
from django.urls import reverse

from community.events.factories import EventPageFactory
from community.events.models import EventOccurrenceChange

NEW_YORK = ZoneInfo("America/New_York")
HONG_KONG = ZoneInfo("Asia/Hong_Kong")
pytestmark = pytest.mark.django_db


def fetch_calendar(client, page):
    response = client.get(reverse("events:calendar", args=[page.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    body = response.content.decode()
    assert "meet.example.com" not in body  # the factory's join link
    return icalendar.Calendar.from_ical(response.content), body


def expand(vevent, before):
    """The starts a calendar app computes from DTSTART, RRULE and EXDATE."""
    start = vevent.decoded("dtstart")
    rule = vevent["rrule"].to_ical().decode()
    excluded = {d.dt for exdate in [vevent.get("exdate")] if exdate for d in exdate.dts}
    return [
        s
        for s in rrulestr(f"RRULE:{rule}", dtstart=start).between(start, before, inc=True)
        if s not in excluded
    ]


def test_recurring_event_round_trips_with_exdate_and_moved_date(client, weekly_chat):
    cancelled = datetime(2025, 3, 11, 12, tzinfo=NEW_YORK)
    moved = datetime(2025, 3, 18, 12, tzinfo=NEW_YORK)
    EventOccurrenceChange.objects.create(page=weekly_chat, original_start=cancelled, cancelled=True)
    EventOccurrenceChange.objects.create(
        page=weekly_chat, original_start=moved, new_start=moved + timedelta(days=1, hours=2), note="Guest"
    )
    calendar, body = fetch_calendar(client, weekly_chat)

    (timezone_component,) = calendar.walk("VTIMEZONE")
    assert timezone_component["tzid"] == "America/New_York"
    master, override = calendar.walk("VEVENT")
    assert master.decoded("dtstart") == weekly_chat.start
    assert master.decoded("dtend") == weekly_chat.end
    assert master["dtstart"].params["TZID"] == "America/New_York"
    assert master["rrule"].to_ical() == b"FREQ=WEEKLY;BYDAY=TU"
    assert [d.dt for d in master["exdate"].dts] == [cancelled]
    assert override["uid"] == master["uid"]
    assert override.decoded("recurrence-id") == moved
    assert override.decoded("dtstart") == moved + timedelta(days=1, hours=2)

    weekly_chat.refresh_from_db()
    window_end = datetime(2025, 6, 1, tzinfo=UTC)
    ours = [occ.original_start for occ in weekly_chat.occurrences_between(weekly_chat.start, window_end)]
    theirs = [start.astimezone(UTC) for start in expand(master, window_end)]
    assert theirs == ours
    assert cancelled.astimezone(UTC) not in theirs


def test_one_off_event_in_hong_kong_round_trips(client, community):
    start = datetime(2026, 5, 21, 19, tzinfo=HONG_KONG)
    event = EventPageFactory(
        parent=community, time_zone="Asia/Hong_Kong", start=start, end=start + timedelta(hours=2)
    )
    calendar, _body = fetch_calendar(client, event)
    (vevent,) = calendar.walk("VEVENT")
    assert vevent.decoded("dtstart") == start and vevent.decoded("dtend") == start + timedelta(hours=2)
    assert "rrule" not in vevent and vevent["status"] == "CONFIRMED"
    assert vevent["url"].endswith(event.url)


def test_utc_event_is_written_in_utc(client, community):
    start = datetime(2026, 5, 21, 15, tzinfo=UTC)
    event = EventPageFactory(parent=community, time_zone="UTC", start=start, end=start + timedelta(hours=1))
    calendar, body = fetch_calendar(client, event)
    assert "DTSTART:20260521T150000Z" in body
    assert not calendar.walk("VTIMEZONE")


def test_cancelled_one_off_event_is_marked_cancelled(client, community):
    start = datetime(2026, 5, 21, 15, tzinfo=UTC)
    event = EventPageFactory(parent=community, start=start, end=start + timedelta(hours=1))
    EventOccurrenceChange.objects.create(page=event, original_start=start, cancelled=True)
    calendar, _body = fetch_calendar(client, event)
    (vevent,) = calendar.walk("VEVENT")
    assert vevent["status"] == "CANCELLED"


def test_community_and_index_feeds_hold_their_events(client, community, event_index, weekly_chat):
    other = EventPageFactory(parent=event_index, title="Site-wide")
    community_calendar, _ = fetch_calendar(client, community)
    assert [str(v["summary"]) for v in community_calendar.walk("VEVENT")] == ["Weekly chat"]
    index_calendar, _ = fetch_calendar(client, event_index)
    assert {str(v["summary"]) for v in index_calendar.walk("VEVENT")} == {"Weekly chat", other.title}


def test_single_date_download(client, weekly_chat):
    occurrence = weekly_chat.get_occurrence(datetime(2025, 3, 11, 12, tzinfo=NEW_YORK))
    response = client.get(reverse("events:occurrence_calendar", args=[weekly_chat.pk, occurrence.key]))
    (vevent,) = icalendar.Calendar.from_ical(response.content).walk("VEVENT")
    assert vevent.decoded("dtstart") == datetime(2025, 3, 11, 12, tzinfo=NEW_YORK)
    assert "meet.example.com" not in response.content.decode()


def test_draft_private_or_unknown_pages_have_no_feed(client, weekly_chat, home_page):
    weekly_chat.unpublish()
    assert client.get(reverse("events:calendar", args=[weekly_chat.pk])).status_code == 404
    assert client.get(reverse("events:calendar", args=[home_page.pk])).status_code == 404
    assert client.get(reverse("events:calendar", args=[999999])).status_code == 404
    assert client.get(f"/events/calendar/{weekly_chat.pk}/20250311T160000Z.ics").status_code == 404


def test_until_is_written_in_utc_beside_a_tzid(client, community):
    start = datetime(2025, 1, 7, 12, tzinfo=NEW_YORK)
    event = EventPageFactory(
        parent=community, start=start, end=start + timedelta(hours=1), recurrence="FREQ=WEEKLY;UNTIL=20250121"
    )
    calendar, _ = fetch_calendar(client, event)
    (vevent,) = calendar.walk("VEVENT")
    until = vevent["rrule"]["UNTIL"][0]
    assert until == datetime(2025, 1, 22, 4, 59, 59, tzinfo=UTC)  # 23:59:59 New York time
    assert len(expand(vevent, datetime(2026, 1, 1, tzinfo=UTC))) == 3


@pytest.mark.parametrize(
    "key", ["99991231T235959Z", "00010101T000000Z", "99990101T000000Z", "00011231T120000Z"]
)
def test_keys_at_the_ends_of_time_are_not_found(client, weekly_chat, key):
    """A key near datetime's limits is no date of the event, not an OverflowError."""
    download = client.get(f"/events/calendar/{weekly_chat.pk}/{key}.ics")
    page = client.get(f"{weekly_chat.url}{key}/")
    one_off = EventPageFactory(parent=weekly_chat.get_parent())
    assert client.get(f"/events/calendar/{one_off.pk}/{key}.ics").status_code == 404
    assert download.status_code == page.status_code == 404
    assert b"Page not found" in page.content
    assert client.get(f"/events/calendar/99999999999999999999/{key}.ics").status_code == 404


def test_titles_with_line_breaks_are_escaped(client, community, event_index):
    """A newline in a title is escaped (RFC 5545 TEXT), never written raw into the file."""
    community.title = "Weekly\nchat; for all, welcome"
    community.save_revision().publish()
    event = EventPageFactory(parent=community, title="Line\nbreak")
    event_index.title = "All\r\nevents"
    event_index.save_revision().publish()
    for page in (community, event_index, event):
        calendar, body = fetch_calendar(client, page)
        assert "X-WR-CALNAME:" in body
        assert "Line\nbreak" in [str(v["summary"]) for v in calendar.walk("VEVENT")]
    assert "X-WR-CALNAME:Weekly\\nchat\\; for all\\, welcome" in fetch_calendar(client, community)[1]
