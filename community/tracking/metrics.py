"""The reward streams this app measures, keyed by ContributorProfile id.

Periods are inclusive date ranges (start and end are both counted), in the site's
time zone. Datetimes are accepted and reduced to their local date."""

from collections import defaultdict
from datetime import datetime
from fractions import Fraction

from django.apps import apps
from django.db.models import Count, Min, Sum
from django.utils import timezone

from portal.dates import local_date

from .models import ContributorNetwork, PageViewDaily, QualifiedRead, Referral
from .referrals import MAX_AGE as REFERRAL_WINDOW

PROMOTION_KINDS = (Referral.Kind.MEMBERSHIP, Referral.Kind.ENROLMENT)


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
    rows = PageViewDaily.objects.filter(day__gte=local_date(start), day__lte=local_date(end))
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


def qualified_readers(start, end):
    """The blogging stream: {contributor id: qualified readers in the period}.

    Each day's readers of any of the contributor's posts (readers.py: a person counted
    once a day, however many posts, at most a few per network, after an engaged read).
    Days cannot be linked, so a period's readers are the sum over its days; co-authors
    each count the reader."""
    rows = (
        QualifiedRead.objects.filter(day__gte=local_date(start), day__lte=local_date(end))
        .values("contributor_id")
        .annotate(readers=Count("pk"))
        .values_list("contributor_id", "readers")
    )
    return dict(rows)


def referrals(start, end, kinds=PROMOTION_KINDS):
    """The promotion stream: {contributor id: memberships and enrolments they referred}.

    Sign-ups are recorded too but count only when asked for (kinds=...), since an
    account costs nothing to make."""
    start, end = local_date(start), local_date(end)
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


def referred_people(start, end, kinds=PROMOTION_KINDS):
    """The promotion stream: {contributor id: new people they brought}.

    A person counts once, ever, for the contributor whose link they followed, in the
    period of their first referred membership or enrolment, and only when their account
    was created after the click and within the attribution window, their email address
    is verified, and none of their referrals came from a network the contributor was
    signed in from that day (readers.ContributorNetwork)."""
    EmailAddress = apps.get_model("account", "EmailAddress")
    start_at, end_at = _period_bounds(start, end)
    pairs = set(
        Referral.objects.filter(created_at__gte=start_at, created_at__lte=end_at, kind__in=list(kinds))
        .values_list("contributor_id", "user_id")
        .distinct()
    )
    if not pairs:
        return {}
    user_ids = {user_id for _, user_id in pairs}
    first = {
        (row["contributor_id"], row["user_id"]): row["first"]
        for row in Referral.objects.filter(user_id__in=user_ids, kind__in=list(kinds))
        .values("contributor_id", "user_id")
        .annotate(first=Min("created_at"))
    }
    verified = set(
        EmailAddress.objects.filter(user_id__in=user_ids, verified=True).values_list("user_id", flat=True)
    )
    tz = timezone.get_default_timezone()
    history = defaultdict(list)
    for row in Referral.objects.filter(user_id__in=user_ids).values(
        "contributor_id",
        "contributor__user_id",
        "user_id",
        "user__date_joined",
        "first_touch_at",
        "network_key",
        "created_at",
    ):
        history[(row["contributor_id"], row["user_id"])].append(row)
    days = {timezone.localtime(row["created_at"], tz).date() for rows in history.values() for row in rows}
    own_networks = set(
        ContributorNetwork.objects.filter(day__in=days).values_list("user_id", "day", "network_key")
    )
    result = defaultdict(int)
    for pair in pairs:
        if not start_at <= first.get(pair, end_at) <= end_at or pair[1] not in verified:
            continue
        rows = history[pair]
        touch = min((row["first_touch_at"] for row in rows if row["first_touch_at"]), default=None)
        joined = rows[0]["user__date_joined"]
        if touch is None or not touch <= joined <= touch + REFERRAL_WINDOW:
            continue
        if any(
            (
                row["contributor__user_id"],
                timezone.localtime(row["created_at"], tz).date(),
                row["network_key"],
            )
            in own_networks
            for row in rows
        ):
            continue
        result[pair[0]] += 1
    return dict(result)


def _period_bounds(start, end):
    start, end = local_date(start), local_date(end)
    tz = timezone.get_default_timezone()
    return (
        timezone.make_aware(datetime.combine(start, datetime.min.time()), tz),
        timezone.make_aware(datetime.combine(end, datetime.max.time()), tz),
    )
