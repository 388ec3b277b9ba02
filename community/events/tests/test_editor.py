"""Editors type times in the event's own zone; bad input is refused with a clear
message and nothing is saved."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from wagtail.models import Page
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from community.events.factories import EventPageFactory
from community.events.models import EventOccurrenceChange, EventPage

NEW_YORK = ZoneInfo("America/New_York")
pytestmark = pytest.mark.django_db


def event_form(**overrides):
    data = {
        "title": "Weekly chat",
        "slug": "weekly-chat",
        "description": streamfield([]),
        "time_zone": "America/New_York",
        "start": "2026-03-03 12:00",
        "end": "2026-03-03 13:00",
        "recurrence": "FREQ=WEEKLY;BYDAY=TU",
        "occurrence_changes": inline_formset([]),
        "attendance_mode": "online",
        "join_url": "https://meet.example.com/room",
        "join_instructions": "",
        "venue_name": "",
        "address": "",
        "capacity": "20",
        "stage": "interaction",
        "event_organisers": inline_formset([]),
    }
    data.update(overrides)
    return nested_form_data(data)


@pytest.fixture
def editor(client, make_user):
    user = make_user(is_superuser=True, is_staff=True)
    client.force_login(user)
    return user


def add_url(parent):
    return f"/admin/pages/add/events/eventpage/{parent.pk}/"


def errors_of(response):
    form = response.context["form"]
    errors = {name: " ".join(messages) for name, messages in form.errors.items()}
    for formset in form.formsets.values():
        for child in formset.forms:
            for name, messages in child.errors.items():
                errors[f"{formset.prefix}.{name}"] = " ".join(messages)
    return errors


def test_times_are_typed_in_the_event_zone(client, editor, community):
    response = client.post(add_url(community), event_form())
    assert response.status_code == 302, errors_of(response)
    event = EventPage.objects.get(slug="weekly-chat")
    assert event.start == datetime(2026, 3, 3, 17, tzinfo=UTC)  # noon in New York, EST
    # The edit form shows it back as noon, whatever the editor's own zone is.
    html = client.get(f"/admin/pages/{event.pk}/edit/").content.decode()
    assert 'value="2026-03-03 12:00"' in html


def test_end_before_start_is_refused(client, editor, community):
    response = client.post(add_url(community), event_form(end="2026-03-03 11:00"))
    assert response.status_code == 200
    assert "The event must end after it starts" in errors_of(response)["end"]
    assert not EventPage.objects.exists()


def test_invalid_rrule_is_refused(client, editor, community):
    response = client.post(add_url(community), event_form(recurrence="FREQ=FORTNIGHTLY"))
    assert "FREQ=DAILY, WEEKLY, MONTHLY or YEARLY" in errors_of(response)["recurrence"]
    response = client.post(add_url(community), event_form(recurrence="FREQ=WEEKLY;BYDAY=WE"))
    assert "is not one of the rule's dates" in errors_of(response)["start"]
    assert "Wed 4 Mar 2026, 12:00" in errors_of(response)["start"]
    assert not EventPage.objects.exists()


def test_unknown_time_zone_is_refused(client, editor, community):
    response = client.post(add_url(community), event_form(time_zone="Mars/Olympus_Mons"))
    assert "“Mars/Olympus_Mons” is not a known time zone" in errors_of(response)["time_zone"]
    assert not EventPage.objects.exists()


def test_time_the_clocks_skip_is_refused(client, editor, community):
    response = client.post(
        add_url(community), event_form(start="2026-03-08 02:30", end="2026-03-08 03:30", recurrence="")
    )
    assert "does not exist in America/New_York" in errors_of(response)["start"]


def test_online_event_needs_a_join_link_and_in_person_a_venue(client, editor, community):
    response = client.post(add_url(community), event_form(join_url=""))
    assert "needs a join link" in errors_of(response)["join_url"]
    response = client.post(add_url(community), event_form(attendance_mode="in_person"))
    assert "needs a venue or an address" in errors_of(response)["venue_name"]


def test_full_clean_refuses_the_same_bad_input(community):
    start = datetime(2026, 3, 3, 12, tzinfo=NEW_YORK)
    for fields, field in [
        ({"end": start - timedelta(hours=1)}, "end"),
        ({"recurrence": "FREQ=WEEKLY;INTERVAL=0"}, "recurrence"),
        ({"time_zone": "Nowhere/Special"}, "time_zone"),
    ]:
        values = {
            "title": "Chat",
            "slug": "chat",
            "start": start,
            "end": start + timedelta(hours=1),
            "time_zone": "America/New_York",
            "join_url": "https://meet.example.com/x",
            **fields,
        }
        page = EventPage(**values)
        page.path, page.depth = community.path + "0001", community.depth + 1
        with pytest.raises(ValidationError) as caught:
            page.full_clean()
        assert field in caught.value.message_dict


@pytest.fixture
def march_chat(community):
    """Tuesdays at 12:00 New York time from 3 March 2026, an hour long: the clocks change
    on 8 March, between its first and second date."""
    return EventPageFactory(
        parent=community,
        slug="weekly-chat",
        start=datetime(2026, 3, 3, 12, tzinfo=NEW_YORK),
        end=datetime(2026, 3, 3, 13, tzinfo=NEW_YORK),
        recurrence="FREQ=WEEKLY;BYDAY=TU",
    )


def test_cancel_and_move_dates_in_the_editor(client, editor, march_chat):
    event = march_chat
    changes = inline_formset(
        [
            {
                "original_start": "2026-03-10 12:00",
                "cancelled": "on",
                "new_start": "",
                "new_end": "",
                "note": "Away",
            },
            {
                "original_start": "2026-03-17 12:00",
                "new_start": "2026-03-18 15:00",
                "new_end": "",
                "note": "Moved",
            },
        ]
    )
    response = client.post(
        f"/admin/pages/{event.pk}/edit/",
        {**event_form(occurrence_changes=changes), "action-publish": "action-publish"},
    )
    assert response.status_code == 302, errors_of(response)
    rows = {c.note: c for c in EventOccurrenceChange.objects.filter(page=event)}
    assert rows["Away"].original_start == datetime(2026, 3, 10, 16, tzinfo=UTC)  # EDT from 8 March
    assert rows["Moved"].new_start == datetime(2026, 3, 18, 19, tzinfo=UTC)
    event = EventPage.objects.get(pk=event.pk)
    starts = [
        o.start
        for o in event.occurrences_between(
            datetime(2026, 3, 9, tzinfo=UTC), datetime(2026, 3, 20, tzinfo=UTC)
        )
    ]
    assert starts == [datetime(2026, 3, 18, 19, tzinfo=UTC)]


def test_a_change_must_name_a_real_date(client, editor, march_chat):
    event = march_chat
    bad_rows = [
        (
            {"original_start": "2026-03-11 12:00", "cancelled": "on"},
            "No date of this event starts at Wed 11 Mar 2026",
        ),
        ({"original_start": "2026-03-10 12:00"}, "Give the new start, or tick cancelled."),
        (
            {
                "original_start": "2026-03-10 12:00",
                "new_start": "2026-03-10 15:00",
                "new_end": "2026-03-10 14:00",
            },
            "The new end must be after the new start.",
        ),
    ]
    for row, message in bad_rows:
        row = {"cancelled": "", "new_start": "", "new_end": "", "note": "", **row}
        response = client.post(
            f"/admin/pages/{event.pk}/edit/", event_form(occurrence_changes=inline_formset([row]))
        )
        assert response.status_code == 200
        assert message in " ".join(errors_of(response).values())
    duplicate = {
        "original_start": "2026-03-10 12:00",
        "cancelled": "on",
        "new_start": "",
        "new_end": "",
        "note": "",
    }
    response = client.post(
        f"/admin/pages/{event.pk}/edit/",
        event_form(occurrence_changes=inline_formset([duplicate, duplicate])),
    )
    assert response.status_code == 200
    assert not EventOccurrenceChange.objects.exists()


def test_editor_can_create_the_section_pages(client, editor, home_page):
    response = client.post(
        f"/admin/pages/add/events/eventindexpage/{home_page.pk}/",
        nested_form_data({"title": "Events", "slug": "events", "introduction": ""}),
    )
    assert response.status_code == 302
    assert Page.objects.get(slug="events").specific_class.__name__ == "EventIndexPage"


def test_a_start_that_is_no_date_is_refused_with_a_message(client, editor, community):
    response = client.post(add_url(community), event_form(start="next tuesday"))
    assert response.status_code == 200
    assert "valid date/time" in errors_of(response)["start"]
    assert not EventPage.objects.exists()
