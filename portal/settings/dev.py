"""Local development: works with no environment at all."""

import os

os.environ.setdefault("SECRET_KEY", "dev-only-insecure-key-do-not-use-in-production")
os.environ.setdefault("DEBUG", "1")
os.environ.setdefault("CSP_ENFORCE", "0")
os.environ.setdefault("KMP_ADMIN_REQUIRES_MFA", "0")
os.environ.setdefault("ACCOUNT_EMAIL_VERIFICATION", "mandatory")

from .base import *  # noqa: E402,F403
from .base import STORAGES  # noqa: E402

EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
ALLOWED_HOSTS = ["localhost", "127.0.0.1", "[::1]", "testserver"]
