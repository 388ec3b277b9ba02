"""Rate limits on what people send: one count per signed-in user and one per client
address (django-ratelimit, on the default cache)."""

from django.conf import settings
from django.utils.translation import gettext as _
from django_ratelimit.core import is_ratelimited


def over_rate_limits(request, group, user_rate, client_rate):
    """Count this attempt against the user's and the client's limits; True when over either."""
    over_user = request.user.is_authenticated and is_ratelimited(
        request, group=group, key="user", rate=user_rate, increment=True
    )
    over_client = is_ratelimited(request, group=group, key="ip", rate=client_rate, increment=True)
    return over_user or over_client


def over_action_limits(request, area, action, defaults):
    """Count an attempt at an app's action against its limits: `defaults[action]` is the
    app's (user rate, client rate), which the setting KMP_<AREA>_RATE_LIMITS may override
    action by action (read at each call, so a deployment or a test can change it)."""
    overrides = getattr(settings, f"KMP_{area.upper()}_RATE_LIMITS", {})
    user_rate, client_rate = overrides.get(action, defaults[action])
    return over_rate_limits(request, f"{area}:{action}", user_rate, client_rate)


def rate_limit_message():
    return _("You have sent this form too many times in a short while. Please wait an hour and try again.")
