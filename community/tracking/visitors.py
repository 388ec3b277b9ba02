"""Visitor keys: a keyed hash that identifies a visitor for one day and no longer.

The key is HMAC-SHA256(daily salt, user id) for a signed-in user, else
HMAC-SHA256(daily salt, IP | user agent | host). Neither the address nor the user
agent is kept anywhere; once the salt is deleted (two days later) nobody can tell
whose key it was, nor link one day's keys to another's."""

import hashlib
import hmac
import logging
import secrets
import threading
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from . import conf
from .models import DailySalt, PageViewFlush, PageVisitor

logger = logging.getLogger(__name__)

SALT_DAYS_KEPT = 2
_salts = {}
_salts_lock = threading.Lock()


def today():
    """Today in the site's time zone (settings.TIME_ZONE), where salts rotate."""
    return timezone.localdate(timezone=timezone.get_default_timezone())


def salt_for(day):
    """The day's secret, created by whichever process asks first."""
    secret = _salts.get(day)
    if secret is not None:
        return secret
    with _salts_lock:
        salt = DailySalt.objects.filter(day=day).first()
        if salt is None:
            try:
                with transaction.atomic():
                    salt = DailySalt.objects.create(day=day, secret=secrets.token_hex(32))
            except IntegrityError:
                salt = DailySalt.objects.get(day=day)
            else:
                schedule_prune()
        _salts.clear()  # only the current day's secret is ever needed in memory
        _salts[day] = salt.secret
        return salt.secret


def forget_cached_salts():
    _salts.clear()


def schedule_prune():
    from .tasks import prune_tracking_data

    try:
        prune_tracking_data.enqueue()
    except Exception:  # pruning can wait for the next flush or command
        logger.exception("Could not enqueue pruning of old salts")


def client_ip(request):
    """The client's address; behind N trusted proxies, the Nth from the right of X-Forwarded-For."""
    count = conf.proxy_count()
    if count:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [part for part in forwarded if part]
        if len(forwarded) >= count:
            return forwarded[-count]
    return request.META.get("REMOTE_ADDR", "")


def visitor_key(request, day, user=None):
    secret = salt_for(day).encode()
    if user is not None and user.is_authenticated:
        message = f"user|{user.pk}"
    else:
        message = "|".join(
            (client_ip(request), request.META.get("HTTP_USER_AGENT", ""), request.get_host().lower())
        )
    return hmac.new(secret, message.encode("utf-8", "replace"), hashlib.sha256).hexdigest()[:32]


def prune_expired(now_day=None):
    """Delete salts two days old and visitor keys no flush can still need."""
    now_day = now_day or today()
    cutoff = now_day - timedelta(days=SALT_DAYS_KEPT - 1)
    salts, _ = DailySalt.objects.filter(day__lt=cutoff).delete()
    keys, _ = PageVisitor.objects.filter(day__lt=cutoff).delete()
    flushes, _ = PageViewFlush.objects.filter(applied_at__lt=timezone.now() - timedelta(days=7)).delete()
    return {"salts": salts, "visitor_keys": keys, "flushes": flushes}
