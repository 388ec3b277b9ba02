"""HomePage.route finds a page by its url_path in one lookup; every URL must still
route exactly as Wagtail's walk down the tree does."""

import pytest
from django.db import connection
from django.http import Http404
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from blog.factories import BlogIndexPageFactory, BlogPostPageFactory
from home.factories import StandardPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree(home_page):
    blog = BlogIndexPageFactory(parent=home_page, slug="blog")
    BlogPostPageFactory(parent=blog, slug="a-post", topics=["tacit knowledge"])
    BlogPostPageFactory(parent=blog, slug="a-draft", live=False)
    hidden = StandardPageFactory(parent=home_page, slug="hidden", live=False)
    StandardPageFactory(parent=hidden, slug="visible-child")
    about = StandardPageFactory(parent=home_page, slug="about")
    StandardPageFactory(parent=about, slug="team")
    return home_page


def routed(route, components):
    """What a route method makes of a URL: (page id, view name, view args, view kwargs) or "404"."""
    request = RequestFactory().get("/" + "".join(f"{part}/" for part in components))
    try:
        found, args, kwargs = route(request, components)
    except Http404:
        return "404"
    view = args[0] if args else None  # a routable page's view is a bound method: compare by name
    return found.pk, getattr(view, "__name__", view), args[1:], kwargs


PATHS = [
    [],
    ["blog"],
    ["blog", "a-post"],
    ["blog", "a-draft"],
    ["blog", "topic", "tacit-knowledge"],
    ["blog", "feed", "rss"],
    ["blog", "no-such-post"],
    ["hidden"],
    ["hidden", "visible-child"],
    ["about", "team"],
    ["about", "team", "extra"],
    ["nowhere"],
]


@pytest.mark.parametrize("components", PATHS, ids=lambda c: "/".join(c) or "home")
def test_routes_like_wagtails_walk(tree, components):
    home = tree.specific
    wagtails_walk = super(type(home), home).route
    assert routed(home.route, components) == routed(wagtails_walk, components)


def test_a_deep_page_is_found_in_two_queries(tree):
    home = tree.specific
    with CaptureQueriesContext(connection) as queries:
        page, _, _ = home.route(RequestFactory().get("/blog/a-post/"), ["blog", "a-post"])
    assert page.slug == "a-post" and type(page).__name__ == "BlogPostPage"
    assert len(queries) == 2
