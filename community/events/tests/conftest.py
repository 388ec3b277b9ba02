from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from community.events.factories import (
    CommunityIndexPageFactory,
    CommunityPageFactory,
    EventIndexPageFactory,
    EventPageFactory,
)

NEW_YORK = ZoneInfo("America/New_York")


@pytest.fixture
def event_index(home_page):
    return EventIndexPageFactory(parent=home_page)


@pytest.fixture
def community_index(home_page):
    return CommunityIndexPageFactory(parent=home_page)


@pytest.fixture
def community(community_index):
    return CommunityPageFactory(parent=community_index, title="KMers weekly chat", slug="kmers")


@pytest.fixture
def weekly_chat(community):
    """Tuesdays at 12:00 New York time from 7 January 2025, an hour long, 2 seats."""
    start = datetime(2025, 1, 7, 12, tzinfo=NEW_YORK)
    return EventPageFactory(
        parent=community,
        title="Weekly chat",
        slug="weekly-chat",
        start=start,
        end=start.replace(hour=13),
        recurrence="FREQ=WEEKLY;BYDAY=TU",
        capacity=2,
    )
