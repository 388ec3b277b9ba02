from io import StringIO

import pytest
from django.core.management import call_command

from community.tracking import recorders
from community.tracking.models import PageViewDaily, PageViewFlush
from community.tracking.visitors import today

from .conftest import browser

pytestmark = [pytest.mark.django_db, pytest.mark.redis]


def record(recorder, page, visitors, views_each=1):
    for visitor in range(visitors):
        for _ in range(views_each):
            recorder.record(page.pk, today(), f"{visitor:032d}")


def totals(page):
    row = PageViewDaily.objects.filter(page=page, day=today()).first()
    return (row.views, row.visitors) if row else (0, 0)


@pytest.fixture
def quiet_recorder(redis_recorder, settings):
    """A Redis recorder whose requests never trigger a flush by themselves."""
    settings.TRACKING_FLUSH_INTERVAL = 3600
    redis_recorder.client.set(redis_recorder.keys["due"], "1", ex=3600)
    return redis_recorder


def test_requests_are_buffered_then_flushed(client, article, quiet_recorder):
    for ip in ("198.51.100.1", "198.51.100.1", "198.51.100.2"):
        assert client.get("/article/", **browser(ip=ip)).status_code == 200
    assert totals(article) == (0, 0)
    assert quiet_recorder.pending_views() == 3
    summary = quiet_recorder.flush()
    assert summary["views"] == 3 and summary["new_visitors"] == 2
    assert totals(article) == (3, 2)
    assert quiet_recorder.pending_views() == 0
    assert quiet_recorder.flush() is None


def test_a_visitor_seen_in_two_flushes_is_counted_once(article, quiet_recorder):
    record(quiet_recorder, article, visitors=3)
    quiet_recorder.flush()
    record(quiet_recorder, article, visitors=5)
    quiet_recorder.flush()
    assert totals(article) == (8, 5)


def test_the_first_view_after_the_interval_enqueues_a_flush(client, article, redis_recorder, settings):
    settings.TRACKING_FLUSH_INTERVAL = 3600
    client.get("/article/", **browser())  # the immediate task backend flushes at once
    assert totals(article) == (1, 1)
    client.get("/article/", **browser(ip="198.51.100.50"))
    assert totals(article) == (1, 1)
    assert redis_recorder.pending_views() == 1


def test_a_flush_that_dies_before_commit_is_retried_exactly(article, quiet_recorder, monkeypatch):
    record(quiet_recorder, article, visitors=4, views_each=5)

    def crash(counts):
        raise RuntimeError("database went away")

    with monkeypatch.context() as patch:
        patch.setattr(recorders, "add_daily_counts", crash)
        with pytest.raises(RuntimeError):
            quiet_recorder.flush()
    assert totals(article) == (0, 0)
    assert not PageViewFlush.objects.exists()
    record(quiet_recorder, article, visitors=6)  # arrives while the flush is pending
    summary = quiet_recorder.flush()
    assert summary["flushes"] == 2
    assert totals(article) == (26, 6)
    assert quiet_recorder.pending_views() == 0


def test_a_flush_that_dies_after_commit_is_not_applied_twice(article, quiet_recorder):
    record(quiet_recorder, article, visitors=4, views_each=5)
    with pytest.raises(RuntimeError):
        quiet_recorder.flush_once(fail_after_commit=True)
    assert totals(article) == (20, 4)
    record(quiet_recorder, article, visitors=2)
    summary = quiet_recorder.flush()
    assert summary["already_applied"] == 1
    assert summary["views"] == 2
    assert totals(article) == (22, 4)
    assert quiet_recorder.pending_views() == 0


def test_views_of_a_deleted_page_are_dropped(article, home_page, quiet_recorder):
    from home.factories import StandardPageFactory

    gone = StandardPageFactory(parent=home_page, slug="gone")
    record(quiet_recorder, gone, visitors=2)
    record(quiet_recorder, article, visitors=1)
    gone.delete()
    quiet_recorder.flush()
    assert totals(article) == (1, 1)
    assert PageViewDaily.objects.count() == 1


def test_flush_page_views_command(article, quiet_recorder):
    record(quiet_recorder, article, visitors=3, views_each=2)
    out = StringIO()
    call_command("flush_page_views", stdout=out)
    assert "Flushed 6 views (3 new visitors) for 1 page-days." in out.getvalue()
    out = StringIO()
    call_command("flush_page_views", stdout=out)
    assert "No buffered page views." in out.getvalue()


def test_flush_command_with_the_database_recorder(settings):
    settings.TRACKING_RECORDER = "database"
    out = StringIO()
    call_command("flush_page_views", stdout=out)
    assert "nothing to flush" in out.getvalue()
