"""Settings for bench/search.py: production settings, served in-process over plain HTTP.

The pages are indexed once after they are built (update_index), not one by one
as they are saved, and the search rate limit is lifted: the benchmark is one
client asking as fast as it can."""

from portal.settings.production import *  # noqa: F403
from portal.settings.production import STORAGES, WAGTAILSEARCH_BACKENDS

SECURE_SSL_REDIRECT = False
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
WAGTAILSEARCH_BACKENDS["default"]["AUTO_UPDATE"] = False
SEARCH_RATE_LIMIT = "1000000/m"
TRACKING_PAGE_CACHE = False  # the blog post is measured uncached
TRACKING_RECORDER = "database"
