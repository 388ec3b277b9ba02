"""Referrals: a ?ref=CODE link is remembered for 30 days (first touch) in a signed
cookie; a later sign-up, membership or enrolment by that visitor is credited to the
contributor whose code it was, never to the contributor themselves."""

import logging
import re
from contextvars import ContextVar
from datetime import UTC, datetime, timedelta

from django.apps import apps
from django.core import signing
from django.db import IntegrityError, transaction

logger = logging.getLogger(__name__)

COOKIE_NAME = "kmp_ref"
COOKIE_SALT = "community.tracking.referral"
MAX_AGE = timedelta(days=30)
CODE_PATTERN = re.compile(r"^[a-z0-9]{4,32}$")

# The request being handled, for signal receivers that are not given one (post_save).
current_request = ContextVar("tracking_current_request", default=None)


def clean_code(value):
    code = (value or "").strip().lower()
    return code if CODE_PATTERN.match(code) else None


def first_touch(request):
    """(code, followed_at) from a valid, unexpired cookie, else None."""
    try:
        value = request.get_signed_cookie(COOKIE_NAME, salt=COOKIE_SALT, max_age=MAX_AGE)
    except (KeyError, signing.BadSignature):
        return None
    code, _, followed = value.partition("|")
    code = clean_code(code)
    if not code:
        return None
    try:
        followed_at = datetime.fromtimestamp(int(followed), tz=UTC)
    except ValueError:
        followed_at = None
    return code, followed_at


def remember_code(request, response):
    """Set the cookie for a known code in ?ref=, unless an earlier touch is still valid."""
    code = clean_code(request.GET.get("ref"))
    if not code or first_touch(request) is not None:
        return
    ContributorProfile = apps.get_model("people", "ContributorProfile")
    if not ContributorProfile.objects.filter(referral_code=code).exists():
        return  # an unknown code is ignored
    followed = int(datetime.now(tz=UTC).timestamp())
    response.set_signed_cookie(
        COOKIE_NAME,
        f"{code}|{followed}",
        salt=COOKIE_SALT,
        max_age=int(MAX_AGE.total_seconds()),
        secure=request.is_secure(),
        httponly=True,
        samesite="Lax",
    )


def record_referral(request, user, kind, object_id=None):
    """Credit the first-touch contributor for this user's sign-up, membership or enrolment."""
    if request is None or user is None or user.pk is None:
        return None
    touch = first_touch(request)
    if touch is None:
        return None
    code, followed_at = touch
    ContributorProfile = apps.get_model("people", "ContributorProfile")
    Referral = apps.get_model("tracking", "Referral")
    contributor = ContributorProfile.objects.filter(referral_code=code).first()
    if contributor is None or contributor.user_id == user.pk:
        return None  # an unknown code, or a contributor's own link
    from .readers import network_key
    from .visitors import today

    try:
        with transaction.atomic():
            return Referral.objects.create(
                contributor=contributor,
                user=user,
                kind=kind,
                object_id=object_id,
                code=code,
                first_touch_at=followed_at,
                network_key=network_key(request, today()),
            )
    except IntegrityError:
        return None  # already credited


def request_is_for(request, user_id):
    """True when the current request is made by (or just signed up) this user, so that
    staff creating a membership in the admin never pass on their own cookie."""
    if request is None:
        return False
    if getattr(request, "_tracking_signed_up_user_id", None) == user_id:
        return True
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated and user.pk == user_id)


def on_user_signed_up(sender, request, user, **kwargs):
    if request is None:
        request = current_request.get()
    if request is not None:
        request._tracking_signed_up_user_id = user.pk
    record_referral(request, user, "signup")


def on_membership_saved(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        _record_for_object(instance, "membership")


def on_enrolment_saved(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        _record_for_object(instance, "enrolment", object_id=instance.course_id)


def _record_for_object(instance, kind, object_id=None):
    request = current_request.get()
    if not request_is_for(request, instance.user_id):
        return
    try:
        record_referral(request, instance.user, kind, object_id=object_id or instance.pk)
    except Exception:  # a referral must never stop a membership or enrolment
        logger.exception("Could not record a %s referral", kind)
