"""The demo: Finance's money recorded, last month calculated and closed, this month open."""

from datetime import timedelta

import pytest
from django.utils import timezone

from community.people.factories import ContributorProfileFactory
from community.rewards.demo import seed_rewards
from community.rewards.models import LedgerEntry, RewardPeriod, Statement, month_start
from home.models import StandardPage

pytestmark = pytest.mark.django_db


def test_the_demo_closes_last_month_and_leaves_this_month_open(home_page, stream_metrics, seed_command):
    page = StandardPage(title="How rewards work", slug="how-rewards-work")
    home_page.add_child(instance=page)
    contributor = ContributorProfileFactory()
    stream_metrics["blogging"][contributor.pk] = 400
    command = seed_command

    seed_rewards(command)
    current = month_start(timezone.localdate())
    previous = month_start(current - timedelta(days=1))
    last_month = RewardPeriod.objects.get(start=previous)
    assert last_month.status == RewardPeriod.Status.CLOSED
    assert RewardPeriod.objects.get(start=current).status == RewardPeriod.Status.OPEN
    assert Statement.objects.filter(period=last_month, contributor=contributor).exists()
    recorded = LedgerEntry.objects.filter(origin_period=None)
    assert {entry.recorded_by.email for entry in recorded} == {"finance@kmp.example"}
    assert recorded.filter(period__start=current, kind=LedgerEntry.Kind.MEMBERSHIP_FEE).count() == 6
    assert last_month.pool > 0 and last_month.paid > 0
    assert "/rewards/how-it-works/" in str(StandardPage.objects.get(pk=page.pk).body.raw_data)

    entries = LedgerEntry.objects.count()
    seed_rewards(seed_command)
    assert LedgerEntry.objects.count() == entries
    assert StandardPage.objects.get(pk=page.pk).body.raw_data.__len__() == 1
