"""Publishing a page purges that page and the pages that list it, not the whole site
(issue 22, item 4)."""

import pytest

from blog.factories import BlogIndexPageFactory, BlogPostPageFactory
from home.factories import StandardPageFactory
from portal.models import SiteSettings

from .conftest import browser

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("database_recorder")]


def cache_state(client, path):
    return client.get(path, **browser())["X-Page-Cache"]


def warm(client, *paths):
    for path in paths:
        client.get(path, **browser())
        assert cache_state(client, path) == "hit", path


@pytest.fixture
def blog(home_page):
    index = BlogIndexPageFactory(parent=home_page)
    post = BlogPostPageFactory(parent=index, title="First post", slug="first", topics=["Taxonomy"])
    other = BlogPostPageFactory(parent=index, title="Other post", slug="other", topics=["Search"])
    about = StandardPageFactory(parent=home_page, title="About", slug="about")
    return index, post, other, about


def publish_change(page, **fields):
    for name, value in fields.items():
        setattr(page, name, value)
    page.save_revision().publish()


def test_publishing_a_post_keeps_unrelated_pages_cached(client, blog):
    index, post, other, about = blog
    warm(client, "/", "/blog/", "/blog/first/", "/blog/other/", "/about/")
    publish_change(post, title="First post, revised")
    for path in ("/blog/other/", "/about/"):
        assert cache_state(client, path) == "hit", path


def test_publishing_a_post_purges_it_its_index_and_the_home_page(client, blog):
    index, post, other, about = blog
    warm(client, "/", "/blog/", "/blog/first/")
    publish_change(post, title="First post, revised")
    for path in ("/", "/blog/", "/blog/first/"):
        response = client.get(path, **browser())
        assert response["X-Page-Cache"] == "miss", path
        assert b"First post, revised" in response.content, path


def test_a_topic_listing_shows_the_published_post_at_once(client, blog):
    index, post, other, about = blog
    warm(client, "/blog/")
    client.get("/blog/?topic=taxonomy", **browser())
    publish_change(post, title="First post, revised")
    response = client.get("/blog/?topic=taxonomy", **browser())
    assert response.get("X-Page-Cache") != "hit"
    assert b"First post, revised" in response.content


def test_a_new_post_is_listed_on_the_index_home_and_topic_listing(client, blog):
    index, post, other, about = blog
    warm(client, "/", "/blog/", "/blog/other/")
    BlogPostPageFactory(parent=index, title="Brand new post", slug="brand-new", topics=["Taxonomy"])
    for path in ("/", "/blog/", "/blog/?topic=taxonomy"):
        assert b"Brand new post" in client.get(path, **browser()).content, path
    assert cache_state(client, "/blog/other/") == "hit"


def test_a_page_that_links_to_the_published_page_is_purged(client, blog):
    index, post, other, about = blog
    other.related_links.create(post=post)
    publish_change(other)
    warm(client, "/blog/other/", "/about/")
    publish_change(post, title="First post, revised")
    response = client.get("/blog/other/", **browser())
    assert response["X-Page-Cache"] == "miss"
    assert b"First post, revised" in response.content
    assert cache_state(client, "/about/") == "hit"


def test_a_page_in_the_main_menu_purges_the_whole_site_when_published(client, blog):
    index, post, other, about = blog
    site_settings = SiteSettings.for_site(about.get_site())
    site_settings.main_menu = [("page", {"page": about, "title": ""})]
    site_settings.save()
    warm(client, "/blog/other/")
    publish_change(about, title="About us")
    response = client.get("/blog/other/", **browser())
    assert response["X-Page-Cache"] == "miss"
    assert b"About us" in response.content


def test_unpublishing_a_post_still_purges_the_whole_site(client, blog):
    index, post, other, about = blog
    warm(client, "/blog/other/", "/about/")
    post.unpublish()
    for path in ("/blog/other/", "/about/"):
        assert cache_state(client, path) == "miss", path


def test_a_page_below_the_top_in_a_menu_purges_the_whole_site_when_published(client, blog):
    index, post, other, about = blog
    site_settings = SiteSettings.for_site(post.get_site())
    site_settings.footer_menu = [("page", {"page": post, "title": ""})]
    site_settings.save()
    warm(client, "/about/")
    publish_change(post, title="First post, revised")
    response = client.get("/about/", **browser())
    assert response["X-Page-Cache"] == "miss"
    assert b"First post, revised" in response.content


def test_a_top_level_page_purges_the_whole_site_when_published(client, blog):
    index, post, other, about = blog
    warm(client, "/blog/other/")
    publish_change(about, title="About us")
    assert cache_state(client, "/blog/other/") == "miss"
