"""Fixtures every app's tests share: a small page tree, users with roles, and the
real services (PostgreSQL, Redis, Chromium) where a test is marked for them."""

import os
import shutil
import time
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.core.cache import cache
from django.db import connection
from pytest_django.fixtures import _disable_migrations, _get_databases_for_setup
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


@pytest.fixture(scope="session")
def django_db_setup(
    request,
    django_test_environment,
    django_db_blocker,
    django_db_use_migrations,
    django_db_keepdb,
    django_db_createdb,
    django_db_modify_db_settings,
):
    """pytest-django's set-up, made safe to reuse: a local run keeps the test database
    (`--reuse-db`, SQLite in a file) and CI creates it (`--create-db`). A transactional
    test empties the database, so the session puts back what migrations made before it
    ends, and a reused database that was left empty (a killed run) is created again."""
    from django.test.utils import setup_databases, teardown_databases

    if not django_db_use_migrations:
        _disable_migrations()
    keepdb = django_db_keepdb and not django_db_createdb
    aliases, serialized_aliases = _get_databases_for_setup(request.session.items)
    verbosity = request.config.option.verbose
    if not aliases:  # no selected test uses the database: there is nothing to set up
        yield
        return

    def setup(keepdb):
        return setup_databases(
            verbosity=verbosity,
            interactive=False,
            aliases=aliases,
            serialized_aliases=serialized_aliases,
            keepdb=keepdb,
        )

    with django_db_blocker.unblock():
        db_cfg = setup(keepdb)
        if keepdb and not Page.objects.filter(depth=1).exists():
            teardown_databases(db_cfg, verbosity=verbosity)
            db_cfg = setup(False)
        initial_contents = _serialized_contents()

    yield

    with django_db_blocker.unblock():
        if django_db_keepdb:
            _put_back(initial_contents)
        else:
            teardown_databases(db_cfg, verbosity=verbosity)


def _serialized_contents():
    from django.db import connections

    return {alias: getattr(connections[alias], "_test_serialized_contents", None) for alias in connections}


def _put_back(contents_by_alias):
    """A transactional test leaves the database empty: put back what migrations made,
    as Django does before each such test, so the next run can reuse it."""
    if Page.objects.filter(depth=1).exists():
        return
    from django.db import connections

    for alias, contents in contents_by_alias.items():
        if contents:
            connections[alias].creation.deserialize_db_from_string(contents)


@pytest.fixture(scope="session", autouse=True)
def _initial_db_contents(django_db_setup, django_db_blocker):
    """What migrations put in the test database, as Django serialised it at setup
    (autouse, so it is read before any browser fixture starts an event loop)."""
    return _serialized_contents()


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


@pytest.fixture(autouse=True)
def _one_rate_limit_window(monkeypatch):
    """django-ratelimit counts in fixed windows (a minute for "3/m"), so a test whose
    requests straddle a window's end on a busy machine saw its count start again (CI
    once let a third search through a "2/m" limit). A test's requests all fall in the
    window of the moment it starts."""
    import django_ratelimit.core

    started = time.time()
    monkeypatch.setattr(django_ratelimit.core, "time", SimpleNamespace(time=lambda: started))


@pytest.fixture
def redis_url():
    if not redis_available():
        pytest.fail(f"The Redis tests need the Redis server at {TEST_REDIS_URL} (set TEST_REDIS_URL)")
    import redis

    redis.Redis.from_url(TEST_REDIS_URL).flushdb()
    return TEST_REDIS_URL


class SeedCommand:
    """The parts of the seed_demo command a seeding step uses, without progress bars."""

    def __init__(self):
        self.notes = []

    def progress(self, iterable, desc):
        return iterable

    def note(self, text):
        self.notes.append(text)


@pytest.fixture
def seed_command():
    return SeedCommand()


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
    # Generous: on CI's PostgreSQL run, gunicorn-backed tests share the two cores.
    page.set_default_timeout(60_000)
    yield page
    context.close()
