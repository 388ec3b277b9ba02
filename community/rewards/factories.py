from datetime import date

import factory

from community.people.factories import ContributorProfileFactory, UserFactory

from .models import LedgerEntry, RewardPeriod


class RewardPeriodFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RewardPeriod
        django_get_or_create = ("start",)

    start = date(2026, 10, 1)


class LedgerEntryFactory(factory.django.DjangoModelFactory):
    """Money in, recorded by Finance: a membership fee unless told otherwise."""

    class Meta:
        model = LedgerEntry

    kind = LedgerEntry.Kind.MEMBERSHIP_FEE
    amount = 10_000
    period = factory.SubFactory(RewardPeriodFactory)
    member = factory.SubFactory(UserFactory)
    received_on = factory.LazyAttribute(lambda entry: entry.period.start)
    payment_reference = factory.Sequence(lambda n: f"PAY-{n:05d}")


class DonationFactory(LedgerEntryFactory):
    kind = LedgerEntry.Kind.DONATION
    member = None
    payment_reference = ""


class ReserveAllocationFactory(LedgerEntryFactory):
    kind = LedgerEntry.Kind.RESERVE_ALLOCATION
    member = None
    payment_reference = ""


__all__ = ["ContributorProfileFactory", "DonationFactory", "LedgerEntryFactory", "RewardPeriodFactory"]
