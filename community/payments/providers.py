"""The ways to pay. Each provider starts a payment (sends the person where they pay)
and stops a recurring one; what comes back (a webhook, Finance's confirmation) goes
through community.payments.records.

- bank transfer / invoice: the person gets our reference and the bank details; Finance
  confirms receipt in the admin. Needs no keys: the demo and `make run` use it.
- Stripe: Checkout Sessions (one-off, or recurring as a subscription); the webhook
  (community.payments.stripe_events) confirms. Active when STRIPE_SECRET_KEY is set."""

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.money import site_currency

from .models import Interval, Provider, Purpose


class ProviderError(Exception):
    """The provider refused or could not be reached; the message is for people."""


class PaymentProvider:
    key = ""
    label = ""
    supports_recurring = False

    def is_available(self):
        return True

    def start(self, request, payment, recurring):
        """Send the person where they pay; returns an HTTP response."""
        raise NotImplementedError

    def cancel_subscription(self, subscription):
        """Stop future charges; the term already paid runs to its end."""

    def change_subscription_plan(self, subscription, plan):
        """Charge `plan`'s price from the next renewal on, in place of the current one."""
        raise NotImplementedError


class BankTransferProvider(PaymentProvider):
    key = Provider.BANK_TRANSFER
    label = gettext_lazy("Bank transfer or invoice")
    # The person pays each term themselves, reminded before the membership ends.
    supports_recurring = False

    def start(self, request, payment, recurring):
        from .notifications import queue_payment_instructions

        queue_payment_instructions(payment)
        return redirect(payment.get_absolute_url())


def absolute(request, path):
    return request.build_absolute_uri(path)


class StripeProvider(PaymentProvider):
    key = Provider.STRIPE
    label = gettext_lazy("Card (Stripe)")
    supports_recurring = True

    def is_available(self):
        return bool(settings.STRIPE_SECRET_KEY)

    def client(self):
        import stripe

        base = {"api": settings.STRIPE_API_BASE} if settings.STRIPE_API_BASE else None
        return stripe.StripeClient(settings.STRIPE_SECRET_KEY, base_addresses=base, max_network_retries=1)

    def checkout_params(self, request, payment, recurring):
        if payment.purpose == Purpose.MEMBERSHIP:
            name = _("KMP membership: %(plan)s") % {"plan": payment.plan.name}
            interval = payment.plan.interval
        else:
            name = _("Donation to KMP")
            interval = Interval.MONTH
        price_data = {
            "currency": payment.currency.lower(),
            "unit_amount": payment.amount,
            "product_data": {"name": name},
        }
        metadata = {"kmp_reference": payment.reference}
        params = {
            "client_reference_id": payment.reference,
            "metadata": metadata,
            "success_url": absolute(request, payment.get_absolute_url()),
            "cancel_url": absolute(
                request,
                reverse("payments:join" if payment.purpose == Purpose.MEMBERSHIP else "payments:donate"),
            ),
            "customer_email": payment.payer_email or None,
        }
        if recurring:
            price_data["recurring"] = {"interval": interval}
            params.update(mode="subscription", subscription_data={"metadata": metadata})
        else:
            params.update(mode="payment", payment_intent_data={"metadata": metadata})
        params["line_items"] = [{"price_data": price_data, "quantity": 1}]
        return {key: value for key, value in params.items() if value is not None}

    def start(self, request, payment, recurring):
        import stripe

        try:
            session = self.client().v1.checkout.sessions.create(
                self.checkout_params(request, payment, recurring)
            )
        except stripe.StripeError as error:
            raise ProviderError(
                _("The card payment could not be started: %(error)s")
                % {"error": error.user_message or _("Stripe did not answer.")}
            )
        payment.provider_session_id = session.id
        payment.save(update_fields=["provider_session_id"])
        return redirect(session.url)

    def cancel_subscription(self, subscription):
        import stripe

        if not subscription.provider_subscription_id:
            return
        try:
            self.client().v1.subscriptions.update(
                subscription.provider_subscription_id, {"cancel_at_period_end": True}
            )
        except stripe.StripeError as error:
            raise ProviderError(
                _("Stripe could not stop the payments: %(error)s")
                % {"error": error.user_message or _("Stripe did not answer.")}
            )

    def change_subscription_plan(self, subscription, plan):
        """Subscription.modify with the new price on the subscription's one item, and
        proration_behavior "none": the term already paid is neither credited nor charged
        again; the next renewal charges the new price (at once, if the interval changes:
        Stripe then starts a new cycle, and the term it pays follows the one paid)."""
        import stripe

        client = self.client()
        try:
            current = client.v1.subscriptions.retrieve(subscription.provider_subscription_id)
            item = current["items"]["data"][0]
            product = item["price"]["product"]
            product = product if isinstance(product, str) else product["id"]
            client.v1.subscriptions.update(
                subscription.provider_subscription_id,
                {
                    "items": [
                        {
                            "id": item["id"],
                            "price_data": {
                                "currency": site_currency().lower(),
                                "product": product,
                                "unit_amount": plan.price,
                                "recurring": {"interval": plan.interval},
                            },
                        }
                    ],
                    "proration_behavior": "none",
                    "metadata": {"kmp_plan": str(plan.pk)},
                },
            )
        except stripe.StripeError as error:
            raise ProviderError(
                _("Stripe could not change the plan: %(error)s")
                % {"error": error.user_message or _("Stripe did not answer.")}
            )
        except (KeyError, IndexError, TypeError):
            raise ProviderError(
                _("Stripe could not change the plan: its answer lacked the subscription's item.")
            )


PROVIDERS = {provider.key: provider for provider in (BankTransferProvider(), StripeProvider())}


def get_provider(key):
    return PROVIDERS[key]


def available_providers():
    return [provider for provider in PROVIDERS.values() if provider.is_available()]
