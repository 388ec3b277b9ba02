"""Exactness under real concurrency: separate processes (fork), each with its own
database connection, send counted requests through the whole middleware stack."""

import multiprocessing
import time

import pytest
from django.db import connections
from django.test import Client

from community.tracking.models import PageViewDaily, PageViewFlush, PageVisitor
from community.tracking.recorders import DatabaseRecorder, get_recorder
from community.tracking.visitors import today

from .conftest import BROWSER_UA

PROCESSES = 4
REQUESTS = 10_000
VISITORS_PER_PROCESS = 50

fork = multiprocessing.get_context("fork")


def _run_in_processes(target, *args):
    """Run target(worker, *args) in PROCESSES forked processes; return their results."""
    connections.close_all()  # children must open their own connections, not share one
    results = fork.Queue()
    workers = [
        fork.Process(target=_child, args=(target, worker, results, *args)) for worker in range(PROCESSES)
    ]
    for process in workers:
        process.start()
    return workers, results


def _join(workers, results, timeout=300):
    for process in workers:
        process.join(timeout)
        assert process.exitcode == 0, f"worker exited with {process.exitcode}"
    outcomes = [results.get(timeout=5) for _ in workers]
    errors = [outcome for outcome in outcomes if isinstance(outcome, str)]
    assert not errors, errors
    return outcomes


def _child(target, worker, results, *args):
    # A connection the parent opened before a browser test started an event loop is not
    # reached by its close_all(); drop the inherited socket here, neither used nor closed.
    for connection in connections.all(initialized_only=True):
        connection.connection = None
    try:
        results.put(target(worker, *args))
    except Exception as error:  # reported to the parent, which fails the test
        results.put(f"worker {worker}: {error!r}")
    finally:
        connections.close_all()


def _send_requests(worker, path, count):
    client = Client()
    statuses = set()
    for index in range(count):
        visitor = worker * VISITORS_PER_PROCESS + index % VISITORS_PER_PROCESS
        response = client.get(
            path, REMOTE_ADDR=f"192.0.2.{visitor % 250}", HTTP_USER_AGENT=f"{BROWSER_UA} v{visitor // 250}"
        )
        statuses.add(response.status_code)
    return {"sent": count, "statuses": statuses}


class NaiveRecorder:
    """Negative control: read, add one, write back. Concurrent writers lose updates."""

    def record(self, page_id, day, key):
        row = PageViewDaily.objects.get(page_id=page_id, day=day)
        time.sleep(0.001)  # the window real traffic opens by chance, opened on purpose
        row.views += 1
        row.save(update_fields=["views"])


def _record_directly(worker, recorder_class, page_id, count):
    recorder = recorder_class()
    day = today()
    for index in range(count):
        recorder.record(page_id, day, f"{worker:02d}{index % VISITORS_PER_PROCESS:030d}")
    return {"sent": count}


def _totals(page):
    row = PageViewDaily.objects.get(page=page, day=today())
    return row.views, row.visitors


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_10000_requests_from_4_processes_are_counted_exactly_on_postgresql(article, database_recorder):
    workers, results = _run_in_processes(_send_requests, "/article/", REQUESTS // PROCESSES)
    outcomes = _join(workers, results)
    assert sum(outcome["sent"] for outcome in outcomes) == REQUESTS
    assert all(outcome["statuses"] == {200} for outcome in outcomes)
    assert _totals(article) == (REQUESTS, PROCESSES * VISITORS_PER_PROCESS)
    assert PageVisitor.objects.filter(page=article).count() == PROCESSES * VISITORS_PER_PROCESS


@pytest.mark.postgres
@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("page_cache", ["local-memory", "redis"])
def test_10000_requests_from_4_processes_are_counted_exactly_with_redis(
    article, redis_recorder, settings, request, page_cache
):
    if page_cache == "redis":
        request.getfixturevalue("redis_cache")  # hits served and counted by one script
    settings.TRACKING_FLUSH_INTERVAL = 1  # requests also trigger flushes while others record
    workers, results = _run_in_processes(_send_requests, "/article/", REQUESTS // PROCESSES)
    flushes = 0
    while any(process.is_alive() for process in workers):
        if get_recorder().flush():
            flushes += 1
        time.sleep(0.05)
    outcomes = _join(workers, results)
    get_recorder().flush()
    connections.close_all()
    assert sum(outcome["sent"] for outcome in outcomes) == REQUESTS
    assert all(outcome["statuses"] == {200} for outcome in outcomes)
    assert get_recorder().pending_views() == 0
    assert _totals(article) == (REQUESTS, PROCESSES * VISITORS_PER_PROCESS)
    assert flushes > 1, "the flushes ran alongside the recording"
    assert PageViewFlush.objects.count() > 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_negative_control_a_read_modify_write_recorder_loses_updates(article):
    """The same harness catches a lost update: a naive recorder falls short."""
    PageViewDaily.objects.create(page=article, day=today())
    per_process = 150
    workers, results = _run_in_processes(_record_directly, NaiveRecorder, article.pk, per_process)
    _join(workers, results)
    naive_views = PageViewDaily.objects.get(page=article).views
    assert naive_views < PROCESSES * per_process

    PageViewDaily.objects.all().delete()
    workers, results = _run_in_processes(_record_directly, DatabaseRecorder, article.pk, per_process)
    _join(workers, results)
    assert _totals(article) == (PROCESSES * per_process, PROCESSES * VISITORS_PER_PROCESS)


def _read_from_network(worker, post_url, hosts):
    """Beacons from `hosts` addresses of one /24 (their own per worker), and one reader
    shared by every worker, sent as fast as the processes go."""
    from .test_readers import TOKEN, person

    client = Client()
    addresses = [f"203.0.113.{worker * hosts + n + 1}" for n in range(hosts)] + ["198.51.100.9"]
    for address in addresses:
        page = client.get(post_url, **person(ip=address))
        token = TOKEN.search(page.content).group(1).decode()
        assert client.post("/views/read/", {"token": token}, **person(ip=address)).status_code == 204
    return len(addresses)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_network_limit_holds_for_readers_from_4_processes_at_once(home_page, database_recorder, settings):
    from blog.factories import BlogIndexPageFactory, BlogPostPageFactory
    from community.people.factories import ContributorProfileFactory
    from community.tracking.models import QualifiedRead

    settings.TRACKING_ENGAGED_SECONDS = 0
    author = ContributorProfileFactory()
    post = BlogPostPageFactory(parent=BlogIndexPageFactory(parent=home_page), authors=[author])
    workers, results = _run_in_processes(_read_from_network, post.url, 5)
    assert sum(_join(workers, results)) == PROCESSES * 6
    reads = QualifiedRead.objects.filter(contributor=author)
    # Twenty readers on one network: three count; one reader from four processes: once.
    assert reads.count() == 4
    assert sorted(reads.values_list("slot", flat=True)) == [1, 1, 2, 3]
