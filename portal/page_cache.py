"""An anonymous full-page cache for live public Wagtail pages, on Django's cache.

An entry is keyed by scheme, host and path and remembers the purge tokens of its
path and of the whole site as they were when the request began. Purging a path (or
the site) replaces its token, so any entry stored before, including one rendered
from rows read just before a publish committed, no longer matches. One get_many per
request reads the entry and both tokens.

A hit is answered before the middleware that a shared page does not need (sessions,
authentication, CSRF, CSP, messages, Wagtail's routing): community.tracking's
PageCacheMiddleware sits right after SecurityMiddleware and WhiteNoise. So an entry
keeps the headers that middleware added when the page was rendered (the CSP policy,
X-Frame-Options, Vary), and a response whose policy holds a per-request nonce is
never kept: a nonce served twice is no nonce. Requests that may differ from one
visitor to the next (a session, CSRF or messages cookie, an Authorization header, a
query parameter other than ?ref=, a method other than GET or HEAD) never see the cache.

While Redis is failing (portal.breaker) pages are rendered and not cached: the cache
is then each process's own, which another server's purge could not reach.

Purged by portal.page_cache_purge (wired in PortalConfig.ready()); served and stored by
community.tracking's PageCacheMiddleware, which counts a view on a hit (and, on Redis,
does both in one round trip: community.tracking.cached_hits)."""

import hashlib
from functools import lru_cache

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.urls import Resolver404, resolve
from wagtail.models import Site
from wagtail.views import serve as wagtail_serve

from portal.cache import SITE_TOKEN_CACHE_KEY, is_shared, new_token, renew_site_token, site_token

KEY_PREFIX = "tracking:page:"
TOKEN_TIMEOUT = 60 * 60 * 24 * 7
DEFAULT_MAX_AGE = 300
# Parameters that never change what a page shows.
IGNORED_PARAMS = {"ref"}
# Headers an entry does not keep: the length changes with the read token, and the
# cache's own marker is set per response.
DROPPED_HEADERS = {"content-length", "x-page-cache", "set-cookie"}
CSP_HEADERS = ("Content-Security-Policy", "Content-Security-Policy-Report-Only")
# Cookies that mean a visitor may see something of their own (messages is the cookie
# of Django's message storage).
MESSAGES_COOKIE = "messages"


def _digest(text):
    # Paths may be long or hold characters some cache backends refuse in keys.
    return hashlib.sha256(text.encode("utf-8", "surrogateescape")).hexdigest()[:40]


def page_cache_enabled():
    return bool(getattr(settings, "TRACKING_PAGE_CACHE", True))


def entry_key(request):
    # "page:" since entries keep every header: an entry of the release before (which
    # kept two and relied on the middleware for the rest) is never read.
    return f"{KEY_PREFIX}page:{_digest(f'{request.scheme}://{request.get_host().lower()}{request.path}')}"


def path_token_key(path):
    return f"{KEY_PREFIX}token:{_digest(path)}"


def is_cacheable_request(request):
    """An anonymous GET or HEAD of a Wagtail page that may be answered from the cache,
    decided from the request alone: it runs before sessions and authentication."""
    if not page_cache_enabled() or request.method not in ("GET", "HEAD"):
        return False
    if getattr(request, "is_dummy", False):  # Wagtail's preview, through the middleware
        return False
    if any(name not in IGNORED_PARAMS for name in request.GET):
        return False
    if has_private_cookie(request) or "HTTP_AUTHORIZATION" in request.META:
        return False
    if not is_page_path(request.path_info):
        return False
    return is_shared()


def has_private_cookie(request):
    """A session (signed in, messages, passed view restrictions), a CSRF token or a
    message for this visitor: such a visitor is served a fresh page."""
    cookies = request.COOKIES
    return (
        settings.SESSION_COOKIE_NAME in cookies
        or settings.CSRF_COOKIE_NAME in cookies
        or MESSAGES_COOKIE in cookies
    )


@lru_cache(maxsize=4096)
def is_page_path(path_info):
    """Whether Wagtail serves this path; the URLconf is fixed, so answers are kept."""
    try:
        return resolve(path_info).func is wagtail_serve
    except Resolver404:
        return False


def lookup(request):
    """(entry, tokens) where entry is None on a miss; tokens are kept for store()."""
    keys = [entry_key(request), path_token_key(request.path), SITE_TOKEN_CACHE_KEY]
    found = cache.get_many(keys)
    tokens = (found.get(keys[1]), found.get(keys[2]) or site_token())
    entry = found.get(keys[0])
    if entry is not None and entry["tokens"] != tokens:
        entry = None
    return entry, tokens


def response_from_entry(entry):
    response = HttpResponse(entry["content"], status=200)
    for header, value in entry["headers"].items():
        response[header] = value
    response["Content-Length"] = str(len(entry["content"]))  # CommonMiddleware's, not run on a hit
    response["X-Page-Cache"] = "hit"
    return response


def store(request, response, page, tokens, hits=None):
    """Keep the response, with the headers the middleware gave it, when it is the same
    for every anonymous visitor; `hits` stores it as the one-round-trip Redis path reads it."""
    if tokens is None or not is_shared() or not _is_shareable(request, response, page):
        response["X-Page-Cache"] = "skip"
        return False
    entry = {
        "content": response.content,
        "headers": {h: v for h, v in response.items() if h.lower() not in DROPPED_HEADERS},
        "page_id": page.pk,
        "tokens": tokens,
    }
    timeout = max_age(page)
    if hits is not None:
        hits.store(request, entry, timeout)
    else:
        cache.set(entry_key(request), entry, timeout)
    response["X-Page-Cache"] = "miss"
    return True


def max_age(page):
    """Seconds to keep the page: its cache_max_age (BasePage), 0 meaning never."""
    value = getattr(page, "cache_max_age", None)
    return DEFAULT_MAX_AGE if value is None else value


def _is_shareable(request, response, page):
    if max_age(page) <= 0 or request.method != "GET":
        return False
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return False
    if any("'nonce-" in response.get(header, "") for header in CSP_HEADERS):
        return False
    if getattr(response, "is_rendered", True) is False:
        response.render()
    # A rendered {% csrf_token %} is tied to one visitor's cookie.
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE") or request.META.get("CSRF_COOKIE_USED"):
        return False
    cache_control = response.get("Cache-Control", "").lower()
    if any(word in cache_control for word in ("private", "no-store", "no-cache")):
        return False
    if not page.live or page.get_view_restrictions().exists():
        return False
    # Sub-routes of routable pages are not purged by path, so they are not kept.
    return page.get_url(request=request, current_site=Site.find_for_request(request)) in (
        request.path,
        request.build_absolute_uri(request.path),
    )


def page_paths(url_path):
    """Site-relative paths of a page (by its url_path) and all its ancestors, for every site."""
    paths = set()
    for site in Site.get_site_root_paths():
        root_path = site.root_path
        if url_path.startswith(root_path):
            relative = url_path[len(root_path) - 1 :]
            parts = [part for part in relative.split("/") if part]
            for depth in range(len(parts) + 1):
                paths.add("/" + "".join(f"{part}/" for part in parts[:depth]))
    return paths


def purge_paths(paths):
    cache.set_many({path_token_key(path): new_token() for path in paths}, TOKEN_TIMEOUT)


def purge_site():
    """Purge every page and fragment: see portal.cache."""
    renew_site_token()
