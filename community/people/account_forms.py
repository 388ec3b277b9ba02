"""allauth's forms in the site's words: labels in sentence case ("New password", not
"New Password") and, under a new password, the rules in one short sentence instead of
Django's list of every validator's text. Named in ACCOUNT_FORMS and MFA_FORMS."""

from allauth.account import forms as account
from allauth.mfa.base import forms as mfa_base
from allauth.mfa.totp import forms as mfa_totp
from django.conf import settings
from django.utils.translation import gettext as _

from portal.text import sentence_case

from .signup import AccessibleSignupForm

RULES = {
    "MinimumLengthValidator": lambda options: (
        _("at least %(count)d characters") % {"count": options.get("min_length", 8)}
    ),
    "UserAttributeSimilarityValidator": lambda options: _("not like your email address"),
    "CommonPasswordValidator": lambda options: _("not a common password"),
    "NumericPasswordValidator": lambda options: _("not only digits"),
}


def password_rules():
    """The password validators (AUTH_PASSWORD_VALIDATORS) in one short sentence."""
    options = {
        validator["NAME"].rsplit(".", 1)[-1]: validator.get("OPTIONS", {})
        for validator in settings.AUTH_PASSWORD_VALIDATORS
    }
    rules = [rule(options[name]) for name, rule in RULES.items() if name in options]
    if not rules:
        return ""
    text = ", ".join(rules[:-1]) + (_(" and ") if len(rules) > 1 else "") + rules[-1]
    return text[0].upper() + text[1:] + "."


class SiteWordsMixin:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if field.label:
                field.label = sentence_case(str(field.label))
            if field.widget.attrs.get("autocomplete") == "new-password" and field.help_text:
                field.help_text = password_rules()


class LoginForm(SiteWordsMixin, account.LoginForm):
    pass


class SignupForm(SiteWordsMixin, AccessibleSignupForm):
    pass


class AddEmailForm(SiteWordsMixin, account.AddEmailForm):
    pass


class ChangePasswordForm(SiteWordsMixin, account.ChangePasswordForm):
    pass


class SetPasswordForm(SiteWordsMixin, account.SetPasswordForm):
    pass


class ResetPasswordForm(SiteWordsMixin, account.ResetPasswordForm):
    pass


class ResetPasswordKeyForm(SiteWordsMixin, account.ResetPasswordKeyForm):
    pass


class ReauthenticateForm(SiteWordsMixin, account.ReauthenticateForm):
    pass


class MfaAuthenticateForm(SiteWordsMixin, mfa_base.AuthenticateForm):
    pass


class MfaReauthenticateForm(SiteWordsMixin, mfa_base.ReauthenticateForm):
    pass


class ActivateTOTPForm(SiteWordsMixin, mfa_totp.ActivateTOTPForm):
    pass


class DeactivateTOTPForm(SiteWordsMixin, mfa_totp.DeactivateTOTPForm):
    pass
