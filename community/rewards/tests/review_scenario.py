"""A community's months for the review before pay: four honest bloggers whose readers
come from many networks, spread over the day, month after month, and a gamer who had
a modest audience until October, when one network sent three scripted readers a day,
minutes apart. July to September are closed; October is calculated and under review."""

from datetime import date, datetime, timedelta

from django.utils import timezone

from community.people import roles
from community.people.factories import ContributorProfileFactory, UserFactory
from community.rewards.factories import ReserveAllocationFactory, RewardPeriodFactory
from community.rewards.tests.helpers import calculate_when_due, close_when_due
from community.tracking.models import QualifiedRead

MONTHS = [date(2026, 7, 1), date(2026, 8, 1), date(2026, 9, 1), date(2026, 10, 1)]
UNDER_REVIEW = MONTHS[-1]


def add_reads(contributor, day, networks, readers_per_network=1, first_at=9, spacing=timedelta(minutes=47)):
    """Qualified reads of `contributor` on `day`: `readers_per_network` readers from each
    of `networks` networks, the first at `first_at` o'clock, then one every `spacing`."""
    reads = [
        QualifiedRead(
            contributor=contributor,
            day=day,
            reader_key=f"r{contributor.pk}-{day:%m%d}-{network}-{slot}",
            network_key=f"n{day:%m%d}-{contributor.pk}-{network}",
            slot=slot,
            signed_in=slot == 1 and network % 4 == 0,
        )
        for network in range(networks)
        for slot in range(1, readers_per_network + 1)
    ]
    QualifiedRead.objects.bulk_create(reads)
    moment = timezone.make_aware(datetime.combine(day, datetime.min.time()) + timedelta(hours=first_at))
    for read in reads:  # created_at is set on insert; bulk_update leaves it as given
        read.created_at = moment
        moment += spacing
    QualifiedRead.objects.bulk_update(reads, ["created_at"])


def month_days(start, count):
    return [start + timedelta(days=offset) for offset in range(count)]


def seed_review_scenario():
    """{name: profile or period}; the bloggers' metrics are real qualified reads."""
    honest = {
        "amara": ContributorProfileFactory(display_name="Amara Okafor", slug="amara-okafor"),
        "li": ContributorProfileFactory(display_name="Li Wei", slug="li-wei"),
        "sofia": ContributorProfileFactory(display_name="Sofia Marquez", slug="sofia-marquez"),
        "tom": ContributorProfileFactory(display_name="Tom Becker", slug="tom-becker"),
    }
    gamer = ContributorProfileFactory(
        display_name="Gus Gamer", slug="gus-gamer", user=UserFactory(email="gus@example.com")
    )
    for month in MONTHS:
        for offset, profile in enumerate(honest.values()):
            for day in month_days(month, 10 + offset * 2):
                add_reads(profile, day, networks=4)
        if month == UNDER_REVIEW:
            for day in month_days(month, 30):
                add_reads(
                    gamer, day, networks=1, readers_per_network=3, first_at=2, spacing=timedelta(seconds=40)
                )
        else:
            for day in month_days(month, 6):
                add_reads(gamer, day, networks=4)
    finance, treasurer = UserFactory(roles=[roles.FINANCE]), UserFactory(roles=[roles.FINANCE])
    periods = {}
    for month in MONTHS:
        period = RewardPeriodFactory(start=month)
        ReserveAllocationFactory(period=period, amount=300_000)
        calculate_when_due(period, by=finance)
        if month != UNDER_REVIEW:
            close_when_due(period, by=treasurer)
        period.refresh_from_db()
        periods[month] = period
    return {
        **honest,
        "gamer": gamer,
        "period": periods[UNDER_REVIEW],
        "finance": finance,
        "treasurer": treasurer,
    }
