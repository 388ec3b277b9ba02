"""Money is integer minor units (cents) in the site's one currency, KMP_CURRENCY.
These helpers turn what people type into minor units and back, exactly."""

from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.utils.formats import number_format

# ISO 4217 currencies whose minor unit is not a hundredth.
MINOR_UNIT_DIGITS = {"BHD": 3, "CLP": 0, "ISK": 0, "JOD": 3, "JPY": 0, "KRW": 0, "KWD": 3, "OMR": 3, "VND": 0}


class AmountError(ValueError):
    """An amount someone typed that is not a valid sum of money."""


def site_currency():
    return settings.KMP_CURRENCY


def minor_digits(currency=None):
    return MINOR_UNIT_DIGITS.get(currency or site_currency(), 2)


def to_minor_units(value, currency=None):
    """'12.50' -> 1250. Refuses more decimals than the currency has, rather than rounding."""
    digits = minor_digits(currency)
    text = str(value).strip().replace(",", "")
    try:
        amount = Decimal(text)
    except InvalidOperation:
        raise AmountError(f"“{value}” is not an amount of money.")
    if not amount.is_finite():
        raise AmountError(f"“{value}” is not an amount of money.")
    scaled = amount.scaleb(digits)
    if scaled != scaled.to_integral_value():
        raise AmountError(f"“{value}” has more than {digits} decimal places.")
    return int(scaled)


def to_major_units(minor, currency=None):
    """1250 -> Decimal('12.50')."""
    digits = minor_digits(currency)
    return (Decimal(minor).scaleb(-digits)).quantize(Decimal(1).scaleb(-digits))


def format_money(minor, currency=None, with_currency=True):
    """1234567 -> '12,345.67 USD'."""
    currency = currency or site_currency()
    text = number_format(to_major_units(minor or 0, currency), minor_digits(currency), force_grouping=True)
    return f"{text} {currency}" if with_currency else text
