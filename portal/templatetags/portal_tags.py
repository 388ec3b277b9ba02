from django import template
from django.conf import settings
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from wagtail.models import Site
from wagtail.templatetags.wagtail_cache import WagtailPageCacheNode

from portal.cache import FRAGMENT_CACHE_SECONDS, cached, is_shared, site_token
from portal.modeladmin import modeladmin_url as modeladmin_address
from portal.sections import PAGE_FOOT_SECTIONS, render_sections
from portal.site_urls import absolute_url
from portal.topics import topic_filter_url

register = template.Library()


@register.simple_tag(takes_context=True)
def site_root(context):
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    return site.root_page if site else None


@register.simple_tag(takes_context=True)
def sections(context, hook_name, obj=None):
    """Sections other apps contribute to this template (portal.sections), in order."""
    rendered = render_sections(hook_name, context.get("request"), obj)
    return format_html_join("", "{}", ((html,) for html in rendered))


@register.simple_tag(takes_context=True)
def page_foot_sections(context, obj):
    """What other apps add under a page or a topic's listing (comments, follow buttons):
    {% page_foot_sections page %}. Outside any {% pagecache %}: it differs per reader."""
    if context.get("request") is None:
        return ""
    return sections(context, PAGE_FOOT_SECTIONS, obj)


@register.filter
def absolute(url):
    """A path as an address on the site's own host (portal.site_urls), for canonical,
    og: and feed links."""
    return absolute_url(url) if url else ""


@register.inclusion_tag("components/main_menu.html", takes_context=True)
def main_menu(context):
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    current = context.get("page")
    return {
        "items": menu_items(site, request) if site else [],
        "current_path": getattr(current, "url_path", ""),
        "request": request,
    }


def menu_items(site, request):
    """The site root's live public children shown in menus, as dicts with url, title and
    url_path; kept in the cache until the site token is renewed (see portal.cache)."""

    def compute():
        pages = (
            site.root_page.get_children()
            .live()
            .in_menu()
            .public()
            .only("id", "title", "url_path", "depth", "path")
        )
        return [
            {"url": page.get_url(request=request), "title": page.title, "url_path": page.url_path}
            for page in pages
        ]

    return cached(f"portal:menu:{site.pk}:{site_token()}", compute)


@register.simple_tag(takes_context=True)
def topic_url(context, listing, topic):
    """The listing (a page or an address) narrowed to a topic: the site's one topic-filter URL."""
    if hasattr(listing, "get_url"):
        listing = listing.get_url(context.get("request"))
    return topic_filter_url(listing, topic) if listing else ""


@register.filter
def is_section_of(item, current_path):
    """True when the current page is this menu item or sits below it."""
    return bool(current_path) and current_path.startswith(item["url_path"])


class PageFragmentNode(WagtailPageCacheNode):
    def render(self, context):
        if not settings.PORTAL_FRAGMENT_CACHE or not is_shared():
            return self.nodelist.render(context)
        return super().render(context)


@register.tag("pagecache")
def do_pagecache(parser, token):
    """`{% pagecache name [vary_on ...] %}...{% endpagecache %}`: Wagtail's page fragment
    cache (skipped in previews, and everywhere when PORTAL_FRAGMENT_CACHE is off) for
    FRAGMENT_CACHE_SECONDS. Its key holds the page's
    cache_key, so it changes when the page is published and when the site token is
    renewed (BasePage.get_cache_key_components)."""
    nodelist = parser.parse(("endpagecache",))
    parser.delete_first_token()
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("'pagecache' needs a fragment name.")
    return PageFragmentNode(
        nodelist,
        parser.compile_filter(str(FRAGMENT_CACHE_SECONDS)),
        bits[1],
        [parser.compile_filter(bit) for bit in bits[2:]],
        None,
    )


class PageHeaderNode(template.Node):
    def __init__(self, page, nodelist):
        self.page = page
        self.nodelist = nodelist

    def render(self, context):
        # The block's own template escaped what it printed, as any block's output.
        below = mark_safe(self.nodelist.render(context).strip())  # noqa: S308
        header = context.template.engine.get_template("components/page_header.html")
        with context.push(page=self.page.resolve(context), below_header=below):
            return header.render(context)


@register.tag("page_header")
def do_page_header(parser, token):
    """`{% page_header page %}...{% endpage_header %}`: a page's header, the one
    `components/page_header.html` (breadcrumbs, title, introduction), with what the
    block holds (a link, a button, a note) at its foot."""
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError("'page_header' takes the page: {% page_header page %}.")
    nodelist = parser.parse(("endpage_header",))
    parser.delete_first_token()
    return PageHeaderNode(parser.compile_filter(bits[1]), nodelist)


@register.simple_tag
def modeladmin_url(model, action="index", *args):
    """`{% modeladmin_url "rewards.Statement" "inspect" statement.pk %}`: a modeladmin
    view's address (portal.modeladmin.modeladmin_url)."""
    return modeladmin_address(model, action, *args)
