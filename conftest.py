"""Fixtures every app's tests share: a small page tree, users with roles, and the
real services (PostgreSQL, Redis, Chromium) where a test is marked for them."""

import os
import shutil
from pathlib import Path

import pytest
from django.core.cache import cache
from django.db import connection
from wagtail.models import Page, Site

from community.people.factories import UserFactory

OUTPUT_DIR = Path(__file__).parent / "test-output"
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
TEST_REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def chromium_path():
    return shutil.which("chromium") or shutil.which("chromium-browser")


def redis_available():
    import redis

    try:
        return redis.Redis.from_url(TEST_REDIS_URL, socket_connect_timeout=1).ping()
    except redis.RedisError:
        return False


def pytest_collection_modifyitems(config, items):
    on_postgres = os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))
    for item in items:
        # A transactional test flushes the database; serialized rollback puts back
        # what migrations created (the page tree root, locale, role groups).
        marker = item.get_closest_marker("django_db")
        transactional = "live_server" in item.fixturenames or (marker and marker.kwargs.get("transaction"))
        if transactional:
            kwargs = dict(marker.kwargs) if marker else {}
            kwargs.update(transaction=True, serialized_rollback=True)
            item.add_marker(pytest.mark.django_db(**kwargs), append=False)
        if "postgres" in item.keywords and not on_postgres:
            item.add_marker(pytest.mark.skip(reason="PostgreSQL only; .ci/run runs the suite on PostgreSQL"))


@pytest.fixture(scope="session", autouse=True)
def _initial_db_contents(django_db_setup, django_db_blocker):
    """What migrations put in the test database, as Django serialised it at setup
    (autouse, so it is read before any browser fixture starts an event loop)."""
    from django.db import connections

    return {alias: getattr(connections[alias], "_test_serialized_contents", None) for alias in connections}


@pytest.fixture(autouse=True)
def _restore_initial_db_contents(request):
    """Playwright runs an event loop in this thread, and Django then hands the test a
    new connection object that lacks the serialised contents, so a transactional test
    after a browser test would start from an empty database. Put the contents back."""
    marker = request.node.get_closest_marker("django_db")
    if not (marker and marker.kwargs.get("serialized_rollback")):
        return
    from django.db import connections

    saved = request.getfixturevalue("_initial_db_contents")
    for alias, contents in saved.items():
        connection = connections[alias]
        if contents and not hasattr(connection, "_test_serialized_contents"):
            connection._test_serialized_contents = contents
            connection.creation.deserialize_db_from_string(contents)


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def redis_url():
    if not redis_available():
        pytest.fail(f"The Redis tests need the Redis server at {TEST_REDIS_URL} (set TEST_REDIS_URL)")
    import redis

    redis.Redis.from_url(TEST_REDIS_URL).flushdb()
    return TEST_REDIS_URL


@pytest.fixture
def root_page(db):
    return Page.get_first_root_node()


@pytest.fixture
def home_page(root_page):
    """A HomePage as the default site's root, replacing Wagtail's welcome page."""
    from home.factories import HomePageFactory

    Page.objects.filter(depth=2).update(slug="old-welcome")
    home = HomePageFactory(parent=root_page)
    site = Site.objects.get(is_default_site=True)
    site.root_page = home
    site.hostname = "testserver"
    site.port = 80
    site.save()
    Page.objects.filter(depth=2).exclude(pk=home.pk).delete()
    return home


@pytest.fixture
def make_user(db):
    def make(*roles, **kwargs):
        return UserFactory(roles=list(roles), **kwargs)

    return make


@pytest.fixture
def output_dir():
    OUTPUT_DIR.mkdir(exist_ok=True)
    return OUTPUT_DIR


@pytest.fixture
def is_postgres():
    return connection.vendor == "postgresql"


@pytest.fixture(scope="session")
def chromium():
    """A headless Debian Chromium driven by Playwright."""
    path = chromium_path()
    if not path:
        pytest.fail("Debian's chromium is required for browser tests (apt-get install chromium)")
    # Playwright's sync API runs an event loop in this thread; the live server's ORM use is sync.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, headless=True, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def browser_page(chromium, output_dir):
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()
