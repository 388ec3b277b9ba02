from django import template
from django.templatetags.static import static
from django.urls import reverse
from django.utils.html import format_html

from community.tracking import conf
from community.tracking.readers import TOKEN_PLACEHOLDER

register = template.Library()


@register.simple_tag(takes_context=True)
def read_beacon(context):
    """The read beacon's script for a page that pays its authors by qualified readers.
    The token is a placeholder that the tracking middleware fills in per response."""
    request = context.get("request")
    if request is None or getattr(request, "is_preview", False):
        return ""
    return format_html(
        '<script src="{}" data-read-token="{}" data-read-url="{}" data-read-seconds="{}" defer></script>',
        static("js/read-beacon.js"),
        TOKEN_PLACEHOLDER,
        reverse("tracking:read"),
        conf.engaged_seconds(),
    )
