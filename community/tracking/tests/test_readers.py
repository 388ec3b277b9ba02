"""Qualified readers (readers.py): the blogging stream counts people who read, not requests."""

import re
import time
from datetime import timedelta

import pytest

from blog.factories import BlogIndexPageFactory, BlogPostPageFactory
from community.people.factories import ContributorProfileFactory
from community.tracking import metrics, readers
from community.tracking.models import PageViewDaily, QualifiedRead
from community.tracking.visitors import today

from .conftest import BROWSER_UA, assert_no_column_holds

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("database_recorder")]

TOKEN = re.compile(rb'data-read-token="([^"]+)"')


def person(ip="198.51.100.7", ua=BROWSER_UA, **extra):
    """Headers a real browser sends for a page and for its same-origin beacon."""
    headers = {
        "REMOTE_ADDR": ip,
        "HTTP_USER_AGENT": ua,
        "HTTP_ACCEPT_LANGUAGE": "en-GB,en;q=0.9",
        "HTTP_SEC_FETCH_SITE": "same-origin",
        "HTTP_SEC_FETCH_MODE": "no-cors",
        "HTTP_SEC_FETCH_DEST": "empty",
    }
    headers.update(extra)
    return {name: value for name, value in headers.items() if value is not None}


def read(client, post, **headers):
    """Open the post and send its beacon, as read-beacon.js does. Returns the beacon's response."""
    page = client.get(post.url, **headers)
    assert page.status_code == 200
    token = TOKEN.search(page.content).group(1).decode()
    return client.post("/views/read/", {"token": token}, **headers)


@pytest.fixture
def no_wait(settings):
    settings.TRACKING_ENGAGED_SECONDS = 0


@pytest.fixture
def author():
    return ContributorProfileFactory()


@pytest.fixture
def blog(home_page):
    return BlogIndexPageFactory(parent=home_page)


@pytest.fixture
def post(blog, author):
    return BlogPostPageFactory(parent=blog, authors=[author])


def readers_of(profile):
    return metrics.qualified_readers(today(), today()).get(profile.pk, 0)


@pytest.mark.usefixtures("no_wait")
def test_forty_user_agents_from_one_address_are_one_reader_and_forty_views(client, post, author):
    for n in range(40):
        assert read(client, post, **person(ua=BROWSER_UA.replace("126.0", f"126.{n}"))).status_code == 204
    assert readers_of(author) == 1
    assert PageViewDaily.objects.get(page=post).views == 40  # the chart's count stays exact


@pytest.mark.usefixtures("no_wait")
def test_one_person_reading_twenty_five_posts_is_one_reader_of_their_author(client, blog, author):
    posts = BlogPostPageFactory.create_batch(25, parent=blog, authors=[author])
    for post in posts:
        read(client, post, **person())
    assert readers_of(author) == 1
    assert metrics.unique_readers(today(), today())[author.pk] == 25  # what the old rule paid


@pytest.mark.usefixtures("no_wait")
@pytest.mark.parametrize(
    ("addresses", "other"),
    [
        ([f"203.0.113.{n}" for n in range(1, 6)], "203.0.114.1"),
        ([f"2001:db8:1:{n}::1" for n in range(1, 6)], "2001:db8:2::1"),
        ([f"::ffff:203.0.113.{n}" for n in range(1, 6)], "198.51.100.1"),
    ],
)
def test_at_most_three_readers_count_per_network(client, post, author, addresses, other):
    for address in addresses:
        read(client, post, **person(ip=address))
    assert readers_of(author) == 3
    read(client, post, **person(ip=other))
    assert readers_of(author) == 4


@pytest.mark.usefixtures("no_wait")
def test_the_network_limit_is_a_setting(client, post, author, settings):
    settings.TRACKING_READERS_PER_NETWORK = 1
    for n in range(1, 4):
        read(client, post, **person(ip=f"203.0.113.{n}"))
    assert readers_of(author) == 1


@pytest.mark.usefixtures("no_wait")
def test_signed_in_readers_count_by_account(client, post, author, make_user):
    ada, bo = make_user(), make_user()
    client.force_login(ada)
    read(client, post, **person(ip="198.51.100.1"))
    read(client, post, **person(ip="203.0.113.9"))  # the same account elsewhere
    client.force_login(bo)
    read(client, post, **person(ip="198.51.100.1"))  # a colleague on the same address
    assert readers_of(author) == 2
    assert QualifiedRead.objects.filter(signed_in=True).count() == 2


@pytest.mark.usefixtures("no_wait")
def test_accounts_on_one_network_are_held_to_its_limit(client, post, author, make_user):
    for _ in range(5):
        client.force_login(make_user())
        read(client, post, **person())
    assert readers_of(author) == 3


@pytest.mark.usefixtures("no_wait")
@pytest.mark.parametrize(
    "missing",
    [
        {"HTTP_ACCEPT_LANGUAGE": None},
        {"HTTP_SEC_FETCH_SITE": None},
        {"HTTP_SEC_FETCH_MODE": None},
        {"HTTP_SEC_FETCH_SITE": "cross-site"},
        {"HTTP_USER_AGENT": "python-requests/2.32.3"},
    ],
)
def test_requests_without_a_real_browsers_signals_do_not_qualify(client, post, author, missing):
    assert read(client, post, **person(**missing)).status_code == 204  # nothing told
    assert readers_of(author) == 0
    assert PageViewDaily.objects.filter(page=post).exists() == ("HTTP_USER_AGENT" not in missing)


@pytest.mark.usefixtures("no_wait")
def test_data_centre_addresses_do_not_qualify(client, post, author, settings):
    settings.TRACKING_DATACENTRE_NETWORKS = ["192.0.2.0/24", "2001:db8:dc::/48"]
    read(client, post, **person(ip="192.0.2.44"))
    read(client, post, **person(ip="2001:db8:dc:5::9"))
    assert readers_of(author) == 0
    read(client, post, **person(ip="198.51.100.7"))
    assert readers_of(author) == 1


@pytest.mark.usefixtures("no_wait")
def test_the_authors_network_never_counts_on_the_day_they_sign_in(client, post, author):
    home = person(ip="198.51.100.20")
    read(client, post, **home)  # read anonymously before signing in: withdrawn at sign-in
    assert readers_of(author) == 1
    response = client.post(
        "/accounts/login/", {"login": author.user.email, "password": "correct-horse-battery"}, **home
    )
    assert response.status_code == 302
    assert readers_of(author) == 0
    read(client, post, **home)  # signed in
    client.logout()
    read(client, post, **home)  # signed out, same network
    read(client, post, **person(ip="198.51.100.21", ua=BROWSER_UA + " Other"))  # same /24
    assert readers_of(author) == 0
    read(client, post, **person(ip="203.0.113.5"))  # someone else
    assert readers_of(author) == 1


@pytest.mark.usefixtures("no_wait")
def test_co_authors_each_gain_the_reader_and_a_co_authors_network_is_excluded_for_them_only(
    client, blog, author
):
    other = ContributorProfileFactory()
    post = BlogPostPageFactory(parent=blog, authors=[author, other])
    client.post(
        "/accounts/login/",
        {"login": other.user.email, "password": "correct-horse-battery"},
        **person(ip="198.51.100.30"),
    )
    client.logout()
    read(client, post, **person(ip="198.51.100.30"))
    assert (readers_of(author), readers_of(other)) == (1, 0)
    read(client, post, **person(ip="203.0.113.30"))
    assert (readers_of(author), readers_of(other)) == (2, 1)


def test_a_read_needs_the_page_visible_for_twenty_seconds(client, post, author):
    response = read(client, post, **person())
    assert response.status_code == 400
    assert b"not read long enough" in response.content
    assert readers_of(author) == 0

    request = client.get(post.url, **person()).wsgi_request
    early = readers.issue_token(request, post.pk, issued_at=time.time() - 21)
    assert client.post("/views/read/", {"token": early}, **person()).status_code == 204
    assert readers_of(author) == 1


@pytest.mark.usefixtures("no_wait")
def test_forged_foreign_and_stale_tokens_are_refused(client, post, author):
    page = client.get(post.url, **person(ip="198.51.100.7"))
    token = TOKEN.search(page.content).group(1).decode()
    forged = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    for bad, reason in (
        ({}, b"missing or invalid"),
        ({"token": forged}, b"missing or invalid"),
        ({"token": f"{post.pk}:0:x:y"}, b"missing or invalid"),
    ):
        response = client.post("/views/read/", bad, **person())
        assert response.status_code == 400 and reason in response.content
    # A token farmed on one network and spent on another.
    response = client.post("/views/read/", {"token": token}, **person(ip="203.0.113.7"))
    assert response.status_code == 400 and b"another network" in response.content
    stale = readers.issue_token(page.wsgi_request, post.pk, issued_at=time.time() - 7 * 3600)
    assert b"expired" in client.post("/views/read/", {"token": stale}, **person()).content
    assert client.get("/views/read/", **person()).status_code == 405
    assert readers_of(author) == 0


@pytest.mark.usefixtures("no_wait")
def test_a_page_from_the_cache_carries_a_fresh_token(client, post, author):
    first = client.get(post.url, **person(ip="198.51.100.7"))
    second = client.get(post.url, **person(ip="203.0.113.7"))
    assert (first["X-Page-Cache"], second["X-Page-Cache"]) == ("miss", "hit")
    assert readers.TOKEN_PLACEHOLDER.encode() not in first.content + second.content
    token = TOKEN.search(second.content).group(1).decode()
    assert token != TOKEN.search(first.content).group(1).decode()
    assert client.post("/views/read/", {"token": token}, **person(ip="203.0.113.7")).status_code == 204
    assert readers_of(author) == 1


@pytest.mark.usefixtures("no_wait")
def test_an_honest_crowd_is_counted_in_full(client, post, author):
    for n in range(30):
        read(client, post, **person(ip=f"198.51.{n}.10", ua=BROWSER_UA))
    assert readers_of(author) == 30


def test_the_metric_sums_days_and_keeps_the_period(author):
    day = today()
    for offset, count in ((0, 2), (1, 3), (40, 5)):
        for n in range(count):
            QualifiedRead.objects.create(
                contributor=author,
                day=day - timedelta(days=offset),
                reader_key=f"r{n}",
                network_key=f"n{n}",
                slot=1,
            )
    assert metrics.qualified_readers(day - timedelta(days=30), day) == {author.pk: 5}


def test_the_blogging_stream_pays_qualified_readers(author):
    from community.rewards.registry import get_stream

    QualifiedRead.objects.create(contributor=author, day=today(), reader_key="r", network_key="n", slot=1)
    assert get_stream("blogging").measure(today(), today()) == {author.pk: 1}


@pytest.mark.usefixtures("no_wait")
def test_no_address_or_user_agent_is_stored_by_a_read(client, post, author):
    client.post(
        "/accounts/login/",
        {"login": author.user.email, "password": "correct-horse-battery"},
        **person(ip="203.0.113.77", ua=BROWSER_UA + " Probe/5d2a"),
    )
    client.logout()
    read(client, post, **person(ip="198.51.100.195", ua=BROWSER_UA + " Probe/5d2a"))
    read(client, post, **person(ip="2001:db8:77:1::5", ua=BROWSER_UA + " Probe/5d2a"))
    assert readers_of(author) == 2
    assert_no_column_holds("203.0.113", "198.51.100", "2001:db8", "Probe/5d2a")


@pytest.mark.usefixtures("no_wait")
def test_a_days_readers_stay_with_that_days_authors(client, blog, author):
    """Issue 14, item 6: authorship is frozen per day. A co-author added later does not
    split the readers of days before, and deleting the post does not erase them."""
    from blog.models import BlogPostAuthor
    from community.rewards.registry import get_stream

    post = BlogPostPageFactory(parent=blog, authors=[author])
    read(client, post, **person())
    later = ContributorProfileFactory()
    BlogPostAuthor.objects.create(page=post, author=later)
    assert (readers_of(author), readers_of(later)) == (1, 0)
    post.delete()
    assert get_stream("blogging").measure(today(), today()) == {author.pk: 1}


@pytest.mark.usefixtures("no_wait")
def test_a_post_deleted_in_the_admin_before_close_keeps_its_readers(client, blog, author, make_user):
    """Issue 14, item 6: an Editor deleting a post (the admin's delete view) before the
    month is closed leaves its readers with the authors of the days they read it."""
    from community.people import roles
    from community.rewards.registry import get_stream

    post = BlogPostPageFactory(parent=blog, authors=[author])
    read(client, post, **person())
    read(client, post, **person(ip="203.0.113.9"))
    before = get_stream("blogging").measure(today(), today())
    assert before == {author.pk: 2}
    client.force_login(make_user(roles.EDITORS))
    response = client.post(f"/admin/pages/{post.pk}/delete/")
    assert response.status_code == 302
    assert not type(post).objects.filter(pk=post.pk).exists()
    assert get_stream("blogging").measure(today(), today()) == before
    assert QualifiedRead.objects.filter(contributor=author, page=None).count() == 2
