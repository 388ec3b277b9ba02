from portal.rate_limits import over_action_limits

# (per user, per client address); KMP_CONVERSATION_RATE_LIMITS overrides any of them.
DEFAULT_RATE_LIMITS = {
    "comment": ("10/h", "30/h"),
    "flag": ("20/h", "20/h"),
    "contact": ("5/h", "10/h"),
    "subscribe": ("5/h", "10/h"),
}


def rate_limited(request, action):
    return over_action_limits(request, "conversation", action, DEFAULT_RATE_LIMITS)
