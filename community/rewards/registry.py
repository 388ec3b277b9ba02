"""The reward streams. A stream turns a period into {ContributorProfile id: metric}.

Adding a stream is one function and one registration::

    @register_stream("events", label=_("Events"), unit=_("attendee"), unit_plural=_("attendees"),
                     default_weight=10, default_minimum=5)
    def event_attendance(start, end):
        from community.events.metrics import attendance
        return attendance(start, end)

A new stream earns nothing until Finance gives it a weight in a new policy version.

A stream may also say what Finance sees when it reviews a period before paying
(review.py): register_evidence(name) on fn(start, end, contributor ids) ->
{contributor id: [Fact, ...]}.
"""

from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, replace
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
    evidence: Callable | None = None

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


@dataclass(frozen=True)
class Fact:
    """One piece of evidence about a contributor's metric: a label, the value as people
    read it, a share (0 to 1) to draw as a bar when there is one, and whether it looks
    like one person rather than many."""

    label: str
    value: str
    share: float | None = None
    concern: bool = False


def register_evidence(name):
    """Decorator: fn(start, end, contributor_ids) -> {contributor id: [Fact]} is what
    the review before pay shows for stream `name` (registered before it)."""

    def decorator(evidence):
        _streams[name] = replace(_streams[name], evidence=evidence)
        return evidence

    return decorator


def get_streams():
    """Registered streams in registration order."""
    return list(_streams.values())


def get_stream(name):
    return _streams.get(name)


def stream_label(name):
    """The stream's label, or its name in title case once it is no longer registered
    (statements and exclusions outlive a stream)."""
    stream = get_stream(name)
    return stream.label if stream else name.title()


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
