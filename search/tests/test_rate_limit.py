"""Searches are rate-limited per client: an address, or a signed-in user's id."""

from django.test import override_settings


@override_settings(SEARCH_RATE_LIMIT="3/m")
def test_too_many_searches_get_429_with_a_message(client, make_page):
    make_page("Knowledge cafe", "knowledge")
    for _ in range(3):
        assert client.get("/search/", {"q": "knowledge"}).status_code == 200
    response = client.get("/search/", {"q": "knowledge"})
    assert response.status_code == 429
    assert response["Retry-After"] == "60"
    assert "Please wait a minute, then try again." in response.content.decode()
    # Another address is not held back, and nor is the empty search page.
    assert client.get("/search/", {"q": "knowledge"}, REMOTE_ADDR="10.0.0.9").status_code == 200
    assert client.get("/search/").status_code == 200


@override_settings(SEARCH_RATE_LIMIT="2/m")
def test_signed_in_users_are_limited_by_account(client, make_page, make_user):
    make_page("Knowledge cafe", "knowledge")
    client.force_login(make_user())
    for address in ("10.0.0.1", "10.0.0.2"):
        assert client.get("/search/", {"q": "knowledge"}, REMOTE_ADDR=address).status_code == 200
    assert client.get("/search/", {"q": "knowledge"}, REMOTE_ADDR="10.0.0.3").status_code == 429


@override_settings(SEARCH_SUGGEST_RATE_LIMIT="2/m")
def test_suggestions_are_limited_with_a_json_message(client, make_page):
    make_page("Knowledge cafe", "knowledge")
    for _ in range(2):
        assert client.get("/search/suggest/", {"q": "know"}).status_code == 200
    response = client.get("/search/suggest/", {"q": "know"})
    assert response.status_code == 429
    assert "wait a minute" in response.json()["error"]


@override_settings(SEARCH_RATE_LIMIT="1/m")
def test_rate_limited_searches_are_not_recorded(client, make_page):
    from wagtail.contrib.search_promotions.models import Query

    make_page("Knowledge cafe", "knowledge")
    client.get("/search/", {"q": "knowledge"})
    client.get("/search/", {"q": "knowledge"})
    assert Query.get("knowledge").hits == 1
