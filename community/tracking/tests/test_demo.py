"""The demo's readers: every demo post has 90 days of daily views, and its authors the
qualified readers the blogging stream pays for, so the demo's closed month pays them."""

from datetime import timedelta

import pytest

from blog.factories import BlogIndexPageFactory, BlogPostPageFactory
from community.people.factories import ContributorProfileFactory
from community.rewards.models import RewardPolicy, month_start
from community.tracking.demo import seed_page_views
from community.tracking.metrics import qualified_readers
from community.tracking.models import PageViewDaily, QualifiedRead
from community.tracking.visitors import today

pytestmark = pytest.mark.django_db


def test_the_demo_gives_last_months_authors_enough_qualified_readers_to_be_paid(home_page, seed_command):
    author, co_author = ContributorProfileFactory(), ContributorProfileFactory()
    index = BlogIndexPageFactory(parent=home_page)
    BlogPostPageFactory(parent=index, authors=[author, co_author])
    BlogPostPageFactory(parent=index, authors=[author])
    current = month_start(today())
    last_month = month_start(current - timedelta(days=1))

    seed_page_views(seed_command)

    readers = qualified_readers(last_month, current - timedelta(days=1))
    minimum = RewardPolicy.current().minimum("blogging")
    assert readers[author.pk] >= minimum and readers[co_author.pk] >= minimum
    assert readers[author.pk] > readers[co_author.pk]
    counts = (PageViewDaily.objects.count(), QualifiedRead.objects.count())
    seed_page_views(seed_command)
    assert (PageViewDaily.objects.count(), QualifiedRead.objects.count()) == counts
