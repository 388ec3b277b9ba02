"""Whoever creates an event organises it, and the event and each of its dates say
who organises it and what it is about."""

import pytest
from wagtail.rich_text import RichText
from wagtail.test.utils.form_data import inline_formset
from wagtail.users.models import UserProfile

from community.events.factories import EventOccurrenceChangeFactory, EventOrganiserFactory
from community.events.models import EventPage
from community.events.tests.test_editor import add_url, errors_of, event_form
from community.people import roles
from community.people.factories import ContributorProfileFactory
from community.people.models import ContributorProfile

pytestmark = pytest.mark.django_db


@pytest.fixture
def organiser(client, make_user):
    user = make_user(
        roles.EVENT_ORGANISERS, email="amara@example.com", first_name="Amara", last_name="Okafor"
    )
    client.force_login(user)
    return user


def test_the_new_event_form_lists_its_creator_as_organiser_in_their_zone(client, organiser, event_index):
    profile = ContributorProfileFactory(user=organiser, display_name="Amara Okafor")
    UserProfile.objects.create(user=organiser, current_time_zone="Asia/Hong_Kong")
    form = client.get(add_url(event_index)).context["form"]
    assert [link.organiser for link in form.instance.event_organisers.all()] == [profile]
    assert form["time_zone"].value() == "Asia/Hong_Kong"


def test_without_a_zone_of_their_own_a_new_event_starts_in_the_site_zone(
    client, organiser, event_index, settings
):
    settings.TIME_ZONE = "Europe/London"
    form = client.get(add_url(event_index)).context["form"]
    assert form["time_zone"].value() == "Europe/London"


def test_the_creator_becomes_organiser_even_without_a_profile(client, organiser, event_index):
    response = client.post(add_url(event_index), event_form(event_organisers=inline_formset([])))
    assert response.status_code == 302, errors_of(response)
    event = EventPage.objects.get(slug="weekly-chat")
    profile = ContributorProfile.objects.get(user=organiser)
    assert profile.display_name == "Amara Okafor"
    assert event.get_organiser_profiles() == [profile]
    assert [link.organiser for link in event.get_latest_revision_as_object().event_organisers.all()] == [
        profile
    ]


def test_organisers_chosen_by_the_creator_are_kept(client, organiser, event_index):
    other = ContributorProfileFactory(display_name="Li Wei")
    data = event_form(event_organisers=inline_formset([{"organiser": other.pk}]))
    response = client.post(add_url(event_index), data)
    assert response.status_code == 302, errors_of(response)
    assert EventPage.objects.get(slug="weekly-chat").get_organiser_profiles() == [other]
    assert ContributorProfile.of(organiser) is None


def test_event_and_occurrence_show_organisers_and_the_occurrence_the_description(client, weekly_chat):
    weekly_chat.description = [("paragraph", RichText("<p>Bring one question about tacit knowledge.</p>"))]
    weekly_chat.save_revision().publish()
    profile = ContributorProfileFactory(display_name="Amara Okafor", slug="amara-okafor", headline="KM lead")
    EventOrganiserFactory(page=weekly_chat, organiser=profile)
    occurrence = weekly_chat.next_occurrences(1)[0]
    for url in (weekly_chat.url, occurrence.get_url()):
        html = client.get(url).content.decode()
        assert "Organised by" in html
        assert f'href="{profile.get_absolute_url()}">Amara Okafor</a>' in html
    assert "Bring one question about tacit knowledge." in client.get(occurrence.get_url()).content.decode()


def test_a_cancelled_date_has_no_are_you_coming_box(client, weekly_chat):
    cancelled = weekly_chat.next_occurrences(1)[0]
    EventOccurrenceChangeFactory(page=weekly_chat, original_start=cancelled.original_start, cancelled=True)
    html = client.get(cancelled.get_url()).content.decode()
    assert "This date is cancelled." in html
    assert "Are you coming?" not in html
    other = weekly_chat.next_occurrences(1)[0]
    assert "Are you coming?" in client.get(other.get_url()).content.decode()
