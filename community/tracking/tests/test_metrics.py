from datetime import date, datetime, timedelta
from fractions import Fraction
from zoneinfo import ZoneInfo

import pytest

from blog.factories import BlogIndexPageFactory, BlogPostPageFactory
from community.people.factories import ContributorProfileFactory
from community.tracking import metrics
from community.tracking.factories import PageViewDailyFactory, ReferralFactory
from community.tracking.models import Referral

from .conftest import browser

pytestmark = pytest.mark.django_db

DAY = date(2026, 3, 10)


@pytest.fixture
def blog(home_page):
    return BlogIndexPageFactory(parent=home_page)


def test_unique_readers_sums_daily_visitors_and_splits_between_coauthors(blog):
    ada, bo, cy = ContributorProfileFactory.create_batch(3)
    solo = BlogPostPageFactory(parent=blog, authors=[ada])
    shared = BlogPostPageFactory(parent=blog, authors=[ada, bo, cy])
    PageViewDailyFactory(page=solo, day=DAY, visitors=10, views=30)
    PageViewDailyFactory(page=solo, day=DAY + timedelta(days=1), visitors=5)
    PageViewDailyFactory(page=shared, day=DAY, visitors=10)
    PageViewDailyFactory(page=shared, day=DAY + timedelta(days=40), visitors=99)  # outside the period
    readers = metrics.unique_readers(DAY, DAY + timedelta(days=30))
    assert readers == {ada.pk: Fraction(15) + Fraction(10, 3), bo.pk: Fraction(10, 3), cy.pk: Fraction(10, 3)}
    assert all(isinstance(value, Fraction) for value in readers.values())
    assert sum(readers.values()) == 25


def test_period_bounds_are_inclusive_and_datetimes_use_the_site_time_zone(blog, settings):
    settings.TIME_ZONE = "Asia/Hong_Kong"
    author = ContributorProfileFactory()
    post = BlogPostPageFactory(parent=blog, authors=[author])
    PageViewDailyFactory(page=post, day=DAY, visitors=1)
    PageViewDailyFactory(page=post, day=DAY + timedelta(days=1), visitors=2)
    assert metrics.unique_readers(DAY, DAY) == {author.pk: 1}
    assert metrics.unique_readers(DAY + timedelta(days=1), DAY + timedelta(days=1)) == {author.pk: 2}
    # 20:00 UTC on the 10th is already the 11th in Hong Kong.
    start = datetime(2026, 3, 10, 20, tzinfo=ZoneInfo("UTC"))
    assert metrics.unique_readers(start, start) == {author.pk: 2}


def test_pages_that_are_not_posts_earn_nothing(home_page, blog):
    author = ContributorProfileFactory()
    BlogPostPageFactory(parent=blog, authors=[author])
    PageViewDailyFactory(page=home_page, day=DAY, visitors=500)
    assert metrics.unique_readers(DAY, DAY) == {}


def test_readers_from_real_requests_reach_the_author(client, blog, settings):
    settings.TRACKING_RECORDER = "database"
    author = ContributorProfileFactory()
    post = BlogPostPageFactory(parent=blog, authors=[author])
    for ip in ("198.51.100.1", "198.51.100.2", "198.51.100.2"):
        assert client.get(post.url, **browser(ip=ip)).status_code == 200
    client.force_login(author.user)
    client.get(post.url, **browser(ip="198.51.100.3"))  # the author's own view
    from community.tracking.visitors import today

    assert metrics.unique_readers(today(), today()) == {author.pk: 2}


def test_referrals_count_memberships_and_enrolments_in_the_period(settings):
    settings.TIME_ZONE = "UTC"
    promoter, other = ContributorProfileFactory.create_batch(2)
    inside = datetime(2026, 3, 31, 23, 30, tzinfo=ZoneInfo("UTC"))
    outside = datetime(2026, 4, 1, 0, 30, tzinfo=ZoneInfo("UTC"))
    for kind, when, who in (
        (Referral.Kind.MEMBERSHIP, inside, promoter),
        (Referral.Kind.ENROLMENT, inside, promoter),
        (Referral.Kind.SIGNUP, inside, promoter),
        (Referral.Kind.MEMBERSHIP, outside, promoter),
        (Referral.Kind.ENROLMENT, inside, other),
    ):
        referral = ReferralFactory(
            contributor=who, kind=kind, object_id=None if kind == "signup" else 1000 + who.pk * 10 + when.day
        )
        Referral.objects.filter(pk=referral.pk).update(created_at=when)
    assert metrics.referrals(date(2026, 3, 1), date(2026, 3, 31)) == {promoter.pk: 2, other.pk: 1}
    all_kinds = [kind for kind, _ in Referral.Kind.choices]
    assert metrics.referrals(date(2026, 3, 1), date(2026, 3, 31), kinds=all_kinds)[promoter.pk] == 3
    assert metrics.referrals(date(2026, 4, 1), date(2026, 4, 30)) == {promoter.pk: 1}
