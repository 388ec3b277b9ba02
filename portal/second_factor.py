"""Every privileged action asks for the second factor (KMP_ADMIN_REQUIRES_MFA, on in
production), wherever it is: the Wagtail admin, and any view that shows or changes
something only a role may see.

One rule, keyed on the privilege rather than on the view: `roles.has_role()` is how
views grant what a role may do, and it calls `require_second_factor()` for the
signed-in user of the current request. A user who holds the role but has no verified
second factor in this session gets SecondFactorRequired, which SecondFactorMiddleware
turns into a redirect: to enrol TOTP, or to confirm a code when it is enrolled but this
session signed in without it. The admin is covered by its path, for everyone who can
reach it. `portal/tests/test_second_factor.py` walks the URLconf to check every view."""

import contextvars
from urllib.parse import urlencode

from allauth.account.internal.flows.login import get_authentication_records, record_authentication
from allauth.mfa.signals import authenticator_added
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.dispatch import receiver
from django.shortcuts import redirect
from django.urls import reverse

current_request = contextvars.ContextVar("second_factor_request", default=None)

# Where a user goes to give the second factor; never guarded themselves.
EXEMPT_PREFIXES = ("/accounts/", "/healthz", "/readyz")


class SecondFactorRequired(PermissionDenied):
    """Raised where a privilege is used without a verified second factor; a 403 if
    nothing turns it into a redirect."""


def is_admin_path(request):
    return request.path_info.startswith("/admin/")


def has_verified_second_factor(request, user):
    if not is_mfa_enabled(user):
        return False
    return any(record.get("method") == "mfa" for record in get_authentication_records(request, user))


def require_second_factor(user):
    """Called by roles.has_role when `user` holds a role: raise unless the request being
    served (if it is this user's) has a verified second factor or none is required."""
    if not settings.KMP_ADMIN_REQUIRES_MFA:
        return
    request = current_request.get()
    if request is None or request.path_info.startswith(EXEMPT_PREFIXES):
        return
    acting = getattr(request, "user", None)
    if acting is None or getattr(acting, "pk", None) != user.pk:
        return  # a check about someone else (a notification, a listing), not their privilege
    if not has_verified_second_factor(request, user):
        raise SecondFactorRequired


def second_factor_redirect(request):
    user = request.user
    target = "mfa_reauthenticate" if is_mfa_enabled(user) else "mfa_activate_totp"
    return redirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")


class SecondFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = current_request.set(request)
        try:
            if (
                settings.KMP_ADMIN_REQUIRES_MFA
                and is_admin_path(request)
                and request.user.is_authenticated
                and request.user.has_perm("wagtailadmin.access_admin")
                and not has_verified_second_factor(request, request.user)
            ):
                return second_factor_redirect(request)
            return self.get_response(request)
        finally:
            current_request.reset(token)

    def process_exception(self, request, exception):
        if isinstance(exception, SecondFactorRequired) and request.user.is_authenticated:
            return second_factor_redirect(request)
        return None


@receiver(authenticator_added)
def enrolment_verifies_the_session(sender, request, user, authenticator, **kwargs):
    # Enrolling TOTP proves a code, so the session need not confirm one again at once.
    record_authentication(request, user, "mfa", id=authenticator.pk, type=authenticator.type, enrolled=True)
