"""Settings for bench/pages.py's ceiling (a): a minimal Django project, no apps, no
middleware, no database, one URL. What Django itself costs per request under the same
gunicorn, so that the portal's ratios are not flattered by a slow ceiling."""

import os

SECRET_KEY = os.environ.get("SECRET_KEY", "bench-bare")
DEBUG = False
ALLOWED_HOSTS = os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")
ROOT_URLCONF = "bench.bare_urls"
INSTALLED_APPS = []
MIDDLEWARE = []
DATABASES = {}
USE_TZ = True
