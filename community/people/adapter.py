"""The site's allauth adapter: a lockout nobody can aim at someone else.

Failed logins are limited per address and per account *on that address* together
(ACCOUNT_RATE_LIMITS "login_failed": the "key" allauth counts includes the client
address), so a flood against one account from elsewhere uses up the attacker's
allowance, never the owner's. Guessing from many addresses is still slowed by the
per-address limit; when failures against one account pass
LOGIN_FAILURES_BEFORE_NOTICE within an hour, from anywhere, its owner is told by
email (at most once an hour) and can change the password."""

import hashlib

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.cache import cache
from django.urls import reverse

from community.tracking.visitors import client_ip

FAILURE_WINDOW_SECONDS = 60 * 60


class AccountAdapter(DefaultAccountAdapter):
    def _get_login_attempts_cache_key(self, request, **credentials):
        return f"{super()._get_login_attempts_cache_key(request, **credentials)}:{client_ip(request)}"

    def authentication_failed(self, request, **credentials):
        super().authentication_failed(request, **credentials)
        login = (credentials.get("email") or credentials.get("username") or "").strip().lower()
        if login:
            count_failure_and_notify(request, login)


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
            "password_reset_url": request.build_absolute_uri(reverse("account_reset_password")),
        },
    )
