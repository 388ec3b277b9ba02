"""The home page greets a signed-in person with what is next for them, and never
shows that greeting to anyone else: the anonymous page cache stores only anonymous
renders."""

import pytest
from bs4 import BeautifulSoup

from portal import page_cache

pytestmark = pytest.mark.django_db


def greeting(response):
    return BeautifulSoup(response.content, "html.parser").find("section", class_="greeting")


def test_a_signed_in_person_is_greeted_by_name_and_pointed_somewhere(client, home_page, make_user):
    client.force_login(make_user(first_name="Grace"))
    section = greeting(client.get("/"))
    assert section.find("h2").get_text(strip=True) == "Welcome back, Grace"
    assert section.find("a", href="/courses/-/my-learning/") is not None


def test_an_anonymous_visitor_after_a_signed_in_one_sees_no_greeting(client, home_page, make_user, settings):
    settings.TRACKING_PAGE_CACHE = True
    visitor = client.__class__()
    assert greeting(visitor.get("/")) is None  # stored in the anonymous page cache
    client.force_login(make_user(first_name="Grace"))
    signed_in = client.get("/")
    assert signed_in.get("X-Page-Cache") is None  # rendered for them, never stored
    assert "Welcome back, Grace" in greeting(signed_in).get_text()
    stored = visitor.get("/")
    assert stored["X-Page-Cache"] == "hit"
    assert greeting(stored) is None and "Grace" not in stored.content.decode()
    # And a first anonymous visit after the signed-in one, with the cache purged.
    page_cache.purge_site()
    client.logout()
    fresh = client.__class__().get("/")
    assert fresh["X-Page-Cache"] == "miss"
    assert greeting(fresh) is None and "Grace" not in fresh.content.decode()
