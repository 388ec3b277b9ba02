from django import template
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _

register = template.Library()


@register.simple_tag(takes_context=True)
def author_posts_url(context, blog_index, profile):
    return blog_index.author_url(profile, context.get("request")) if blog_index else ""


@register.simple_tag
def author_links(authors):
    """Linked author names in reading order: "A", "A and B", "A, B and C"."""
    links = [
        format_html('<a href="{}" rel="author">{}</a>', author.get_absolute_url(), author.display_name)
        for author in authors
    ]
    if len(links) <= 1:
        return links[0] if links else ""
    head = format_html_join(", ", "{}", ((link,) for link in links[:-1]))
    return format_html("{} {} {}", head, _("and"), links[-1])
