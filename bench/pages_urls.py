"""The site's URLs plus /bench/bare/ (bench.bare_urls' 20 KB view) behind the site's
whole middleware stack: (a-stack), printed beside the honest ceiling (a)."""

from django.urls import path

from bench.bare_urls import bare
from portal.urls import handler404, handler500  # noqa: F401
from portal.urls import urlpatterns as portal_urlpatterns

urlpatterns = [path("bench/bare/", bare), *portal_urlpatterns]
