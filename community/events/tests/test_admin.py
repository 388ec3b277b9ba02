"""Organisers see who is coming per occurrence, with a CSV export; only the event's
organisers, Editors and Moderators can see it."""

import csv
import io

import pytest
from django.urls import reverse

from community.events import rsvp as seats
from community.events.factories import CommunityOrganiserFactory, EventOrganiserFactory, EventPageFactory
from community.events.models import RSVP
from community.people.factories import ContributorProfileFactory
from community.people.roles import BLOGGERS, EDITORS, EVENT_ORGANISERS, MODERATORS

pytestmark = pytest.mark.django_db


@pytest.fixture
def full_date(weekly_chat, make_user):
    """The next date with two people going (capacity 2) and one waiting."""
    occurrence = weekly_chat.next_occurrences(1)[0]
    for first, last in [("Ann", "Going"), ("Ben", "Going"), ("Cat", "=HYPERLINK(1)")]:
        seats.respond(weekly_chat, occurrence, make_user(first_name=first, last_name=last), notify=False)
    return occurrence


def attendance_url(event, occurrence=None):
    url = reverse("events_attendance", args=[event.pk])
    return f"{url}?occurrence={occurrence.key}" if occurrence else url


def organiser_of(event, make_user):
    user = make_user(EVENT_ORGANISERS)
    EventOrganiserFactory(page=event, organiser=ContributorProfileFactory(user=user))
    return user


def test_event_organiser_sees_going_and_waiting(client, make_user, weekly_chat, full_date):
    client.force_login(organiser_of(weekly_chat, make_user))
    response = client.get(attendance_url(weekly_chat, full_date))
    assert response.status_code == 200
    assert [r.user.first_name for r in response.context["going"]] == ["Ann", "Ben"]
    assert [r.user.first_name for r in response.context["waiting"]] == ["Cat"]
    html = response.content.decode()
    assert "2 going of 2 seats" in html and "1 on the waiting list" in html
    # The next date is the default.
    assert client.get(attendance_url(weekly_chat)).context["selected"].key == full_date.key


def test_csv_export(client, make_user, weekly_chat, full_date):
    client.force_login(organiser_of(weekly_chat, make_user))
    response = client.get(reverse("events_attendance_csv", args=[weekly_chat.pk, full_date.key]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="weekly-chat-')
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [(row["status"], row["position"]) for row in rows] == [
        ("going", "1"),
        ("going", "2"),
        ("waitlisted", "1"),
    ]
    assert rows[0]["time zone"] == "America/New_York"
    assert rows[2]["name"] == "Cat =HYPERLINK(1)"
    assert not any(value.startswith("=") for row in rows for value in row.values())


def test_csv_cells_that_look_like_formulas_are_defused(client, make_user, weekly_chat):
    occurrence = weekly_chat.next_occurrences(1)[0]
    seats.respond(weekly_chat, occurrence, make_user(first_name="=cmd|calc", last_name="X"), notify=False)
    client.force_login(make_user(EDITORS))
    response = client.get(reverse("events_attendance_csv", args=[weekly_chat.pk, occurrence.key]))
    (row,) = csv.DictReader(io.StringIO(response.content.decode()))
    assert row["name"] == "'=cmd|calc X"


def test_community_organiser_editor_and_moderator_may_look(
    client, make_user, weekly_chat, community, full_date
):
    community_organiser = make_user(EVENT_ORGANISERS)
    CommunityOrganiserFactory(page=community, organiser=ContributorProfileFactory(user=community_organiser))
    for user in (community_organiser, make_user(EDITORS), make_user(MODERATORS)):
        client.force_login(user)
        assert client.get(attendance_url(weekly_chat, full_date)).status_code == 200
        csv_url = reverse("events_attendance_csv", args=[weekly_chat.pk, full_date.key])
        assert client.get(csv_url).status_code == 200


def test_everyone_else_gets_a_404(client, make_user, weekly_chat, community, full_date):
    other_event = EventPageFactory(parent=community)
    other_organiser = organiser_of(other_event, make_user)
    for user in (other_organiser, make_user(BLOGGERS), make_user(EVENT_ORGANISERS)):
        client.force_login(user)
        assert client.get(attendance_url(weekly_chat, full_date)).status_code == 404
        csv_url = reverse("events_attendance_csv", args=[weekly_chat.pk, full_date.key])
        assert client.get(csv_url).status_code == 404
    client.force_login(other_organiser)
    assert client.get(attendance_url(other_event)).status_code == 200
    assert client.get(reverse("events_attendance", args=[999999])).status_code == 404
    assert client.get(attendance_url(weekly_chat) + "?occurrence=garbage").status_code in (404,)


def test_anonymous_is_sent_to_log_in(client, weekly_chat):
    response = client.get(attendance_url(weekly_chat))
    assert response.status_code == 302 and "login" in response["Location"]


def test_attendance_index_lists_only_my_events(client, make_user, weekly_chat, community, full_date):
    EventPageFactory(parent=community, title="Not mine")
    organiser = organiser_of(weekly_chat, make_user)
    client.force_login(organiser)
    response = client.get(reverse("events_attendance_index"))
    titles = [event.title for event in response.context["events"]]
    assert titles == ["Weekly chat"]
    assert "Event attendance" in client.get("/admin/").content.decode()
    client.force_login(make_user(BLOGGERS))
    assert "Event attendance" not in client.get("/admin/").content.decode()
    assert list(client.get(reverse("events_attendance_index")).context["events"]) == []


def test_rsvp_listing_in_the_admin_is_scoped(client, make_user, weekly_chat, community, full_date):
    other = EventPageFactory(parent=community, title="Other event")
    seats.respond(other, other.next_occurrences(1)[0], make_user(first_name="Zed"), notify=False)
    client.force_login(organiser_of(weekly_chat, make_user))
    response = client.get("/admin/events/rsvp/")
    assert response.status_code == 200
    assert {rsvp.event_id for rsvp in response.context["object_list"]} == {weekly_chat.pk}
    client.force_login(make_user(EDITORS))
    assert len(client.get("/admin/events/rsvp/").context["object_list"]) == RSVP.objects.count() == 4


def test_page_explorer_offers_attendance_to_organisers(client, make_user, weekly_chat, community):
    client.force_login(organiser_of(weekly_chat, make_user))
    html = client.get(f"/admin/pages/{community.pk}/").content.decode()
    assert attendance_url(weekly_chat) in html


def test_event_organisers_may_add_events_under_communities_but_bloggers_may_not(client, make_user, community):
    add_url = f"/admin/pages/add/events/eventpage/{community.pk}/"
    client.force_login(make_user(EVENT_ORGANISERS))
    assert client.get(add_url).status_code == 200
    client.force_login(make_user(BLOGGERS))
    assert client.get(add_url).status_code in (302, 403)


def test_editors_browse_community_members(client, make_user, community):
    community.members.create(user=make_user(first_name="Member", last_name="One"))
    client.force_login(make_user(EDITORS))
    response = client.get("/admin/events/communitymember/")
    assert response.status_code == 200 and "Member One" in response.content.decode()
    client.force_login(make_user(BLOGGERS))
    assert client.get("/admin/events/communitymember/").status_code in (302, 403)
