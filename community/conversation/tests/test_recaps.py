from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from community.conversation import digest
from community.conversation.models import EventRecap, Follow
from community.events.factories import (
    CommunityIndexPageFactory,
    CommunityPageFactory,
    EventOrganiserFactory,
    EventPageFactory,
)
from community.people.factories import ContributorProfileFactory

pytestmark = pytest.mark.django_db
NEW_YORK = ZoneInfo("America/New_York")


@pytest.fixture
def chat(home_page, make_user):
    """A weekly chat in a community, with an organiser; its first dates are over."""
    community = CommunityPageFactory(parent=CommunityIndexPageFactory(parent=home_page), title="KMers")
    start = datetime(2025, 1, 7, 12, tzinfo=NEW_YORK)
    event = EventPageFactory(
        parent=community,
        title="Weekly chat",
        start=start,
        end=start.replace(hour=13),
        recurrence="FREQ=WEEKLY;BYDAY=TU",
    )
    organiser = make_user(email="olga@example.com")
    EventOrganiserFactory(page=event, organiser=ContributorProfileFactory(user=organiser))
    past = event.get_occurrence(start)
    return community, event, organiser, past


def recap_url(event, key):
    return reverse("conversation:write_recap", args=[event.pk, key])


def test_the_organiser_recaps_a_past_date_and_it_shows_on_the_date_and_the_community(client, chat):
    community, event, organiser, past = chat
    client.force_login(organiser)
    response = client.post(
        recap_url(event, past.key),
        {"text": "We compared wikis.", "transcript": "Olga: welcome", "links": "https://slides.example/1"},
    )
    assert response.status_code == 302
    recap = EventRecap.objects.get()
    assert recap.written_by == organiser and recap.link_list() == ["https://slides.example/1"]
    client.logout()
    html = client.get(past.get_url()).content.decode()
    assert "We compared wikis." in html and "https://slides.example/1" in html
    assert "We compared wikis." in client.get(community.url).content.decode()


def test_only_organisers_recap_and_only_after_the_date(client, chat, make_user):
    community, event, organiser, past = chat
    client.force_login(make_user())
    assert client.post(recap_url(event, past.key), {"text": "Hijack"}).status_code == 403
    client.force_login(organiser)
    future = event.next_occurrences(1)[0]
    assert client.post(recap_url(event, future.key), {"text": "Too soon"}).status_code == 403
    assert client.post(recap_url(event, "20250108T000000Z"), {"text": "No such date"}).status_code == 404
    assert (
        client.post(recap_url(event, past.key), {"text": "x", "links": "javascript:alert(1)"}).status_code
        == 400
    )
    assert not EventRecap.objects.exists()


def test_followers_of_the_community_get_the_recap_in_their_digest(chat, make_user):
    community, event, organiser, past = chat
    reader = make_user()
    Follow.objects.create(user=reader, community=community)
    subscription = digest.ensure_member_subscription(reader)
    EventRecap.objects.create(
        event=event, occurrence_start=past.original_start, text="Notes", written_by=organiser
    )
    now = timezone.now() + timedelta(seconds=1)
    content = digest.content_for(subscription, now - digest.PERIOD, now)
    assert [recap.text for recap in content.recaps] == ["Notes"]
    assert past.get_url() in digest.build_message(subscription, content).body
