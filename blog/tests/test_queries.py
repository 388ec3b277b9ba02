"""Listings, posts and feeds render in a number of queries that does not grow with
the posts shown, their authors or their topics."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from blog.models import BlogIndexPage
from portal.cache import renew_site_token

# Generous enough for the shared header, menu and site settings; the point is that it is flat.
MAX_QUERIES = 30


def queries_for(client, path):
    assert client.get(path).status_code == 200  # warm caches and renditions
    renew_site_token()  # render the page fragments, menu and settings again, as after a change
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return len(queries)


@pytest.fixture
def grow_blog(make_post, make_profile, make_image):
    """Adds posts until the blog has `total`, each with its own image, three authors and three topics."""
    lead = make_profile(display_name="Lead Author", slug="lead-author", photo=make_image("Lead"))
    co_authors = [make_profile(photo=make_image(f"Face {i}")) for i in range(4)]
    created = []

    def grow(total):
        while len(created) < total:
            n = len(created)
            created.append(
                make_post(
                    title=f"Post {n}",
                    hero_image=make_image(f"Hero {n}"),
                    authors=[lead, co_authors[n % 4], co_authors[(n + 1) % 4]],
                    topics=["shared topic", f"topic {n}", f"other {n % 4}"],
                )
            )
        return created

    return grow


PATHS = [
    "/blog/",
    "/blog/?page=2",
    "/blog/?topic=shared-topic",
    "/blog/author/lead-author/",
    "/blog/feed/rss/",
    "/blog/feed/atom/",
    "/blog/feed/atom/?topic=shared-topic",
    "/blog/author/lead-author/feed/rss/",
    "/",
    "/people/lead-author/",
]


@pytest.fixture(autouse=True)
def _render_every_time(settings):
    # tracking's anonymous page cache would answer the second request without queries.
    settings.TRACKING_PAGE_CACHE = False


def test_listings_and_feeds_do_not_grow_with_posts(client, grow_blog):
    # Three posts fill two pages of two; thirty fill three pages of twelve.
    BlogIndexPage.objects.update(posts_per_page=2)
    grow_blog(3)
    small = {path: queries_for(client, path) for path in PATHS}
    BlogIndexPage.objects.update(posts_per_page=12)
    grow_blog(30)
    large = {path: queries_for(client, path) for path in PATHS}
    assert small == large, (small, large)
    assert max(large.values()) <= MAX_QUERIES, large


def test_post_page_does_not_grow_with_authors_topics_or_related_posts(
    client, make_post, make_profile, make_image, grow_blog
):
    def post_with(n_authors, n_topics, slug):
        authors = [make_profile(photo=make_image(f"{slug} {i}")) for i in range(n_authors)]
        return make_post(
            title=slug,
            slug=slug,
            hero_image=make_image(slug),
            authors=authors,
            topics=["shared topic", *[f"{slug} topic {i}" for i in range(n_topics - 1)]],
        )

    grow_blog(3)
    small = queries_for(client, post_with(1, 1, "small").url)
    grow_blog(30)
    large = queries_for(client, post_with(5, 8, "large").url)
    assert small == large <= MAX_QUERIES, (small, large)
