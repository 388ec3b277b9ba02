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
from .referrals import GMAIL_DOMAINS, normalise_address, own_addresses
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
        Referral.objects.recorded()
        .filter(created_at__gte=start_at, created_at__lte=end_at, kind__in=list(kinds))
        .values("contributor_id")
        .annotate(count=Count("pk"))
        .values_list("contributor_id", "count")
    )
    return dict(rows)


def referred_people(start, end, kinds=PROMOTION_KINDS, newsletter=True):
    """The promotion stream: {contributor id: new people they brought}.

    Accounts (account_people) and, unless newsletter=False, newsletter addresses
    (newsletter_people): a person counts once, ever, either way."""
    result = defaultdict(int, account_people(start, end, kinds))
    if newsletter:
        for contributor_id, count in newsletter_people(start, end).items():
            result[contributor_id] += count
    return dict(result)


def account_people(start, end, kinds=PROMOTION_KINDS):
    """{contributor id: new accounts they brought}.

    A person counts once, ever, for the contributor whose link they followed, in the
    period of their first referred membership or enrolment, and only when their account
    was created after the click and within the attribution window, their email address
    is verified, none of their referrals came from a network the contributor was
    signed in from that day (readers.ContributorNetwork), and their address had not
    already come as a newsletter reader before the account was made."""
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
    came_by_newsletter = _newsletter_arrivals(user_ids)
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
        if pair[1] in came_by_newsletter and came_by_newsletter[pair[1]] < joined:
            continue
        result[pair[0]] += 1
    return dict(result)


def _newsletter_arrivals(user_ids):
    """{user id: when an address of theirs was first confirmed as a referred newsletter
    reader}, for the accounts that have one."""
    addresses = own_addresses(user_ids)
    wanted = {address for found in addresses.values() for address in found if address}
    if not wanted:
        return {}
    confirmed = dict(
        Referral.objects.filter(kind=Referral.Kind.NEWSLETTER, address__in=wanted, confirmed_at__isnull=False)
        .values("address")
        .annotate(first=Min("confirmed_at"))
        .values_list("address", "first")
    )
    arrivals = {}
    for user_id, found in addresses.items():
        times = [confirmed[address] for address in found if address in confirmed]
        if times:
            arrivals[user_id] = min(times)
    return arrivals


def accounts_by_address(addresses):
    """{normalised address: when the first account with it was made}, for these addresses
    (an account's email or any of allauth's addresses). Candidates are found by domain,
    then normalised here: a +tag or a case change is the same address."""
    from django.contrib.auth import get_user_model
    from django.db.models import Q

    EmailAddress = apps.get_model("account", "EmailAddress")
    domains = {address.rpartition("@")[2] for address in addresses}
    if "gmail.com" in domains:
        domains |= GMAIL_DOMAINS
    if not domains:
        return {}
    by_domain = Q()
    for domain in domains:
        by_domain |= Q(email__iendswith=f"@{domain}")
    rows = list(get_user_model().objects.filter(by_domain).values_list("email", "date_joined"))
    rows += list(EmailAddress.objects.filter(by_domain).values_list("email", "user__date_joined"))
    found = {}
    for email, joined in rows:
        address = normalise_address(email)
        if address in addresses and (address not in found or joined < found[address]):
            found[address] = joined
    return found


def newsletter_people(start, end):
    """{contributor id: newsletter readers they brought}: confirmed addresses.

    An address counts once, ever: in the period it was first confirmed, for the
    contributors credited then (the authors of the post it was subscribed from, or the
    contributor whose ?ref= link was followed first), and only when it is not the
    contributor's own address, no account had it when it was confirmed (a member is no
    new person, and one already counted is not counted again), a ?ref= link was
    followed within the attribution window before subscribing, and neither the
    subscription nor the confirmation came from a network the contributor was signed in
    from that day."""
    start_at, end_at = _period_bounds(start, end)
    newsletter = Referral.objects.filter(kind=Referral.Kind.NEWSLETTER, confirmed_at__isnull=False)
    rows = list(
        newsletter.filter(confirmed_at__gte=start_at, confirmed_at__lte=end_at).values(
            "contributor_id",
            "contributor__user_id",
            "address",
            "code",
            "first_touch_at",
            "network_key",
            "created_at",
            "confirmed_at",
            "confirmed_network_key",
        )
    )
    addresses = {row["address"] for row in rows if row["address"]}
    if not addresses:
        return {}
    first_confirmed = dict(
        newsletter.filter(address__in=addresses)
        .values("address")
        .annotate(first=Min("confirmed_at"))
        .values_list("address", "first")
    )
    accounts = accounts_by_address(addresses)
    owners = own_addresses({row["contributor__user_id"] for row in rows if row["contributor__user_id"]})
    tz = timezone.get_default_timezone()

    def day(moment):
        return timezone.localtime(moment, tz).date()

    days = {day(row["created_at"]) for row in rows} | {day(row["confirmed_at"]) for row in rows}
    own_networks = set(
        ContributorNetwork.objects.filter(day__in=days).values_list("user_id", "day", "network_key")
    )
    counted = set()
    for row in rows:
        address, user_id = row["address"], row["contributor__user_id"]
        if not address or row["confirmed_at"] != first_confirmed.get(address):
            continue
        if address in owners.get(user_id, set()):
            continue
        if address in accounts and accounts[address] <= row["confirmed_at"]:
            continue
        touch = row["first_touch_at"]
        if touch is None or not touch <= row["created_at"] <= touch + REFERRAL_WINDOW:
            continue
        if (user_id, day(row["created_at"]), row["network_key"]) in own_networks or (
            user_id,
            day(row["confirmed_at"]),
            row["confirmed_network_key"],
        ) in own_networks:
            continue
        counted.add((row["contributor_id"], address))
    result = defaultdict(int)
    for contributor_id, _address in counted:
        result[contributor_id] += 1
    return dict(result)


def _period_bounds(start, end):
    start, end = local_date(start), local_date(end)
    tz = timezone.get_default_timezone()
    return (
        timezone.make_aware(datetime.combine(start, datetime.min.time()), tz),
        timezone.make_aware(datetime.combine(end, datetime.max.time()), tz),
    )
