"""Money for the whole site: integer minor units (cents) in its one currency, KMP_CURRENCY.

People type amounts in major units ("12.50") and read them back formatted
("1,234.56 USD"). Parsing is strict: an amount that could mean two things ("12,50",
"1,250") or is not plainly written ("1e20") is refused with a message, never guessed.
"""

import re
from decimal import Decimal

from django import forms
from django.conf import settings
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# ISO 4217 currencies whose minor unit is not a hundredth.
MINOR_UNIT_DIGITS = {"BHD": 3, "CLP": 0, "ISK": 0, "JOD": 3, "JPY": 0, "KRW": 0, "KWD": 3, "OMR": 3, "VND": 0}

# Whole units at most: 999,999,999,999 keeps every amount, with three minor digits,
# far inside a 64-bit integer column and any sum of a few thousand of them.
MAX_WHOLE_DIGITS = 12

AMOUNT_PATTERN = re.compile(r"(?P<sign>-?)(?P<whole>[0-9]+)(?:\.(?P<fraction>[0-9]*))?", re.ASCII)


class AmountError(ValueError):
    """An amount someone typed that is not a valid sum of money."""


def site_currency():
    return settings.KMP_CURRENCY


def minor_digits(currency=None):
    return MINOR_UNIT_DIGITS.get(currency or site_currency(), 2)


def example_amount(currency=None):
    digits = minor_digits(currency)
    return "1250" + ("." + "50".ljust(digits, "0") if digits else "")


def to_minor_units(value, currency=None):
    """'12.50' -> 1250, exactly. Refuses, with a message a person can act on, anything
    else: thousands separators, a comma for the decimal point, more decimals than the
    currency has, exponents, and more than MAX_WHOLE_DIGITS whole digits."""
    currency = currency or site_currency()
    digits = minor_digits(currency)
    text = str(value).strip()
    example = example_amount(currency)
    match = AMOUNT_PATTERN.fullmatch(text)
    if match is None:
        shown = text if len(text) <= 40 else text[:40] + "…"
        if re.fullmatch(r"-?[0-9][0-9,.' \u00a0]*", text):
            raise AmountError(
                _(
                    "“%(value)s”: write the amount without thousands separators, with a point for decimals, like %(example)s."
                )
                % {"value": shown, "example": example}
            )
        raise AmountError(
            _("“%(value)s” is not an amount of money; write it like %(example)s.")
            % {"value": shown, "example": example}
        )
    whole, fraction = match["whole"].lstrip("0") or "0", match["fraction"]
    if fraction is not None and fraction == "":
        raise AmountError(
            _("“%(value)s” ends with a point; write it like %(example)s.")
            % {"value": text, "example": example}
        )
    fraction = fraction or ""
    if len(whole) > MAX_WHOLE_DIGITS:
        raise AmountError(
            _("“%(value)s” is too large: at most %(max)s.")
            % {"value": text[:40], "max": format_money(max_minor_units(currency), currency)}
        )
    if len(fraction) > digits:
        if digits == 0:
            raise AmountError(
                _("“%(value)s”: %(currency)s has no decimals.") % {"value": text, "currency": currency}
            )
        raise AmountError(
            _("“%(value)s” has more than %(digits)d decimal places.") % {"value": text, "digits": digits}
        )
    minor = int(whole) * 10**digits + int(fraction.ljust(digits, "0") or 0)
    return -minor if match["sign"] else minor


def max_minor_units(currency=None):
    return 10 ** (MAX_WHOLE_DIGITS + minor_digits(currency)) - 1


def to_major_units(minor, currency=None):
    """1250 -> Decimal('12.50'), for showing an amount in a form field."""
    digits = minor_digits(currency)
    return Decimal(int(minor)).scaleb(-digits).quantize(Decimal(1).scaleb(-digits))


def format_money(minor, currency=None, with_currency=True):
    """1234567 -> '12,345.67 USD' (and 500000 -> '5,000 JPY' in a currency without decimals)."""
    currency = currency or site_currency()
    text = number_format(to_major_units(minor or 0, currency), minor_digits(currency), force_grouping=True)
    return f"{text} {currency}" if with_currency else text


def money_html(minor, currency=None):
    """format_money in a span that never wraps, for a narrow column ('797.00 USD', never
    '797./00/USD'): the site's and the admin's CSS both keep `.money` on one line."""
    return format_html('<span class="money">{}</span>', format_money(minor, currency))


def format_money_range(minimum, maximum, currency=None):
    """A range of which either end may be missing: '5,000.00–15,000.00 USD', 'up to 800.00 USD'."""
    currency = currency or site_currency()
    if minimum is None and maximum is None:
        return ""
    if minimum is not None and maximum is not None:
        if minimum == maximum:
            return format_money(minimum, currency)
        low = format_money(minimum, currency, with_currency=False)
        return f"{low}–{format_money(maximum, currency)}"
    if minimum is not None:
        return _("from %(amount)s") % {"amount": format_money(minimum, currency)}
    return _("up to %(amount)s") % {"amount": format_money(maximum, currency)}


class AmountField(forms.CharField):
    """An amount typed in major units ("60.00"), cleaned to integer minor units of the
    site's currency. Zero is refused unless allow_zero; negative amounts always."""

    default_error_messages = {
        "not_positive": gettext_lazy("Enter an amount more than zero."),
        "negative": gettext_lazy("Enter an amount of zero or more."),
    }

    def __init__(self, *, allow_zero=False, **kwargs):
        self.allow_zero = allow_zero
        kwargs.setdefault(
            "help_text",
            gettext_lazy("In %(currency)s, for example %(example)s.")
            % {"currency": site_currency(), "example": example_amount()},
        )
        # A text input with a decimal keypad: number inputs change value on scroll and
        # jump the page on blur in some browsers (GOV.UK design system advice).
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}))
        super().__init__(**kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        try:
            amount = to_minor_units(value)
        except AmountError as error:
            raise forms.ValidationError(str(error), code="invalid")
        if amount < 0:
            raise forms.ValidationError(
                self.error_messages["negative" if self.allow_zero else "not_positive"]
            )
        if amount == 0 and not self.allow_zero:
            raise forms.ValidationError(self.error_messages["not_positive"], code="not_positive")
        return amount

    def prepare_value(self, value):
        if isinstance(value, int) and not isinstance(value, bool):
            return to_major_units(value)
        return value
