"""Circuit breakers for the services a page can do without (Redis).

After a failure the breaker is open: callers skip the service for `retry_seconds`
instead of each waiting out a socket timeout, then one call tries it again. An
outage is logged when it starts and then at most once a minute while it lasts, not
once per request; its end is logged once and announced by `service_recovered`, so
that what could not be written meanwhile (cache purges) is made good."""

import logging
import threading
import time

from django.conf import settings
from django.dispatch import Signal

logger = logging.getLogger("portal.outages")

LOG_EVERY_SECONDS = 60
# Sent with `name` when a service answers again after an outage.
service_recovered = Signal()


class CircuitBreaker:
    def __init__(self, name, retry_seconds=None, clock=time.monotonic):
        self.name = name
        self.retry_seconds = retry_seconds
        self.clock = clock
        self._lock = threading.Lock()
        self._failing = False
        self._retry_at = 0.0
        self._logged_at = None

    def _retry_delay(self):
        if self.retry_seconds is not None:
            return self.retry_seconds
        return float(getattr(settings, "OUTAGE_RETRY_SECONDS", 5))

    def is_open(self):
        """True while callers should skip the service (it failed a moment ago)."""
        return self._failing and self.clock() < self._retry_at

    @property
    def failing(self):
        return self._failing

    def record_failure(self, exc):
        now = self.clock()
        with self._lock:
            self._failing = True
            self._retry_at = now + self._retry_delay()
            due = self._logged_at is None or now - self._logged_at >= LOG_EVERY_SECONDS
            if due:
                self._logged_at = now
        if due:
            logger.error("%s is unavailable (%s: %s)", self.name, type(exc).__name__, exc)

    def record_success(self):
        """Close the breaker; True (and the recovery announced) when it was open."""
        if not self._failing:
            return False
        with self._lock:
            if not self._failing:
                return False
            self._failing = False
            self._logged_at = None
        logger.warning("%s is available again", self.name)
        service_recovered.send(sender=CircuitBreaker, name=self.name)
        return True


_breakers = {}
_breakers_lock = threading.Lock()


def breaker_for(name):
    """One breaker per service name in this process (a Redis server is named by its URL)."""
    found = _breakers.get(name)
    if found is None:
        with _breakers_lock:
            found = _breakers.setdefault(name, CircuitBreaker(name))
    return found


def redis_breaker(url):
    return breaker_for(f"Redis {redact(url)}")


def redact(url):
    """The URL without a password, for logs."""
    if "@" not in url:
        return url
    scheme, _, rest = url.partition("://")
    return f"{scheme}://***@{rest.rpartition('@')[2]}"


def reset_breakers():
    """Forget every outage (tests start from a healthy state)."""
    with _breakers_lock:
        _breakers.clear()
