"""Qualified readers: the blogging stream counts people, not requests.

A page view is counted exactly (recorders.py) for the charts. A *qualified read* is
what rewards pay for: a small first-party beacon (static/js/read-beacon.js), sent with
navigator.sendBeacon after the page was visible for TRACKING_ENGAGED_SECONDS, carrying
a signed token issued with the page (also with a page served from the cache). The
beacon qualifies when it comes from a real browser (Accept-Language, Sec-Fetch-*), not
from a data-centre network, from the network the page was served to, and is not the
author's own. Each author of the post then gains this reader once for the day:

* a reader is an account when signed in, else an address (an IPv6 /64), whatever
  user agents it sends;
* at most TRACKING_READERS_PER_NETWORK readers (3) of a contributor count per network
  (IPv4 /24, IPv6 /48) and day;
* a network a contributor was signed in from that day (ContributorNetwork) never reads
  that contributor's posts.

Addresses are only ever hashed with the day's salt (visitors.salt_for)."""

import hashlib
import hmac
import ipaddress
import time
from functools import lru_cache

from django.apps import apps
from django.core import signing
from django.db import IntegrityError, transaction

from community.people.models import ContributorProfile

from . import conf
from .bots import is_bot
from .models import ContributorNetwork, QualifiedRead
from .visitors import client_ip, salt_for, today

TOKEN_SALT = "community.tracking.read"  # noqa: S105 (a signing namespace)
# The placeholder templates render; the middleware replaces it in every response, so
# a page from the cache carries a fresh token without being rendered again.
TOKEN_PLACEHOLDER = "kmp-read-token-placeholder"  # noqa: S105
TOKEN_MAX_AGE = 6 * 60 * 60
# Browsers may fire a timer a little early; a second of slack.
CLOCK_SLACK = 1


class ReadRefused(Exception):
    """A beacon that is not a read of a page we served (a readable 400)."""


def _key(day, message):
    return hmac.new(salt_for(day).encode(), message.encode(), hashlib.sha256).hexdigest()[:32]


def parse_address(address):
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return None
    if ip.version == 6 and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return ip


def address_prefixes(ip):
    """(reader prefix, network prefix): a host and its network, as a browser sees them.
    IPv6 hosts own a /64 and sites a /48; an IPv4 address is one host, its /24 a network."""
    if ip.version == 4:
        return str(ip), str(ipaddress.ip_network(f"{ip}/24", strict=False))
    return (
        str(ipaddress.ip_network(f"{ip}/64", strict=False)),
        str(ipaddress.ip_network(f"{ip}/48", strict=False)),
    )


def network_key(request, day):
    ip = parse_address(client_ip(request))
    if ip is None:
        return ""
    return _key(day, "net|" + address_prefixes(ip)[1])


def reader_key(request, day, user=None):
    if user is not None and user.is_authenticated:
        return _key(day, f"user|{user.pk}")
    ip = parse_address(client_ip(request))
    return _key(day, "addr|" + address_prefixes(ip)[0]) if ip is not None else ""


@lru_cache(maxsize=8)
def _datacentre_networks(ranges):
    return tuple(ipaddress.ip_network(item.strip(), strict=False) for item in ranges if item.strip())


def is_datacentre(request):
    """Addresses in TRACKING_DATACENTRE_NETWORKS (cloud and hosting providers' ranges)."""
    ip = parse_address(client_ip(request))
    if ip is None:
        return True
    return any(ip in net for net in _datacentre_networks(tuple(conf.datacentre_networks())))


def has_browser_signals(request):
    """What every current browser sends with a same-origin beacon and a script can only
    fake deliberately: a language, and Fetch metadata saying it came from our own page."""
    meta = request.META
    if not meta.get("HTTP_ACCEPT_LANGUAGE", "").strip():
        return False
    if meta.get("HTTP_SEC_FETCH_SITE") != "same-origin" or not meta.get("HTTP_SEC_FETCH_MODE"):
        return False
    return not is_bot(meta.get("HTTP_USER_AGENT", ""))


def _network_tag(request, day):
    return network_key(request, day)[:12]


def issue_token(request, page_id, issued_at=None):
    """A token for the page just served to this network (signed; expires in six hours)."""
    day = today()
    issued = int(issued_at if issued_at is not None else time.time())
    payload = f"{page_id}:{issued}:{day.isoformat()}:{_network_tag(request, day)}"
    return signing.Signer(salt=TOKEN_SALT).sign(payload)


def add_token(request, response, page_id):
    """Replace the placeholder in an HTML response with a fresh token for this request."""
    if response.status_code != 200 or response.streaming:
        return response
    if getattr(response, "is_rendered", True) is False:
        response.render()
    marker = TOKEN_PLACEHOLDER.encode()
    content = response.content
    if marker in content:
        response.content = content.replace(marker, issue_token(request, page_id).encode())
        if response.has_header("Content-Length"):  # set by CommonMiddleware, inside
            response["Content-Length"] = str(len(response.content))
    return response


def read_token(request, token):
    """The page id of a valid token presented by this network in time, else ReadRefused."""
    try:
        payload = signing.Signer(salt=TOKEN_SALT).unsign(token or "")
        page_id, issued, day, tag = payload.split(":")
        page_id, issued = int(page_id), int(issued)
    except (signing.BadSignature, ValueError) as error:
        raise ReadRefused("The read token is missing or invalid.") from error
    waited = time.time() - issued
    if waited > TOKEN_MAX_AGE:
        raise ReadRefused("The read token has expired.")
    if waited + CLOCK_SLACK < conf.engaged_seconds():
        raise ReadRefused("The page was not read long enough.")
    today_ = today()
    if day != today_.isoformat() or tag != _network_tag(request, today_):
        raise ReadRefused("The read token was issued to another network.")
    return page_id


def on_user_logged_in(sender, request, user, **kwargs):
    if request is not None:
        remember_contributor_network(request, user)


def remember_contributor_network(request, user, day=None):
    """Note that a contributor is on this network today, and withdraw any read from it
    already counted for them today (their own reads made before signing in)."""
    if ContributorProfile.of(user) is None:
        return
    day = day or today()
    key = network_key(request, day)
    if not key:
        return
    ContributorNetwork.objects.bulk_create(
        [ContributorNetwork(user=user, day=day, network_key=key)], ignore_conflicts=True
    )
    QualifiedRead.objects.filter(contributor__user=user, day=day, network_key=key).delete()


def authors_of(page):
    """[(contributor profile id, user id)] of a blog post's authors; [] for other pages."""
    try:
        BlogPostAuthor = apps.get_model("blog", "BlogPostAuthor")
    except LookupError:
        return []
    rows = BlogPostAuthor.objects.filter(page_id=page.pk, author__isnull=False)
    return list(rows.values_list("author_id", "author__user_id").distinct())


def record_read(request, page, user=None):
    """Count this reader once today for each author of the page. Returns the number of
    authors for whom the read counted."""
    from .middleware import is_excluded_user

    if user is not None and user.is_authenticated:
        remember_contributor_network(request, user)
    if not has_browser_signals(request) or is_datacentre(request) or is_excluded_user(user, page):
        return 0
    day = today()
    network, reader = network_key(request, day), reader_key(request, day, user)
    signed_in = bool(user is not None and user.is_authenticated)
    authors = authors_of(page)
    own_networks = set(
        ContributorNetwork.objects.filter(
            day=day, network_key=network, user_id__in=[uid for _, uid in authors if uid]
        ).values_list("user_id", flat=True)
    )
    counted = 0
    for contributor_id, user_id in authors:
        if user_id in own_networks or (signed_in and user.pk == user_id):
            continue
        counted += _insert_read(contributor_id, day, reader, network, signed_in, page.pk)
    return counted


def _insert_read(contributor_id, day, reader, network, signed_in, page_id):
    """Take the network's next free slot for this reader; exact under concurrency, since
    both the reader and the slot are unique for the contributor and day."""
    limit = conf.readers_per_network()
    existing = QualifiedRead.objects.filter(contributor_id=contributor_id, day=day, network_key=network)
    for _attempt in range(limit + 1):
        if existing.filter(reader_key=reader).exists():
            return 0
        used = set(existing.values_list("slot", flat=True))
        slot = next((n for n in range(1, limit + 1) if n not in used), None)
        if slot is None:
            return 0
        try:
            with transaction.atomic():
                QualifiedRead.objects.create(
                    contributor_id=contributor_id,
                    day=day,
                    reader_key=reader,
                    network_key=network,
                    slot=slot,
                    signed_in=signed_in,
                    page_id=page_id,
                )
        except IntegrityError:
            continue  # another reader took the slot, or this one was counted meanwhile
        return 1
    return 0
