"""Public forms: a wish list with its items, an offer, a service. Every text field is
stored as plain text (see text.py); every form carries a honeypot field."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.forms import BaseFormSet, formset_factory
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy
from taggit.utils import parse_tags

from portal.forms import HoneypotMixin, PlainTextField, plain_text
from portal.money import AmountField

from .models import Engagement, Offer, Service

MAX_WISH_ITEMS = 20
MAX_TOPICS = 10
MAX_TOPIC_LENGTH = 60


class TopicsField(forms.CharField):
    """Comma-separated topic names, for example: lessons learned, taxonomy."""

    default_error_messages = {
        "too_many": ngettext_lazy("Choose at most %(max)d topic.", "Choose at most %(max)d topics.", "max"),
        "too_long": _("Each topic must be %(max)d characters or fewer."),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", MAX_TOPICS * (MAX_TOPIC_LENGTH + 2))
        kwargs.setdefault(
            "help_text", _("Separate topics with commas, for example: lessons learned, taxonomy")
        )
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return ", ".join(value)
        return value

    def to_python(self, value):
        value = super().to_python(value)
        names, seen = [], set()
        for name in parse_tags(value or ""):
            name = " ".join(plain_text(name).split())
            if name and name.lower() not in seen:
                seen.add(name.lower())
                names.append(name)
        return names

    def validate(self, value):
        if self.required and not value:
            raise ValidationError(self.error_messages["required"], code="required")
        if len(value) > MAX_TOPICS:
            raise ValidationError(
                self.error_messages["too_many"], code="too_many", params={"max": MAX_TOPICS}
            )
        if any(len(name) > MAX_TOPIC_LENGTH for name in value):
            raise ValidationError(
                self.error_messages["too_long"], code="too_long", params={"max": MAX_TOPIC_LENGTH}
            )


class WishListForm(HoneypotMixin, forms.Form):
    title = PlainTextField(
        label=_("Title"),
        max_length=120,
        help_text=_("For example: Help us start a lessons-learned practice"),
    )
    organisation = PlainTextField(label=_("Organisation"), max_length=120)
    problem = PlainTextField(
        label=_("The problem"),
        multiline=True,
        max_length=4000,
        help_text=_("What is not working today, and for whom?"),
    )
    desired_outcomes = PlainTextField(
        label=_("Desired outcomes"),
        multiline=True,
        max_length=4000,
        help_text=_("What will be different when this works?"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_honeypot()


class WishItemForm(forms.Form):
    title = PlainTextField(label=_("What do you want?"), max_length=160)
    description = PlainTextField(label=_("Details"), multiline=True, max_length=2000, required=False)
    topics = TopicsField(label=_("Topics"))
    skills = TopicsField(
        label=_("Skills needed"),
        required=False,
        help_text=_("Optional. Separate skills with commas, for example: facilitation"),
    )
    engagement = forms.ChoiceField(
        label=_("Engagement preferred"), choices=Engagement.choices, initial=Engagement.EITHER
    )
    budget_min = AmountField(label=_("Budget from"), allow_zero=True, required=False)
    budget_max = AmountField(label=_("Budget up to"), allow_zero=True, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        currency = settings.KMP_CURRENCY
        self.fields["budget_min"].help_text = _("Optional, in %(currency)s.") % {"currency": currency}
        self.fields["budget_max"].help_text = _("Optional, in %(currency)s.") % {"currency": currency}

    def clean(self):
        cleaned = super().clean()
        low, high = cleaned.get("budget_min"), cleaned.get("budget_max")
        if low is not None and high is not None and low > high:
            self.add_error("budget_max", _("The upper end of the budget is below the lower end."))
        return cleaned

    def item_fields(self):
        data = self.cleaned_data
        return {
            "title": data["title"],
            "description": data["description"],
            "engagement": data["engagement"],
            "budget_min": data["budget_min"],
            "budget_max": data["budget_max"],
        }


class BaseWishItemFormSet(BaseFormSet):
    default_error_messages = {
        "too_many_forms": ngettext_lazy(
            "A wish list can have at most %(num)d item.", "A wish list can have at most %(num)d items.", "num"
        ),
        "too_few_forms": ngettext_lazy(
            "Add at least %(num)d wish item.", "Add at least %(num)d wish items.", "num"
        ),
    }

    def initial_form_count(self):
        # Every item is new; a posted INITIAL_FORMS must not make blank forms required.
        return 0

    def items(self):
        return [
            form
            for form in self.forms
            if form.has_changed() and not self._should_delete_form(form) and form.cleaned_data
        ]


WishItemFormSet = formset_factory(
    WishItemForm,
    formset=BaseWishItemFormSet,
    extra=0,
    min_num=1,
    validate_min=True,
    max_num=MAX_WISH_ITEMS,
    validate_max=True,
    absolute_max=MAX_WISH_ITEMS,
    can_delete=True,
)


class OfferForm(HoneypotMixin, forms.ModelForm):
    what = PlainTextField(
        label=_("What you offer"),
        max_length=200,
        help_text=_("For example: a six-week pilot of after-action reviews with one team"),
    )
    message = PlainTextField(
        label=_("Message to the owner"),
        multiline=True,
        max_length=3000,
        help_text=_("How you would go about it and what you have done before. Plain text."),
    )

    class Meta:
        model = Offer
        fields = ["what", "how", "message"]
        widgets = {"how": forms.RadioSelect}

    def __init__(self, *args, item, **kwargs):
        self.item = item
        super().__init__(*args, **kwargs)
        self.add_honeypot()
        self.offer_only_what_the_item_accepts()

    def offer_only_what_the_item_accepts(self):
        """No empty "---------" choice, and no way to offer volunteer help on a paid
        wish (or pay on a volunteer one): a choice shown is a choice that is accepted.
        clean_how still refuses a posted value the item does not accept."""
        how = self.fields["how"]
        how.choices = Offer.How.choices
        how.widget.choices = [
            (value, label) for value, label in Offer.How.choices if self.item.accepts(value)
        ]
        if len(how.widget.choices) == 1:
            how.initial = how.widget.choices[0][0]

    def clean_how(self):
        how = self.cleaned_data["how"]
        if not self.item.accepts(how):
            raise ValidationError(
                _("This wish asks for %(engagement)s help.")
                % {"engagement": self.item.get_engagement_display().lower()}
            )
        return how


class ServiceForm(HoneypotMixin, forms.ModelForm):
    title = PlainTextField(label=_("Title"), max_length=120)
    description = PlainTextField(label=_("Description"), multiline=True, max_length=3000)
    topics = TopicsField(label=_("Topics"), required=False)

    class Meta:
        model = Service
        fields = ["title", "kind", "description", "listed"]
        widgets = {"kind": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_honeypot()
        if self.instance.pk:
            self.initial["topics"] = [tag.name for tag in self.instance.topics.all()]

    def save(self, commit=True):
        service = super().save(commit=False)
        service.topics.set(self.cleaned_data["topics"])
        if commit:
            service.save()
        return service


class HideOfferForm(forms.Form):
    reason = PlainTextField(label=_("Why hide it?"), max_length=200, required=False)
