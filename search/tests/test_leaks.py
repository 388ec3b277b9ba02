"""Nothing private leaks: one test per kind of private content, each checked in
results, snippets and suggestions."""

import re

import pytest
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import PageViewRestriction

from .conftest import paragraph, result_titles, suggestion_labels

RESULT_LISTS = re.compile(r'<ol class="search-results.*?</ol>', re.DOTALL)


def found_anywhere(client, word):
    """Everything a visitor can learn about `word` from search."""
    page = client.get("/search/", {"q": word})
    suggest = client.get("/search/suggest/", {"q": word})
    assert page.status_code == 200 and suggest.status_code == 200
    listed = " ".join(RESULT_LISTS.findall(page.content.decode())).lower()
    return (
        result_titles(page)
        + suggestion_labels(suggest)
        + ([f"{word} in a snippet"] if word in listed else [])
    )


def test_public_control_is_found(client, make_page):
    # The negative control: the same checks do see a public page.
    make_page("Zanzibar guide", "Trips to Zanzibar")
    # In the results, in the suggestions, and in a snippet.
    assert found_anywhere(client, "zanzibar") == ["Zanzibar guide", "Zanzibar guide", "zanzibar in a snippet"]


def test_never_published_page_is_not_found(client, make_page):
    make_page("Quetzal draft", "quetzal plans", live=False)
    assert found_anywhere(client, "quetzal") == []


def test_unpublished_page_is_not_found(client, make_page):
    page = make_page("Quetzal notes", "quetzal plans")
    assert "Quetzal notes" in found_anywhere(client, "quetzal")
    page.unpublish()
    assert found_anywhere(client, "quetzal") == []


def test_unpublished_draft_changes_of_a_live_page_are_not_found(client, make_page):
    page = make_page("Public notes", "nothing special")
    page.body = paragraph("embargoed xylophone figures")
    page.save_revision()
    assert found_anywhere(client, "xylophone") == []
    assert "Public notes" in found_anywhere(client, "special")


@pytest.mark.parametrize(
    "restriction",
    [
        {"restriction_type": PageViewRestriction.PASSWORD, "password": "s3cret-enough"},
        {"restriction_type": PageViewRestriction.LOGIN},
    ],
    ids=["password", "login"],
)
def test_private_page_and_its_children_are_not_found(client, make_page, make_user, restriction):
    private = make_page("Members area", "walrus meeting minutes")
    make_page("Walrus budget", "walrus spending", parent=private)
    PageViewRestriction.objects.create(page=private, **restriction)
    assert found_anywhere(client, "walrus") == []
    client.force_login(make_user())
    assert found_anywhere(client, "walrus") == []  # search shows public pages only, signed in or not


def test_group_restricted_page_is_not_found(client, make_page, make_user):
    from django.contrib.auth.models import Group

    private = make_page("Editors only", "narwhal roadmap")
    restriction = PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(Group.objects.get(name="Editors"))
    client.force_login(make_user("Editors"))
    assert found_anywhere(client, "narwhal") == []


def test_pinned_result_pointing_to_a_private_page_is_not_shown(client, make_page):
    public = make_page("Open handbook", "okapi handbook")
    private = make_page("Closed handbook", "hidden")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    query = Query.get("okapi")
    SearchPromotion.objects.create(query=query, page=private, sort_order=0)
    SearchPromotion.objects.create(query=query, page=public, sort_order=1)
    response = client.get("/search/", {"q": "okapi"})
    assert [pick.page.title for pick in response.context["promoted"]] == ["Open handbook"]
    assert "Closed handbook" not in response.content.decode()


def test_lesson_bodies_are_never_found_even_by_enrolled_learners(client, home_page, make_user):
    from courses.models import Enrolment

    from . import pages

    course = pages.course(pages.course_index(home_page), "Knowledge audits", "How to run an audit.")
    pages.lesson(
        course, "Audit interviews", "Who to talk to first.", "The secret ingredient is quokkaberry jam."
    )
    # The lesson's title and public summary are searchable, with a snippet from the summary only.
    response = client.get("/search/", {"q": "interviews"})
    assert result_titles(response) == ["Audit interviews"]
    assert "quokkaberry" not in response.content.decode()
    assert "Who to talk to first." in response.content.decode()
    assert found_anywhere(client, "quokkaberry") == []
    learner = make_user()
    Enrolment.objects.create(user=learner, course=course)
    client.force_login(learner)
    assert found_anywhere(client, "quokkaberry") == []
