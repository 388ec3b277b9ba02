"""A member changes plan from their membership page. With automatic renewal by card,
Stripe's subscription is changed in place (the next renewal charges the new price); by
bank transfer the choice is recorded and applies from the next term, when they renew."""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from community.people.models import Membership

from .models import NextPlan, Provider, Purpose, Subscription
from .providers import get_provider


class PlanChangeError(ValueError):
    """A change that cannot be made; the message is for the member."""


@dataclass(frozen=True)
class PlanChange:
    plan: object
    in_place: bool  # the card subscription now charges the new plan
    starts_after: object  # the last day already paid, or None

    @property
    def message(self):
        price = self.plan.price_display
        if self.in_place:
            return _(
                "Your automatic renewal is now %(plan)s: from your next renewal you are charged %(price)s."
            ) % {"plan": self.plan.name, "price": price}
        return _("%(plan)s (%(price)s) applies from your next term, after %(day)s; renew on it then.") % {
            "plan": self.plan.name,
            "price": price,
            "day": date_format(self.starts_after, "j F Y"),
        }


def card_renewal(user):
    """The member's automatic renewal by card, linked to Stripe's subscription, locked."""
    return (
        Subscription.objects.select_for_update()
        .filter(
            user=user, purpose=Purpose.MEMBERSHIP, provider=Provider.STRIPE, status=Subscription.Status.ACTIVE
        )
        .exclude(provider_subscription_id="")
        .first()
    )


def change_plan(user, plan):
    """Change `user`'s own membership to `plan` (offered plans only). Raises
    PlanChangeError (nothing changed) or ProviderError (Stripe refused; nothing changed)."""
    if not plan.is_offered:
        raise PlanChangeError(_("Choose one of the plans offered."))
    latest = Membership.objects.filter(user=user).order_by("-paid_until").first()
    with transaction.atomic():
        subscription = card_renewal(user)
        if subscription is not None:
            if subscription.plan_id != plan.pk:
                get_provider(subscription.provider).change_subscription_plan(subscription, plan)
                subscription.plan, subscription.amount = plan, plan.price
                subscription.save(update_fields=["plan", "amount"])
            NextPlan.objects.filter(user=user).delete()
            return PlanChange(plan=plan, in_place=True, starts_after=latest.paid_until if latest else None)
        if latest is None:
            raise PlanChangeError(_("You are not a member yet: choose your plan when you join."))
        NextPlan.objects.update_or_create(user=user, defaults={"plan": plan, "chosen_at": timezone.now()})
        return PlanChange(plan=plan, in_place=False, starts_after=latest.paid_until)


def next_plan_of(user):
    return NextPlan.objects.filter(user=user).select_related("plan").first()
