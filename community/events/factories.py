from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import factory
import wagtail_factories

from community.people.factories import ContributorProfileFactory

from .models import (
    CommunityIndexPage,
    CommunityOrganiser,
    CommunityPage,
    EventIndexPage,
    EventOccurrenceChange,
    EventOrganiser,
    EventPage,
)

NEW_YORK = ZoneInfo("America/New_York")


class CommunityIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = CommunityIndexPage

    title = "Communities"
    slug = "communities"


class CommunityPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = CommunityPage

    title = factory.Sequence(lambda n: f"Community {n}")
    slug = factory.Sequence(lambda n: f"community-{n}")
    domain = "Knowledge sharing in practice"
    purpose = "We meet to share what works."


class EventIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = EventIndexPage

    title = "Events"
    slug = "events"


class EventPageFactory(wagtail_factories.PageFactory):
    """A weekly-style online chat an hour long, starting next week at noon New York time."""

    class Meta:
        model = EventPage

    title = factory.Sequence(lambda n: f"Event {n}")
    slug = factory.Sequence(lambda n: f"event-{n}")
    time_zone = "America/New_York"
    start = factory.LazyFunction(
        lambda: (datetime.now(NEW_YORK) + timedelta(days=7)).replace(
            hour=12, minute=0, second=0, microsecond=0
        )
    )
    end = factory.LazyAttribute(lambda o: o.start + timedelta(hours=1))
    attendance_mode = EventPage.AttendanceMode.ONLINE
    join_url = "https://meet.example.com/kmp-secret-room"


class EventOrganiserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EventOrganiser

    page = factory.SubFactory(EventPageFactory)
    organiser = factory.SubFactory(ContributorProfileFactory)


class CommunityOrganiserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CommunityOrganiser

    page = factory.SubFactory(CommunityPageFactory)
    organiser = factory.SubFactory(ContributorProfileFactory)


class EventOccurrenceChangeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EventOccurrenceChange

    page = factory.SubFactory(EventPageFactory)
    cancelled = True
