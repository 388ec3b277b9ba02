from django import template
from wagtail.models import Site

register = template.Library()


@register.simple_tag(takes_context=True)
def site_root(context):
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    return site.root_page if site else None


@register.inclusion_tag("components/main_menu.html", takes_context=True)
def main_menu(context):
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    items = []
    if site:
        items = list(
            site.root_page.get_children()
            .live()
            .in_menu()
            .public()
            .only("id", "title", "url_path", "depth", "path")
        )
    current = context.get("page")
    return {
        "items": items,
        "current_path": getattr(current, "url_path", ""),
        "request": request,
    }


@register.filter
def is_section_of(item, current_path):
    """True when the current page is this menu item or sits below it."""
    return bool(current_path) and current_path.startswith(item.url_path)
