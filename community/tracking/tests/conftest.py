import os

import pytest
import redis
from django.apps import apps
from django.db import models

from community.tracking.visitors import forget_cached_salts
from home.factories import StandardPageFactory

BROWSER_UA = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36"
)


def browser(ip="198.51.100.7", ua=BROWSER_UA, **extra):
    """Request headers of an ordinary browser visit."""
    return {"REMOTE_ADDR": ip, "HTTP_USER_AGENT": ua, **extra}


def assert_no_column_holds(*probes):
    """Search every text column of every table for the probes (an address, a user agent)."""
    text_types = (models.CharField, models.TextField, models.JSONField, models.GenericIPAddressField)
    searched = 0
    for model in apps.get_models():
        if model._meta.proxy or not model._meta.managed:
            continue
        for field in [f for f in model._meta.concrete_fields if isinstance(f, text_types)]:
            for probe in probes:
                if isinstance(field, models.JSONField):
                    matches = [v for v in model.objects.values_list(field.name, flat=True) if probe in str(v)]
                else:
                    matches = list(model.objects.filter(**{f"{field.name}__icontains": probe})[:1])
                assert not matches, f"{model.__name__}.{field.name} holds {probe!r}"
            searched += 1
    assert searched > 50


@pytest.fixture(autouse=True)
def _fresh_salts():
    # Salts are cached per process by day; each test's database starts without them.
    forget_cached_salts()
    yield
    forget_cached_salts()


@pytest.fixture
def article(home_page):
    """A live standard page at /article/ under the home page."""
    return StandardPageFactory(parent=home_page, title="An article", slug="article")


@pytest.fixture
def database_recorder(settings):
    settings.TRACKING_RECORDER = "database"


@pytest.fixture
def tracking_redis_url():
    """Redis db 15 like the shared redis_url fixture, but never flushed: tests running at
    once in pytest-xdist workers keep apart by key prefix instead."""
    url = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.RedisError:
        pytest.fail(f"The Redis tests need the Redis server at {url} (set TEST_REDIS_URL)")
    return url


@pytest.fixture
def redis_recorder(settings, tracking_redis_url):
    settings.TRACKING_RECORDER = "redis"
    settings.TRACKING_REDIS_URL = tracking_redis_url
    settings.TRACKING_REDIS_PREFIX = f"test:tracking:{os.environ.get('PYTEST_XDIST_WORKER', 'main')}:"
    from community.tracking.recorders import get_recorder

    recorder = get_recorder()
    recorder.clear()
    yield recorder
    recorder.clear()


@pytest.fixture
def redis_cache(settings, redis_recorder, tracking_redis_url):
    """Django's cache on the same Redis as the page-view buffer: page-cache hits take
    the one-round-trip path (cached_hits.RedisHits)."""
    prefix = f"test-page-cache-{os.environ.get('PYTEST_XDIST_WORKER', 'main')}"
    settings.CACHES = {
        "default": {
            "BACKEND": "portal.cache_backends.RedisCache",
            "LOCATION": tracking_redis_url,
            "KEY_PREFIX": prefix,
        }
    }
    settings.REDIS_URL = tracking_redis_url
    settings.TRACKING_FLUSH_INTERVAL = 3600  # flushed by the tests, not by requests
    client = redis.Redis.from_url(tracking_redis_url)

    def forget():
        keys = list(client.scan_iter(f"{prefix}:*"))
        if keys:
            client.delete(*keys)

    forget()
    from community.tracking.cached_hits import redis_hits

    assert redis_hits() is not None
    yield redis_recorder
    forget()
