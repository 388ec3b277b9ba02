"""Absolute addresses for links that leave the site (emails, certificates, QR codes).

They come from the default Wagtail Site's root URL (Settings → Sites), never from the
request's Host header, which a visitor controls."""

from urllib.parse import urlsplit

from django.conf import settings
from wagtail.models import Site

from .cache import cached, site_token


def site_root_url():
    """Kept in the cache until the site token is renewed (saving a Site renews it)."""

    def compute():
        site = Site.objects.filter(is_default_site=True).first()
        return (site.root_url if site else settings.WAGTAILADMIN_BASE_URL).rstrip("/")

    return cached(f"portal:site-root:{site_token()}", compute)


def absolute_url(path):
    """`path` (from reverse() or a page's url) on the site's public address; an address
    that already has a host (an image on a media server) is kept."""
    if urlsplit(path).netloc:
        return path
    return site_root_url() + ("" if path.startswith("/") else "/") + path
