"""WSGI application of bench/pages.py's ceiling (a): bench.bare_settings."""

import os

from django.core.wsgi import get_wsgi_application

os.environ["DJANGO_SETTINGS_MODULE"] = "bench.bare_settings"
application = get_wsgi_application()
