"""One middleware for the page-view pipeline, placed last in MIDDLEWARE so that every
other middleware (security headers, CSP with a fresh nonce, sessions) still runs
around a response served from the page cache.

For each request it: keeps the request in a contextvar (referral receivers), serves
an anonymous page from the cache or stores it, counts a view of a served live page,
gives the page a fresh read token (readers.py) and remembers a ?ref= code."""

import logging

from community.people import roles
from portal import page_cache

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
    author_ids = getattr(page, "get_author_user_ids", lambda: set())()
    return user.pk in author_ids


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


class PageTrackingMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = current_request.set(request)
        try:
            response = self.handle(request)
            if "ref" in request.GET:
                remember_code(request, response)
            return response
        finally:
            current_request.reset(token)

    def handle(self, request):
        cacheable = page_cache.is_cacheable_request(request)
        tokens = hits = None
        if cacheable:
            counted = not is_prefetch(request) and not is_bot(request.META.get("HTTP_USER_AGENT", ""))
            hits = redis_hits()
            if hits is not None:
                # One round trip: the entry, and on a hit the view already recorded.
                entry, tokens = hits.lookup(request, counted)
                if entry is not None:
                    return add_token(
                        request, page_cache.response_from_entry(request, entry), entry["page_id"]
                    )
            else:
                entry, tokens = page_cache.lookup(request)
                if entry is not None:
                    if counted:
                        count_view(request, entry["page_id"])
                    return add_token(
                        request, page_cache.response_from_entry(request, entry), entry["page_id"]
                    )

        response = self.get_response(request)
        page = getattr(request, "_tracking_page", None)
        if page is None:
            return response
        if cacheable:
            page_cache.store(request, response, page, tokens, hits)  # with the token's placeholder
        user = getattr(request, "user", None)
        if should_count(request, response, page, user):
            count_view(request, page.pk, user)
        return add_token(request, response, page.pk)
