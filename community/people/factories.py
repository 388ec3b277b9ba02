import factory
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group

from .models import ContributorProfile, User


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.com")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    password = factory.PostGenerationMethodCall("set_password", "correct-horse-battery")

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        self.save()
        if create:
            EmailAddress.objects.get_or_create(
                user=self, email=self.email, defaults={"verified": True, "primary": True}
            )
        for name in extracted or ():
            self.groups.add(Group.objects.get(name=name))


class ContributorProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ContributorProfile

    user = factory.SubFactory(UserFactory)
    display_name = factory.Faker("name")
    slug = factory.Sequence(lambda n: f"contributor-{n}")
    headline = "KM practitioner"
