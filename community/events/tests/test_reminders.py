"""People going to a date are reminded a day and an hour before it, with the join
link, once each however often (or however concurrently) the task runs; the private
feed carries the join link and the public one never does."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from community.events import rsvp as seats
from community.events.attendee_feed import attendee_feed_token, attendee_feed_url
from community.events.factories import EventOccurrenceChangeFactory, EventPageFactory
from community.events.models import EventReminder
from community.events.reminders import send_due_reminders, send_event_reminders
from community.people.factories import UserFactory
from portal.tests.threads import run_at_once

JOIN = "https://meet.example.com/kmp-secret-room"


def soon(community, hours, **kwargs):
    start = (timezone.now() + timedelta(hours=hours)).replace(second=0, microsecond=0)
    return EventPageFactory(
        parent=community,
        title=kwargs.pop("title", "Tacit knowledge clinic"),
        start=start,
        end=start + timedelta(hours=1),
        join_instructions="Passcode 4711",
        **kwargs,
    )


def going(event, *users, occurrence=None):
    occurrence = occurrence or event.next_occurrences(1)[0]
    for user in users:
        seats.respond(event, occurrence, user, notify=False)
    return occurrence


def run_reminders():
    return send_event_reminders.call()


@pytest.mark.django_db
def test_a_day_before_people_going_get_the_join_link_once(community):
    event = soon(community, hours=20, capacity=1)
    kim, waiting = UserFactory(email="kim@example.com"), UserFactory(email="wait@example.com")
    going(event, kim, waiting)
    mail.outbox.clear()

    assert run_reminders() == 1
    assert run_reminders() == 0
    call_command("send_event_reminders", stdout=open("/dev/null", "w"))
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["kim@example.com"]
    assert message.subject.startswith("Tomorrow: Tacit knowledge clinic")
    assert JOIN in message.body and "Passcode 4711" in message.body
    assert attendee_feed_url(kim) in message.body
    assert EventReminder.objects.get().kind == EventReminder.Kind.DAY


@pytest.mark.django_db
def test_an_hour_before_comes_the_second_reminder(community):
    event = soon(community, hours=20)
    kim = UserFactory()
    going(event, kim)
    assert run_reminders() == 1
    mail.outbox.clear()
    half_an_hour_before = timezone.now() + timedelta(hours=19, minutes=30)
    assert send_due_reminders(half_an_hour_before) == 1
    assert send_due_reminders(half_an_hour_before) == 0
    assert mail.outbox[0].subject.startswith("In an hour: Tacit knowledge clinic")
    assert sorted(EventReminder.objects.values_list("kind", flat=True)) == ["day", "hour"]


@pytest.mark.django_db
def test_no_reminder_for_a_date_far_off_cancelled_or_cancelled_rsvp(community):
    far = soon(community, hours=30, title="Far")
    going(far, UserFactory())
    cancelled_date = soon(community, hours=5, title="Cancelled", slug="cancelled")
    occurrence = going(cancelled_date, UserFactory())
    EventOccurrenceChangeFactory(
        page=cancelled_date, original_start=occurrence.original_start, cancelled=True
    )
    changed_mind = soon(community, hours=5, title="Changed mind", slug="changed-mind")
    person = UserFactory()
    occurrence = going(changed_mind, person)
    seats.cancel(changed_mind, occurrence, person)
    mail.outbox.clear()
    assert run_reminders() == 0
    assert mail.outbox == []


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_runs_send_each_reminder_once(community):
    event = soon(community, hours=3)
    people = [UserFactory() for _ in range(30)]
    going(event, *people)
    mail.outbox.clear()
    sent = run_at_once(run_reminders, [(), (), (), ()])
    assert sum(sent) == 30
    assert sorted(message.to[0] for message in mail.outbox) == sorted(person.email for person in people)
    assert EventReminder.objects.count() == 30


@pytest.mark.django_db
def test_the_private_feed_has_the_join_link_and_the_public_one_never(client, community):
    event = soon(community, hours=48)
    kim, other = UserFactory(), UserFactory()
    going(event, kim)
    private = client.get(attendee_feed_url(kim))
    assert private.status_code == 200 and private["Cache-Control"] == "private, no-store"
    body = private.content.decode().replace("\r\n ", "")
    assert JOIN in body and "Passcode 4711" in body and "Tacit knowledge clinic" in body
    assert JOIN not in client.get(attendee_feed_url(other)).content.decode().replace("\r\n ", "")

    client.force_login(kim)
    assert attendee_feed_url(kim) in client.get("/account/").content.decode()

    occurrence = event.next_occurrences(1)[0]
    for url in (f"/events/calendar/{event.pk}.ics", f"/events/calendar/{event.pk}/{occurrence.key}.ics"):
        public = client.get(url)
        assert public.status_code == 200
        assert JOIN not in public.content.decode().replace("\r\n ", "")


@pytest.mark.django_db
def test_a_feed_address_not_signed_for_its_person_is_a_404(client, community):
    kim, other = UserFactory(), UserFactory()
    token = attendee_feed_token(kim)
    signature = token.partition(":")[2]
    assert client.get(f"/events/calendar/mine/{other.pk}:{signature}.ics").status_code == 404
    assert client.get(f"/events/calendar/mine/{kim.pk}:forged.ics").status_code == 404
    assert client.get("/events/calendar/mine/99999999:abc.ics").status_code == 404
    kim.set_password("a-new-password-1")
    kim.save()
    assert client.get(f"/events/calendar/mine/{token}.ics").status_code == 404
    assert client.get(attendee_feed_url(kim)).status_code == 200
