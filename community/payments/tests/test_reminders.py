"""Reminders before a membership ends, and a membership nobody renews lapsing at its
end date."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from community.payments.models import Subscription
from community.payments.notifications import send_renewal_reminders
from community.people.models import Membership

pytestmark = pytest.mark.django_db


def member_until(make_user, days, **kwargs):
    user = make_user(**kwargs)
    today = timezone.localdate()
    Membership.objects.create(
        user=user, started=today - timedelta(days=300), paid_until=today + timedelta(days=days)
    )
    return user


def test_members_are_reminded_thirty_and_seven_days_before_their_membership_ends(make_user):
    in_thirty = member_until(make_user, 30, email="thirty@example.com")
    in_seven = member_until(make_user, 7, email="seven@example.com")
    member_until(make_user, 8)
    renewed = member_until(make_user, 7, email="renewed@example.com")
    Membership.objects.create(user=renewed, paid_until=timezone.localdate() + timedelta(days=372))

    assert send_renewal_reminders.call() == 2
    by_recipient = {message.to[0]: message for message in mail.outbox}
    assert set(by_recipient) == {in_thirty.email, in_seven.email}
    assert by_recipient[in_seven.email].subject == "Your KMP membership ends in 7 days"
    assert "/join/" in by_recipient[in_seven.email].body
    assert "lapses at the end of that day" in by_recipient[in_seven.email].body


def test_a_member_who_renews_by_card_is_told_it_will_be_charged(make_user, plans):
    member = member_until(make_user, 7)
    Subscription.objects.create(
        user=member, purpose="membership", provider="stripe", plan=plans["yearly"], amount=6_000
    )
    send_renewal_reminders.call()
    assert "renews automatically" in mail.outbox[0].body


def test_an_unrenewed_membership_lapses_at_its_end_date(make_user):
    member = member_until(make_user, 0)
    assert member.is_member
    Membership.objects.filter(user=member).update(paid_until=timezone.localdate() - timedelta(days=1))
    assert not member.is_member


def test_the_daily_command_queues_the_reminders(make_user):
    from django.core.management import call_command

    member_until(make_user, 30, email="cron@example.com")
    call_command("send_renewal_reminders")
    assert [message.to for message in mail.outbox] == [["cron@example.com"]]
