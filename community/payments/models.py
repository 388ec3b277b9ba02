"""Money coming in through the site: membership plans, payments (a fee or a donation,
by bank transfer or Stripe), recurring payments, and the provider events already
handled. A confirmed payment is written to the funding ledger (rewards) exactly once."""

import secrets

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel

from community.people.models import Membership
from portal.money import format_money, site_currency

from .admin_forms import MembershipPlanForm

# Letters and digits a person reads out over the phone without confusion.
REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def new_reference():
    code = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))
    return f"KMP-{code[:4]}-{code[4:]}"


def new_access_token():
    return secrets.token_urlsafe(24)


class Interval(models.TextChoices):
    MONTH = "month", _("Monthly")
    YEAR = "year", _("Yearly")


def term_end(begin, interval):
    """The last day of a term that starts on `begin`."""
    step = relativedelta(months=1) if interval == Interval.MONTH else relativedelta(years=1)
    return begin + step - relativedelta(days=1)


class MembershipPlanQuerySet(models.QuerySet):
    def offered(self):
        return self.filter(is_offered=True).order_by("sort_order", "price")


class MembershipPlan(models.Model):
    """What a person can join as, at what price, for how long. Editors manage them."""

    name = models.CharField(_("name"), max_length=80)
    kind = models.CharField(
        _("kind of membership"),
        max_length=20,
        choices=Membership.Plan.choices,
        default=Membership.Plan.INDIVIDUAL,
        help_text=_("The membership a payment for this plan gives."),
    )
    price = models.BigIntegerField(_("price"), help_text=_("In minor units (cents)."))
    interval = models.CharField(_("paid"), max_length=10, choices=Interval.choices, default=Interval.YEAR)
    includes = models.TextField(
        _("what it includes"), help_text=_("One line per benefit; shown as a list on the join page.")
    )
    is_offered = models.BooleanField(_("offered on the join page"), default=True)
    sort_order = models.PositiveSmallIntegerField(_("order on the join page"), default=0)

    objects = MembershipPlanQuerySet.as_manager()

    base_form_class = MembershipPlanForm
    panels = [
        FieldPanel("name"),
        FieldPanel("kind"),
        FieldPanel("price"),
        FieldPanel("interval"),
        FieldPanel("includes"),
        FieldPanel("is_offered"),
        FieldPanel("sort_order"),
    ]

    class Meta:
        ordering = ["sort_order", "price"]
        verbose_name = _("membership plan")
        verbose_name_plural = _("membership plans")
        constraints = [
            models.CheckConstraint(condition=models.Q(price__gt=0), name="payments_plan_price_positive")
        ]

    def __str__(self):
        return f"{self.name} ({self.price_display})"

    @property
    def price_display(self):
        per = _("a month") if self.interval == Interval.MONTH else _("a year")
        return f"{format_money(self.price)} {per}"

    @property
    def benefits(self):
        return [line.strip() for line in self.includes.splitlines() if line.strip()]


class NextPlan(models.Model):
    """The plan a member paying by bank transfer chose for their next term: shown on
    their membership page and in the renewal reminder, offered when they renew, and
    done with once a membership payment made after the choice is confirmed."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("member"), on_delete=models.CASCADE, related_name="next_plan"
    )
    plan = models.ForeignKey(MembershipPlan, verbose_name=_("plan"), on_delete=models.PROTECT)
    chosen_at = models.DateTimeField(_("chosen"), default=timezone.now)

    class Meta:
        verbose_name = _("next plan")
        verbose_name_plural = _("next plans")

    def __str__(self):
        return f"{self.user}: {self.plan}"


class Provider(models.TextChoices):
    BANK_TRANSFER = "bank_transfer", _("Bank transfer or invoice")
    STRIPE = "stripe", _("Card (Stripe)")


class Purpose(models.TextChoices):
    MEMBERSHIP = "membership", _("Membership")
    DONATION = "donation", _("Donation")


class Subscription(models.Model):
    """A payment that repeats: a membership renewed each term, or a monthly donation.
    With Stripe the provider charges; with bank transfer the member is reminded to pay."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        CANCELLED = "cancelled", _("Cancelled")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="payment_subscriptions",
    )
    purpose = models.CharField(_("for"), max_length=20, choices=Purpose.choices)
    provider = models.CharField(_("provider"), max_length=20, choices=Provider.choices)
    plan = models.ForeignKey(
        MembershipPlan, verbose_name=_("plan"), null=True, blank=True, on_delete=models.PROTECT
    )
    amount = models.BigIntegerField(_("amount"), help_text=_("In minor units (cents), each time."))
    provider_subscription_id = models.CharField(_("provider's subscription id"), max_length=100, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.ACTIVE)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("recurring payment")
        verbose_name_plural = _("recurring payments")
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "provider_subscription_id"],
                condition=~models.Q(provider_subscription_id=""),
                name="payments_subscription_once",
            )
        ]

    def __str__(self):
        return f"{self.get_purpose_display()} {format_money(self.amount)} ({self.get_status_display()})"


class Payment(models.Model):
    """One payment, from the moment someone chooses to pay until it is confirmed (and
    written to the ledger), and, if it comes to that, refunded."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for the money")
        CONFIRMED = "confirmed", _("Received")
        REFUNDED = "refunded", _("Refunded")
        CANCELLED = "cancelled", _("Cancelled")

    reference = models.CharField(_("our reference"), max_length=20, unique=True, default=new_reference)
    access_token = models.CharField(max_length=40, unique=True, default=new_access_token, editable=False)
    purpose = models.CharField(_("for"), max_length=20, choices=Purpose.choices)
    provider = models.CharField(_("provider"), max_length=20, choices=Provider.choices)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PENDING)
    amount = models.BigIntegerField(_("amount"), help_text=_("In minor units (cents)."))
    currency = models.CharField(_("currency"), max_length=3, default=site_currency)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="payments",
    )
    plan = models.ForeignKey(
        MembershipPlan, verbose_name=_("plan"), null=True, blank=True, on_delete=models.PROTECT
    )
    subscription = models.ForeignKey(
        Subscription,
        verbose_name=_("recurring payment"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="payments",
    )
    donor_name = models.CharField(_("donor's name"), max_length=120, blank=True)
    donor_email = models.EmailField(_("donor's email"), blank=True)
    public_name = models.CharField(
        _("name on the supporters list"), max_length=80, blank=True, help_text=_("Empty: not listed.")
    )
    provider_session_id = models.CharField(_("provider's checkout id"), max_length=100, blank=True)
    provider_reference = models.CharField(
        _("provider's reference"),
        max_length=100,
        blank=True,
        help_text=_("What the ledger records: the bank reference, or Stripe's payment or invoice id."),
    )
    provider_charge_id = models.CharField(_("provider's charge id"), max_length=100, blank=True)
    return_url = models.CharField(_("back to"), max_length=200, blank=True)
    ledger_entry = models.OneToOneField(
        "rewards.LedgerEntry",
        verbose_name=_("ledger entry"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="site_payment",
    )
    membership = models.OneToOneField(
        "people.Membership",
        verbose_name=_("membership term"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="site_payment",
    )
    received_on = models.DateField(_("received on"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("confirmed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    amount_refunded = models.BigIntegerField(
        _("refunded so far"),
        default=0,
        help_text=_("In minor units (cents): the refunds' sum, never more than the amount."),
    )
    refunded_at = models.DateTimeField(_("refunded"), null=True, blank=True)
    refund_reason = models.CharField(_("why refunded"), max_length=200, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        permissions = [("confirm_payment", _("Can confirm that a bank transfer arrived, or refund it"))]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="payments_payment_amount_positive"),
            models.CheckConstraint(
                condition=models.Q(amount_refunded__gte=0, amount_refunded__lte=models.F("amount")),
                name="payments_refunds_within_the_amount",
            ),
            models.UniqueConstraint(
                fields=["provider", "provider_reference"],
                condition=~models.Q(provider_reference=""),
                name="payments_provider_reference_once",
            ),
        ]

    def __str__(self):
        return f"{self.reference} · {self.get_purpose_display()} · {format_money(self.amount, self.currency)}"

    def get_absolute_url(self):
        return reverse("payments:payment", args=[self.access_token])

    @property
    def payer_name(self):
        if self.user_id:
            return str(self.user)
        return self.donor_name or _("Anonymous")

    @property
    def payer_email(self):
        return self.user.email if self.user_id else self.donor_email

    @property
    def amount_display(self):
        return format_money(self.amount, self.currency)

    @property
    def amount_left(self):
        """What is still kept of the payment: the amount less what was refunded."""
        return self.amount - self.amount_refunded


class Refund(models.Model):
    """Money of a payment given back, whole or in part: one ledger reversal each. A
    provider's refund (a Stripe refund or dispute id) is recorded once."""

    payment = models.ForeignKey(
        Payment, verbose_name=_("payment"), on_delete=models.PROTECT, related_name="refunds"
    )
    amount = models.BigIntegerField(_("amount"), help_text=_("In minor units (cents)."))
    provider_refund_id = models.CharField(
        _("provider's refund id"), max_length=100, blank=True, help_text=_("Empty for a bank transfer.")
    )
    ledger_entry = models.OneToOneField(
        "rewards.LedgerEntry",
        verbose_name=_("ledger reversal"),
        on_delete=models.PROTECT,
        related_name="site_refund",
    )
    reason = models.CharField(_("why refunded"), max_length=200)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("recorded"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("refund")
        verbose_name_plural = _("refunds")
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="payments_refund_amount_positive"),
            models.UniqueConstraint(
                fields=["provider_refund_id"],
                condition=~models.Q(provider_refund_id=""),
                name="payments_provider_refund_once",
            ),
        ]

    def __str__(self):
        return f"{self.payment.reference} · {format_money(self.amount, self.payment.currency)}"


class ProviderEvent(models.Model):
    """An event a provider sent (a Stripe webhook), kept so it is handled once: the
    unique id makes a replay, or the same event delivered twice at once, a no-op."""

    provider = models.CharField(_("provider"), max_length=20, choices=Provider.choices)
    event_id = models.CharField(_("event id"), max_length=100)
    event_type = models.CharField(_("type"), max_length=100)
    outcome = models.CharField(_("what it did"), max_length=300, blank=True)
    received_at = models.DateTimeField(_("received"), auto_now_add=True)

    class Meta:
        ordering = ["-received_at"]
        verbose_name = _("provider event")
        verbose_name_plural = _("provider events")
        constraints = [models.UniqueConstraint(fields=["provider", "event_id"], name="payments_event_once")]

    def __str__(self):
        return f"{self.event_type} {self.event_id}"
