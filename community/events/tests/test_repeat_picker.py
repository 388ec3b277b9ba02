"""The repeat picker's server side: the preview of the next dates in the event's zone,
who may ask for it, and the editor's time zone list with the likely zones first."""

import pytest
from django.contrib.auth.models import Permission
from wagtail.users.models import UserProfile

from community.events.factories import EventPageFactory
from community.people import roles

pytestmark = pytest.mark.django_db
PREVIEW = "/admin/events/recurrence-preview/"


@pytest.fixture
def organiser(client, make_user):
    user = make_user(roles.EVENT_ORGANISERS, email="amara@example.com")
    client.force_login(user)
    return user


def preview(client, rule, start="2026-12-08 12:00", time_zone="America/New_York"):
    response = client.get(PREVIEW, {"rule": rule, "start": start, "time_zone": time_zone})
    assert response.status_code == 200
    return response.json()


def test_the_second_tuesday_at_noon_new_york_stays_at_noon(client, organiser, event_index):
    answer = preview(client, "freq=monthly;byday=2tu")
    assert answer["rule"] == "FREQ=MONTHLY;BYDAY=2TU"
    assert answer["description"] == "Every month on the second Tuesday"
    assert [date["label"] for date in answer["dates"]] == [
        "Tue 8 Dec 2026, 12:00 EST",
        "Tue 12 Jan 2027, 12:00 EST",
        "Tue 9 Feb 2027, 12:00 EST",
        "Tue 9 Mar 2027, 12:00 EST",
        "Tue 13 Apr 2027, 12:00 EDT",
        "Tue 11 May 2027, 12:00 EDT",
    ]
    assert answer["dates"][0]["start"] == "2026-12-08T17:00:00Z"
    assert answer["dates"][4]["start"] == "2027-04-13T16:00:00Z"
    assert answer["warning"] == ""


def test_every_two_weeks_on_two_weekdays_until_a_date(client, organiser, event_index):
    answer = preview(client, "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH;UNTIL=20261224", time_zone="Europe/London")
    assert [date["label"] for date in answer["dates"]] == [
        "Tue 8 Dec 2026, 12:00 GMT",
        "Thu 10 Dec 2026, 12:00 GMT",
        "Tue 22 Dec 2026, 12:00 GMT",
        "Thu 24 Dec 2026, 12:00 GMT",
    ]


def test_a_start_off_the_rule_is_warned_and_bad_input_explained(client, organiser, event_index):
    assert preview(client, "FREQ=MONTHLY;BYDAY=2TU", start="2026-12-09 12:00")["warning"]
    assert "not a valid recurrence rule" in preview(client, "FREQ=WEEKLY;BYDAY=XX")["error"]
    assert "COUNT or with UNTIL" in preview(client, "FREQ=DAILY;COUNT=2;UNTIL=20270101")["error"]
    assert "not a known time zone" in preview(client, "FREQ=DAILY", time_zone="Mars/Olympus")["error"]
    assert "start date" in preview(client, "FREQ=DAILY", start="")["error"]
    assert "valid date/time" in preview(client, "FREQ=DAILY", start="next tuesday")["error"]
    assert preview(client, "")["description"] == "Once"


def test_only_people_who_may_edit_pages_get_a_preview(client, make_user, event_index):
    assert client.get(PREVIEW, {"rule": "FREQ=DAILY"}).status_code == 302  # to the sign-in page
    client.force_login(make_user(is_staff=False))
    assert client.get(PREVIEW, {"rule": "FREQ=DAILY"}).status_code in (302, 403)
    admin_only = make_user(email="viewer@example.com")
    admin_only.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(admin_only)
    response = client.get(PREVIEW, {"rule": "FREQ=DAILY", "start": "2026-12-08 12:00", "time_zone": "UTC"})
    assert response.status_code == 403 and "Only people who may edit pages" in response.json()["error"]


def test_the_editor_shows_the_picker_and_the_likely_zones_first(client, organiser, event_index):
    UserProfile.objects.create(user=organiser, current_time_zone="America/New_York")
    EventPageFactory(parent=event_index, time_zone="Asia/Hong_Kong")
    html = client.get(f"/admin/pages/add/events/eventpage/{event_index.pk}/").content.decode()
    assert "data-recurrence-picker" in html and "js/recurrence-picker.js" in html
    likely = html.split('<optgroup label="Likely">')[1].split("</optgroup>")[0]
    assert likely.index("America/New_York") < likely.index("Asia/Hong_Kong")
    assert 'value="America/New_York" selected' in likely


def test_an_existing_raw_rule_is_in_the_picker_s_input(client, make_user, weekly_chat):
    client.force_login(make_user(is_superuser=True, is_staff=True))
    html = client.get(f"/admin/pages/{weekly_chat.pk}/edit/").content.decode()
    picker = html.split("data-recurrence-picker")[-1].split("data-dates")[0]
    assert 'name="recurrence" value="FREQ=WEEKLY;BYDAY=TU"' in picker
