"""Occurrences: the dated instances of an event, after cancellations and moves.

An occurrence is identified by its original start in UTC (the iCalendar
RECURRENCE-ID), so a moved occurrence keeps its RSVPs."""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.utils import timezone

from . import recurrence

# Windows tried in turn when looking for "the next N" occurrences.
LOOKAHEAD_WINDOWS = (timedelta(weeks=8), timedelta(days=366), timedelta(days=366 * 5))


class LocalTimes:
    """start and end in the event's own time zone (`zone`): what pages and feeds show."""

    @property
    def local_start(self):
        return self.start.astimezone(self.zone)

    @property
    def local_end(self):
        return self.end.astimezone(self.zone)


@dataclass
class Occurrence(LocalTimes):
    event: object
    original_start: datetime
    start: datetime
    end: datetime
    cancelled: bool = False
    moved: bool = False
    note: str = ""
    # Filled in by listings (see listings.attach_attendance).
    going_count: int = 0
    waitlist_count: int = 0
    my_status: str = ""

    @property
    def key(self):
        return recurrence.occurrence_key(self.original_start)

    @property
    def zone(self):
        return self.event.zone

    @property
    def local_original_start(self):
        return self.original_start.astimezone(self.zone)

    @property
    def capacity(self):
        return self.event.capacity

    @property
    def seats_left(self):
        if self.capacity is None:
            return None
        return max(self.capacity - self.going_count, 0)

    @property
    def is_full(self):
        return self.capacity is not None and self.going_count >= self.capacity

    @property
    def has_ended(self):
        return self.end <= timezone.now()

    @property
    def is_happening_now(self):
        return self.start <= timezone.now() < self.end

    @property
    def accepts_rsvps(self):
        return not self.cancelled and not self.has_ended

    @property
    def is_going(self):
        return self.my_status == "going"

    @property
    def is_waitlisted(self):
        return self.my_status == "waitlisted"

    def get_url(self, request=None):
        return self.event.get_occurrence_url(self.key, request=request)


def change_signature(occurrence):
    """What people who answered were last told about a date: "", "cancelled" or the new times."""
    if occurrence.cancelled:
        return "cancelled"
    if occurrence.moved:
        return (
            f"moved:{recurrence.occurrence_key(occurrence.start)}-{recurrence.occurrence_key(occurrence.end)}"
        )
    return ""


def _original_starts(event, after, before):
    """Original starts s (aware, UTC) of the event with after <= s <= before."""
    if not event.recurrence:
        start = event.start.astimezone(UTC)
        return [start] if after <= start <= before else []
    zone = event.zone
    wall_start = recurrence.to_wall(event.start, zone)
    # A day's margin on each side absorbs UTC offsets; exact bounds are applied in UTC.
    walls = recurrence.wall_starts_between(
        event.recurrence,
        wall_start,
        zone,
        recurrence.to_wall(after, zone) - timedelta(days=1),
        recurrence.to_wall(before, zone) + timedelta(days=1),
    )
    starts = (wall.replace(tzinfo=zone).astimezone(UTC) for wall in walls)
    return [start for start in starts if after <= start <= before]


def is_original_start(event, moment):
    """Whether the event has an occurrence originally starting at this instant."""
    moment = moment.astimezone(UTC)
    return moment in _original_starts(event, moment - timedelta(seconds=1), moment + timedelta(seconds=1))


def _occurrence(event, original_start, change, duration):
    if change is None:
        return Occurrence(event, original_start, original_start, original_start + duration)
    if change.cancelled:
        return Occurrence(
            event, original_start, original_start, original_start + duration, cancelled=True, note=change.note
        )
    new_start = change.new_start.astimezone(UTC)
    new_end = (change.new_end or change.new_start + duration).astimezone(UTC)
    return Occurrence(event, original_start, new_start, new_end, moved=True, note=change.note)


def occurrences_between(event, after, before, include_cancelled=False):
    """Occurrences that overlap [after, before), in start order."""
    after = after.astimezone(UTC)
    before = before.astimezone(UTC)
    duration = event.end - event.start
    changes = event.changes_by_original_start()
    found = {}
    for original in _original_starts(event, after - duration, before):
        found[original] = _occurrence(event, original, changes.get(original), duration)
    # A date moved into the window from outside it.
    for original, change in changes.items():
        if original in found or change.cancelled or not change.new_start:
            continue
        occurrence = _occurrence(event, original, change, duration)
        if occurrence.end > after and occurrence.start < before and is_original_start(event, original):
            found[original] = occurrence
    occurrences = [
        occ
        for occ in found.values()
        if occ.end > after and occ.start < before and (include_cancelled or not occ.cancelled)
    ]
    return sorted(occurrences, key=lambda occ: (occ.start, occ.original_start))


def next_occurrences(event, limit, after=None, include_cancelled=False):
    """The next `limit` occurrences that have not ended."""
    after = after or timezone.now()
    occurrences = []
    for window in LOOKAHEAD_WINDOWS:
        occurrences = occurrences_between(event, after, after + window, include_cancelled)
        if len(occurrences) >= limit:
            break
    return occurrences[:limit]


def get_occurrence(event, original_start):
    """The occurrence with this original start (cancelled ones included), or None."""
    original_start = original_start.astimezone(UTC)
    if not is_original_start(event, original_start):
        return None
    change = event.changes_by_original_start().get(original_start)
    return _occurrence(event, original_start, change, event.end - event.start)


def series_last_end(event):
    """When the last occurrence ends (moves included), or None if the series never ends."""
    duration = event.end - event.start
    if event.recurrence:
        zone = event.zone
        last_wall = recurrence.last_wall_start(event.recurrence, recurrence.to_wall(event.start, zone), zone)
        if last_wall is None:
            return None
        last_end = last_wall.replace(tzinfo=zone).astimezone(UTC) + duration
    else:
        last_end = event.end.astimezone(UTC)
    for change in event.changes_by_original_start().values():
        if not change.cancelled and change.new_start:
            last_end = max(last_end, (change.new_end or change.new_start + duration).astimezone(UTC))
    return last_end
