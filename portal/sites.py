"""The Wagtail site of a request and its root page, kept in the cache.

Wagtail reads the site (with its root page) and then the root page's specific row on
every page it serves: two queries before routing starts. `site_for_request` keeps
both in Django's cache, keyed by the host, the site token and the purge token of the
root path "/" (portal.page_cache). Saving a Site renews the site token
(portal.page_cache_purge), and saving or publishing a root page, or publishing any
page below it, renews the token of "/": the next request reads both rows afresh.
Each token is read before the rows, so rows read while a change was being saved are
kept under the token that change replaces and are never read again.

While Redis is failing (`is_shared()` is False) Wagtail reads them every time."""

import hashlib

from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from wagtail.models import Site

from .cache import FRAGMENT_CACHE_SECONDS, is_shared, site_token
from .page_cache import is_page_path, path_token_key

ROOT_PATH = "/"


def site_for_request(request):
    """What `Site.find_for_request` returns, from the cache when it was read before under
    the same tokens; the request keeps it, so Wagtail's own lookup reads it from there."""
    if hasattr(request, "_wagtail_site"):
        return request._wagtail_site
    if not is_shared():
        return Site.find_for_request(request)
    try:
        host = request.get_host()  # an unknown host is refused later, and not kept
    except DisallowedHost:
        return Site.find_for_request(request)
    root_token = cache.get(path_token_key(ROOT_PATH))
    host_digest = hashlib.sha256(host.lower().encode()).hexdigest()[:40]
    key = f"portal:site:{site_token()}:{root_token}:{host_digest}"
    site = cache.get(key)
    if site is None:
        site = Site.find_for_request(request)
        if site is not None:
            site.root_page.specific  # noqa: B018 (read now, so that it is kept with the site)
            cache.set(key, site, FRAGMENT_CACHE_SECONDS)
    request._wagtail_site = site
    return site


class CachedSiteMiddleware:
    """Gives a request for a Wagtail page its site and root page from the cache
    (`site_for_request`). After CommonMiddleware, which refuses unknown hosts."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if is_page_path(request.path_info):
            site_for_request(request)
        return self.get_response(request)
