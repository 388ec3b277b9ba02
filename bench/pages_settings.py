"""Settings for bench/pages.py: production settings plus the bare ceiling view."""

import os

from portal.settings.production import *  # noqa: F403

ROOT_URLCONF = "bench.pages_urls"
TRACKING_PAGE_CACHE = os.environ.get("BENCH_PAGE_CACHE", "1") == "1"
