from dataclasses import replace

from allauth.mfa.utils import is_mfa_enabled
from csp.middleware import CSPMiddleware
from django.conf import settings
from django.core.cache import cache
from django.http.request import split_domain_port
from django.shortcuts import redirect
from django.urls import reverse
from wagtail.models import Site

from .cache import FRAGMENT_CACHE_SECONDS, site_token


def is_admin_path(request):
    return request.path_info.startswith("/admin/")


class PortalCSPMiddleware(CSPMiddleware):
    """The site's policy everywhere; the Wagtail admin also needs inline code."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if is_admin_path(request):
            update = dict(parts.update or {})
            update.update(settings.KMP_ADMIN_CSP_UPDATE)
            parts = replace(parts, update=update)
        return parts


class AdminTwoFactorMiddleware:
    """Anyone who can use the Wagtail admin must have two-factor authentication on."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            settings.KMP_ADMIN_REQUIRES_MFA
            and is_admin_path(request)
            and request.user.is_authenticated
            and request.user.has_perm("wagtailadmin.access_admin")
            and not is_mfa_enabled(request.user)
        ):
            return redirect(f"{reverse('mfa_activate_totp')}?next={request.path}")
        return self.get_response(request)


NO_SITE = "none"


class CachedSiteMiddleware:
    """Finds the request's Wagtail site in the cache rather than with a query on every
    request. Wagtail's Site.find_for_request keeps its answer on the request as
    `_wagtail_site`; this fills it first. Sites rarely change, and saving or deleting
    one renews the site token (portal.cache), which retires every cached answer."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not hasattr(request, "_wagtail_site"):
            request._wagtail_site = cached_site_for_request(request)
        return self.get_response(request)


def cached_site_for_request(request):
    # The host was checked against ALLOWED_HOSTS by CommonMiddleware, which runs first.
    hostname = split_domain_port(request.get_host())[0]
    key = f"portal:site:{site_token()}:{hostname}:{request.get_port()}"
    site = cache.get(key)
    if site is None:
        site = Site._find_for_request(request) or NO_SITE
        cache.set(key, site, FRAGMENT_CACHE_SECONDS)
    return site if isinstance(site, Site) else None
