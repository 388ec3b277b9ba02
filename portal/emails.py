"""Rendering the site's emails. They are plain text, so nothing in them is HTML-escaped:
a title with an apostrophe reads "managers'", not "managers&#x27;"."""

from django.template import Context
from django.template.loader import get_template


def render_plain_text(template_name, context):
    """A template rendered without HTML escaping (an email body)."""
    return get_template(template_name).template.render(Context(context, autoescape=False))


def render_subject(template_name, context):
    """An email subject: plain text on one line."""
    return " ".join(render_plain_text(template_name, context).split())


def site_root_url():
    """The default site's address without a trailing slash, for links in emails."""
    from django.conf import settings
    from wagtail.models import Site

    site = Site.objects.filter(is_default_site=True).first()
    return (site.root_url if site else settings.WAGTAILADMIN_BASE_URL).rstrip("/")
