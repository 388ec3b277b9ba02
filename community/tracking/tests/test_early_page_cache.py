"""A cached anonymous page is answered by PageCacheMiddleware, before sessions,
authentication, CSRF, CSP, messages and Wagtail's routing, in one Redis round trip
that also records the view; anything that may make a page differ per visitor is
served a fresh render. Against the real Redis at TEST_REDIS_URL."""

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.models import AnonymousUser

from blog.factories import BlogIndexPageFactory, BlogPostPageFactory
from community.people.factories import ContributorProfileFactory
from community.tracking import metrics
from community.tracking.models import PageViewDaily
from community.tracking.readers import TOKEN_PLACEHOLDER
from community.tracking.visitors import today

from .conftest import browser
from .test_readers import person

pytestmark = pytest.mark.django_db


def counted(recorder, page):
    recorder.flush()
    row = PageViewDaily.objects.filter(page=page, day=today()).first()
    return row.views if row else 0


def prime(client, path="/article/"):
    assert client.get(path, **browser())["X-Page-Cache"] == "miss"
    assert client.get(path, **browser())["X-Page-Cache"] == "hit"


def test_a_hit_runs_none_of_the_later_middleware(client, article, redis_cache, django_assert_num_queries):
    client.get("/article/", **browser())
    with django_assert_num_queries(0):  # no session, user, site, page or route is read
        hit = client.get("/article/", **browser(ip="198.51.100.99"))
    assert hit["X-Page-Cache"] == "hit"
    assert not hit.cookies  # no session, CSRF or messages cookie
    request = hit.wsgi_request
    assert not hasattr(request, "session") and not hasattr(request, "user")
    assert not hasattr(request, "csp_nonce")
    assert counted(redis_cache, article) == 2  # the render's view and the hit's, once each


def test_a_hit_carries_a_fresh_read_token_that_qualifies_its_reader(client, home_page, redis_cache, settings):
    settings.TRACKING_ENGAGED_SECONDS = 0
    author = ContributorProfileFactory()
    post = BlogPostPageFactory(parent=BlogIndexPageFactory(parent=home_page), authors=[author])
    first = client.get(post.url, **person())
    hit = client.get(post.url, **person(ip="203.0.113.5"))
    assert hit["X-Page-Cache"] == "hit"

    def token(response):
        html = response.content.decode()
        assert TOKEN_PLACEHOLDER not in html
        return html.split('data-read-token="')[1].split('"')[0]

    assert token(first) != token(hit)
    assert int(hit["Content-Length"]) == len(hit.content)
    beacon = client.post("/views/read/", {"token": token(hit)}, **person(ip="203.0.113.5"))
    assert beacon.status_code == 204
    assert metrics.qualified_readers(today(), today()) == {author.pk: 1}


def test_head_is_answered_from_the_cache_and_not_counted(client, article, redis_cache):
    prime(client)
    head = client.head("/article/", **browser())
    assert head.status_code == 200 and head["X-Page-Cache"] == "hit"
    assert counted(redis_cache, article) == 2


BYPASSES = {
    "session cookie": lambda client: client.cookies.load({django_settings.SESSION_COOKIE_NAME: "x" * 32}),
    "CSRF cookie": lambda client: client.cookies.load({django_settings.CSRF_COOKIE_NAME: "x" * 32}),
    "messages cookie": lambda client: client.cookies.load({"messages": "x"}),
}


@pytest.mark.parametrize("cookie", sorted(BYPASSES))
def test_a_visitor_with_a_session_csrf_or_messages_cookie_is_served_fresh(
    client, article, redis_cache, cookie
):
    prime(client)
    BYPASSES[cookie](client)
    response = client.get("/article/", **browser())
    assert response.status_code == 200
    assert "X-Page-Cache" not in response  # rendered, neither served nor stored
    assert counted(redis_cache, article) == 3  # counted once, by the render


@pytest.mark.parametrize(
    ("method", "path", "extra"),
    [
        ("get", "/article/?page=2", {}),
        ("get", "/article/", {"HTTP_AUTHORIZATION": "Basic eDp4"}),
        ("post", "/article/", {}),
    ],
    ids=["a query string", "an authorization header", "a post"],
)
def test_other_requests_that_may_differ_are_served_fresh(client, article, redis_cache, method, path, extra):
    prime(client)
    response = getattr(client, method)(path, **browser(**extra))
    assert response.status_code == 200
    assert "X-Page-Cache" not in response


def test_a_signed_in_reader_is_rendered_for_and_counted_once(client, article, redis_cache, make_user):
    prime(client)
    client.force_login(make_user())
    response = client.get("/article/", **browser())
    assert "X-Page-Cache" not in response
    assert counted(redis_cache, article) == 3


def test_a_preview_of_a_cached_page_shows_the_draft(client, article, redis_cache):
    prime(client)
    article.title = "A draft title"
    preview = article.make_preview_request()  # a dummy request through the middleware, no cookies
    assert preview.status_code == 200
    assert b"A draft title" in preview.content
    assert preview.get("X-Page-Cache") != "hit"


def test_a_ref_link_on_a_hit_still_sets_the_first_touch_cookie(client, article, redis_cache):
    from community.tracking import referrals

    profile = ContributorProfileFactory(display_name="Pat Promoter")
    prime(client)
    response = client.get(f"/article/?ref={profile.referral_code}", **browser())
    assert response["X-Page-Cache"] == "hit"
    assert profile.referral_code in response.cookies[referrals.COOKIE_NAME].value
    assert counted(redis_cache, article) == 3


def test_the_anonymous_user_is_never_asked_on_a_hit(client, article, redis_cache, monkeypatch):
    """Authentication does not run on a hit: a user lookup would fail the request."""
    prime(client)

    def refuse(*args, **kwargs):
        raise AssertionError("authentication ran on a cache hit")

    monkeypatch.setattr("django.contrib.auth.get_user", refuse)
    monkeypatch.setattr(AnonymousUser, "is_authenticated", property(refuse))
    assert client.get("/article/", **browser())["X-Page-Cache"] == "hit"
