"""Signal receivers that purge the page cache (portal.page_cache). Connected in
PortalConfig.ready()."""

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from wagtail.models import Page, ReferenceIndex, Site

from . import page_cache
from .cache import renew_listings_token


def _purge_now_and_after_commit(purge):
    # Now, for the next request; again after commit, so that a render which read the
    # old rows while the change was being saved is not kept.
    purge()
    transaction.on_commit(purge)


def _purge_paths_and_site(paths):
    """Paths, and the site token: every page may show what changed (a link to a page
    now gone, a menu), and fragments and menus are keyed by the token."""

    def purge():
        page_cache.purge_paths(paths)
        page_cache.purge_site()

    _purge_now_and_after_commit(purge)


def purge_published_page(sender, instance, **kwargs):
    """Published (or created live): the page, the pages that list it and the pages that
    link to it; the rest of the site stays cached. Its ancestors are its index pages
    and the home page (latest posts, featured pages); topic listings
    (`?topic=`) are never cached. Pages that show it through a chooser or a related
    link are found in Wagtail's reference index. Other pages whose related posts would
    now include it keep their cached copy until it expires (their cache_max_age); the
    ranking itself is keyed by the listings token, renewed here.

    A page in any menu, a page directly under a site's root (the default menu) and an
    alias (view restrictions are summarised per site token) change every page: the
    whole site is purged."""
    if changes_every_page(instance):
        _purge_paths_and_site(page_cache.page_paths(instance.url_path))
        return
    paths = paths_of([instance.url_path, *url_paths_of_pages_linking_to(instance)])

    def purge():
        page_cache.purge_paths(paths)
        renew_listings_token()

    _purge_now_and_after_commit(purge)


def purge_withdrawn_page(sender, instance, **kwargs):
    """Unpublished or deleted: links to it anywhere (related posts, cards) must go at
    once, so the whole site is purged."""
    _purge_paths_and_site(page_cache.page_paths(instance.url_path))


def changes_every_page(page):
    if getattr(page, "alias_of_id", None):
        return True
    parent_url_path = page.url_path.rstrip("/").rsplit("/", 1)[0] + "/"
    if any(site.root_path == parent_url_path for site in Site.get_site_root_paths()):
        return True
    return page.pk in page_ids_in_menus()


def page_ids_in_menus():
    """Ids of the pages chosen in any site's main or footer menu (one query)."""
    from .models import SiteSettings

    ids = set()
    for menus in SiteSettings.objects.values_list("main_menu", "footer_menu"):
        for menu in menus:
            for entry in getattr(menu, "raw_data", menu) or []:
                if entry.get("type") == "page":
                    ids.add(entry["value"].get("page"))
    return ids


def url_paths_of_pages_linking_to(page):
    """url_paths of the pages whose content or child rows (related links, featured
    items) choose this page, from Wagtail's reference index (two queries)."""
    page_type = ContentType.objects.get_for_model(Page)
    ids = (
        ReferenceIndex.get_references_to(page)
        .filter(base_content_type=page_type)
        .values_list("object_id", flat=True)
    )
    page_ids = {int(pk) for pk in ids if str(pk).isdigit()} - {page.pk}
    if not page_ids:
        return []
    return list(Page.objects.filter(pk__in=page_ids).values_list("url_path", flat=True))


def purge_moved_page(sender, instance, url_path_before=None, url_path_after=None, **kwargs):
    """A move (or a new slug) changes the URL of the page and of everything below it."""
    paths = set()
    for url_path in (url_path_before, url_path_after, instance.url_path):
        if url_path:
            paths |= page_cache.page_paths(url_path)
    if url_path_before and url_path_after:
        for url_path in instance.get_descendants().values_list("url_path", flat=True):
            # Descendants may be read before or after Wagtail rewrites their paths.
            for now, then in ((url_path_after, url_path_before), (url_path_before, url_path_after)):
                if url_path.startswith(now):
                    other = then + url_path[len(now) :]
                    paths |= page_cache.page_paths(other) | page_cache.page_paths(url_path)
    _purge_paths_and_site(paths)


def purge_renamed_page(sender, instance_before, instance, **kwargs):
    purge_moved_page(
        sender, instance, url_path_before=instance_before.url_path, url_path_after=instance.url_path
    )


def purge_saved_page(sender, instance, created=False, **kwargs):
    """Pages created or changed without publishing (imports, factories). A page created
    live may be listed anywhere; a saved draft changes nothing that is shown, so the
    rest of the site stays cached."""
    if not isinstance(instance, Page) or not instance.url_path:
        return
    if created and instance.live:
        purge_published_page(sender, instance)
    else:
        purge_page_only(instance.url_path)


def paths_of(url_paths):
    """The cached paths of these pages and of their ancestors."""
    paths = set()
    for url_path in url_paths:
        paths |= page_cache.page_paths(url_path)
    return paths


def purge_page_only(url_path):
    """Something only this page shows changed (a draft saved, a comment on it): its own
    paths and its ancestors', not the whole site."""
    purge_pages_only([url_path])


def purge_pages_only(url_paths):
    """Something these pages show changed (a price in a section): their own paths and
    their ancestors', not the whole site."""
    paths = paths_of(url_paths)
    if paths:
        _purge_now_and_after_commit(lambda: page_cache.purge_paths(paths))


def purge_deleted_page(sender, instance, **kwargs):
    if isinstance(instance, Page) and instance.url_path:
        purge_withdrawn_page(sender, instance)


def purge_whole_site(sender, created=False, **kwargs):
    # A new row (settings made on first use, a new profile) changes no rendered page.
    if not created:
        _purge_now_and_after_commit(page_cache.purge_site)


def purge_on_any_change(sender, instance, **kwargs):
    """A view restriction or a site added, changed or removed: who may see a page, or
    which pages a host serves, changes everywhere (pages, menus, listings)."""
    _purge_now_and_after_commit(page_cache.purge_site)
