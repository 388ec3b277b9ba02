"""The app's settings, each with a default, so that nothing has to be configured.

TRACKING_RECORDER      "database", "redis" or "off" (nothing counted); default: "redis"
                       when REDIS_URL is set, else "database".
TRACKING_REDIS_URL     Redis for the page-view buffer; default: REDIS_URL.
TRACKING_REDIS_PREFIX  key prefix for the buffer ("kmp:tracking:").
TRACKING_FLUSH_INTERVAL  seconds between automatic flushes of the Redis buffer (60).
TRACKING_PAGE_CACHE    the anonymous full-page cache on or off (True).
TRUSTED_PROXY_COUNT    trusted reverse proxies in front of the site (0): the client
                       address is then taken from X-Forwarded-For, that many from the right
                       (TRACKING_PROXY_COUNT, the old name, still works with a warning).
TRACKING_ENGAGED_SECONDS  seconds a page must be visible before its read beacon (20).
TRACKING_READERS_PER_NETWORK  qualified readers of a contributor per network and day (3).
TRACKING_DATACENTRE_NETWORKS  address ranges (CIDR) of hosting providers; reads from
                       them never qualify (default: none; see docs/tracking.md).
PLAUSIBLE_API_KEY, PLAUSIBLE_API_URL  the Stats API (environment or settings).
"""

import os
import warnings

from django.conf import settings

RECORDERS = ("database", "redis", "off")


def recorder_name():
    name = getattr(settings, "TRACKING_RECORDER", None)
    if name:
        return name
    return "redis" if redis_url() else "database"


def redis_url():
    return getattr(settings, "TRACKING_REDIS_URL", None) or getattr(settings, "REDIS_URL", "")


def redis_prefix():
    return getattr(settings, "TRACKING_REDIS_PREFIX", "kmp:tracking:")


def flush_interval():
    return int(getattr(settings, "TRACKING_FLUSH_INTERVAL", 60))


def proxy_count():
    if hasattr(settings, "TRACKING_PROXY_COUNT"):
        warnings.warn(
            "The TRACKING_PROXY_COUNT setting is deprecated; set TRUSTED_PROXY_COUNT instead.",
            DeprecationWarning,
            stacklevel=2,
        )
        return int(settings.TRACKING_PROXY_COUNT)
    return int(getattr(settings, "TRUSTED_PROXY_COUNT", 0))


def engaged_seconds():
    return int(getattr(settings, "TRACKING_ENGAGED_SECONDS", 20))


def readers_per_network():
    return int(getattr(settings, "TRACKING_READERS_PER_NETWORK", 3))


def datacentre_networks():
    return getattr(settings, "TRACKING_DATACENTRE_NETWORKS", ())


def plausible_api_key():
    return getattr(settings, "PLAUSIBLE_API_KEY", None) or os.environ.get("PLAUSIBLE_API_KEY", "")


def plausible_api_url():
    return (
        getattr(settings, "PLAUSIBLE_API_URL", None)
        or os.environ.get("PLAUSIBLE_API_URL")
        or "https://plausible.io"
    ).rstrip("/")


def check_settings(app_configs=None, **kwargs):
    """System check: a misspelt recorder would otherwise count nothing, silently."""
    import ipaddress

    from django.core.checks import Error

    for item in datacentre_networks():
        try:
            ipaddress.ip_network(item.strip(), strict=False)
        except ValueError:
            return [
                Error(
                    f"TRACKING_DATACENTRE_NETWORKS holds {item!r}, not an address range.", id="tracking.E003"
                )
            ]
    name = recorder_name()
    if name not in RECORDERS:
        return [
            Error(
                f"TRACKING_RECORDER is {name!r}; it must be one of {', '.join(RECORDERS)}.",
                id="tracking.E001",
            )
        ]
    if name == "redis" and not redis_url():
        return [
            Error(
                "TRACKING_RECORDER is 'redis' but neither REDIS_URL nor TRACKING_REDIS_URL is set.",
                id="tracking.E002",
            )
        ]
    return []
