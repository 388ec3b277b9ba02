"""The reward streams. A stream turns a period into {ContributorProfile id: metric}.

Adding a stream is one function and one registration::

    @register_stream("events", label=_("Events"), unit=_("attendee"), unit_plural=_("attendees"),
                     default_weight=10, default_minimum=5)
    def event_attendance(start, end):
        from community.events.metrics import attendance
        return attendance(start, end)

A new stream earns nothing until Finance gives it a weight in a new policy version.
"""

from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

Measure = Callable[[date, date], dict]


@dataclass(frozen=True)
class RewardStream:
    name: str
    label: str
    unit: str
    unit_plural: str
    measure: Measure
    default_weight: int
    default_minimum: Decimal
    description: str = ""

    def unit_for(self, value):
        return self.unit if value == 1 else self.unit_plural


_streams: dict[str, RewardStream] = {}


def register_stream(name, *, label, unit, unit_plural, default_weight=0, default_minimum=0, description=""):
    """Decorator: register fn(start, end) -> {contributor id: number} as a stream.

    start and end are dates and both are included in the period."""

    def decorator(measure):
        _streams[name] = RewardStream(
            name=name,
            label=label,
            unit=unit,
            unit_plural=unit_plural,
            measure=measure,
            default_weight=default_weight,
            default_minimum=Decimal(default_minimum),
            description=description,
        )
        return measure

    return decorator


def get_streams():
    """Registered streams in registration order."""
    return list(_streams.values())


def get_stream(name):
    return _streams.get(name)


@contextmanager
def override_streams(*streams):
    """Replace the registry for a test: override_streams(RewardStream(...), ...)."""
    saved = dict(_streams)
    _streams.clear()
    _streams.update({stream.name: stream for stream in streams})
    try:
        yield
    finally:
        _streams.clear()
        _streams.update(saved)
