"""The figures the join and donate pages show: what the latest closed month's pool was
and where it went, from the rewards ledger, and the share of fees that funds it."""

from django.db.models import Count
from django.utils import timezone

from community.people.models import Membership
from community.rewards.ledger import period_outcomes
from community.rewards.models import RewardPeriod, RewardPolicy


def latest_figures():
    period = RewardPeriod.objects.filter(status=RewardPeriod.Status.CLOSED).order_by("-start").first()
    policy = RewardPolicy.objects.order_by("-version").first()
    members = Membership.objects.filter(paid_until__gte=timezone.localdate()).aggregate(
        people=Count("user", distinct=True)
    )["people"]
    return {
        "period": period,
        "outcome": period_outcomes([period])[period.pk] if period else None,
        "pool_share_percent": policy.pool_share_percent if policy else None,
        "members": members,
    }
