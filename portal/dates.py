"""Reward periods are whole days in the site's time zone: every stream reduces the
bounds it is given to dates the same way, here."""

from datetime import datetime

from django.utils import timezone


def local_date(value):
    """A datetime as its date in the site's time zone (a naive one as it stands); a date as it is."""
    if isinstance(value, datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value, timezone.get_default_timezone())
        return value.date()
    return value
