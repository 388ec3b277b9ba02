"""Editors can preview events and communities before and after they exist."""

import pytest

from community.events.tests.test_editor import event_form

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client, make_user):
    user = make_user(is_superuser=True, is_staff=True)
    client.force_login(user)
    return user


def preview(client, url, data):
    response = client.post(url, data)
    assert response.status_code == 200 and response.json()["is_valid"], response.content
    return client.get(url)


def test_preview_a_new_event(client, editor, community):
    response = preview(client, f"/admin/pages/add/events/eventpage/{community.pk}/preview/", event_form())
    assert response.status_code == 200
    html = response.content.decode()
    assert "Weekly chat" in html and "meet.example.com" not in html


def test_preview_an_existing_event(client, editor, weekly_chat):
    response = preview(
        client,
        f"/admin/pages/{weekly_chat.pk}/edit/preview/",
        event_form(start="2025-01-07 12:00", end="2025-01-07 13:00"),
    )
    assert response.status_code == 200
    assert "Every week on Tuesday at <time" in response.content.decode()
    assert "data-bare>12:00</time>, America/New York time." in response.content.decode()


def test_preview_a_new_community(client, editor, community_index):
    from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

    data = nested_form_data(
        {
            "title": "New CoP",
            "slug": "new-cop",
            "domain": "Taxonomy",
            "purpose": "To agree on terms.",
            "description": streamfield([]),
            "community_organisers": inline_formset([]),
        }
    )
    response = preview(client, f"/admin/pages/add/events/communitypage/{community_index.pk}/preview/", data)
    assert response.status_code == 200 and "Taxonomy" in response.content.decode()


def test_event_organiser_creates_previews_and_publishes_an_event(client, make_user, community):
    from community.events.models import EventPage
    from community.people.roles import EVENT_ORGANISERS

    organiser = make_user(EVENT_ORGANISERS)
    client.force_login(organiser)
    add_url = f"/admin/pages/add/events/eventpage/{community.pk}/"
    assert preview(client, add_url + "preview/", event_form()).status_code == 200
    response = client.post(add_url, {**event_form(), "action-publish": "action-publish"})
    assert response.status_code == 302
    event = EventPage.objects.get(slug="weekly-chat")
    assert event.live and event.owner == organiser
    assert client.get(f"/admin/events/attendance/{event.pk}/").status_code == 200
    assert client.get(f"/admin/pages/{event.pk}/edit/").status_code == 200
