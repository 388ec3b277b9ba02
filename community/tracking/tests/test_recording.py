from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.utils import timezone
from wagtail.models import PageViewRestriction

from community.people import roles
from community.people.factories import ContributorProfileFactory
from community.tracking.bots import is_bot
from community.tracking.models import DailySalt, PageViewDaily, PageVisitor, Referral
from community.tracking.visitors import prune_expired, salt_for, today, visitor_key
from home.models import StandardPage

from .conftest import BROWSER_UA, assert_no_column_holds, browser

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("database_recorder")]


def counts(page):
    row = PageViewDaily.objects.filter(page=page, day=today()).first()
    return (row.views, row.visitors) if row else (0, 0)


def test_a_view_is_recorded_with_page_day_and_visitor(client, article):
    response = client.get("/article/", **browser())
    assert response.status_code == 200
    assert counts(article) == (1, 1)
    assert PageVisitor.objects.filter(page=article, day=today()).count() == 1


def test_same_visitor_counts_views_but_one_visitor(client, article):
    for _ in range(3):
        client.get("/article/", **browser())
    client.get("/article/", **browser(ip="198.51.100.8"))
    client.get("/article/", **browser(ua=BROWSER_UA.replace("126", "127")))
    assert counts(article) == (5, 3)


def test_signed_in_reader_is_one_visitor_across_addresses(client, article, make_user):
    client.force_login(make_user())
    client.get("/article/", **browser(ip="198.51.100.1"))
    client.get("/article/", **browser(ip="203.0.113.9", ua=BROWSER_UA + " Mobile"))
    assert counts(article) == (2, 1)


@pytest.mark.parametrize(
    "ua",
    [
        "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
        "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
        "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; GPTBot/1.2; +https://openai.com/gptbot)",
        "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
        "curl/8.5.0",
        "python-requests/2.32.3",
        "",
    ],
)
def test_bots_and_crawlers_are_not_counted(client, article, ua):
    assert client.get("/article/", **browser(ua=ua)).status_code == 200
    assert counts(article) == (0, 0)


def test_browsers_are_not_bots():
    for ua in (
        BROWSER_UA,
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
        "Version/17.5 Mobile/15E148 Safari/604.1",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0",
    ):
        assert not is_bot(ua)


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_SEC_PURPOSE": "prefetch"},
        {"HTTP_SEC_PURPOSE": "prefetch;prerender"},
        {"HTTP_PURPOSE": "prefetch"},
    ],
)
def test_prefetches_are_not_counted(client, article, headers):
    assert client.get("/article/", **browser(**headers)).status_code == 200
    assert counts(article) == (0, 0)


def test_head_requests_are_not_counted(client, article):
    assert client.head("/article/", **browser()).status_code == 200
    assert counts(article) == (0, 0)


def test_non_200_responses_are_not_counted(client, article):
    assert client.get("/no-such-page/", **browser()).status_code == 404
    article.unpublish()
    assert client.get("/article/", **browser()).status_code == 404
    assert not PageViewDaily.objects.exists()


def test_private_page_redirect_is_not_counted(client, article):
    PageViewRestriction.objects.create(page=article, restriction_type=PageViewRestriction.LOGIN)
    assert client.get("/article/", **browser()).status_code == 302
    assert counts(article) == (0, 0)


def test_previews_are_not_counted(article):
    response = article.make_preview_request()
    assert response.status_code == 200
    assert counts(article) == (0, 0)


def test_the_pages_own_authors_are_not_counted(client, article, make_user, monkeypatch):
    author, reader = make_user(), make_user()
    monkeypatch.setattr(StandardPage, "get_author_user_ids", lambda page: {author.pk})
    client.force_login(author)
    client.get("/article/", **browser())
    assert counts(article) == (0, 0)
    client.force_login(reader)
    client.get("/article/", **browser())
    assert counts(article) == (1, 1)


@pytest.mark.parametrize("kind", ["staff", "superuser", roles.EDITORS, roles.MODERATORS, roles.FINANCE])
def test_staff_are_not_counted(client, article, make_user, kind):
    if kind == "staff":
        user = make_user(is_staff=True)
    elif kind == "superuser":
        user = make_user(is_superuser=True, is_staff=True)
    else:
        user = make_user(kind)
    client.force_login(user)
    assert client.get("/article/", **browser()).status_code == 200
    assert counts(article) == (0, 0)


@pytest.mark.parametrize("role", [roles.BLOGGERS, roles.COURSE_AUTHORS, roles.EVENT_ORGANISERS])
def test_contributors_reading_each_others_work_are_counted(client, article, make_user, role):
    user = make_user(role)
    assert user.has_perm("wagtailadmin.access_admin")
    client.force_login(user)
    assert client.get("/article/", **browser()).status_code == 200
    assert counts(article) == (1, 1)


def test_member_without_admin_access_is_counted(client, article, make_user):
    user = make_user()
    assert not Permission.objects.filter(user=user).exists()
    client.force_login(user)
    client.get("/article/", **browser())
    assert counts(article) == (1, 1)


def test_salt_rotates_by_day_and_is_deleted_after_two_days(rf, article):
    request = rf.get("/article/", **browser())
    day = today()
    assert visitor_key(request, day) == visitor_key(request, day)
    assert visitor_key(request, day) != visitor_key(request, day - timedelta(days=1))
    DailySalt.objects.create(day=day - timedelta(days=2), secret="x" * 64)
    PageVisitor.objects.create(page=article, day=day - timedelta(days=2), visitor_key="a" * 32)
    PageVisitor.objects.create(page=article, day=day - timedelta(days=1), visitor_key="b" * 32)
    pruned = prune_expired(day)
    assert pruned["salts"] == 1 and pruned["visitor_keys"] == 1
    assert set(DailySalt.objects.values_list("day", flat=True)) == {day, day - timedelta(days=1)}
    assert set(PageVisitor.objects.values_list("day", flat=True)) == {day - timedelta(days=1)}


def test_a_new_days_salt_prunes_the_old_ones(article):
    day = today()
    DailySalt.objects.create(day=day - timedelta(days=5), secret="x" * 64)
    PageVisitor.objects.create(page=article, day=day - timedelta(days=5), visitor_key="a" * 32)
    secret = salt_for(day)
    assert list(DailySalt.objects.values_list("day", "secret")) == [(day, secret)]
    assert not PageVisitor.objects.exists()


def test_the_day_follows_the_sites_time_zone(settings):
    settings.TIME_ZONE = "Pacific/Kiritimati"  # UTC+14: already tomorrow for most of the UTC day
    assert today() == timezone.localdate(timezone=timezone.get_default_timezone())
    assert today() >= timezone.now().date()


def test_no_ip_or_user_agent_is_stored_anywhere(client, article, caplog):
    """Search every text column of every table, the cache and the logs."""
    ip = "203.0.113.195"
    ua = BROWSER_UA + " Probe/7c1e9a"
    code = ContributorProfileFactory().referral_code
    with caplog.at_level("DEBUG"):
        client.get(f"/article/?ref={code}", **browser(ip=ip, ua=ua))
        client.get("/article/", **browser(ip=ip, ua=ua))
        client.get("/no-such-page/", **browser(ip=ip, ua=ua))
    assert counts(article) == (2, 1)
    assert_no_column_holds(ip, "Probe/7c1e9a")
    # Sessions are encoded, so decode them; then the cache's pickled entries.
    for session in Session.objects.all():
        assert ip not in str(session.get_decoded())
    for value in getattr(cache, "_cache", {}).values():
        assert ip.encode() not in value and b"Probe/7c1e9a" not in value
    assert ip not in caplog.text and "Probe/7c1e9a" not in caplog.text
    assert not Referral.objects.exists()


def test_the_recorder_can_be_switched_off(client, article, settings):
    settings.TRACKING_RECORDER = "off"
    assert client.get("/article/", **browser()).status_code == 200
    assert not PageViewDaily.objects.exists()
    assert not PageVisitor.objects.exists()


@pytest.mark.parametrize(
    ("recorder", "redis_url", "error"),
    [
        ("databse", "", "tracking.E001"),
        ("redis", "", "tracking.E002"),
        ("off", "", None),
        ("database", "", None),
    ],
)
def test_a_misconfigured_recorder_fails_the_system_checks(settings, recorder, redis_url, error):
    from community.tracking.conf import check_settings

    settings.TRACKING_RECORDER = recorder
    settings.REDIS_URL = redis_url
    settings.TRACKING_REDIS_URL = ""
    assert [e.id for e in check_settings()] == ([error] if error else [])
