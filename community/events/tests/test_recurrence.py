"""Occurrences keep their wall-clock time in the event's zone across daylight-saving
changes, and cancelled or moved dates show as such."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from community.events import recurrence
from community.events.factories import EventPageFactory
from community.events.listings import upcoming_occurrences
from community.events.models import EventOccurrenceChange

NEW_YORK = ZoneInfo("America/New_York")
pytestmark = pytest.mark.django_db


def utc(*args):
    return datetime(*args, tzinfo=UTC)


def test_march_change_keeps_noon_in_new_york(weekly_chat):
    # Clocks went forward on Sunday 9 March 2025: 12:00 EST is 17:00 UTC, 12:00 EDT is 16:00 UTC.
    starts = [occ.start for occ in weekly_chat.occurrences_between(utc(2025, 3, 1), utc(2025, 3, 20))]
    assert starts == [utc(2025, 3, 4, 17), utc(2025, 3, 11, 16), utc(2025, 3, 18, 16)]
    assert {
        occ.local_start.hour for occ in weekly_chat.occurrences_between(utc(2025, 3, 1), utc(2025, 3, 20))
    } == {12}


def test_november_change_keeps_noon_in_new_york(weekly_chat):
    # Clocks went back on Sunday 2 November 2025.
    occurrences = weekly_chat.occurrences_between(utc(2025, 10, 27), utc(2025, 11, 12))
    assert [occ.start for occ in occurrences] == [
        utc(2025, 10, 28, 16),
        utc(2025, 11, 4, 17),
        utc(2025, 11, 11, 17),
    ]
    assert [occ.end - occ.start for occ in occurrences] == [timedelta(hours=1)] * 3


# The fixture's event is only read, so sharing it between examples is safe.
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(weeks=st.integers(min_value=0, max_value=520))
def test_every_occurrence_is_noon_on_a_tuesday_in_new_york(weekly_chat, weeks):
    after = weekly_chat.start + timedelta(weeks=weeks)
    (occurrence,) = weekly_chat.occurrences_between(after - timedelta(minutes=1), after + timedelta(days=6))
    local = occurrence.local_start
    assert (local.weekday(), local.hour, local.minute) == (1, 12, 0)


def test_cancelled_occurrence_disappears_from_listings(weekly_chat):
    cancelled = datetime(2025, 3, 11, 12, tzinfo=NEW_YORK)
    EventOccurrenceChange.objects.create(
        page=weekly_chat, original_start=cancelled, cancelled=True, note="Holiday"
    )
    weekly_chat.refresh_from_db()
    starts = [occ.start for occ in weekly_chat.occurrences_between(utc(2025, 3, 1), utc(2025, 3, 20))]
    assert utc(2025, 3, 11, 16) not in starts
    assert len(starts) == 2
    with_cancelled = weekly_chat.occurrences_between(
        utc(2025, 3, 1), utc(2025, 3, 20), include_cancelled=True
    )
    assert [occ.note for occ in with_cancelled if occ.cancelled] == ["Holiday"]
    listed = upcoming_occurrences(after=utc(2025, 3, 1), weeks=3)
    assert utc(2025, 3, 11, 16) not in [occ.start for occ in listed]


def test_moved_occurrence_keeps_its_identity(weekly_chat):
    original = datetime(2025, 3, 11, 12, tzinfo=NEW_YORK)
    moved_to = datetime(2025, 3, 13, 15, tzinfo=NEW_YORK)
    EventOccurrenceChange.objects.create(page=weekly_chat, original_start=original, new_start=moved_to)
    weekly_chat.refresh_from_db()
    (occurrence,) = weekly_chat.occurrences_between(utc(2025, 3, 12), utc(2025, 3, 14))
    assert occurrence.moved and occurrence.start == moved_to.astimezone(UTC)
    assert occurrence.end - occurrence.start == timedelta(hours=1)
    assert occurrence.original_start == utc(2025, 3, 11, 16)
    assert weekly_chat.get_occurrence_by_key(occurrence.key).start == occurrence.start


def test_date_moved_in_from_outside_the_window_is_listed(weekly_chat):
    original = datetime(2025, 3, 4, 12, tzinfo=NEW_YORK)
    EventOccurrenceChange.objects.create(
        page=weekly_chat, original_start=original, new_start=datetime(2025, 4, 30, 12, tzinfo=NEW_YORK)
    )
    weekly_chat.refresh_from_db()
    occurrences = weekly_chat.occurrences_between(utc(2025, 4, 28), utc(2025, 5, 2))
    assert [occ.original_start for occ in occurrences] == [utc(2025, 4, 29, 16), utc(2025, 3, 4, 17)]


def test_unknown_key_or_off_schedule_start_is_no_occurrence(weekly_chat):
    assert weekly_chat.get_occurrence_by_key("20250311T170000Z") is None  # an hour off
    assert weekly_chat.get_occurrence_by_key("not-a-key") is None
    assert weekly_chat.get_occurrence_by_key("20250311T160000Z") is not None


def test_until_and_count_end_the_series(community):
    start = datetime(2025, 1, 7, 12, tzinfo=NEW_YORK)
    until = EventPageFactory(
        parent=community, start=start, end=start + timedelta(hours=1), recurrence="FREQ=WEEKLY;UNTIL=20250121"
    )
    count = EventPageFactory(
        parent=community, start=start, end=start + timedelta(hours=1), recurrence="FREQ=WEEKLY;COUNT=2"
    )
    assert len(until.occurrences_between(utc(2025, 1, 1), utc(2025, 12, 31))) == 3
    assert len(count.occurrences_between(utc(2025, 1, 1), utc(2025, 12, 31))) == 2
    assert until.last_ends_at == utc(2025, 1, 21, 18)
    assert count.last_ends_at == utc(2025, 1, 14, 18)


def test_time_in_the_spring_gap_follows_rfc_5545(community):
    # 02:30 does not exist on 9 March 2025 in New York; RFC 5545 uses the offset before the gap.
    start = datetime(2025, 3, 2, 2, 30, tzinfo=NEW_YORK)
    event = EventPageFactory(
        parent=community, start=start, end=start + timedelta(hours=1), recurrence="FREQ=WEEKLY;BYDAY=SU"
    )
    (gap,) = event.occurrences_between(utc(2025, 3, 8), utc(2025, 3, 10))
    assert gap.start == utc(2025, 3, 9, 7, 30)


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        ("FREQ=HOURLY", "FREQ=DAILY, WEEKLY, MONTHLY or YEARLY"),
        ("FREQ=WEEKLY;COUNT=3;UNTIL=20260101", "not both"),
        ("FREQ=WEEKLY;INTERVAL=0", "INTERVAL must be a whole number"),
        ("FREQ=WEEKLY;BYDAY=XX", "not a valid recurrence rule"),
        ("FREQ=WEEKLY;COLOUR=RED", "unknown part: COLOUR"),
        ("every tuesday", "NAME=VALUE"),
        ("FREQ=WEEKLY;UNTIL=tomorrow", "UNTIL must be a date"),
    ],
)
def test_bad_rules_say_what_is_wrong(rule, message):
    with pytest.raises(ValidationError) as caught:
        recurrence.normalise_rule(rule)
    assert message in " ".join(caught.value.messages)


def test_rule_is_normalised():
    assert recurrence.normalise_rule(" rrule:freq=weekly; byday=tu ") == "FREQ=WEEKLY;BYDAY=TU"
    assert recurrence.normalise_rule("") == ""


def test_rule_described_in_words():
    assert recurrence.describe_rule("FREQ=WEEKLY;BYDAY=TU", NEW_YORK) == "Every week on Tuesday"
    assert recurrence.describe_rule("FREQ=MONTHLY;BYDAY=3TH", NEW_YORK) == "Every month on the third Thursday"
    assert (
        recurrence.describe_rule("FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH;COUNT=6", NEW_YORK)
        == "Every 2 weeks on Monday and Thursday, 6 times"
    )
