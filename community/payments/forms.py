from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.forms import BrowserDateInput
from portal.money import AmountField, format_money

from .models import MembershipPlan
from .providers import available_providers


def provider_choices(recurring_only=False):
    return [
        (provider.key, provider.label)
        for provider in available_providers()
        if provider.supports_recurring or not recurring_only
    ]


class JoinForm(forms.Form):
    plan = forms.ModelChoiceField(
        label=_("Plan"),
        queryset=MembershipPlan.objects.none(),
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Choose one of the plans on this page.")},
    )
    provider = forms.ChoiceField(label=_("Pay by"), widget=forms.RadioSelect)
    renew_automatically = forms.BooleanField(
        label=_("Renew automatically each term (card only)"), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = MembershipPlan.objects.offered()
        self.fields["provider"].choices = provider_choices()
        self.fields["provider"].initial = self.fields["provider"].choices[0][0]
        if not provider_choices(recurring_only=True):
            del self.fields["renew_automatically"]

    def clean(self):
        data = super().clean()
        if data.get("renew_automatically") and data.get("provider") != "stripe":
            self.add_error(
                "renew_automatically",
                _("Automatic renewal needs a card; by bank transfer you are reminded before each renewal."),
            )
        return data


class DonationForm(forms.Form):
    ONCE, MONTHLY = "once", "monthly"
    amount = AmountField(label=_("Amount"))
    frequency = forms.ChoiceField(
        label=_("How often"),
        choices=[(ONCE, _("Once")), (MONTHLY, _("Every month (card only)"))],
        initial=ONCE,
        widget=forms.RadioSelect,
    )
    provider = forms.ChoiceField(label=_("Pay by"), widget=forms.RadioSelect)
    anonymous = forms.BooleanField(label=_("Give anonymously (we do not ask your name)"), required=False)
    donor_name = forms.CharField(label=_("Your name"), max_length=120, required=False)
    donor_email = forms.EmailField(
        label=_("Your email"), required=False, help_text=_("For the receipt, and the bank details.")
    )
    public_name = forms.CharField(
        label=_("Name on the supporters list"),
        max_length=80,
        required=False,
        help_text=_("Leave empty to stay off the list."),
    )

    def __init__(self, *args, user=None, **kwargs):
        self.user = user if user is not None and user.is_authenticated else None
        super().__init__(*args, **kwargs)
        self.fields["provider"].choices = provider_choices()
        self.fields["provider"].initial = self.fields["provider"].choices[0][0]
        if self.user:
            del self.fields["donor_name"], self.fields["donor_email"], self.fields["anonymous"]

    def clean_amount(self):
        amount = self.cleaned_data["amount"]
        if amount is not None and amount < settings.PAYMENTS_MIN_DONATION:
            raise forms.ValidationError(
                _("The smallest donation is %(minimum)s.")
                % {"minimum": format_money(settings.PAYMENTS_MIN_DONATION)}
            )
        return amount

    def clean(self):
        data = super().clean()
        if data.get("frequency") == self.MONTHLY and data.get("provider") != "stripe":
            self.add_error(
                "frequency", _("A monthly donation needs a card; by bank transfer you can give once.")
            )
        if self.user is None:
            if data.get("anonymous"):
                data["donor_name"] = ""
            elif not data.get("donor_name"):
                self.add_error("donor_name", _("Write your name, or tick “Give anonymously”."))
            if (
                data.get("provider") == "bank_transfer"
                and not data.get("donor_email")
                and not data.get("anonymous")
            ):
                self.add_error(
                    "donor_email", _("Write your email so that we can send the bank details and the receipt.")
                )
        return data


class ConfirmReceiptForm(forms.Form):
    received_on = forms.DateField(
        label=_("Received on"),
        initial=timezone.localdate,
        widget=BrowserDateInput(),
    )


class RefundForm(forms.Form):
    """Finance pays back all that is left of a transfer, or a part of it."""

    amount = AmountField(label=_("Amount paid back"))
    reason = forms.CharField(label=_("Why it is refunded"), max_length=200)

    def __init__(self, *args, payment, **kwargs):
        super().__init__(*args, initial={"amount": payment.amount_left}, **kwargs)
        self.payment = payment
        self.fields["amount"].help_text = _("At most %(left)s: all of it, or a part.") % {
            "left": format_money(payment.amount_left, payment.currency)
        }

    def clean_amount(self):
        amount = self.cleaned_data["amount"]
        if amount is not None and amount > self.payment.amount_left:
            raise forms.ValidationError(
                _("At most %(left)s is left to refund.")
                % {"left": format_money(self.payment.amount_left, self.payment.currency)}
            )
        return amount


class ChangePlanForm(forms.Form):
    plan = forms.ModelChoiceField(
        label=_("Plan from the next renewal"),
        queryset=MembershipPlan.objects.none(),
        error_messages={"invalid_choice": _("Choose one of the plans offered.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = MembershipPlan.objects.offered()
