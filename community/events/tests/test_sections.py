"""What the events app adds to the home page, the account page and contributor profiles."""

import pytest
from bs4 import BeautifulSoup

from community.events import rsvp as seats
from community.events.factories import EventOrganiserFactory
from community.people.factories import ContributorProfileFactory

pytestmark = pytest.mark.django_db


def test_home_page_shows_upcoming_events(client, weekly_chat, event_index):
    html = client.get("/").content.decode()
    assert "Upcoming events" in html
    assert weekly_chat.next_occurrences(1)[0].get_url() in html
    assert f'href="{event_index.url}">All events' in html
    assert "meet.example.com" not in html


def test_account_lists_my_rsvps_and_communities(client, make_user, weekly_chat, community):
    person = make_user()
    community.members.create(user=person)
    going_to = weekly_chat.next_occurrences(2)[1]
    seats.respond(weekly_chat, going_to, person, notify=False)
    client.force_login(person)
    html = client.get("/account/").content.decode()
    assert going_to.get_url() in html and "Going" in html
    assert "My communities" in html and community.title in html


def test_account_with_no_events_points_to_the_index(client, make_user, event_index):
    client.force_login(make_user())
    html = client.get("/account/").content.decode()
    assert "You have no upcoming events" in html and f'href="{event_index.url}"' in html


def test_profile_lists_events_the_contributor_organises(client, weekly_chat):
    profile = ContributorProfileFactory(display_name="Amara Okafor")
    EventOrganiserFactory(page=weekly_chat, organiser=profile)
    html = client.get(profile.get_absolute_url()).content.decode()
    assert "Communities and events Amara Okafor organises" in html and weekly_chat.url in html


def test_home_greets_a_person_with_their_next_date_not_a_cancelled_one(client, make_user, weekly_chat):
    person = make_user()
    first, second = weekly_chat.next_occurrences(2)
    seats.respond(weekly_chat, second, person, notify=False)
    client.force_login(person)
    greeting = BeautifulSoup(client.get("/").content, "html.parser").find("section", class_="greeting")
    assert "Your next event" in greeting.get_text()
    assert greeting.find("a", href=second.get_url()) is not None
    assert "meet.example.com" not in str(greeting)
