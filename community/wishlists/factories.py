import factory
import wagtail_factories
from django.utils import timezone

from community.people.factories import ContributorProfileFactory, UserFactory

from .models import Offer, Service, WishItem, WishListIndexPage, WishListPage


class WishListIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = WishListIndexPage

    title = "Wish lists"
    slug = "wish-lists"
    introduction = "Businesses ask; KM professionals answer."


class WishListPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = WishListPage

    title = factory.Sequence(lambda n: f"Wish list {n}")
    slug = factory.Sequence(lambda n: f"wish-list-{n}")
    organisation = "Northbridge Bank"
    problem = "Project teams repeat the same mistakes."
    desired_outcomes = "Lessons are captured and reused."
    owner = factory.SubFactory(UserFactory)
    first_published_at = factory.LazyFunction(timezone.now)
    last_published_at = factory.LazyAttribute(lambda page: page.first_published_at)


class WishItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WishItem
        skip_postgeneration_save = True

    wish_list = factory.SubFactory(WishListPageFactory)
    title = factory.Sequence(lambda n: f"Wish item {n}")
    description = "What we need."

    @factory.post_generation
    def topics(self, create, extracted, **kwargs):
        if extracted:
            self.topics.set(extracted)
        if create:
            self.save()

    @factory.post_generation
    def skills(self, create, extracted, **kwargs):
        if extracted:
            self.skills.set(extracted)
            if create:
                self.save()


class OfferFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Offer

    item = factory.SubFactory(WishItemFactory)
    contributor = factory.SubFactory(ContributorProfileFactory)
    what = "A six-week pilot"
    how = Offer.How.VOLUNTEER
    message = "I have done this before."


class ServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Service
        skip_postgeneration_save = True

    contributor = factory.SubFactory(ContributorProfileFactory)
    title = factory.Sequence(lambda n: f"Service {n}")
    description = "Workshops on lessons learned."
    kind = Service.Kind.PAID

    @factory.post_generation
    def topics(self, create, extracted, **kwargs):
        if extracted:
            self.topics.set(extracted)
        if create:
            self.save()
