from django import template

register = template.Library()


@register.filter
def percent_of(part, whole):
    """part as a percentage of whole, one decimal: 25, 200 -> '12.5%'."""
    try:
        return f"{part * 100 / whole:.1f}%"
    except (TypeError, ZeroDivisionError):
        return "–"


@register.inclusion_tag("rewards/includes/worked_example.html", takes_context=True)
def rewards_worked_example(context):
    """The formula worked through with the current policy, for any page that explains rewards."""
    from ..worked_example import build_worked_example

    return {"example": build_worked_example(), "request": context.get("request")}
