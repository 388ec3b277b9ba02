"""The site's allauth adapter: a lockout nobody can aim at someone else.

Failed logins are limited per address and per account *on that address* together
(ACCOUNT_RATE_LIMITS "login_failed": the "key" allauth counts includes the client
address), so a flood against one account from elsewhere uses up the attacker's
allowance, never the owner's. Guessing from many addresses is still slowed by the
per-address limit; when failures against one account pass
LOGIN_FAILURES_BEFORE_NOTICE within an hour, from anywhere, its owner is told by
email (at most once an hour) and can change the password."""

import hashlib
from types import SimpleNamespace
from urllib.parse import quote, urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.models import EmailAddress
from allauth.mfa.adapter import DefaultMFAAdapter
from django.conf import settings
from django.core.cache import cache
from django.urls import reverse

from community.tracking.visitors import client_ip
from portal.emails import site_email, site_identity
from portal.site_urls import absolute_url
from portal.text import sentence_case

FAILURE_WINDOW_SECONDS = 60 * 60


class AccountAdapter(DefaultAccountAdapter):
    def _get_login_attempts_cache_key(self, request, **credentials):
        return f"{super()._get_login_attempts_cache_key(request, **credentials)}:{client_ip(request)}"

    # Emails: the site's frame and name, its public address for every link (never the
    # host the request came in on), and a subject without allauth's "[host]" prefix.

    def format_email_subject(self, subject):
        return sentence_case(str(subject))

    def get_email_confirmation_url(self, request, emailconfirmation):
        return absolute_url(reverse("account_confirm_email", args=[emailconfirmation.key]))

    def get_reset_password_from_key_url(self, key):
        path = reverse("account_reset_password_from_key", kwargs={"uidb36": "UID", "key": "KEY"})
        return absolute_url(path.replace("UID-KEY", quote(key)))

    def send_mail(self, template_prefix, email, context):
        identity = site_identity()
        site = SimpleNamespace(name=identity["site_name"], domain=urlsplit(identity["site_url"]).netloc)
        context = {name: on_site_host(value, self.request) for name, value in context.items()}
        super().send_mail(template_prefix, email, {**context, "current_site": site})

    def render_mail(self, template_prefix, email, context, headers=None):
        message = super().render_mail(template_prefix, email, context, headers=headers)
        return site_email(
            message.subject,
            message.body,
            message.to,
            from_email=message.from_email,
            headers=message.extra_headers,
        )

    def authentication_failed(self, request, **credentials):
        super().authentication_failed(request, **credentials)
        login = (credentials.get("email") or credentials.get("username") or "").strip().lower()
        if login:
            count_failure_and_notify(request, login)


class MFAAdapter(DefaultMFAAdapter):
    def get_totp_issuer(self):
        """The name an authenticator app shows beside the codes: the site's, from Site
        settings. An app keeps the name it was given at enrolment; a new name only labels
        later enrolments, and the codes are the same either way."""
        return site_identity()["site_name"]


def count_failure_and_notify(request, login):
    digest = hashlib.sha256(login.encode()).hexdigest()[:32]
    key = f"people:login-failures:{digest}"
    cache.add(key, 0, FAILURE_WINDOW_SECONDS)
    try:
        failures = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, FAILURE_WINDOW_SECONDS)
        failures = 1
    if failures < getattr(settings, "LOGIN_FAILURES_BEFORE_NOTICE", 10):
        return
    address = EmailAddress.objects.filter(email__iexact=login).select_related("user").first()
    if address is None or not cache.add(f"people:login-failures-told:{digest}", 1, FAILURE_WINDOW_SECONDS):
        return
    adapter = AccountAdapter(request)
    adapter.send_mail(
        "account/email/failed_logins",
        address.email,
        {
            "user": address.user,
            "failures": failures,
            "password_reset_url": absolute_url(reverse("account_reset_password")),
        },
    )


def on_site_host(value, request):
    """An address allauth built from the request (a sign-up or reset link) moved to the
    site's public host; anything else as it is."""
    if request is None or not isinstance(value, str):
        return value
    request_root = request.build_absolute_uri("/")
    return absolute_url(value[len(request_root) - 1 :]) if value.startswith(request_root) else value
