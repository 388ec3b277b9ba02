"""The page cache on Redis with the Redis recorder: a hit is one round trip that
serves the entry and records the view (community.tracking.cached_hits.RedisHits), and every rule of the
page cache still holds."""

import pytest
import redis
from wagtail.models import PageViewRestriction

from community.tracking.cached_hits import redis_hits
from community.tracking.models import PageViewDaily
from community.tracking.visitors import today
from portal import page_cache
from portal.models import SiteSettings

from .conftest import browser

pytestmark = pytest.mark.django_db


def counted(recorder, page):
    recorder.flush()
    row = PageViewDaily.objects.filter(page=page, day=today()).first()
    return (row.views, row.visitors) if row else (0, 0)


@pytest.fixture
def round_trips(monkeypatch):
    """Commands sent to Redis, counted."""
    calls = []
    original = redis.Redis.execute_command

    def counting(self, *args, **options):
        calls.append(args[0])
        return original(self, *args, **options)

    monkeypatch.setattr(redis.Redis, "execute_command", counting)
    return calls


def test_a_hit_is_served_and_counted_in_one_round_trip(client, article, redis_cache, round_trips):
    first = client.get("/article/", **browser())
    assert first["X-Page-Cache"] == "miss"
    round_trips.clear()
    second = client.get("/article/", **browser(ip="198.51.100.99"))
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    assert round_trips == ["EVALSHA"]
    assert counted(redis_cache, article) == (2, 2)


def test_views_are_exact_over_hits_and_misses(client, article, redis_cache):
    for index in range(30):
        client.get("/article/", **browser(ip=f"198.51.100.{index % 7}"))
        if index % 10 == 9:
            article.title = f"Revised {index}"
            article.save_revision().publish()  # the next request is a miss
    assert counted(redis_cache, article) == (30, 7)


def test_bots_and_prefetches_get_the_page_and_are_not_counted(client, article, redis_cache):
    client.get("/article/", **browser())
    bot = client.get("/article/", **browser(ua="Mozilla/5.0 (compatible; Googlebot/2.1)"))
    prefetch = client.get("/article/", **browser(HTTP_SEC_PURPOSE="prefetch"))
    assert bot["X-Page-Cache"] == prefetch["X-Page-Cache"] == "hit"
    assert counted(redis_cache, article) == (1, 1)


def test_a_published_change_is_visible_at_once(client, article, redis_cache):
    client.get("/article/", **browser())
    assert client.get("/article/", **browser())["X-Page-Cache"] == "hit"
    article.title = "A revised article"
    article.save_revision().publish()
    response = client.get("/article/", **browser())
    assert response["X-Page-Cache"] == "miss"
    assert b"A revised article" in response.content


def test_a_page_made_private_leaves_the_cache(client, article, redis_cache):
    client.get("/article/", **browser())
    assert client.get("/article/", **browser())["X-Page-Cache"] == "hit"
    PageViewRestriction.objects.create(page=article, restriction_type=PageViewRestriction.LOGIN)
    assert client.get("/article/", **browser()).status_code == 302


def test_site_settings_purge_and_a_hit_needs_no_nonce(client, article, home_page, redis_cache):
    settings = SiteSettings.for_site(home_page.get_site())
    settings.plausible_domain = "kmp.example"
    settings.save()
    first = client.get("/article/", **browser())
    second = client.get("/article/", **browser())
    assert second["X-Page-Cache"] == "hit"
    assert 'data-domain="kmp.example"' in second.content.decode()
    assert "nonce=" not in second.content.decode()
    assert second["Content-Security-Policy"] == first["Content-Security-Policy"]
    assert "'nonce-" not in second["Content-Security-Policy"]
    settings.site_name = "KM Practitioners"
    settings.save()
    third = client.get("/article/", **browser())
    assert third["X-Page-Cache"] == "miss"
    assert b"KM Practitioners" in third.content


def test_signed_in_readers_never_get_a_cached_page(client, article, redis_cache, make_user):
    client.get("/article/", **browser())
    client.force_login(make_user())
    response = client.get("/article/", **browser())
    assert "X-Page-Cache" not in response or response["X-Page-Cache"] != "hit"
    assert counted(redis_cache, article) == (2, 2)


def test_a_different_redis_for_views_uses_the_usual_two_calls(settings, redis_cache):
    settings.TRACKING_REDIS_URL = settings.REDIS_URL.rsplit("/", 1)[0] + "/14"
    assert redis_hits() is None


def test_tokens_left_by_an_earlier_release_still_work(client, article, redis_cache):
    """A site token stored as text (pickled) by an earlier release: hits still work."""
    from django.core.cache import cache

    from portal.cache import SITE_TOKEN_CACHE_KEY

    cache.set(SITE_TOKEN_CACHE_KEY, "7942a1bf6e6544a5808ddbccdf326a37")
    assert client.get("/article/", **browser()).status_code == 200
    assert client.get("/article/", **browser())["X-Page-Cache"] == "hit"
    assert counted(redis_cache, article) == (2, 1)


def test_an_entry_stored_the_other_way_is_a_miss_not_an_error(client, article, redis_cache):
    """Entries written through Django's cache API (by a release before this one, or
    while the buffer was on another Redis) are plain values, not hashes."""
    from django.core.cache import cache

    request = client.get("/article/", **browser()).wsgi_request
    cache.set(page_cache.entry_key(request), {"content": b"stale"}, 60)
    response = client.get("/article/", **browser())
    assert response.status_code == 200
    assert response["X-Page-Cache"] == "miss"
    assert client.get("/article/", **browser())["X-Page-Cache"] == "hit"
    assert counted(redis_cache, article) == (3, 1)
