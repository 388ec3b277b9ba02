"""Small page trees for the search tests; each test builds only what it needs."""

import pytest
from django.utils.html import strip_tags

from community.people.factories import ContributorProfileFactory
from home.factories import StandardPageFactory


def paragraph(text):
    return [("paragraph", f"<p>{text}</p>")]


@pytest.fixture
def make_page(home_page):
    """A published StandardPage under home (or under parent) with text in its body."""

    def make(title, text="", parent=None, **fields):
        fields.setdefault("introduction", "")
        return StandardPageFactory(parent=parent or home_page, title=title, body=paragraph(text), **fields)

    return make


@pytest.fixture
def make_profile(db):
    def make(display_name, bio="", **fields):
        return ContributorProfileFactory(display_name=display_name, bio=bio, **fields)

    return make


def result_titles(response):
    """Titles of the results listed on a search page, as plain text."""
    context = response.context
    found = [strip_tags(r["title"]) for r in context.get("results", [])]
    found += [strip_tags(r["title"]) for r in context.get("people_group", [])]
    return found


def suggestion_labels(response):
    return [s["label"] for s in response.json()["suggestions"]]
