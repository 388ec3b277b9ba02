import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.contrib.search_promotions.models import Query, SearchPromotion

from . import pages
from .conftest import result_titles


@pytest.fixture
def site(home_page, make_page, make_profile):
    blog = pages.blog_index(home_page)
    courses = pages.course_index(home_page)
    cop = pages.course(
        courses, "Running a community", "Facilitation for communities.", topics=["facilitation"]
    )
    return {
        "post1": pages.blog_post(
            blog, "Facilitation tips", "Facilitation in practice.", topics=["facilitation"]
        ),
        "post2": pages.blog_post(blog, "Hosting a meeting", "Good facilitation starts early."),
        "course": cop,
        "lesson": pages.lesson(cop, "Your first session", "Facilitation basics.", "Lesson text."),
        "page": make_page("About facilitation", "We train facilitation."),
        "person": make_profile("Ada Facilitator", bio="Facilitation coach."),
    }


def search(client, **params):
    response = client.get("/search/", params)
    assert response.status_code == 200
    return response


def counts(response):
    return {f["type"].key: f["count"] for f in response.context["type_filters"]}


def test_every_kind_is_found_and_counted(client, site):
    response = search(client, q="facilitation")
    assert counts(response) == {"posts": 2, "courses": 1, "lessons": 1, "people": 1, "pages": 1}
    assert response.context["total"] == 6
    kinds = {r["title"]: r["type"].label for r in response.context["results"]}
    assert kinds == {
        "<mark>Facilitation</mark> tips": "Post",
        "Hosting a meeting": "Post",
        "Running a community": "Course",
        "Your first session": "Lesson",
        "About <mark>facilitation</mark>": "Page",
    }
    assert result_titles(response)[-1] == "Ada Facilitator"  # the people group


@pytest.mark.parametrize(
    ("kind", "titles"),
    [
        ("posts", {"Facilitation tips", "Hosting a meeting"}),
        ("courses", {"Running a community"}),
        ("lessons", {"Your first session"}),
        ("people", {"Ada Facilitator"}),
        ("pages", {"About facilitation"}),
    ],
)
def test_filtering_by_kind(client, site, kind, titles):
    response = search(client, q="facilitation", type=kind)
    assert set(result_titles(response)) == titles
    # the other kinds stay in the filter bar with their counts
    assert counts(response)["posts"] == 2


def test_filtering_by_topic(client, site):
    site["person"].expertise.add("facilitation")
    site["person"].save()
    response = search(client, q="facilitation", topic="facilitation")
    assert set(result_titles(response)) == {"Facilitation tips", "Running a community", "Ada Facilitator"}
    topics = [t.slug for t in response.context["topics"]]
    assert topics == ["facilitation"]


def test_topics_of_unpublished_pages_are_not_offered(client, site):
    site["post2"].topics.add("secret-merger")
    site["post2"].save()
    site["post2"].unpublish()
    response = search(client, q="facilitation")
    assert [t.slug for t in response.context["topics"]] == ["facilitation"]


def test_results_are_paginated_and_links_keep_the_search(client, make_page):
    for i in range(23):
        make_page(f"Taxonomy note {i}", "taxonomy")
    first = search(client, q="taxonomy", type="pages")
    assert len(result_titles(first)) == 10
    html = first.content.decode()
    assert 'href="?q=taxonomy&amp;type=pages&amp;page=2"' in html
    last = search(client, q="taxonomy", type="pages", page=3)
    assert len(result_titles(last)) == 3
    pages_seen = set(result_titles(first)) | set(
        result_titles(search(client, q="taxonomy", type="pages", page=2))
    )
    assert len(pages_seen | set(result_titles(last))) == 23


def test_people_group_shows_three_and_links_to_all(client, make_profile):
    for name in ("Ann", "Ben", "Cat", "Dan"):
        make_profile(f"{name} Storyteller", bio="storytelling")
    response = search(client, q="storytelling")
    assert len(response.context["people_group"]) == 3
    assert "See all 4 people" in response.content.decode()
    assert len(result_titles(search(client, q="storytelling", type="people"))) == 4


def test_pinned_results_come_first_on_the_first_page(client, site, make_page):
    pinned = make_page("Facilitator handbook", "Everything about running sessions.")
    SearchPromotion.objects.create(
        query=Query.get("facilitation"), page=pinned, sort_order=0, description="Start here."
    )
    html = search(client, q="Facilitation").content.decode()
    assert html.index("Facilitator handbook") < html.index("Hosting a meeting")
    assert "Start here." in html
    assert "Facilitator handbook" not in search(client, q="facilitation", type="posts").content.decode()


def test_each_search_is_counted_once_for_the_popular_searches(client, site):
    search(client, q="Facilitation  ")
    search(client, q="facilitation", page=2)
    search(client, q="facilitation", type="posts")
    search(client, q="")
    search(client, q="?!")
    assert [(q.query_string, q.hits) for q in Query.objects.all()] == [("facilitation", 1)]


def test_results_page_queries_do_not_grow_with_results(client, home_page, make_page, make_profile):
    blog = pages.blog_index(home_page)

    def count_queries():
        cache.clear()  # counts and topics are cached (test_cache.py); count them every time
        with CaptureQueriesContext(connection) as ctx:
            search(client, q="mentoring")
        return len(ctx.captured_queries)

    make_page("Mentoring page", "mentoring")
    pages.blog_post(blog, "Mentoring post", "mentoring", topics=["mentoring"])
    make_profile("Mentor One", bio="mentoring")
    count_queries()  # the first request creates rows (site settings, the recorded query)
    few = count_queries()
    for i in range(12):
        make_page(f"Mentoring page {i}", "mentoring")
        pages.blog_post(blog, f"Mentoring post {i}", "mentoring", topics=[f"topic {i}"])
        make_profile(f"Mentor {i}", bio="mentoring")
    assert count_queries() == few


def test_empty_search_shows_the_form(client, site):
    response = search(client, q="")
    html = response.content.decode()
    assert 'id="search-q"' in html
    assert "results for" not in html


def test_home_and_section_index_pages_are_navigation_not_results(client, site, home_page):
    home_page.hero_text = "Facilitation for everyone."
    home_page.save_revision().publish()
    response = search(client, q="facilitation")
    titles = result_titles(response)
    assert home_page.title not in titles and "Blog" not in titles and "Courses" not in titles
    assert "About facilitation" in titles
    assert [s["label"] for s in client.get("/search/suggest/", {"q": "cour"}).json()["suggestions"]] == []


def test_suggestions_list_courses_before_their_lessons(client, site):
    labels = [s["type"] for s in client.get("/search/suggest/", {"q": "running"}).json()["suggestions"]]
    assert labels == ["Course"]
    pages.lesson(site["course"], "Running the first meeting", "How to begin.", "Text.")
    kinds = [s["type"] for s in client.get("/search/suggest/", {"q": "running"}).json()["suggestions"]]
    assert kinds == ["Course", "Lesson"]
