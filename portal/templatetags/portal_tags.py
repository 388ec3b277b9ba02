from django import template
from django.conf import settings
from django.utils.html import conditional_escape, format_html_join
from django.utils.safestring import mark_safe
from wagtail.models import Site
from wagtail.templatetags.wagtail_cache import WagtailPageCacheNode

from portal.cache import FRAGMENT_CACHE_SECONDS, is_shared
from portal.menus import is_current, site_menus
from portal.modeladmin import modeladmin_url as modeladmin_address
from portal.models import SiteSettings
from portal.sections import PAGE_FOOT_SECTIONS, render_sections
from portal.site_urls import absolute_url
from portal.text import sentence_case as to_sentence_case
from portal.topics import topic_filter_url

register = template.Library()


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


@register.simple_tag
def email_identity():
    """The site's name and public address, for email templates that Wagtail renders
    itself (its moderation notifications extend emails/base.html too)."""
    from portal.emails import site_identity

    return site_identity()


@register.filter(needs_autoescape=True)
def with_site_name(title, site_name, autoescape=True):
    """A page's <title>: its own part (a template's title block, on one line), then the
    site's name from Settings → Site settings; the site's name alone for a page without
    a part of its own."""
    escape = conditional_escape if autoescape else str
    title = " ".join(str(title).split())
    return mark_safe(f"{title} · {escape(site_name)}" if title else escape(site_name))  # noqa: S308 (title: rendered by the template; name: escaped)


@register.filter(is_safe=True)
def sentence_case(text):
    """Words a library wrote in Title Case ("Sign Up") in the site's sentence case."""
    return to_sentence_case(text)


@register.filter
def absolute(url):
    """A path as an address on the site's own host (portal.site_urls), for canonical,
    og: and feed links."""
    return absolute_url(url) if url else ""


@register.inclusion_tag("components/main_menu.html", takes_context=True)
def main_menu(context):
    """The top menu an editor arranged in the site settings (portal.menus)."""
    return menu_context(context, "main")


@register.inclusion_tag("components/footer_menu.html", takes_context=True)
def footer_menu(context):
    """The footer links an editor arranged in the site settings (portal.menus)."""
    return menu_context(context, "footer")


def menu_context(context, menu):
    request = context.get("request")
    links = request_menus(request).get(menu, []) if request else []
    current_path = getattr(context.get("page"), "url_path", "")
    return {
        "items": [{**link, "current": is_current(link, current_path, request.path)} for link in links],
        "request": request,
    }


def request_menus(request):
    """Both menus, read from the cache once per request."""
    if not hasattr(request, "_portal_menus"):
        site = Site.find_for_request(request)
        request._portal_menus = site_menus(site, SiteSettings.for_request(request), request) if site else {}
    return request._portal_menus


@register.simple_tag(takes_context=True)
def topic_url(context, listing, topic):
    """The listing (a page or an address) narrowed to a topic: the site's one topic-filter URL."""
    if hasattr(listing, "get_url"):
        listing = listing.get_url(context.get("request"))
    return topic_filter_url(listing, topic) if listing else ""


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
    cache_key, so it changes when the page is published and when the site token or the
    listings token is renewed (BasePage.get_cache_key_components)."""
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
