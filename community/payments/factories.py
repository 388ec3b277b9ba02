import factory

from .models import MembershipPlan, Payment, Provider, Purpose


class MembershipPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MembershipPlan

    name = factory.Sequence(lambda n: f"Plan {n}")
    price = 6_000
    interval = "year"
    includes = "Every members-only course\nA share of your fee funds the reward pool"


class PaymentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Payment

    purpose = Purpose.MEMBERSHIP
    provider = Provider.BANK_TRANSFER
    plan = factory.SubFactory(MembershipPlanFactory)
    amount = factory.LazyAttribute(lambda payment: payment.plan.price if payment.plan else 2_000)
