"""Settling a period in a test as Finance does on time: calculated once the month and
its grace period are over, closed after the dispute window by a second Finance user."""

from datetime import date

from django.utils import timezone

from community.people import roles
from community.people.factories import UserFactory
from community.rewards.ledger import get_period
from community.rewards.periods import calculable_from, calculate_period, close_period


def calculate_when_due(period_or_start, **kwargs):
    period = get_period(period_or_start) if isinstance(period_or_start, date) else period_or_start
    return calculate_period(period, today=max(timezone.localdate(), calculable_from(period)), **kwargs)


def close_when_due(period, by=None):
    period.refresh_from_db()
    return close_period(period, by=by or UserFactory(roles=[roles.FINANCE]), now=period.dispute_until)


def settle(period):
    calculate_when_due(period)
    return close_when_due(period)
