"""The page tree, and what visitors see on the index, community and event pages."""

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from community.events.factories import (
    CommunityIndexPageFactory,
    CommunityPageFactory,
    EventIndexPageFactory,
    EventPageFactory,
)
from community.events.models import (
    CommunityIndexPage,
    CommunityMember,
    CommunityPage,
    EventIndexPage,
    EventOccurrenceChange,
    EventPage,
)
from home.factories import HomePageFactory
from home.models import HomePage


class EventTreeTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        root = Page.get_first_root_node()
        Page.objects.filter(depth=2).update(slug="old-welcome")
        cls.home = HomePageFactory(parent=root)
        cls.events = EventIndexPageFactory(parent=cls.home)
        cls.communities = CommunityIndexPageFactory(parent=cls.home)
        cls.community = CommunityPageFactory(parent=cls.communities)

    def test_where_each_page_type_may_live(self):
        self.assertAllowedParentPageTypes(EventIndexPage, {HomePage})
        self.assertAllowedParentPageTypes(CommunityIndexPage, {HomePage})
        self.assertAllowedParentPageTypes(CommunityPage, {CommunityIndexPage})
        self.assertAllowedParentPageTypes(EventPage, {CommunityPage, EventIndexPage})
        self.assertAllowedSubpageTypes(EventPage, set())

    def test_index_pages_exist_once(self):
        self.assertFalse(EventIndexPage.can_create_at(self.home))
        self.assertFalse(CommunityIndexPage.can_create_at(self.home))


def test_index_lists_eight_weeks_of_occurrences_across_communities(client, community, event_index):
    now = timezone.now()
    weekly = EventPageFactory(
        parent=community,
        title="Weekly chat",
        start=now + timedelta(days=1),
        end=now + timedelta(days=1, hours=1),
        time_zone="UTC",
        recurrence="FREQ=WEEKLY",
    )
    EventPageFactory(
        parent=event_index,
        title="Site-wide party",
        start=now + timedelta(days=3),
        end=now + timedelta(days=3, hours=2),
    )
    EventPageFactory(
        parent=event_index,
        title="Far future",
        start=now + timedelta(weeks=9),
        end=now + timedelta(weeks=9, hours=1),
    )
    html = client.get(event_index.url).content.decode()
    assert html.count("Weekly chat</a>") == 8
    assert "Site-wide party" in html
    assert "Far future" not in html
    # Soonest first: the first weekly date comes before the party, the second after it.
    first, second = (html.index(f"{weekly.url}{key}/") for key in [o.key for o in weekly.next_occurrences(2)])
    assert first < html.index("Site-wide party") < second
    assert "KMers weekly chat" in html  # each date names its community


def test_index_filters_by_community_and_explains_unknown_ones(
    client, community, community_index, event_index
):
    other = CommunityPageFactory(parent=community_index, title="Hong Kong", slug="hong-kong")
    EventPageFactory(parent=community, title="Chat in KMers")
    EventPageFactory(parent=other, title="Meet-up in Hong Kong")
    html = client.get(f"{event_index.url}?community=hong-kong").content.decode()
    assert "Meet-up in Hong Kong" in html and "Chat in KMers" not in html
    response = client.get(f"{event_index.url}?community=<nope>&page=zz")
    assert response.status_code == 200
    assert "There is no community called “&lt;nope&gt;”" in response.content.decode()


def test_cancelled_date_leaves_the_listings_but_is_explained(client, weekly_chat, event_index, make_user):
    cancelled = weekly_chat.next_occurrences(1)[0]
    EventOccurrenceChange.objects.create(
        page=weekly_chat, original_start=cancelled.original_start, cancelled=True, note="Away at KM World"
    )
    client.force_login(make_user())
    for url in (event_index.url, weekly_chat.get_parent().url, "/"):
        html = client.get(url).content.decode()
        assert f"{cancelled.key}/" not in html, url
    html = client.get(weekly_chat.url).content.decode()
    assert "Not happening" in html and "cancelled. Away at KM World" in html
    assert f"{cancelled.key}/rsvp/" not in html
    html = client.get(cancelled.get_url()).content.decode()
    assert "This date is cancelled." in html and "rsvp/" not in html


def test_event_page_shows_times_in_its_zone_with_a_machine_readable_instant(client, weekly_chat):
    weekly_chat.start = weekly_chat.start.replace(year=timezone.now().year + 1)
    weekly_chat.end = weekly_chat.start + timedelta(hours=1)
    weekly_chat.recurrence = ""
    weekly_chat.save()
    html = client.get(weekly_chat.url).content.decode()
    occurrence = weekly_chat.next_occurrences(1)[0]
    assert (
        f'<time datetime="{occurrence.start:%Y-%m-%dT%H:%M:%SZ}" data-local '
        f'data-end="{occurrence.end:%Y-%m-%dT%H:%M:%SZ}" data-zone="America/New_York"'
    ) in html
    assert "12:00–13:00 EST (America/New York)</time>" in html
    assert '<script type="application/ld+json"' in html and '"@type": "Event"' in html


def test_community_page_lists_upcoming_and_past_events_and_members(client, community, make_user):
    now = timezone.now()
    EventPageFactory(
        parent=community,
        title="Coming soon",
        start=now + timedelta(days=2),
        end=now + timedelta(days=2, hours=1),
    )
    EventPageFactory(
        parent=community,
        title="Long ago",
        start=now - timedelta(days=40),
        end=now - timedelta(days=40) + timedelta(hours=1),
    )
    CommunityMember.objects.create(community=community, user=make_user())
    html = client.get(community.url).content.decode()
    assert "Coming soon" in html
    assert html.index("Past events") < html.index("Long ago")
    assert "1 member." in html


def test_join_and_leave_a_community(client, community, make_user):
    user = make_user()
    client.force_login(user)
    assert client.get(community.url + "join/").status_code == 405
    client.post(community.url + "join/")
    client.post(community.url + "join/")
    assert CommunityMember.objects.filter(community=community, user=user).count() == 1
    assert "You are a member" in client.get(community.url).content.decode()
    client.post(community.url + "leave/")
    assert not CommunityMember.objects.filter(community=community).exists()


def test_anonymous_join_goes_to_login(client, community):
    response = client.post(community.url + "join/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not CommunityMember.objects.exists()


def test_community_index_cards(client, community_index, community):
    EventPageFactory(parent=community, title="Next chat")
    html = client.get(community_index.url).content.decode()
    assert "KMers weekly chat" in html and "Next:" in html and "0 members" in html


def test_index_queries_do_not_grow_with_events(client, community_index, event_index, make_user):
    def add_events(count):
        for _ in range(count):
            EventPageFactory(parent=CommunityPageFactory(parent=community_index), recurrence="FREQ=WEEKLY")

    def count_queries():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(event_index.url).status_code == 200
        return len(queries)

    client.force_login(make_user())
    add_events(2)
    count_queries()  # the first request creates the site settings row
    few = count_queries()
    add_events(10)
    count_queries()  # new pages renew the site token: warm the caches again
    assert count_queries() == few
