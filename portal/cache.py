"""The site token: one value in Django's cache that names the current state of the
site's content.

Anything that can change what many pages show (a page unpublished, moved or deleted; a
page in a menu or directly under a site's root published; site settings; a contributor's
profile; an image) renews the token, and
every cache key built with it stops matching at once. The anonymous page cache, the
main menu and the `{% wagtailpagecache %}` fragments (through
`BasePage.get_cache_key_components`) all include it. Renewals are connected in
community/tracking, next to the page-cache purges.

Publishing any other page does not renew it: portal.page_cache_purge purges that page
and the pages that list it, and renews the listings token, which the related-posts
ranking includes.

Tokens are random integers: Django's Redis cache stores integers as plain digits, so a
Lua script can compare them (community/tracking/cached_hits.py, RedisHits).

While Redis is failing, the cache is each process's own (portal.cache_backends) and
nothing shared is kept: `is_shared()` is False, and `cached()` computes every time.
When Redis answers again the token is renewed, since purges made meanwhile were lost."""

import secrets

from django.core.cache import cache, caches
from django.dispatch import receiver

from .breaker import service_recovered

SITE_TOKEN_CACHE_KEY = "portal:site-token"  # noqa: S105 (a cache key, not a secret)
LISTINGS_TOKEN_CACHE_KEY = "portal:listings-token"  # noqa: S105 (a cache key, not a secret)
SITE_TOKEN_TIMEOUT = 60 * 60 * 24 * 7
# How long a fragment may stay in the cache; a renewed token retires it sooner.
FRAGMENT_CACHE_SECONDS = 60 * 60


def _token(key):
    """A token's current value. A missing one (never set, expired, evicted) is replaced
    by a fresh value, so keys made before it went missing never match again."""
    token = cache.get(key)
    if token is None:
        cache.add(key, new_token(), SITE_TOKEN_TIMEOUT)
        token = cache.get(key)
    return token


def site_token():
    """The site's token: renewed by whatever changes every page (portal.page_cache_purge)."""
    return _token(SITE_TOKEN_CACHE_KEY)


def renew_site_token():
    cache.set(SITE_TOKEN_CACHE_KEY, new_token(), SITE_TOKEN_TIMEOUT)


def listings_token():
    """The token of what lists pages (related posts): renewed by every publish, which
    purges only the published page and the pages that list it (portal.page_cache_purge),
    so a listing computed before is not kept when another page re-renders."""
    return _token(LISTINGS_TOKEN_CACHE_KEY)


def renew_listings_token():
    cache.set(LISTINGS_TOKEN_CACHE_KEY, new_token(), SITE_TOKEN_TIMEOUT)


def new_token():
    return secrets.randbits(62)


def is_shared():
    """Whether the default cache is the one every app server sees (not a local
    stand-in while Redis is down)."""
    return getattr(caches["default"], "is_shared", True)


def cached(key, compute, timeout=FRAGMENT_CACHE_SECONDS):
    """The cached value under key, computed and kept on a miss; computed every time
    while the cache is not shared."""
    if not is_shared():
        return compute()
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, timeout)
    return value


@receiver(service_recovered)
def renew_site_token_after_outage(sender, name, **kwargs):
    # Purges made while Redis was away never reached it: start every page afresh.
    if name.startswith("Redis"):
        renew_site_token()
