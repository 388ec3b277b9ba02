from django.db import connection
from django.test.utils import CaptureQueriesContext

from community.people.factories import ContributorProfileFactory


def test_directory_lists_contributors_and_filters_by_expertise(client, home_page):
    amara = ContributorProfileFactory(display_name="Amara Okafor")
    amara.expertise.add("communities of practice")
    amara.save()
    ContributorProfileFactory(display_name="Li Wei")
    response = client.get("/people/?topic=communities-of-practice")
    html = response.content.decode()
    assert "Amara Okafor" in html and "Li Wei" not in html
    assert "Li Wei" in client.get("/people/").content.decode()


def test_unknown_topic_and_bad_page_give_a_normal_page(client, home_page):
    ContributorProfileFactory(display_name="Li Wei")
    response = client.get("/people/?topic=<script>&page=abc")
    assert response.status_code == 200
    assert "There is no expertise topic" in response.content.decode()
    assert "<script>" not in response.content.decode().split("<main")[1]


def test_directory_queries_do_not_grow_with_contributors(client, home_page):
    def count_queries():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/people/").status_code == 200
        return len(ctx.captured_queries)

    for i in range(3):
        ContributorProfileFactory().expertise.add(f"topic {i}")
    count_queries()  # the first request creates the site settings row
    small = count_queries()
    for i in range(20):
        ContributorProfileFactory().expertise.add(f"topic {i}")
    assert count_queries() == small


def test_profile_page_shows_the_contributor(client, home_page):
    profile = ContributorProfileFactory(display_name="Sofia Marquez", bio="Tacit knowledge <b>researcher</b>")
    response = client.get(profile.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "Sofia Marquez" in html
    assert "&lt;b&gt;researcher&lt;/b&gt;" in html


def test_contributors_are_found_by_their_expertise(home_page):
    from wagtail.search.backends import get_search_backend

    profile = ContributorProfileFactory(display_name="Li Wei", bio="")
    profile.expertise.add("taxonomy")
    profile.save()
    ContributorProfileFactory(display_name="Tom Becker", bio="")
    backend = get_search_backend()
    backend.add(profile)
    from community.people.models import ContributorProfile

    assert [p.display_name for p in backend.search("taxonomy", ContributorProfile)] == ["Li Wei"]
