"""Settings for bench/gaming.py: the development settings behind one trusted proxy (each
simulated person's address comes in X-Forwarded-For), without sign-up rate limits, with
a two-second engaged read. BENCH_RULES=before lets lessons complete at once, as before."""

import os

os.environ["ACCOUNT_EMAIL_VERIFICATION"] = "optional"

from portal.settings.dev import *  # noqa: E402,F403

TRUSTED_PROXY_COUNT = ALLAUTH_TRUSTED_PROXY_COUNT = 1
ACCOUNT_RATE_LIMITS = False
TRACKING_RECORDER = "database"
TRACKING_ENGAGED_SECONDS = 2
DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # bench accounts only
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
if os.environ.get("BENCH_RULES") == "before":
    COURSES_LESSON_MIN_SECONDS = 0
    COURSES_LESSON_TIME_SHARE = 0
