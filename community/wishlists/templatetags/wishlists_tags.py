from django import template

from ..money import format_budget, format_money

register = template.Library()


@register.filter
def money(minor_units):
    """Integer minor units as "USD 5,000"."""
    return "" if minor_units is None else format_money(minor_units)


@register.simple_tag
def budget(item):
    return format_budget(item.budget_min, item.budget_max)
