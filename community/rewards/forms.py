"""Forms Finance uses in the admin to record money, change the policy and run periods."""

from decimal import Decimal

from django import forms
from django.contrib.auth import get_user_model
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from community.people.models import ContributorProfile, Membership
from portal.forms import BrowserDateInput
from portal.money import AmountField

from .calculation import RESERVES, SPREAD
from .models import LedgerEntry, RewardPeriod, RewardPolicy
from .payments import MAX_BYTES
from .periods import PeriodError, parse_month
from .review import excludable_metrics


class MemberEmailField(forms.EmailField):
    """A member picked by email address, as on their payment."""

    def clean(self, value):
        email = super().clean(value)
        if not email:
            return None
        user = get_user_model().objects.filter(email__iexact=email).first()
        if user is None:
            raise forms.ValidationError(_("No member has the email %(email)s.") % {"email": email})
        return user


def not_in_future(day):
    if day and day > timezone.localdate():
        raise forms.ValidationError(_("The date is in the future."))


class MembershipFeeForm(forms.Form):
    member = MemberEmailField(label=_("Member's email"))
    amount = AmountField(label=_("Amount paid"))
    received_on = forms.DateField(
        label=_("Received on"),
        initial=timezone.localdate,
        validators=[not_in_future],
        widget=BrowserDateInput(),
    )
    payment_reference = forms.CharField(label=_("Payment reference"), max_length=100)
    plan = forms.ChoiceField(
        label=_("Plan"), choices=Membership.Plan.choices, initial=Membership.Plan.INDIVIDUAL
    )
    paid_until = forms.DateField(
        label=_("Paid until"),
        required=False,
        widget=BrowserDateInput(),
        help_text=_("Leave empty for a year from the payment, or from the end of the current membership."),
    )
    memo = forms.CharField(label=_("Memo"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def clean_payment_reference(self):
        reference = self.cleaned_data["payment_reference"].strip()
        if LedgerEntry.objects.filter(payment_reference=reference).exists():
            raise forms.ValidationError(_("This payment reference is already recorded."))
        return reference

    def clean(self):
        cleaned = super().clean()
        received, until = cleaned.get("received_on"), cleaned.get("paid_until")
        if received and until and until < received:
            self.add_error("paid_until", _("Paid until is before the payment date."))
        return cleaned


class DonationForm(forms.Form):
    donor = MemberEmailField(
        label=_("Donor's email"),
        required=False,
        help_text=_("Optional; leave empty for an anonymous donation."),
    )
    amount = AmountField(label=_("Amount"))
    received_on = forms.DateField(
        label=_("Received on"),
        initial=timezone.localdate,
        validators=[not_in_future],
        widget=BrowserDateInput(),
    )
    to_pool = forms.BooleanField(
        label=_("For the reward pool"),
        required=False,
        initial=True,
        help_text=_("Untick for general funds, which are not shared as rewards."),
    )
    payment_reference = forms.CharField(label=_("Payment reference"), max_length=100, required=False)
    memo = forms.CharField(label=_("Memo"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def clean_payment_reference(self):
        reference = self.cleaned_data["payment_reference"].strip()
        if reference and LedgerEntry.objects.filter(payment_reference=reference).exists():
            raise forms.ValidationError(_("This payment reference is already recorded."))
        return reference


class ReserveAllocationForm(forms.Form):
    period = forms.ModelChoiceField(
        label=_("Period"),
        queryset=RewardPeriod.objects.exclude(status=RewardPeriod.Status.CLOSED).order_by("start"),
        empty_label=None,
    )
    amount = AmountField(label=_("Amount from reserves"))
    memo = forms.CharField(label=_("Memo"), widget=forms.Textarea(attrs={"rows": 2}))


class ReversalForm(forms.Form):
    memo = forms.CharField(
        label=_("Why is this entry reversed?"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )


class ClawbackForm(forms.Form):
    contributor = forms.ModelChoiceField(
        label=_("Contributor"),
        queryset=ContributorProfile.objects.order_by("display_name"),
        help_text=_("Who was paid money that must come back."),
    )
    amount = AmountField(
        label=_("Amount to recover"),
        help_text=_("Taken off their next rewards until it is covered; their balance goes below zero."),
    )
    reason = forms.CharField(
        label=_("Why must the money come back?"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The contributor sees this on their statements."),
    )


class StatementFlagForm(forms.Form):
    """What a contributor says looks wrong on their draft statement, for Finance."""

    note = forms.CharField(
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Say what looks wrong, so that Finance can check it.")},
    )

    def __init__(self, *args, dispute_until, **kwargs):
        super().__init__(*args, **kwargs)
        until = formats.date_format(timezone.localtime(dispute_until), "Y-m-d H:i")
        self.fields["note"].label = _("Does something look wrong? Tell Finance before %(until)s.") % {
            "until": until
        }

    def clean_note(self):
        return " ".join(self.cleaned_data["note"].split())


class FlagAnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("Your answer"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The contributor reads it on their statement. Answering resolves the flag."),
    )


class PaymentImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file of payments"),
        help_text=_(
            "Columns: email, amount, date (YYYY-MM-DD), reference; optional: plan, paid_until, memo."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 1 MB."))
        return upload.read()


class OpenPeriodForm(forms.Form):
    month = forms.CharField(
        label=_("Month"),
        widget=forms.TextInput(attrs={"type": "month", "placeholder": "2026-11"}),
        help_text=_("YYYY-MM"),
    )

    def clean_month(self):
        try:
            start = parse_month(self.cleaned_data["month"])
        except PeriodError as error:
            raise forms.ValidationError(str(error))
        if RewardPeriod.objects.filter(start=start).exists():
            raise forms.ValidationError(_("That period exists already."))
        return start


class RewardPolicyForm(forms.Form):
    """Edits make a new policy version; the fields start from the current one."""

    pool_share_percent = forms.DecimalField(
        label=_("Share of membership fees to the pool (%)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    cap_percent = forms.DecimalField(
        label=_("Cap per contributor (% of the pool)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(100)],
    )
    minimum_payout = AmountField(label=_("Minimum payout"), allow_zero=True)
    empty_stream = forms.ChoiceField(
        label=_("A stream where no one qualifies"),
        choices=[(SPREAD, _("is spread over the other streams")), (RESERVES, _("returns to reserves"))],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label=_("What changed and why"), max_length=255)

    def __init__(self, *args, policy, **kwargs):
        self.policy = policy
        initial = {
            "pool_share_percent": policy.pool_share_percent,
            "cap_percent": policy.cap_percent,
            "minimum_payout": policy.minimum_payout,
            "empty_stream": policy.empty_stream,
        }
        super().__init__(*args, initial=initial, **kwargs)
        self.stream_rows = []
        for stream, name, weight, minimum in policy.streams_table():
            label = stream.label if stream else name
            self.fields[f"weight_{name}"] = forms.IntegerField(
                label=_("%(stream)s: weight") % {"stream": label}, min_value=0, max_value=1000, initial=weight
            )
            self.fields[f"minimum_{name}"] = forms.DecimalField(
                label=_("%(stream)s: minimum %(units)s")
                % {"stream": label, "units": stream.unit_plural if stream else ""},
                min_value=0,
                max_digits=12,
                decimal_places=2,
                initial=minimum,
            )
            self.stream_rows.append((name, self[f"weight_{name}"], self[f"minimum_{name}"]))

    def clean(self):
        cleaned = super().clean()
        weights = [cleaned.get(f"weight_{name}") for name, _w, _m in self.stream_rows]
        if all(weight is not None for weight in weights) and not any(weights):
            raise forms.ValidationError(_("At least one stream needs a weight above zero."))
        return cleaned

    def stream_settings(self):
        return {
            name: {
                "weight": self.cleaned_data[f"weight_{name}"],
                "minimum": f"{self.cleaned_data[f'minimum_{name}'].normalize():f}",
            }
            for name, _w, _m in self.stream_rows
        }

    def has_policy_changes(self):
        policy = self.policy
        return (
            self.cleaned_data["pool_share_percent"] != policy.pool_share_percent
            or self.cleaned_data["cap_percent"] != policy.cap_percent
            or self.cleaned_data["minimum_payout"] != policy.minimum_payout
            or self.cleaned_data["empty_stream"] != policy.empty_stream
            or self.stream_settings()
            != {
                name: {"weight": policy.weight(name), "minimum": f"{policy.minimum(name).normalize():f}"}
                for name, _w, _m in self.stream_rows
            }
        )

    def save(self, created_by):
        return RewardPolicy.objects.create(
            pool_share_percent=self.cleaned_data["pool_share_percent"],
            cap_percent=self.cleaned_data["cap_percent"],
            minimum_payout=self.cleaned_data["minimum_payout"],
            empty_stream=self.cleaned_data["empty_stream"],
            stream_settings=self.stream_settings(),
            note=self.cleaned_data["note"],
            created_by=created_by,
        )


class MetricExclusionForm(forms.Form):
    """Exclude part or all of one contributor's metric in one stream of a calculated
    period. The choices are the metrics the period measured with something left to
    exclude, by the contributor's name; a posted metric not among them, or an amount over
    what is left of it, is refused with a message and nothing changes."""

    metric = forms.ChoiceField(label=_("Metric"))
    amount = forms.DecimalField(
        label=_("How much to exclude"),
        required=False,
        min_value=Decimal("0.0001"),
        max_digits=18,
        decimal_places=4,
    )
    reason = forms.CharField(
        label=_("Reason (the contributor reads it on their statement)"),
        max_length=2000,
        min_length=10,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, period, **kwargs):
        super().__init__(*args, **kwargs)
        self.period = period
        self.metrics = excludable_metrics(period)
        field = self.fields["metric"]
        field.choices = [("", "---------")] + [(value, m.label) for value, m in self.metrics.items()]
        field.error_messages["invalid_choice"] = _(
            "That metric was not measured in %(period)s, or all of it is excluded already: choose one from the list."
        ) % {"period": period}
        if len(self.metrics) == 1:
            field.initial = next(iter(self.metrics))
        chosen = self.metrics.get(self.data.get("metric") if self.is_bound else field.initial)
        self.fields["amount"].help_text = (
            _("%(whose)s has %(left)s to exclude: enter at most that, or leave empty to exclude all of it.")
            % {"whose": chosen.whose, "left": chosen.left_text}
            if chosen
            else _("At most the metric shown with your choice; leave empty to exclude all of it.")
        )

    def clean_metric(self):
        return self.metrics[self.cleaned_data["metric"]]

    def clean(self):
        cleaned = super().clean()
        metric, amount = cleaned.get("metric"), cleaned.get("amount")
        if metric and amount is not None and amount > metric.left:
            self.add_error(
                "amount",
                _("%(whose)s has %(left)s to exclude; enter at most %(most)s.")
                % {"whose": metric.whose, "left": metric.left_text, "most": f"{metric.left.normalize():f}"},
            )
        return cleaned
