"""RSVPs per occurrence: seats, the waiting list, cancelling, and who sees what."""

from datetime import timedelta

import pytest
from django.core import mail

from community.events import rsvp as seats
from community.events.models import RSVP, EventOccurrenceChange

JOIN_LINK = "meet.example.com/kmp-secret-room"
pytestmark = pytest.mark.django_db


@pytest.fixture
def next_date(weekly_chat):
    return weekly_chat.next_occurrences(1)[0]


def url(occurrence, action=""):
    return occurrence.get_url() + (f"{action}/" if action else "")


def test_going_until_full_then_waitlisted(
    client, make_user, weekly_chat, next_date, django_capture_on_commit_callbacks
):
    people = [make_user() for _ in range(3)]
    for person in people:
        client.force_login(person)
        with django_capture_on_commit_callbacks(execute=True):
            assert client.post(url(next_date, "rsvp")).status_code == 302
    statuses = [RSVP.objects.get(user=person).status for person in people]
    assert statuses == ["going", "going", "waitlisted"]
    response = client.get(url(next_date))
    assert "You are number 1 on the waiting list" in response.content.decode()
    assert [m.subject.split(":")[0] for m in mail.outbox] == ["You're going", "You're going", "Waiting list"]


def test_answering_twice_changes_nothing(client, make_user, next_date, django_capture_on_commit_callbacks):
    person = make_user()
    client.force_login(person)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url(next_date, "rsvp"))
        response = client.post(url(next_date, "rsvp"), follow=True)
    assert "You are already going." in response.content.decode()
    assert RSVP.objects.count() == 1 and len(mail.outbox) == 1


def test_cancelling_frees_the_seat_for_the_first_person_waiting(
    client, make_user, weekly_chat, next_date, django_capture_on_commit_callbacks
):
    first, second, third, fourth = (make_user(first_name=name) for name in ["Ann", "Ben", "Cat", "Dev"])
    for person in (first, second, third, fourth):
        seats.respond(weekly_chat, next_date, person, notify=False)
    client.force_login(first)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url(next_date, "cancel"), follow=True)
    assert "Your RSVP is cancelled" in response.content.decode()
    status = dict(RSVP.objects.values_list("user__first_name", "status"))
    assert status == {"Ann": "cancelled", "Ben": "going", "Cat": "going", "Dev": "waitlisted"}
    (email,) = mail.outbox
    assert email.to == [third.email]
    assert email.subject.startswith("A seat is yours: Weekly chat")
    assert next_date.get_url() in email.body
    assert JOIN_LINK not in email.body
    assert email.attachments[0][0] == "event.ics"


def test_rsvp_again_after_cancelling_joins_the_back_of_the_queue(make_user, weekly_chat, next_date):
    people = [make_user() for _ in range(3)]
    for person in people:
        seats.respond(weekly_chat, next_date, person, notify=False)
    seats.cancel(weekly_chat, next_date, people[0], notify=False)
    answer, changed = seats.respond(weekly_chat, next_date, people[0], notify=False)
    assert changed and answer.status == "waitlisted"
    assert RSVP.objects.filter(user=people[0]).count() == 1


def test_raising_capacity_promotes_people_waiting(
    make_user, weekly_chat, next_date, django_capture_on_commit_callbacks
):
    people = [make_user() for _ in range(3)]
    for person in people:
        seats.respond(weekly_chat, next_date, person, notify=False)
    weekly_chat.capacity = 3
    with django_capture_on_commit_callbacks(execute=True):
        weekly_chat.save_revision().publish()
    assert set(RSVP.objects.values_list("status", flat=True)) == {"going"}
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [people[2].email]


def test_person_a_cannot_cancel_or_see_person_b_rsvp(client, make_user, next_date):
    alice, bob = make_user(first_name="Alice"), make_user(first_name="Bob", last_name="Secret")
    client.force_login(bob)
    client.post(url(next_date, "rsvp"))
    client.force_login(alice)
    response = client.post(url(next_date, "cancel"), follow=True)
    assert "You had no RSVP for this date" in response.content.decode()
    assert RSVP.objects.get(user=bob).status == "going"
    for page in (url(next_date), next_date.event.url, "/account/"):
        html = client.get(page).content.decode()
        assert "Secret" not in html and bob.email not in html
    assert client.get(f"/admin/events/attendance/{next_date.event.pk}/").status_code in (302, 404)


def test_join_link_only_for_people_going(client, make_user, weekly_chat, next_date, event_index):
    pages = [url(next_date), weekly_chat.url, weekly_chat.get_parent().url, event_index.url]
    for page in pages:
        assert JOIN_LINK not in client.get(page).content.decode()
    waiting, going = make_user(), make_user()
    weekly_chat.capacity = 1
    weekly_chat.save()
    seats.respond(weekly_chat, next_date, going, notify=False)
    seats.respond(weekly_chat, next_date, waiting, notify=False)
    client.force_login(waiting)
    for page in [*pages, "/account/"]:
        assert JOIN_LINK not in client.get(page).content.decode(), page
    client.force_login(going)
    for page in (url(next_date), weekly_chat.url, "/account/"):
        assert JOIN_LINK in client.get(page).content.decode(), page
    later = weekly_chat.next_occurrences(2)[1]
    assert JOIN_LINK not in client.get(later.get_url()).content.decode()


def test_refused_rsvps_change_nothing(client, make_user, weekly_chat, next_date):
    person = make_user()
    EventOccurrenceChange.objects.create(
        page=weekly_chat, original_start=next_date.original_start, cancelled=True
    )
    client.force_login(person)
    response = client.post(url(next_date, "rsvp"), follow=True)
    assert "This date has been cancelled." in response.content.decode()
    past = weekly_chat.occurrences_between(weekly_chat.start, weekly_chat.start + timedelta(days=1))[0]
    response = client.post(url(past, "rsvp"), follow=True)
    assert "This date is over." in response.content.decode()
    assert client.post(weekly_chat.url + "20250311T170000Z/rsvp/").status_code == 404  # not a date
    assert client.get(url(next_date, "rsvp")).status_code == 405
    assert not RSVP.objects.exists()


def test_anonymous_rsvp_goes_to_login(client, next_date):
    response = client.post(url(next_date, "rsvp"))
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/?next=")
    assert not RSVP.objects.exists()


def test_next_is_followed_only_within_the_site(client, make_user, next_date):
    client.force_login(make_user())
    response = client.post(url(next_date, "rsvp"), {"next": "https://evil.example/"})
    assert response["Location"] == url(next_date)
    response = client.post(url(next_date, "cancel"), {"next": "/account/"})
    assert response["Location"] == "/account/"


def test_account_lists_my_events_with_cancel_buttons(client, make_user, weekly_chat, next_date):
    person = make_user()
    seats.respond(weekly_chat, next_date, person, notify=False)
    client.force_login(person)
    html = client.get("/account/").content.decode()
    assert "My events" in html and "Weekly chat" in html
    assert f'action="{url(next_date, "cancel")}"' in html


def test_people_hear_when_their_date_is_cancelled_moved_or_back_on(
    make_user, weekly_chat, next_date, django_capture_on_commit_callbacks
):
    going, waiting = make_user(), make_user()
    weekly_chat.capacity = 1
    weekly_chat.save()
    seats.respond(weekly_chat, next_date, going, notify=False)
    seats.respond(weekly_chat, next_date, waiting, notify=False)

    def publish():
        mail.outbox.clear()
        weekly_chat.refresh_from_db()
        with django_capture_on_commit_callbacks(execute=True):
            weekly_chat.save_revision().publish()
        return sorted(mail.outbox, key=lambda m: m.to)

    change = EventOccurrenceChange.objects.create(
        page=weekly_chat, original_start=next_date.original_start, cancelled=True, note="Snow day"
    )
    emails = publish()
    assert {m.to[0] for m in emails} == {going.email, waiting.email}
    assert all(m.subject.startswith("Cancelled: Weekly chat") and "Snow day" in m.body for m in emails)
    assert publish() == []  # told once

    change.cancelled, change.new_start = False, next_date.start + timedelta(days=1)
    change.save()
    emails = publish()
    assert len(emails) == 2 and all(m.subject.startswith("New time:") for m in emails)
    assert all(JOIN_LINK not in m.body for m in emails)

    change.delete()
    emails = publish()
    assert len(emails) == 2 and all(m.subject.startswith("Back on:") for m in emails)


def test_answering_a_moved_date_does_not_announce_the_move_later(
    make_user, weekly_chat, next_date, django_capture_on_commit_callbacks
):
    EventOccurrenceChange.objects.create(
        page=weekly_chat,
        original_start=next_date.original_start,
        new_start=next_date.start + timedelta(hours=3),
    )
    weekly_chat.refresh_from_db()
    seats.respond(
        weekly_chat, weekly_chat.get_occurrence(next_date.original_start), make_user(), notify=False
    )
    with django_capture_on_commit_callbacks(execute=True):
        weekly_chat.save_revision().publish()
    assert mail.outbox == []


def test_deleting_an_account_gives_its_seat_to_the_next_person(
    make_user, weekly_chat, next_date, django_capture_on_commit_callbacks
):
    people = [make_user() for _ in range(3)]
    for person in people:
        seats.respond(weekly_chat, next_date, person, notify=False)
    with django_capture_on_commit_callbacks(execute=True):
        people[0].delete()
    assert list(RSVP.objects.order_by("pk").values_list("status", flat=True)) == ["going", "going"]
    assert [m.to for m in mail.outbox] == [[people[2].email]]
