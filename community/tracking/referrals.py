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


# Newsletter subscriptions (community.conversation's DigestSubscription, looked up by
# label): a reader without an account who subscribes from a post, or after following a
# ?ref= link, is credited to its authors (or that contributor) once the address is
# confirmed. Whether the person counts is decided by metrics.newsletter_people.

GMAIL_DOMAINS = {"gmail.com", "googlemail.com"}


def normalise_address(email):
    """One inbox, one address: lower case, without a +tag, and for Gmail (which ignores
    them) without dots and with one domain. Reader+news@Example.com is reader@example.com."""
    local, _, domain = (email or "").strip().lower().rpartition("@")
    local = local.split("+", 1)[0]
    if domain in GMAIL_DOMAINS:
        local, domain = local.replace(".", ""), "gmail.com"
    return f"{local}@{domain}" if local and domain else ""


def newsletter_contributors(request, subscription):
    """(contributors, code, followed_at): the first-touch ?ref= contributor if the
    reader followed a link, else the authors of the post the subscription started from."""
    ContributorProfile = apps.get_model("people", "ContributorProfile")
    touch = first_touch(request)
    if touch is not None:
        code, followed_at = touch
        return list(ContributorProfile.objects.filter(referral_code=code)), code, followed_at
    if subscription.started_from_id is None:
        return [], "", None
    try:
        BlogPostAuthor = apps.get_model("blog", "BlogPostAuthor")
    except LookupError:
        return [], "", None
    author_ids = BlogPostAuthor.objects.filter(page_id=subscription.started_from_id).values("author_id")
    return list(ContributorProfile.objects.filter(pk__in=author_ids)), "", subscription.created_at


def own_addresses(user_ids):
    """{user id: normalised addresses of that account} (its email and allauth's)."""
    from django.contrib.auth import get_user_model

    EmailAddress = apps.get_model("account", "EmailAddress")
    found = {}
    rows = list(get_user_model().objects.filter(pk__in=user_ids).values_list("pk", "email"))
    rows += list(EmailAddress.objects.filter(user_id__in=user_ids).values_list("user_id", "email"))
    for user_id, email in rows:
        found.setdefault(user_id, set()).add(normalise_address(email))
    return found


def record_newsletter_referrals(request, subscription):
    """Pending referrals of a new newsletter subscription, one per contributor credited;
    never for a contributor's own address or one signed in as them."""
    from .readers import network_key
    from .visitors import today

    contributors, code, followed_at = newsletter_contributors(request, subscription)
    address = normalise_address(subscription.email)
    if not contributors or not address:
        return []
    owners = own_addresses([c.user_id for c in contributors if c.user_id])
    signed_in = getattr(getattr(request, "user", None), "pk", None)
    network = network_key(request, today())
    Referral = apps.get_model("tracking", "Referral")
    rows = [
        Referral(
            contributor=contributor,
            kind="newsletter",
            object_id=subscription.pk,
            code=code,
            first_touch_at=followed_at,
            network_key=network,
            address=address,
        )
        for contributor in contributors
        if contributor.user_id is None
        or (contributor.user_id != signed_in and address not in owners.get(contributor.user_id, set()))
    ]
    return Referral.objects.bulk_create(rows, ignore_conflicts=True)


def confirm_newsletter_referrals(request, subscription):
    """The address is confirmed (double opt-in): its pending referrals are recorded, with
    the network the confirmation came from."""
    from .readers import network_key
    from .visitors import today

    Referral = apps.get_model("tracking", "Referral")
    network = network_key(request, today()) if request is not None else ""
    Referral.objects.filter(kind="newsletter", object_id=subscription.pk, confirmed_at=None).update(
        confirmed_at=subscription.confirmed_at, confirmed_network_key=network
    )


def on_subscription_saved(sender, instance, created, raw=False, **kwargs):
    """post_save of conversation.DigestSubscription: members' rows (with a user) are not
    newsletter readers and are never credited."""
    if raw or instance.user_id is not None:
        return
    request = current_request.get()
    try:
        if created and request is not None:
            record_newsletter_referrals(request, instance)
        elif instance.confirmed_at is not None:
            confirm_newsletter_referrals(request, instance)
    except Exception:  # a referral must never stop a subscription
        logger.exception("Could not record a newsletter referral")
