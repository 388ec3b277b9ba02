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
