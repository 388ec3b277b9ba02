"""allauth's sign-up form with a honeypot that assistive technology can pass over: the
hidden field gets a name and a valid autocomplete value (allauth writes "nope")."""

from allauth.account.forms import SignupForm
from django.conf import settings
from django.utils.translation import gettext_lazy as _


class AccessibleSignupForm(SignupForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        honeypot = self.fields.get(settings.ACCOUNT_SIGNUP_FORM_HONEYPOT_FIELD)
        if honeypot is not None:
            honeypot.widget.attrs.update({"autocomplete": "off", "aria-label": _("Leave this empty")})
