"""The page-view pipeline, in two middleware.

PageCacheMiddleware, early in MIDDLEWARE (right after SecurityMiddleware and
WhiteNoise): answers an anonymous page from the page cache (portal.page_cache) before
sessions, authentication, CSRF, CSP, messages and Wagtail's routing run, counting its
view (on Redis in the same round trip); on a miss it stores the page as the whole
stack finished it; and it gives every served page a fresh read token (readers.py).

PageTrackingMiddleware, last: keeps the request in a contextvar (referral receivers),
counts a view of a rendered live page and remembers a ?ref= code."""

import logging

from community.people import roles
from portal import page_cache
from portal.cache import cached

from .bots import is_bot
from .cached_hits import redis_hits
from .readers import add_token
from .recorders import get_recorder
from .referrals import current_request, remember_code
from .visitors import today, visitor_key

logger = logging.getLogger(__name__)

PREFETCH_HEADERS = ("HTTP_SEC_PURPOSE", "HTTP_PURPOSE", "HTTP_X_PURPOSE", "HTTP_X_MOZ")


def mark_served_page(page, request, serve_args, serve_kwargs):
    """before_serve_page hook: remember which page this request is serving."""
    request._tracking_page = page


def is_prefetch(request):
    return any("prefetch" in request.META.get(header, "").lower() for header in PREFETCH_HEADERS)


# Site staff curate and check pages; contributors reading each other's work are readers.
STAFF_ROLES = (roles.EDITORS, roles.MODERATORS, roles.FINANCE)


def is_excluded_user(user, page):
    """Staff and the page's own authors are not readers."""
    if user is None or not user.is_authenticated:
        return False
    if user.is_staff or user.is_superuser or roles.holds_role(user, *STAFF_ROLES):
        return True
    return user.pk in author_user_ids(page)


def author_user_ids(page):
    """The page's authors, kept per live revision and site token for this check on
    every render: a change of authors is published (a new live revision), and a
    contributor's profile saved renews the site token."""
    compute = getattr(page, "get_author_user_ids", lambda: set())
    token = getattr(page, "site_token_when_loaded", None)
    if token is None or getattr(page, "pk", None) is None:
        return compute()
    return cached(
        f"tracking:author-users:{page.pk}:{getattr(page, 'live_revision_id', None)}:{token}",
        lambda: frozenset(compute()),
    )


def should_count(request, response, page, user):
    if request.method != "GET" or response.status_code != 200:
        return False
    if getattr(request, "is_preview", False) or not page.live:
        return False
    if is_prefetch(request) or is_bot(request.META.get("HTTP_USER_AGENT", "")):
        return False
    return not is_excluded_user(user, page)


def count_view(request, page_id, user=None):
    day = today()
    try:
        get_recorder().record(page_id, day, visitor_key(request, day, user))
    except Exception:
        # A page is always served; the failure is logged without the visitor's details.
        logger.exception("Could not record a view of page %s", page_id)


class PageCacheMiddleware:
    """Serves and stores anonymous pages; adds the read token to every page served."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        cacheable = page_cache.is_cacheable_request(request)
        tokens = hits = None
        if cacheable:
            entry, tokens, hits = self.lookup(request)
            if entry is not None:
                return self.serve_hit(request, entry)
        response = self.get_response(request)
        page = getattr(request, "_tracking_page", None)
        if page is None:
            return response
        if cacheable:
            page_cache.store(request, response, page, tokens, hits)  # with the token's placeholder
        return add_token(request, response, page.pk)

    def lookup(self, request):
        """(entry, tokens, hits): the entry is None on a miss; on a hit its view is counted."""
        counted = (
            request.method == "GET"
            and not is_prefetch(request)
            and not is_bot(request.META.get("HTTP_USER_AGENT", ""))
        )
        hits = redis_hits()
        if hits is not None:
            # One round trip: the entry, and on a hit the view already recorded.
            entry, tokens = hits.lookup(request, counted)
        else:
            entry, tokens = page_cache.lookup(request)
            if entry is not None and counted:
                count_view(request, entry["page_id"])
        return entry, tokens, hits

    def serve_hit(self, request, entry):
        response = add_token(request, page_cache.response_from_entry(entry), entry["page_id"])
        if "ref" in request.GET:
            remember_code(request, response)
        return response


class PageTrackingMiddleware:
    """Counts a view of a page Wagtail rendered; remembers a ?ref= code."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = current_request.set(request)
        try:
            response = self.get_response(request)
            page = getattr(request, "_tracking_page", None)
            user = getattr(request, "user", None)
            if page is not None and should_count(request, response, page, user):
                count_view(request, page.pk, user)
            if "ref" in request.GET:
                remember_code(request, response)
            return response
        finally:
            current_request.reset(token)
