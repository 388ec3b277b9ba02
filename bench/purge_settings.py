"""Settings for bench/purge.py: the test settings with a local-memory cache large enough
to hold every cached page of the bench site."""

from portal.settings.test import *  # noqa: F403

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "OPTIONS": {"MAX_ENTRIES": 100_000},
    }
}
ALLOWED_HOSTS = ["testserver"]
