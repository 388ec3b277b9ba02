"""What Finance sees about a contributor's readers and referrals before a period is
paid (the rewards app's review before pay): how many networks and accounts they came
from, how concentrated, and how they were timed.

Network and reader keys are HMACs under the day's salt, so they can be compared
within a day and never across days, nor turned back into an address: a "network"
here is a network on a day."""

import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import timedelta

from django.apps import apps

from . import conf
from .metrics import PROMOTION_KINDS, _period_bounds
from .models import QualifiedRead, Referral

# Reads closer together than this look scripted rather than read.
BUNCHED_WITHIN = timedelta(minutes=2)
WINDOW = timedelta(minutes=10)


@dataclass
class ReaderEvidence:
    reads: int = 0
    networks: int = 0  # distinct networks, each day counted apart
    signed_in: int = 0  # reads by signed-in readers (an account a day)
    days: int = 0
    top_network_reads: int = 0  # the most reads from one network on one day
    reads_on_full_networks: int = 0  # reads from networks that used every slot that day
    bunched: int = 0  # reads within BUNCHED_WITHIN of the contributor's previous read
    busiest_window: int = 0  # the most reads in any WINDOW

    def share(self, count):
        return count / self.reads if self.reads else 0.0


def busiest_window(times, window=WINDOW):
    """The most of these datetimes that fall within any one `window`."""
    times = sorted(times)
    best = start = 0
    for end, moment in enumerate(times):
        while moment - times[start] > window:
            start += 1
        best = max(best, end - start + 1)
    return best


def bunched(times, within=BUNCHED_WITHIN):
    """How many of these datetimes come within `within` of the one before."""
    times = sorted(times)
    return sum(1 for before, after in zip(times, times[1:], strict=False) if after - before <= within)


def reader_evidence(start, end, contributor_ids):
    """{contributor id: ReaderEvidence} for the qualified reads of the period."""
    rows = QualifiedRead.objects.filter(
        contributor_id__in=list(contributor_ids), day__gte=start, day__lte=end
    ).values_list("contributor_id", "day", "network_key", "signed_in", "created_at")
    by_contributor = defaultdict(list)
    for contributor_id, *row in rows:
        by_contributor[contributor_id].append(row)
    limit = conf.readers_per_network()
    result = {}
    for contributor_id, reads in by_contributor.items():
        networks = Counter((day, network) for day, network, _signed_in, _at in reads)
        times = [at for _day, _network, _signed_in, at in reads]
        result[contributor_id] = ReaderEvidence(
            reads=len(reads),
            networks=len(networks),
            signed_in=sum(1 for _day, _network, signed_in, _at in reads if signed_in),
            days=len({day for day, _network, _signed_in, _at in reads}),
            top_network_reads=max(networks.values()),
            reads_on_full_networks=sum(count for count in networks.values() if count >= limit),
            bunched=bunched(times),
            busiest_window=busiest_window(times),
        )
    return result


@dataclass
class ReferralEvidence:
    people: int = 0  # referred people with a membership or enrolment in the period
    networks: int = 0  # distinct networks (each day apart) they were referred from
    top_network_people: int = 0
    minutes_click_to_account: float | None = None  # median
    minutes_account_to_referral: float | None = None  # median: the referred account's age
    quick: int = 0  # referred within an hour of their account being made
    unverified: int = 0
    # Newsletter readers: addresses confirmed in the period (each counted once here,
    # whether or not the promotion stream counts it), the most of them subscribed from
    # one network on a day, and the most on one email domain (puppets on a catch-all).
    newsletter: int = 0
    newsletter_top_network: int = 0
    newsletter_top_domain: int = 0


def _median_minutes(deltas):
    return statistics.median(delta.total_seconds() / 60 for delta in deltas) if deltas else None


def referral_evidence(start, end, contributor_ids):
    """{contributor id: ReferralEvidence} for the period's referred memberships and enrolments."""
    EmailAddress = apps.get_model("account", "EmailAddress")
    start_at, end_at = _period_bounds(start, end)
    rows = Referral.objects.filter(
        contributor_id__in=list(contributor_ids),
        created_at__gte=start_at,
        created_at__lte=end_at,
        kind__in=list(PROMOTION_KINDS),
    ).values_list(
        "contributor_id", "user_id", "user__date_joined", "first_touch_at", "network_key", "created_at"
    )
    first = {}
    for contributor_id, user_id, joined, touched, network, created in rows.order_by("created_at"):
        first.setdefault((contributor_id, user_id), (joined, touched, network, created))
    verified = set(
        EmailAddress.objects.filter(user_id__in={u for _c, u in first}, verified=True).values_list(
            "user_id", flat=True
        )
    )
    grouped = defaultdict(list)
    for (contributor_id, user_id), row in first.items():
        grouped[contributor_id].append((user_id, *row))
    result = {}
    for contributor_id, people in grouped.items():
        networks = Counter(
            (created.date(), network) for _u, _joined, _touched, network, created in people if network
        )
        ages = [created - joined for _u, joined, _touched, _network, created in people]
        result[contributor_id] = ReferralEvidence(
            people=len(people),
            networks=len(networks),
            top_network_people=max(networks.values(), default=0),
            minutes_click_to_account=_median_minutes(
                [joined - touched for _u, joined, touched, _network, _created in people if touched]
            ),
            minutes_account_to_referral=_median_minutes(ages),
            quick=sum(1 for age in ages if age <= timedelta(hours=1)),
            unverified=sum(1 for user_id, *_rest in people if user_id not in verified),
        )
    for contributor_id, found in newsletter_evidence(start_at, end_at, contributor_ids).items():
        evidence = result.setdefault(contributor_id, ReferralEvidence())
        evidence.newsletter, evidence.newsletter_top_network, evidence.newsletter_top_domain = found
    return result


def newsletter_evidence(start_at, end_at, contributor_ids):
    """{contributor id: (addresses, most from one network on a day, most on one domain)}
    for the newsletter addresses confirmed in the period."""
    rows = (
        Referral.objects.filter(
            contributor_id__in=list(contributor_ids),
            kind=Referral.Kind.NEWSLETTER,
            confirmed_at__gte=start_at,
            confirmed_at__lte=end_at,
        )
        .values_list("contributor_id", "address", "network_key", "created_at")
        .order_by("created_at")
    )
    first = {}
    for contributor_id, address, network, created in rows:
        first.setdefault((contributor_id, address), (network, created))
    grouped = defaultdict(list)
    for (contributor_id, address), (network, created) in first.items():
        grouped[contributor_id].append((address, network, created))
    result = {}
    for contributor_id, addresses in grouped.items():
        networks = Counter((created.date(), network) for _a, network, created in addresses if network)
        domains = Counter(address.rpartition("@")[2] for address, _n, _c in addresses)
        result[contributor_id] = (
            len(addresses),
            max(networks.values(), default=0),
            max(domains.values(), default=0),
        )
    return result
