"""The site settings and the main menu come from the cache, keyed by
the site token (portal.cache): every change is seen by the next request, signed in
or not."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction, Site

from home.factories import StandardPageFactory
from portal.cache import site_token
from portal.models import SiteSettings

pytestmark = pytest.mark.django_db


@pytest.fixture(params=[True, False], ids=["signed-in", "anonymous"])
def visitor(request, client, make_user):
    if request.param:
        client.force_login(make_user())
    return client


def menu(client, path="/"):
    html = client.get(path).content.decode()
    return html[
        html.index('<ul class="main-menu">') : html.index("</ul>", html.index('<ul class="main-menu">'))
    ]


def test_a_page_published_into_the_menu_appears_and_leaves_with_it(visitor, home_page):
    assert "Our library" not in menu(visitor)
    page = StandardPageFactory(parent=home_page, title="Our library", slug="library", show_in_menus=False)
    page.show_in_menus = True
    page.save_revision().publish()
    assert 'href="/library/">Our library</a>' in menu(visitor)
    page.unpublish()
    assert "Our library" not in menu(visitor)


def test_a_page_made_private_leaves_the_menu(visitor, home_page):
    page = StandardPageFactory(parent=home_page, title="Members only", slug="members", show_in_menus=True)
    assert "Members only" in menu(visitor)
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
    assert "Members only" not in menu(visitor)


def test_the_current_section_is_marked_in_the_cached_menu(client, home_page):
    section = StandardPageFactory(parent=home_page, title="Guides", slug="guides", show_in_menus=True)
    StandardPageFactory(parent=section, title="First guide", slug="first")
    assert 'href="/guides/" aria-current="page">Guides</a>' in menu(client, "/guides/first/")
    assert 'href="/guides/">Guides</a>' in menu(client, "/")


def test_changed_site_settings_are_seen_at_once(visitor, home_page):
    assert "KMP Portal" in visitor.get("/").content.decode()
    settings = SiteSettings.for_site(home_page.get_site())
    settings.site_name = "KM Practitioners"
    settings.save()
    html = visitor.get("/").content.decode()
    assert "<title>" in html and "KM Practitioners" in html
    assert "KMP Portal" not in html


def test_a_new_site_for_a_host_is_used_at_once(client, home_page, settings):
    settings.ALLOWED_HOSTS = ["testserver", "learn.kmp.example"]
    other_root = StandardPageFactory(parent=home_page.get_parent(), title="Learning hub", slug="learning-hub")
    assert "Learning hub" not in client.get("/", HTTP_HOST="learn.kmp.example").content.decode()
    Site.objects.create(hostname="learn.kmp.example", port=80, root_page=other_root, site_name="Learning")
    assert "Learning hub" in client.get("/", HTTP_HOST="learn.kmp.example").content.decode()
    assert "Learning hub" not in client.get("/").content.decode()


def test_a_repeated_request_reads_the_settings_from_the_cache(client, make_user, home_page):
    client.force_login(make_user())
    client.get("/")
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/").status_code == 200
    assert not any("portal_sitesettings" in query["sql"] for query in queries)


def test_a_missing_token_is_replaced_by_a_new_one(db):
    from django.core.cache import cache

    first = site_token()
    cache.clear()
    second = site_token()
    assert first and second and first != second
    assert site_token() == second


@pytest.mark.redis
def test_the_redis_cache_keeps_one_client_and_still_works(redis_url):
    from portal.cache_backends import RedisCache

    backend = RedisCache(redis_url, {"KEY_PREFIX": "kmp-test"})
    client = backend._cache.get_client()
    assert backend._cache.get_client(write=True) is client
    backend.set("greeting", {"text": "hello"}, 30)
    assert backend.get_many(["greeting", "missing"]) == {"greeting": {"text": "hello"}}
    assert backend.add("counter", 1, 30)
    assert backend.incr("counter") == 2
    backend.delete("greeting")
    assert backend.get("greeting") is None
