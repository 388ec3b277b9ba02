"""Redis down or stalled, with the site configured for it: every page still answers,
views are counted exactly once (in the database meanwhile), rate limits keep counting
in each process, and the outage is logged once, not per request. A redis-server of
the test's own is killed or paused (SIGSTOP)."""

import logging
import time

import pytest

from blog.factories import BlogIndexPageFactory, BlogPostPageFactory
from community.tracking.models import PageViewDaily
from community.tracking.recorders import get_recorder
from community.tracking.visitors import forget_cached_salts, today
from home.factories import StandardPageFactory
from portal.breaker import reset_breakers

from .servers import RedisServer

pytestmark = pytest.mark.django_db

RETRY_SECONDS = 0.3
BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36"


def visit(client, path, ip="198.51.100.7"):
    return client.get(path, REMOTE_ADDR=ip, HTTP_USER_AGENT=BROWSER)


@pytest.fixture
def redis_server():
    server = RedisServer().start()
    yield server
    server.stop()


@pytest.fixture
def site_on_redis(settings, redis_server):
    """The site as production runs it on this Redis: the cache, the page cache and the
    page-view buffer, with short socket timeouts."""
    reset_breakers()
    forget_cached_salts()
    settings.REDIS_URL = redis_server.url
    settings.REDIS_SOCKET_TIMEOUT = 0.2
    settings.REDIS_CONNECT_TIMEOUT = 0.2
    settings.OUTAGE_RETRY_SECONDS = RETRY_SECONDS
    settings.CACHES = {
        "default": {
            "BACKEND": "portal.cache_backends.RedisCache",
            "LOCATION": redis_server.url,
            "KEY_PREFIX": "outage",
            "OPTIONS": {"socket_timeout": 0.2, "socket_connect_timeout": 0.2},
        }
    }
    settings.TRACKING_RECORDER = "redis"
    settings.TRACKING_REDIS_URL = redis_server.url
    settings.TRACKING_FLUSH_INTERVAL = 3600  # flushed by the test
    yield redis_server
    reset_breakers()


@pytest.fixture
def article(home_page):
    return StandardPageFactory(parent=home_page, title="An article", slug="article")


@pytest.fixture
def outage_log(caplog):
    caplog.set_level(logging.WARNING, logger="portal.outages")

    def records(level=logging.ERROR):
        return [r for r in caplog.records if r.name == "portal.outages" and r.levelno == level]

    return records


def views_of(page):
    row = PageViewDaily.objects.filter(page=page, day=today()).first()
    return row.views if row else 0


def after_retry_interval():
    time.sleep(RETRY_SECONDS + 0.1)


def test_every_page_answers_while_redis_is_down(client, site_on_redis, home_page, outage_log):
    blog = BlogIndexPageFactory(parent=home_page)
    post = BlogPostPageFactory(parent=blog, title="A post", slug="a-post")
    paths = ["/", "/blog/", post.url, "/blog/feed/rss/", "/accounts/login/", "/rewards/", "/search/?q=post"]
    for path in paths:
        assert visit(client, path).status_code == 200, path
    site_on_redis.kill()
    for _ in range(3):
        for path in paths:
            response = visit(client, path)
            assert response.status_code == 200, path
            assert response.get("X-Page-Cache") != "hit"
    assert len(outage_log()) == 1


def test_views_are_counted_exactly_across_redis_being_killed(client, site_on_redis, article, outage_log):
    recorder = get_recorder()
    for index in range(5):
        assert visit(client, "/article/", ip=f"198.51.100.{index}").status_code == 200
    recorder.flush()  # a Redis without persistence loses its buffer when killed
    assert views_of(article) == 5

    site_on_redis.kill()
    for index in range(8):
        response = visit(client, "/article/", ip=f"198.51.100.{index}")
        assert response.status_code == 200
        assert b"An article" in response.content
    assert views_of(article) == 13  # written to the database meanwhile

    site_on_redis.start()  # empty, on the same port
    after_retry_interval()
    statuses = [visit(client, "/article/").status_code for _ in range(4)]
    assert statuses == [200] * 4
    assert visit(client, "/article/").get("X-Page-Cache") == "hit"  # the cache is back
    recorder.flush()
    assert views_of(article) == 18
    assert len(outage_log()) == 1
    assert len(outage_log(logging.WARNING)) == 1  # "available again"


def test_views_are_counted_exactly_across_a_stalled_redis(client, site_on_redis, article, outage_log):
    """A script sent to a stalled Redis runs when it resumes, after the client gave up
    and counted the view in the database: its deadline makes it a no-op."""
    recorder = get_recorder()
    assert visit(client, "/article/").get("X-Page-Cache") == "miss"
    for index in range(4):
        assert visit(client, "/article/", ip=f"198.51.100.{index}").get("X-Page-Cache") == "hit"

    in_database = views_of(article)  # the first view set the flush going (immediate tasks)
    assert in_database + recorder.pending_views() == 5
    site_on_redis.pause()
    try:
        for index in range(6):
            response = visit(client, "/article/", ip=f"198.51.100.{index}")
            assert response.status_code == 200
            assert response.get("X-Page-Cache") != "hit"
        time.sleep(0.3)  # the first timed-out script waits in Redis's socket
    finally:
        site_on_redis.resume()
    assert views_of(article) == in_database + 6

    after_retry_interval()
    for _ in range(3):
        assert visit(client, "/article/").status_code == 200
    recorder.flush()
    assert views_of(article) == 5 + 6 + 3
    assert len(outage_log()) == 1


def test_a_page_published_during_the_outage_is_fresh_afterwards(client, site_on_redis, article):
    """Purges made while Redis was away never reached it; recovery purges the site."""
    visit(client, "/article/")
    assert visit(client, "/article/").get("X-Page-Cache") == "hit"
    site_on_redis.pause()
    try:
        visit(client, "/article/")  # notices the outage
        article.title = "Revised while Redis slept"
        article.save_revision().publish()
        assert b"Revised while Redis slept" in visit(client, "/article/").content
    finally:
        site_on_redis.resume()
    after_retry_interval()
    response = visit(client, "/article/")
    assert response.get("X-Page-Cache") == "miss"
    assert b"Revised while Redis slept" in response.content


def test_rate_limits_keep_counting_while_redis_is_down(client, site_on_redis, settings, home_page):
    settings.SEARCH_RATE_LIMIT = "3/m"
    site_on_redis.kill()
    statuses = [visit(client, "/search/?q=knowledge").status_code for _ in range(5)]
    assert statuses == [200, 200, 200, 429, 429]
    # allauth's limit on failed logins too.
    failures = [
        client.post(
            "/accounts/login/", {"login": "who@example.com", "password": "wrong"}, REMOTE_ADDR="203.0.113.5"
        )
        for _ in range(6)
    ]
    assert [b"Too many failed login attempts" in r.content for r in failures] == [False] * 5 + [True]
