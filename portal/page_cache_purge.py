"""Signal receivers that purge the page cache (portal.page_cache). Connected in
PortalConfig.ready()."""

from django.db import transaction
from wagtail.models import Page

from . import page_cache


def _purge_now_and_after_commit(purge):
    # Now, for the next request; again after commit, so that a render which read the
    # old rows while the change was being saved is not kept.
    purge()
    transaction.on_commit(purge)


def _purge_paths_and_site(paths):
    """A page's own paths, and the site token: any page may list this one (related
    posts, featured pages, links), and fragments and menus are keyed by the token."""

    def purge():
        page_cache.purge_paths(paths)
        page_cache.purge_site()

    _purge_now_and_after_commit(purge)


def purge_published_page(sender, instance, **kwargs):
    """Published, unpublished or deleted."""
    _purge_paths_and_site(page_cache.page_paths(instance.url_path))


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


def purge_page_only(url_path):
    """Something only this page shows changed (a draft saved, a comment on it): its own
    paths and its ancestors', not the whole site."""
    _purge_now_and_after_commit(lambda: page_cache.purge_paths(page_cache.page_paths(url_path)))


def purge_pages_only(url_paths):
    """Something these pages show changed (a price in a section): their own paths and
    their ancestors', not the whole site."""
    paths = set()
    for url_path in url_paths:
        paths |= page_cache.page_paths(url_path)
    if paths:
        _purge_now_and_after_commit(lambda: page_cache.purge_paths(paths))


def purge_deleted_page(sender, instance, **kwargs):
    if isinstance(instance, Page) and instance.url_path:
        purge_published_page(sender, instance)


def purge_whole_site(sender, created=False, **kwargs):
    # A new row (settings made on first use, a new profile) changes no rendered page.
    if not created:
        _purge_now_and_after_commit(page_cache.purge_site)


def purge_on_any_change(sender, instance, **kwargs):
    """A view restriction or a site added, changed or removed: who may see a page, or
    which pages a host serves, changes everywhere (pages, menus, listings)."""
    _purge_now_and_after_commit(page_cache.purge_site)
