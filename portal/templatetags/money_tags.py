from django import template

from portal.money import format_money, format_money_range

register = template.Library()


@register.filter
def money(minor_units):
    """Minor units as an amount with the site's currency: 123456 -> '1,234.56 USD'; nothing for no value."""
    try:
        return format_money(int(minor_units))
    except (TypeError, ValueError):
        return ""


@register.simple_tag
def money_range(minimum, maximum):
    """'5,000.00–15,000.00 USD', 'from 5,000.00 USD', 'up to 800.00 USD', or nothing."""
    return format_money_range(minimum, maximum)


@register.filter
def money_amount(minor_units):
    """The amount without the currency, for a value written on a chart's bar: 123456 -> '1,234.56'."""
    try:
        return format_money(int(minor_units), with_currency=False)
    except (TypeError, ValueError):
        return ""
