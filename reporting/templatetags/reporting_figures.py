from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def figure(value, empty="–"):
    """A statistic as people read it: 1,039,442.69, or 8,045 for a whole
    number; ``empty`` where the snapshot holds none."""
    if value is None or value == "":
        return empty
    value = Decimal(value)
    if value == value.to_integral_value():
        return f"{value:,.0f}"
    return f"{value:,.2f}"


@register.filter
def plain(value):
    """The same number for a chart to read: no separators, empty if none."""
    if value is None or value == "":
        return ""
    value = Decimal(value)
    return (
        f"{value.normalize():f}" if value == value.to_integral_value() else str(value)
    )
