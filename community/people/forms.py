from django import forms
from django.utils.translation import gettext_lazy as _


class SignupForm(forms.Form):
    """Extra fields on allauth's sign-up form."""

    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)

    def signup(self, request, user):
        user.first_name = self.cleaned_data["first_name"]
        user.last_name = self.cleaned_data["last_name"]
        user.save(update_fields=["first_name", "last_name"])


class ContributorProfileForm(forms.ModelForm):
    """What contributors edit about themselves; the slug and referral code stay fixed."""

    expertise = forms.CharField(
        label=_("Expertise topics"),
        required=False,
        max_length=500,
        help_text=_("Comma-separated, for example: communities of practice, lessons learned"),
    )

    class Meta:
        from .models import ContributorProfile

        model = ContributorProfile
        fields = [
            "display_name",
            "headline",
            "bio",
            "website_url",
            "linkedin_url",
            "mastodon_url",
            "payout_preference",
        ]
        widgets = {"payout_preference": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["expertise"] = ", ".join(t.name for t in self.instance.expertise.all())

    def clean_expertise(self):
        names = [n.strip() for n in self.cleaned_data["expertise"].split(",") if n.strip()]
        if len(names) > 15:
            raise forms.ValidationError(_("Choose at most 15 topics."))
        if any(len(n) > 60 for n in names):
            raise forms.ValidationError(_("Each topic must be 60 characters or fewer."))
        return names

    def save(self, commit=True):
        profile = super().save(commit=False)
        profile.expertise.set(self.cleaned_data["expertise"])
        if commit:
            profile.save()
        return profile
