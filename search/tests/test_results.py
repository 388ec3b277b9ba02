"""Results for a fixed corpus; the suite runs on SQLite and on PostgreSQL, so
each of these holds on both database search backends."""

import pytest
from django.db import connection
from wagtail.search.backends import get_search_backend

from home.models import StandardPage

from .conftest import result_titles


@pytest.fixture
def corpus(make_page, make_profile):
    return {
        "cop": make_page(
            "Running a community", "A community of practice meets every week to share what works."
        ),
        "lessons": make_page(
            "Lessons learned", "After-action reviews turn mistakes into lessons for the next project."
        ),
        "tacit": make_page("Tacit knowledge", "Experts pass on what they cannot easily put into words."),
        "amara": make_profile("Amara Okafor", bio="Builds communities in health organisations."),
    }


def search(client, q, **params):
    response = client.get("/search/", {"q": q, **params})
    assert response.status_code == 200
    return response


def test_the_configured_backend_is_the_database_one_for_this_database(db):
    backend = type(get_search_backend()).__name__
    expected = {"sqlite": "SQLiteSearchBackend", "postgresql": "PostgresSearchBackend"}[connection.vendor]
    assert backend == expected


def test_finds_pages_by_body_and_title(client, corpus):
    assert result_titles(search(client, "mistakes")) == ["Lessons learned"]
    assert "Tacit knowledge" in result_titles(search(client, "tacit"))


def test_plural_finds_singular_by_stemming(client, corpus):
    titles = result_titles(search(client, "communities"))
    assert "Running a community" in titles
    assert "Amara Okafor" in titles  # her bio says "communities", found from the singular too
    assert "Amara Okafor" in result_titles(search(client, "community"))


def test_all_words_must_match(client, corpus):
    assert result_titles(search(client, "lessons project")) == ["Lessons learned"]
    assert result_titles(search(client, "lessons experts")) == []


def test_people_are_found_by_name_and_bio(client, corpus):
    assert result_titles(search(client, "okafor")) == ["Amara Okafor"]
    response = search(client, "health", type="people")
    assert result_titles(response) == ["Amara Okafor"]


def test_pages_found_after_publishing_and_gone_after_deleting(client, corpus):
    page = StandardPage.objects.get(pk=corpus["tacit"].pk)
    page.delete()
    assert result_titles(search(client, "tacit")) == []


def test_the_index_is_tuned_for_this_database(db):
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            # Porter stemming in the FTS5 table (migration search 0001).
            cursor.execute("SELECT sql FROM sqlite_master WHERE name = 'wagtailsearch_indexentry_fts'")
            assert "tokenize='porter unicode61" in cursor.fetchone()[0]
        else:
            # The expression the backend matches is indexed (migration search 0003).
            cursor.execute(
                "SELECT indexdef FROM pg_indexes WHERE indexname = 'search_indexentry_title_body_gin'"
            )
            assert "gin (((title || body)))" in cursor.fetchone()[0]
            cursor.execute("SHOW default_text_search_config")
            assert cursor.fetchone()[0] == "pg_catalog.english"  # stems; see docs/search.md


def test_choices_such_as_heading_levels_are_neither_indexed_nor_shown(client, home_page):
    from home.factories import StandardPageFactory

    StandardPageFactory(
        parent=home_page,
        title="About this site",
        introduction="",
        body=[
            ("heading", {"text": "What you will find here", "level": "h2"}),
            ("paragraph", "<p>Blog posts about practice.</p>"),
            ("callout", {"tone": "warning", "title": "", "text": "<p>Practice daily.</p>"}),
        ],
    )
    [result] = search(client, "practice").context["results"]
    snippet = str(result["snippet"])
    assert "What you will find here. Blog posts about <mark>practice</mark>." in snippet
    assert "H2" not in snippet and "Warning" not in snippet and "warning" not in snippet
    assert result_titles(search(client, "h2")) == []
    assert result_titles(search(client, "warning")) == []
