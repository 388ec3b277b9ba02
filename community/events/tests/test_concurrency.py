"""Seats hold under concurrent RSVPs (real threads against PostgreSQL)."""

from collections import Counter

import pytest
from django.db.models import Count
from django.test import Client

from community.events import rsvp as seats
from community.events.models import RSVP
from community.people.factories import UserFactory
from portal.tests.threads import run_at_once

REQUESTS = 200
DOUBLE_CLICKERS = 40  # people who send their RSVP twice at once
# PostgreSQL here allows 100 connections, shared with other test runs; the 200 requests
# all race, at most this many holding a connection at a time.
CONNECTIONS = 40

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def post_concurrently(requests):
    """POST each (user, url) from its own thread, all released at once."""
    clients = []
    for user, url in requests:
        client = Client()
        client.force_login(user)
        clients.append((client, url))
    return run_at_once(lambda client, url: client.post(url).status_code, clients, at_most=CONNECTIONS)


def test_200_concurrent_rsvps_for_the_last_seat(weekly_chat):
    weekly_chat.capacity = 5
    weekly_chat.save()
    occurrence = weekly_chat.next_occurrences(1)[0]
    for _ in range(4):
        seats.respond(weekly_chat, occurrence, UserFactory(), notify=False)
    people = [UserFactory() for _ in range(REQUESTS - DOUBLE_CLICKERS)]
    url = occurrence.get_url() + "rsvp/"
    requests = [(person, url) for person in people] + [(person, url) for person in people[:DOUBLE_CLICKERS]]

    statuses = post_concurrently(requests)

    assert statuses == [302] * REQUESTS
    rsvps = RSVP.objects.for_occurrence(weekly_chat, occurrence.original_start)
    assert Counter(rsvps.values_list("status", flat=True)) == {"going": 5, "waitlisted": len(people) - 1}
    assert rsvps.filter(status="going", user__in=people).count() == 1
    per_person = rsvps.values("user").annotate(n=Count("id")).filter(n__gt=1)
    assert not per_person.exists()
    assert rsvps.filter(user__in=people).count() == len(people)
