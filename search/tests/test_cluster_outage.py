"""The search cluster down (SEARCH_URLS pointing at a closed port: a real refused
connection through the real OpenSearch client): /search/ and autocomplete answer from
the database fallback, the outage is logged at most once a minute, a publish still
saves, and the admin dashboard says search is degraded."""

import logging

import pytest

from portal.breaker import reset_breakers
from portal.tests.servers import free_port

from .conftest import result_titles, suggestion_labels

pytestmark = pytest.mark.django_db


@pytest.fixture
def cluster_down(settings):
    """The site configured as production runs it with SEARCH_URLS set, the cluster refusing."""
    reset_breakers()
    settings.OUTAGE_RETRY_SECONDS = 60
    settings.WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": "wagtail.search.backends.opensearch3",
            "URLS": [f"http://127.0.0.1:{free_port()}"],
            "INDEX_PREFIX": "kmp_test_",
            "TIMEOUT": 2,
            "OPTIONS": {"max_retries": 0},
        },
        "fallback": {"BACKEND": "wagtail.search.backends.database"},
    }
    yield
    reset_breakers()


@pytest.fixture
def outage_log(caplog):
    caplog.set_level(logging.WARNING, logger="portal.outages")
    return lambda: [r for r in caplog.records if r.name == "portal.outages" and r.levelno == logging.ERROR]


def test_publish_saves_and_logs_while_the_cluster_is_down(cluster_down, make_page, caplog):
    caplog.set_level(logging.ERROR, logger="modelsearch.index")
    page = make_page("Compost heaps", "turning compost weekly")
    revision = page.save_revision()
    revision.publish()
    page.refresh_from_db()
    assert page.live and page.latest_revision_id == revision.pk
    assert any(
        r.name == "modelsearch.index" and "'default' search backend" in r.getMessage() for r in caplog.records
    )


def test_search_and_autocomplete_answer_from_the_database(client, cluster_down, make_page, outage_log):
    make_page("Compost heaps", "turning compost weekly")
    make_page("Beekeeping", "hives in spring")

    response = client.get("/search/", {"q": "compost"})
    assert response.status_code == 200
    assert result_titles(response) == ["Compost heaps"]

    response = client.get("/search/suggest/", {"q": "compo"})
    assert response.status_code == 200
    assert suggestion_labels(response) == ["Compost heaps"]

    for _ in range(3):
        assert client.get("/search/", {"q": "hives"}).status_code == 200
    # One notice for the whole outage so far, not one per request.
    assert len(outage_log()) == 1
    assert "Search cluster" in outage_log()[0].getMessage()


def test_the_dashboard_says_search_is_degraded(client, cluster_down, make_page, make_user):
    admin = make_user(is_superuser=True, is_staff=True)
    client.force_login(admin)
    make_page("Compost heaps", "turning compost weekly")
    assert "search-degraded" not in client.get("/admin/").content.decode()

    assert client.get("/search/", {"q": "compost"}).status_code == 200
    dashboard = client.get("/admin/").content.decode()
    assert "search-degraded" in dashboard
    assert "Search is degraded" in dashboard


def test_no_notice_without_a_cluster(client, make_page, make_user):
    client.force_login(make_user(is_superuser=True, is_staff=True))
    make_page("Compost heaps", "turning compost weekly")
    assert result_titles(client.get("/search/", {"q": "compost"})) == ["Compost heaps"]
    assert "search-degraded" not in client.get("/admin/").content.decode()
