import pytest
from wagtail.models import PageViewRestriction

from community.tracking.models import PageViewDaily
from community.tracking.visitors import today
from home.factories import StandardPageFactory
from portal.models import SiteSettings

from .conftest import browser

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("database_recorder")]


def views(page):
    row = PageViewDaily.objects.filter(page=page, day=today()).first()
    return row.views if row else 0


def publish_change(page, **fields):
    for name, value in fields.items():
        setattr(page, name, value)
    page.save_revision().publish()


def test_second_anonymous_request_is_served_from_cache_and_still_counted(client, article):
    first = client.get("/article/", **browser())
    second = client.get("/article/", **browser(ip="198.51.100.99"))
    assert first["X-Page-Cache"] == "miss"
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    assert views(article) == 2
    assert PageViewDaily.objects.get(page=article).visitors == 2


def test_a_cache_hit_carries_the_security_headers_of_its_render(client, article):
    rendered = client.get("/article/", **browser())
    hit = client.get("/article/", **browser())
    assert hit["X-Page-Cache"] == "hit"
    assert hit["X-Frame-Options"] == rendered["X-Frame-Options"]
    header = "Content-Security-Policy"
    header = header if header in rendered else header + "-Report-Only"
    assert hit[header] == rendered[header]
    assert "'unsafe-inline'" not in hit[header]


def test_a_cached_page_carries_no_nonce_and_plausible_is_allowed_by_its_address(client, article, home_page):
    """A nonce served twice from a cache is no nonce: cached pages use none."""
    settings = SiteSettings.for_site(home_page.get_site())
    settings.plausible_domain = "kmp.example"
    settings.save()
    first = client.get("/article/", **browser())
    second = client.get("/article/", **browser())
    assert second["X-Page-Cache"] == "hit"
    header = "Content-Security-Policy"
    header = header if header in second else header + "-Report-Only"
    assert 'data-domain="kmp.example"' in second.content.decode()
    assert "nonce=" not in second.content.decode()
    assert "'nonce-" not in second[header] and "'nonce-" not in first[header]
    assert "https://plausible.io/js/script.js" in second[header]


def test_a_page_that_uses_a_nonce_is_never_cached(client, article, monkeypatch):
    original = article.specific_class.get_context

    def context_with_nonce(page, request, *args, **kwargs):
        str(request.csp_nonce)  # what nonce="{{ request.csp_nonce }}" does
        return original(page, request, *args, **kwargs)

    monkeypatch.setattr(article.specific_class, "get_context", context_with_nonce)
    first = client.get("/article/", **browser())
    second = client.get("/article/", **browser())
    assert first["X-Page-Cache"] == second["X-Page-Cache"] == "skip"
    header = "Content-Security-Policy"
    header = header if header in second else header + "-Report-Only"
    assert "'nonce-" in first[header] and first[header] != second[header]


def test_a_published_change_is_visible_to_the_next_anonymous_request(client, article):
    client.get("/article/", **browser())
    assert client.get("/article/", **browser())["X-Page-Cache"] == "hit"
    publish_change(article, title="A revised article")
    response = client.get("/article/", **browser())
    assert response["X-Page-Cache"] == "miss"
    assert b"A revised article" in response.content


def test_publishing_a_child_purges_its_index_and_the_home_page(client, home_page, article):
    child = StandardPageFactory(parent=article, title="Child", slug="child")
    for path in ("/", "/article/", "/article/child/"):
        client.get(path, **browser())
        assert client.get(path, **browser())["X-Page-Cache"] == "hit"
    publish_change(child, title="Renamed child")
    for path in ("/", "/article/", "/article/child/"):
        assert client.get(path, **browser())["X-Page-Cache"] == "miss", path


def test_unpublish_move_and_delete_purge(client, home_page, article):
    other = StandardPageFactory(parent=home_page, title="Other", slug="other")
    client.get("/article/", **browser())
    article.unpublish()
    assert client.get("/article/", **browser()).status_code == 404

    client.get("/other/", **browser())
    assert client.get("/other/", **browser())["X-Page-Cache"] == "hit"
    other.move(article, pos="last-child")
    moved = client.get("/other/", **browser())
    assert moved.status_code == 301 and moved["Location"] == "/article/other/"

    client.get("/", **browser())
    assert client.get("/", **browser())["X-Page-Cache"] == "hit"
    other.refresh_from_db()
    other.delete()
    assert client.get("/", **browser())["X-Page-Cache"] == "miss"


def test_site_settings_change_purges_everything(client, home_page, article):
    client.get("/article/", **browser())
    settings = SiteSettings.for_site(home_page.get_site())
    settings.tagline = "Something new"
    settings.save()
    response = client.get("/article/", **browser())
    assert response["X-Page-Cache"] == "miss"


def test_signed_in_user_never_receives_a_cached_page(client, article, make_user):
    client.get("/article/", **browser())
    assert client.get("/article/", **browser())["X-Page-Cache"] == "hit"
    client.force_login(make_user())
    response = client.get("/article/", **browser())
    assert response.status_code == 200
    assert "X-Page-Cache" not in response
    assert views(article) == 3


def test_a_page_rendered_for_a_signed_in_user_is_not_cached(client, article, make_user):
    user = make_user(first_name="Zebedee")
    client.force_login(user)
    client.get("/article/", **browser())
    client.logout()
    anonymous = client.get("/article/", **browser())
    assert anonymous["X-Page-Cache"] == "miss"


def test_a_private_page_is_never_cached(client, article, make_user):
    restriction = PageViewRestriction.objects.create(
        page=article, restriction_type=PageViewRestriction.PASSWORD, password="open-sesame"
    )
    response = client.post(
        f"/_util/authenticate_with_password/{restriction.pk}/{article.pk}/",
        {"password": "open-sesame", "return_url": "/article/"},
    )
    assert response.status_code == 302
    for _ in range(2):
        response = client.get("/article/", **browser())
        assert response.status_code == 200
        assert response.get("X-Page-Cache") != "hit"
    client.cookies.clear()
    assert client.get("/article/", **browser()).status_code == 200  # the password form, not the page
    assert b"open-sesame" not in client.get("/article/", **browser()).content


@pytest.mark.parametrize("restricted", ["article", "home_page"], ids=["the page", "its parent"])
def test_a_cached_page_made_private_is_not_served_from_the_cache(client, article, home_page, restricted):
    client.get("/article/", **browser())
    assert client.get("/article/", **browser())["X-Page-Cache"] == "hit"
    page = article if restricted == "article" else home_page
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
    response = client.get("/article/", **browser())
    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_a_private_page_is_not_stored_even_without_a_session(client, article, rf):
    from portal import page_cache

    PageViewRestriction.objects.create(page=article, restriction_type=PageViewRestriction.LOGIN)
    request = rf.get("/article/")
    response = article.serve(request)
    response.render()
    assert not page_cache.store(request, response, article, (None, None))


def test_a_page_with_a_csrf_form_is_not_cached(client, article, monkeypatch):
    from django.middleware.csrf import get_token

    original = article.specific_class.get_context

    def context_with_form(page, request, *args, **kwargs):
        get_token(request)  # what {% csrf_token %} does
        return original(page, request, *args, **kwargs)

    monkeypatch.setattr(article.specific_class, "get_context", context_with_form)
    first = client.get("/article/", **browser())
    assert first["X-Page-Cache"] == "skip"
    assert "csrftoken" in first.cookies
    # The visitor now holds a CSRF cookie: their pages are rendered, never from the cache.
    assert "X-Page-Cache" not in client.get("/article/", **browser())
    client.cookies.clear()
    assert client.get("/article/", **browser())["X-Page-Cache"] == "skip"


def test_query_strings_bypass_the_cache_except_ref(client, article):
    client.get("/article/", **browser())
    assert client.get("/article/?page=2", **browser()).get("X-Page-Cache") is None
    assert client.get("/article/?ref=unknowncode", **browser())["X-Page-Cache"] == "hit"
    assert views(article) == 3


def test_bots_get_cached_pages_but_are_not_counted(client, article):
    client.get("/article/", **browser())
    bot = client.get("/article/", **browser(ua="Mozilla/5.0 (compatible; Googlebot/2.1)"))
    prefetch = client.get("/article/", **browser(HTTP_SEC_PURPOSE="prefetch"))
    assert bot["X-Page-Cache"] == prefetch["X-Page-Cache"] == "hit"
    assert views(article) == 1


def test_cache_can_be_switched_off(client, article, settings):
    settings.TRACKING_PAGE_CACHE = False
    client.get("/article/", **browser())
    assert "X-Page-Cache" not in client.get("/article/", **browser())
    assert views(article) == 2


def test_moving_or_renaming_a_section_purges_the_pages_below_it(
    client, home_page, article, django_capture_on_commit_callbacks
):
    child = StandardPageFactory(parent=article, title="Child", slug="child")
    other = StandardPageFactory(parent=home_page, title="Other", slug="other")
    client.get("/article/child/", **browser())
    assert client.get("/article/child/", **browser())["X-Page-Cache"] == "hit"
    article.refresh_from_db()
    article.move(other, pos="last-child")
    moved = client.get("/article/child/", **browser())
    assert moved.get("X-Page-Cache") != "hit"
    assert client.get("/other/article/child/", **browser()).status_code == 200

    client.get("/other/article/child/", **browser())
    assert client.get("/other/article/child/", **browser())["X-Page-Cache"] == "hit"
    article.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):  # Wagtail signals a new slug on commit
        publish_change(article, slug="section")
    assert client.get("/other/article/child/", **browser()).get("X-Page-Cache") != "hit"
    child.refresh_from_db()
    assert child.url_path.endswith("/other/section/child/")


def test_a_page_type_can_opt_out_with_cache_max_age_zero(client, article, monkeypatch):
    monkeypatch.setattr(article.specific_class, "cache_max_age", 0)
    client.get("/article/", **browser())
    assert client.get("/article/", **browser())["X-Page-Cache"] == "skip"
    assert views(article) == 2
