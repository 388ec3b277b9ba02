"""A page's site and root page come from the cache (portal.sites), and are read afresh
when a Site is saved, the site token is renewed or the root page changes."""

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from wagtail.models import Site

from blog.factories import BlogIndexPageFactory
from portal.cache import renew_site_token
from portal.sites import site_for_request

pytestmark = pytest.mark.django_db


def request_for(host="testserver"):
    return RequestFactory().get("/", HTTP_HOST=host)


def test_a_signed_in_reader_gets_a_page_without_reading_the_site_or_its_root(client, make_user, home_page):
    blog = BlogIndexPageFactory(parent=home_page)
    client.force_login(make_user())  # never the anonymous page cache
    assert client.get(blog.url).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        response = client.get(blog.url)
    assert response.status_code == 200 and "Posts by knowledge-management" in response.content.decode()
    read = [q["sql"] for q in queries if "wagtailcore_site" in q["sql"] or "home_homepage" in q["sql"]]
    assert read == []


def test_the_site_and_its_root_page_are_read_once(home_page, django_assert_num_queries):
    site = site_for_request(request_for())
    assert site.root_page.specific == home_page
    with django_assert_num_queries(0):
        again = site_for_request(request_for())
        assert again.pk == site.pk and again.root_page.specific.hero_heading == home_page.hero_heading


def test_a_saved_site_is_read_afresh(home_page):
    site = site_for_request(request_for())
    site.site_name = "Knowledge Management Portal"
    site.save()
    assert site_for_request(request_for()).site_name == "Knowledge Management Portal"


def test_a_renewed_site_token_reads_the_site_afresh(home_page):
    site_for_request(request_for())
    Site.objects.update(site_name="Renamed without signals")
    assert site_for_request(request_for()).site_name != "Renamed without signals"  # kept
    renew_site_token()
    assert site_for_request(request_for()).site_name == "Renamed without signals"


def test_a_published_root_page_is_read_afresh(home_page):
    assert site_for_request(request_for()).root_page.specific.hero_heading == home_page.hero_heading
    home_page.hero_heading = "Learn from each other"
    home_page.save_revision().publish()
    assert site_for_request(request_for()).root_page.specific.hero_heading == "Learn from each other"


def test_a_saved_draft_of_the_root_page_is_read_afresh(home_page):
    site_for_request(request_for())
    home_page.hero_heading = "Saved, not published"
    home_page.save()
    assert site_for_request(request_for()).root_page.specific.hero_heading == "Saved, not published"


def test_an_unknown_host_is_never_kept(home_page, django_assert_num_queries):
    default = Site.objects.get(is_default_site=True)
    assert site_for_request(request_for("unknown.example")) == default  # Wagtail's fallback
    with django_assert_num_queries(1):
        assert site_for_request(request_for("unknown.example")) == default
