"""The top menu and the footer links an editor arranges in the site settings (Settings →
Site settings → Menus).

Every page shows both menus, so they are read once per site token from the cache, as
one value, and built with at most the one query the top menu always needed: the linked
pages (or, before an editor has arranged a menu, the home page's children shown in
menus). Saving the settings and publishing, moving or deleting a page renew the token
(portal.cache), so a change shows on the next page."""

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import blocks
from wagtail.models import Page

from .cache import cached, site_token

MENUS = ("main", "footer")


def validate_menu_address(value):
    if not value.startswith(("/", "https://", "http://")):
        raise ValidationError(gettext_lazy("Start with / for a page of this site, or with https://."))


class MenuAddressBlock(blocks.CharBlock):
    """A path on this site (/people/) or a full web address: not text to search."""

    def __init__(self, **kwargs):
        super().__init__(max_length=255, validators=[validate_menu_address], search_index=False, **kwargs)


class PageLinkBlock(blocks.StructBlock):
    page = blocks.PageChooserBlock(label=gettext_lazy("page"))
    title = blocks.CharBlock(
        label=gettext_lazy("label"),
        max_length=60,
        required=False,
        help_text=gettext_lazy("Empty: the page's title."),
    )

    class Meta:
        icon = "doc-empty"
        label = gettext_lazy("Page")


class AddressLinkBlock(blocks.StructBlock):
    url = MenuAddressBlock(
        label=gettext_lazy("address"),
        help_text=gettext_lazy("A path on this site, such as /people/, or a full web address."),
    )
    title = blocks.CharBlock(label=gettext_lazy("label"), max_length=60)

    class Meta:
        icon = "link"
        label = gettext_lazy("Address")


MENU_BLOCKS = [("page", PageLinkBlock()), ("address", AddressLinkBlock())]


def site_menus(site, site_settings, request):
    """{"main": [...], "footer": [...]}, each link a dict with url, title and url_path
    (the page's tree path, empty for an address)."""
    return cached(f"portal:menus:{site.pk}:{site_token()}", lambda: build_menus(site, site_settings, request))


def build_menus(site, site_settings, request):
    entries = {menu: list(getattr(site_settings, f"{menu}_menu").raw_data) for menu in MENUS}
    page_ids = {
        entry["value"]["page"] for menu in MENUS for entry in entries[menu] if entry["type"] == "page"
    }
    pages = linked_pages(page_ids) if page_ids else {}
    menus = {
        menu: [link for entry in entries[menu] if (link := as_link(entry, pages, request))] for menu in MENUS
    }
    contributors = {"url": reverse("people:directory"), "title": _("Contributors"), "url_path": ""}
    if not entries["main"]:
        menus["main"] = default_main_menu(site, request) + [contributors]
    if not entries["footer"]:
        menus["footer"] = [contributors]
    return menus


def linked_pages(page_ids):
    """The live, public pages among those linked, by id, in one query (a draft or private
    page leaves the menu until it is published or opened)."""
    pages = (
        Page.objects.live().public().filter(id__in=page_ids).only("id", "title", "url_path", "depth", "path")
    )
    return {page.pk: page for page in pages}


def as_link(entry, pages, request):
    value = entry["value"]
    if entry["type"] == "address":
        return {"url": value["url"], "title": value["title"], "url_path": ""}
    page = pages.get(value.get("page"))
    if page is None:
        return None
    return {
        "url": page.get_url(request=request),
        "title": value.get("title") or page.title,
        "url_path": page.url_path,
    }


def default_main_menu(site, request):
    """Before an editor arranges the top menu: the home page's live public children shown
    in menus."""
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


def is_current(link, current_path, path):
    """The current page is this link's page or sits below it (a page by its tree path, an
    address by the start of the URL path)."""
    if link["url_path"]:
        return bool(current_path) and current_path.startswith(link["url_path"])
    return link["url"] != "/" and link["url"].startswith("/") and path.startswith(link["url"])
