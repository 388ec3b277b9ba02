"""Counts per kind and the topic list are cached for everyone, and start afresh
as soon as anything search reads changes (search/cache.py)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from . import pages
from .conftest import result_titles


def total(client, q):
    response = client.get("/search/", {"q": q})
    return response.context["total"], result_titles(response)


def test_a_repeated_search_reuses_the_counts(client, make_page):
    make_page("Knowledge cafe", "knowledge")

    def queries():
        with CaptureQueriesContext(connection) as ctx:
            client.get("/search/", {"q": "knowledge", "page": "2"})  # page 2: not recorded
        return [q["sql"] for q in ctx.captured_queries]

    first, second = queries(), queries()
    assert any("COUNT(" in sql for sql in first)
    assert not any("COUNT(" in sql for sql in second)
    assert not any("taggit_tag" in sql for sql in second)


def test_counts_follow_publishing_unpublishing_and_restrictions(client, make_page):
    page = make_page("Knowledge cafe", "knowledge")
    assert total(client, "knowledge") == (1, ["Knowledge cafe"])
    other = make_page("Knowledge fair", "knowledge")
    assert total(client, "knowledge")[0] == 2
    page.unpublish()
    assert total(client, "knowledge") == (1, ["Knowledge fair"])
    PageViewRestriction.objects.create(page=other, restriction_type=PageViewRestriction.LOGIN)
    assert total(client, "knowledge") == (0, [])


def test_counts_follow_people_edits(client, make_profile):
    profile = make_profile("Ada Lovelace", bio="knowledge")
    assert total(client, "knowledge")[0] == 1
    profile.bio = "engines"
    profile.save()
    assert total(client, "knowledge")[0] == 0


def test_topic_list_follows_tagging(client, home_page):
    blog = pages.blog_index(home_page)
    post = pages.blog_post(blog, "Knowledge cafe", "knowledge", topics=["cafes"])
    assert [t.slug for t in client.get("/search/").context["topics"]] == ["cafes"]
    post.topics.add("storytelling")
    post.save_revision().publish()
    assert [t.slug for t in client.get("/search/").context["topics"]] == ["cafes", "storytelling"]
