"""The reward streams this app measures, keyed by ContributorProfile id.

Periods are inclusive date ranges (start and end are both counted), in the site's
time zone. Datetimes are accepted and reduced to their local date."""

from collections import defaultdict
from datetime import datetime
from fractions import Fraction

from django.apps import apps
from django.db.models import Count, Sum
from django.utils import timezone

from .models import PageViewDaily, Referral

PROMOTION_KINDS = (Referral.Kind.MEMBERSHIP, Referral.Kind.ENROLMENT)


def _as_date(value):
    if isinstance(value, datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value, timezone.get_default_timezone())
        return value.date()
    return value


def blog_post_authors():
    """{post page id: [contributor ids]}, or {} while the blog app has no posts model."""
    try:
        BlogPostAuthor = apps.get_model("blog", "BlogPostAuthor")
    except LookupError:
        return None
    authors = defaultdict(list)
    for page_id, contributor_id in BlogPostAuthor.objects.values_list("page_id", "author_id").order_by(
        "page_id", "pk"
    ):
        if contributor_id not in authors[page_id]:
            authors[page_id].append(contributor_id)
    return authors


def readers_by_page(start, end, page_ids=None):
    """{page id: readers} where readers is the sum of each day's unique visitors."""
    rows = PageViewDaily.objects.filter(day__gte=_as_date(start), day__lte=_as_date(end))
    if page_ids is not None:
        rows = rows.filter(page_id__in=page_ids)
    return dict(rows.values("page_id").annotate(readers=Sum("visitors")).values_list("page_id", "readers"))


def unique_readers(start, end):
    """The blogging stream: {contributor id: readers of their blog posts in the period}.

    A day's unique visitors cannot be linked to another day's (the salt rotates), so a
    period's readers are the sum over its days. Co-authors share a post's readers
    equally, hence Fraction values."""
    authors = blog_post_authors()
    if not authors:
        return {}
    result = defaultdict(Fraction)
    for page_id, readers in readers_by_page(start, end, page_ids=list(authors)).items():
        if not readers:
            continue
        share = Fraction(readers, len(authors[page_id]))
        for contributor_id in authors[page_id]:
            result[contributor_id] += share
    return dict(result)


def referrals(start, end, kinds=PROMOTION_KINDS):
    """The promotion stream: {contributor id: memberships and enrolments they referred}.

    Sign-ups are recorded too but count only when asked for (kinds=...), since an
    account costs nothing to make."""
    start, end = _as_date(start), _as_date(end)
    tz = timezone.get_default_timezone()
    start_at = timezone.make_aware(datetime.combine(start, datetime.min.time()), tz)
    end_at = timezone.make_aware(datetime.combine(end, datetime.max.time()), tz)
    rows = (
        Referral.objects.filter(created_at__gte=start_at, created_at__lte=end_at, kind__in=list(kinds))
        .values("contributor_id")
        .annotate(count=Count("pk"))
        .values_list("contributor_id", "count")
    )
    return dict(rows)
