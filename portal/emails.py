"""The site's emails. Each is written as plain text, so nothing in it is HTML-escaped (a
title with an apostrophe reads "managers'", not "managers&#x27;"), and sent through
site_email, which puts it in the site's frame as a plain-text and an HTML part."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template import Context
from django.template.loader import get_template, render_to_string
from django.utils.html import linebreaks, urlize
from django.utils.safestring import mark_safe

from .cache import cached, site_token
from .site_urls import site_root_url


def render_plain_text(template_name, context):
    """An email's template rendered without HTML escaping, given the site's name and
    public address as `site_name` and `site_url` (site_identity: from the site's settings,
    whatever the caller's context says)."""
    context = {**context, **site_identity()}
    return get_template(template_name).template.render(Context(context, autoescape=False))


def render_subject(template_name, context):
    """An email subject: plain text on one line."""
    return " ".join(render_plain_text(template_name, context).split())


def site_identity():
    """The site's name (Settings → Site settings) and public address (portal.site_urls),
    kept in the cache until the site token is renewed: every email names both."""

    def compute():
        from wagtail.models import Site

        from .models import SiteSettings

        site = Site.objects.filter(is_default_site=True).first()
        name = SiteSettings.for_site(site).site_name if site else settings.WAGTAIL_SITE_NAME
        return {"site_name": name, "site_url": site_root_url()}

    return cached(f"portal:email-identity:{site_token()}", compute)


def text_as_html(text):
    """A plain-text body as HTML paragraphs, its addresses as links."""
    return mark_safe(linebreaks(urlize(text, autoescape=True)))  # noqa: S308 (escaped by urlize)


def site_email(subject, text, to, *, html_template=None, context=None, **kwargs):
    """The one way the site builds an email: the text (rendered by render_plain_text)
    inside the site's frame (templates/emails/base.txt and base.html: its name and its
    public address, never the request's host), as a plain-text and an HTML part. An email
    with richer HTML (the digest) names a template that extends emails/base.html."""
    frame = site_identity() | {"subject": subject, "body": text.strip()}
    plain = render_plain_text("emails/base.txt", frame)
    html_context = frame | {"body_html": text_as_html(text.strip())} | (context or {})
    html = render_to_string(html_template or "emails/base.html", html_context)
    message = EmailMultiAlternatives(subject, plain, to=to, **kwargs)
    message.attach_alternative(html, "text/html")
    return message
