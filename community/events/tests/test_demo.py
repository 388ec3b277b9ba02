"""The demo: a weekly chat at noon New York time, a monthly Hong Kong meet-up, RSVPs."""

from datetime import UTC

import pytest
from django.core import mail
from wagtail.models import GroupPagePermission

from community.events.demo import seed_events
from community.events.models import RSVP, CommunityPage, EventPage
from community.people.demo import seed_people
from home.demo import seed_home

pytestmark = pytest.mark.django_db


def seed_twice(command):
    for _ in range(2):
        seed_home(command)
        seed_people(command)
        seed_events(command)
    return command


def test_demo_builds_the_communities_and_is_safe_to_run_twice(client, seed_command):
    seed_twice(seed_command)
    assert set(CommunityPage.objects.values_list("title", flat=True)) == {
        "KMers weekly chat",
        "Hong Kong KM practitioners",
    }
    chat = EventPage.objects.get(slug="weekly-chat")
    assert chat.recurrence == "FREQ=WEEKLY;BYDAY=TU" and chat.time_zone == "America/New_York"
    assert {(o.local_start.weekday(), o.local_start.hour) for o in chat.next_occurrences(8)} <= {
        (1, 12),
        (2, 12),
    }
    assert [p.slug for p in chat.community.get_organiser_profiles()] == ["amara-okafor"]
    meetup = EventPage.objects.get(slug="monthly-meet-up")
    assert meetup.is_in_person and meetup.community.get_organiser_profiles()[0].slug == "li-wei"
    assert RSVP.objects.filter(status="going").count() == 10
    assert RSVP.objects.filter(status="waitlisted", event__slug="after-action-review-workshop").count() == 1
    assert mail.outbox == []  # seeding does not email people
    assert GroupPagePermission.objects.filter(group__name="Event organisers").count() == 4
    assert client.get("/events/").status_code == 200
    assert chat.next_occurrences(1)[0].start.tzinfo == UTC


def test_amara_sees_who_is_coming_to_the_weekly_chat(client, seed_command):
    seed_twice(seed_command)
    from community.people.models import ContributorProfile

    chat = EventPage.objects.get(slug="weekly-chat")
    client.force_login(ContributorProfile.objects.get(slug="amara-okafor").user)
    response = client.get(f"/admin/events/attendance/{chat.pk}/")
    assert response.status_code == 200
    assert len(response.context["going"]) == 4
