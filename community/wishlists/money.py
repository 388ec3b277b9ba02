"""Budgets are stored as integer minor units (cents); people type and read major units."""

from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings

MINOR_UNITS_PER_MAJOR = 100


def to_minor_units(amount):
    if amount is None:
        return None
    return int((Decimal(amount) * MINOR_UNITS_PER_MAJOR).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def to_major_units(minor):
    if minor is None:
        return None
    return Decimal(minor) / MINOR_UNITS_PER_MAJOR


def format_money(minor, currency=None):
    """ "USD 5,000" or "USD 5,000.50"."""
    currency = currency or settings.KMP_CURRENCY
    major, cents = divmod(int(minor), MINOR_UNITS_PER_MAJOR)
    amount = f"{major:,}" + (f".{cents:02d}" if cents else "")
    return f"{currency} {amount}"


def format_budget(minimum, maximum, currency=None):
    if minimum is None and maximum is None:
        return ""
    if minimum is not None and maximum is not None:
        if minimum == maximum:
            return format_money(minimum, currency)
        return f"{format_money(minimum, currency)}–{format_money(maximum, currency).split(' ', 1)[1]}"
    if minimum is not None:
        return f"from {format_money(minimum, currency)}"
    return f"up to {format_money(maximum, currency)}"
