from datetime import timedelta

from django import template

from bpets.text import duration_in_words

register = template.Library()


@register.filter
def duration_words(value: timedelta | None) -> str:
    return duration_in_words(value.total_seconds()) if value else ""
