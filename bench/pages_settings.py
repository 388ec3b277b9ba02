"""Settings for bench/pages.py: production settings plus /bench/bare/ (a-stack).

BENCH_PAGE_CACHE=0 turns the portal's page cache off; BENCH_DJANGO_CACHE=1 wraps the
stack in Django's own per-site cache (UpdateCacheMiddleware first,
FetchFromCacheMiddleware last, as Django's documentation and the Wagtail bakerydemo
place them): the (django-cache) comparison mode."""

import os

from portal.settings.production import *  # noqa: F403
from portal.settings.production import MIDDLEWARE

ROOT_URLCONF = "bench.pages_urls"
TRACKING_PAGE_CACHE = os.environ.get("BENCH_PAGE_CACHE", "1") == "1"
if os.environ.get("BENCH_DJANGO_CACHE") == "1":
    MIDDLEWARE = [
        "django.middleware.cache.UpdateCacheMiddleware",
        *MIDDLEWARE,
        "django.middleware.cache.FetchFromCacheMiddleware",
    ]
    CACHE_MIDDLEWARE_SECONDS = 300
    CACHE_MIDDLEWARE_KEY_PREFIX = "bench"
