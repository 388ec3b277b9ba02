"""A signed-in reader never gets the anonymous page cache: the post is rendered for
them, from its cached fragments, in under ten queries. What makes that possible
(the view-restriction summary, the route and the authors kept per site token) must
never serve a private page or miss a change."""

import os

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from blog.factories import BlogIndexPageFactory
from community.tracking.models import PageViewDaily
from portal.models import restriction_summary

pytestmark = pytest.mark.django_db

BROWSER = {
    "HTTP_USER_AGENT": "Mozilla/5.0 (X11; Linux x86_64) Chrome/126.0 Safari/537.36",
    "REMOTE_ADDR": "198.51.100.7",
}


@pytest.fixture
def redis_recorder(settings):
    """The recorder a site with REDIS_URL uses: a view costs no database query."""
    settings.TRACKING_RECORDER = "redis"
    settings.TRACKING_REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
    settings.TRACKING_REDIS_PREFIX = f"test:blog-reader:{os.environ.get('PYTEST_XDIST_WORKER', 'main')}:"
    settings.TRACKING_FLUSH_INTERVAL = 3600
    from community.tracking.recorders import get_recorder

    recorder = get_recorder()
    recorder.clear()
    yield recorder
    recorder.clear()


@pytest.fixture
def post(make_post, make_profile):
    author = make_profile(display_name="Amara Okafor")
    make_post(title="A sibling post", slug="sibling", topics=["tacit knowledge"])
    return make_post(title="Main post", slug="main", topics=["tacit knowledge"], authors=[author])


def test_a_signed_in_reader_gets_a_post_in_under_ten_queries(client, make_user, post, redis_recorder):
    client.force_login(make_user())
    assert client.get(post.url, **BROWSER).status_code == 200  # fragments, route and summaries kept
    with CaptureQueriesContext(connection) as queries:
        response = client.get(post.url, **BROWSER)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Main post" in html and "Amara Okafor" in html and "A sibling post" in html
    # Page, session, user, the userbar's two permission reads, comments, roles (the site
    # and its root page come from the cache: portal/tests/test_cached_site.py).
    assert len(queries) < 10, [q["sql"][:100] for q in queries]
    redis_recorder.flush()
    assert PageViewDaily.objects.get(page=post).views == 2


def test_an_unrestricted_page_asks_no_query_about_restrictions(post, django_assert_num_queries):
    post.get_view_restrictions()  # the summary, kept for this site token
    post = type(post).objects.get(pk=post.pk)
    with django_assert_num_queries(0):
        assert not post.get_view_restrictions().exists()


@pytest.mark.parametrize("where", ["the post", "its index"])
def test_a_restriction_added_above_a_rendered_post_applies_at_once(client, make_user, post, where):
    client.force_login(make_user())
    assert client.get(post.url, **BROWSER).status_code == 200
    page = post if where == "the post" else post.get_parent()
    PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="open-sesame"
    )
    response = client.get(post.url, **BROWSER)
    assert response.status_code == 200
    assert b'name="password"' in response.content  # the password form, not the post


def test_with_an_alias_anywhere_wagtail_checks_the_restrictions_itself(post, blog_index):
    alias = post.create_alias(parent=blog_index, update_slug="main-alias")
    restricted_paths, has_aliases = restriction_summary(alias.specific.site_token_when_loaded)
    assert has_aliases
    PageViewRestriction.objects.create(page=post, restriction_type=PageViewRestriction.LOGIN)
    assert alias.specific.get_view_restrictions().exists()  # the source's restriction


def test_a_moved_post_is_found_at_its_new_address_only(client, make_user, post, blog_index):
    client.force_login(make_user())
    assert client.get(post.url, **BROWSER).status_code == 200
    old_url = post.url
    other_blog = BlogIndexPageFactory(parent=blog_index.get_parent(), title="Notes", slug="notes")
    post.move(other_blog, pos="last-child")
    post.refresh_from_db()
    assert client.get(post.url, **BROWSER).status_code == 200
    assert client.get(old_url, **BROWSER).status_code in (301, 404)
