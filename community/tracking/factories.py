import factory
from django.utils import timezone

from community.people.factories import ContributorProfileFactory, UserFactory

from .models import PageViewDaily, Referral


class PageViewDailyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PageViewDaily

    day = factory.LazyFunction(timezone.localdate)
    views = 10
    visitors = 5


class ReferralFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Referral

    contributor = factory.SubFactory(ContributorProfileFactory)
    user = factory.SubFactory(UserFactory)
    kind = Referral.Kind.MEMBERSHIP
    code = factory.SelfAttribute("contributor.referral_code")
