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


@pytest.mark.parametrize("menu", ["main_menu", "footer_menu"])
def test_a_page_in_a_menu_purges_the_whole_site_when_published(client, blog, menu):
    """The about page sits at the top of the tree, the post below it: either in a menu
    is shown on every page."""
    index, post, other, about = blog
    page, title, elsewhere = (
        (about, "About us", "/blog/other/")
        if menu == "main_menu"
        else (post, "First post, revised", "/about/")
    )
    site_settings = SiteSettings.for_site(page.get_site())
    setattr(site_settings, menu, [("page", {"page": page, "title": ""})])
    site_settings.save()
    warm(client, elsewhere)
    publish_change(page, title=title)
    response = client.get(elsewhere, **browser())
    assert response["X-Page-Cache"] == "miss"
    assert title.encode() in response.content


def test_unpublishing_a_post_still_purges_the_whole_site(client, blog):
    index, post, other, about = blog
    warm(client, "/blog/other/", "/about/")
    post.unpublish()
    for path in ("/blog/other/", "/about/"):
        assert cache_state(client, path) == "miss", path


def test_a_top_level_page_purges_the_whole_site_when_published(client, blog):
    index, post, other, about = blog
    warm(client, "/blog/other/")
    publish_change(about, title="About us")
    assert cache_state(client, "/blog/other/") == "miss"
