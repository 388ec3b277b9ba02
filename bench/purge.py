"""Purge benchmark: how many cached pages of a 10,000-page site survive one publish.

    .venv/bin/python bench/purge.py            # SQLite, about a minute
    .venv/bin/python bench/purge.py --pages 2000

Migrates a fresh SQLite database and builds a small real site: the home page, a blog
index with the post that is published, a post that links to it (a related-post link),
an unrelated post, and an about page. The rest of the site is generated URLs under the
blog and under twenty sections: each gets a cache entry stored exactly as the page cache
stores one (the entry key and the purge tokens read by `portal.page_cache.lookup`).
A purge works on tokens, by URL, so an entry needs no page row behind it.

Two passes over the same site, each starting from every page cached:
- before: the purge every publish made until issue 22 (the page's paths and the whole-site
  token, `portal.page_cache_purge._purge_paths_and_site`, which unpublishing still uses);
- after: the post really published (`save_revision().publish()`), through the signal
  receivers that run in production.
Prints how many cached pages are still hits after each, and which were purged."""

import argparse
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SECTIONS = 20


def setup_django(database_path):
    sys.path.insert(0, str(ROOT))
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.purge_settings"
    os.environ["DATABASE_URL"] = f"sqlite:///{database_path}"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def build_site():
    """The real pages; returns (the post to publish, the real pages' paths)."""
    from wagtail.models import Page, Site

    from blog.factories import BlogIndexPageFactory, BlogPostPageFactory
    from home.factories import HomePageFactory, StandardPageFactory

    root = Page.get_first_root_node()
    Page.objects.filter(depth=2).update(slug="old-welcome")
    home = HomePageFactory(parent=root)
    Site.objects.filter(is_default_site=True).update(root_page=home, hostname="testserver")
    Page.objects.filter(slug="old-welcome").delete()
    index = BlogIndexPageFactory(parent=home)
    post = BlogPostPageFactory(parent=index, title="The post", slug="the-post", topics=["Taxonomy"])
    linking = BlogPostPageFactory(parent=index, title="Linking post", slug="linking", topics=["Search"])
    linking.related_links.create(post=post)
    linking.save_revision().publish()
    BlogPostPageFactory(parent=index, title="Unrelated post", slug="unrelated", topics=["Search"])
    StandardPageFactory(parent=home, title="About", slug="about")
    paths = ["/", "/blog/", "/blog/the-post/", "/blog/linking/", "/blog/unrelated/", "/about/"]
    return post, paths


def site_paths(real_paths, total):
    """The real paths, then generated posts and section pages up to `total`."""
    paths = list(real_paths)
    sections = [f"/section-{n:02d}/" for n in range(SECTIONS)]
    paths += sections
    per_place = (total - len(paths)) // (SECTIONS + 1) + 1
    n = 0
    while len(paths) < total:
        place = n % (SECTIONS + 1)
        prefix = "/blog/" if place == 0 else sections[place - 1]
        paths.append(f"{prefix}page-{n // (SECTIONS + 1):0{len(str(per_place))}d}/")
        n += 1
    return paths


def cache_every_page(paths, progress):
    from django.core.cache import cache
    from django.test import RequestFactory

    from portal import page_cache

    factory = RequestFactory()
    for path in progress(paths, desc="caching pages", unit="page"):
        request = factory.get(path)
        _, tokens = page_cache.lookup(request)
        entry = {"content": b"<html></html>", "headers": {}, "page_id": 0, "tokens": tokens}
        cache.set(page_cache.entry_key(request), entry, 3600)


def surviving(paths, progress):
    from django.test import RequestFactory

    from portal import page_cache

    factory = RequestFactory()
    hits, purged = 0, []
    for path in progress(paths, desc="reading pages", unit="page"):
        entry, _ = page_cache.lookup(factory.get(path))
        if entry is None:
            purged.append(path)
        else:
            hits += 1
    return hits, purged


def publish_the_old_way(post):
    from portal import page_cache, page_cache_purge

    page_cache_purge._purge_paths_and_site(page_cache.page_paths(post.url_path))


def publish(post):
    post.title = "The post, revised"
    post.save_revision().publish()


def measure(label, paths, purge, progress):
    from django.core.cache import cache

    cache.clear()
    cache_every_page(paths, progress)
    purge()
    hits, purged = surviving(paths, progress)
    shown = ", ".join(purged) if len(purged) <= 10 else f"{len(purged)} pages"
    print(
        f"{label}: {hits:,} of {len(paths):,} cached pages survive one publish (purged: {shown})", flush=True
    )
    return hits


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--pages", type=int, default=10_000, help="cached pages in the site (10,000)")
    args = parser.parse_args()
    from tqdm import tqdm

    def progress(items, **kwargs):
        return tqdm(items, leave=False, **kwargs)

    with tempfile.TemporaryDirectory() as directory:
        print("migrating a fresh SQLite database…", flush=True)
        setup_django(Path(directory) / "purge.sqlite3")
        post, real_paths = build_site()
        paths = site_paths(real_paths, args.pages)
        before = measure("before (whole-site purge)", paths, lambda: publish_the_old_way(post), progress)
        after = measure("after (purge what changed)", paths, lambda: publish(post), progress)
        print(f"surviving pages: {before:,} before, {after:,} after, of {len(paths):,}", flush=True)


if __name__ == "__main__":
    main()
