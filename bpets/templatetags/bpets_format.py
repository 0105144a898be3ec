from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from django import template
from django.utils.html import format_html

from bpets.text import duration_in_words

register = template.Library()


@register.filter
def duration_words(value: timedelta | None) -> str:
    return duration_in_words(value.total_seconds()) if value else ""


@register.simple_tag(takes_context=True)
def stamp(context, moment: datetime | None) -> str:
    """When something was done, on the viewer's clock with the zone's
    abbreviation ("2026-01-11 06:05 MST"), the instant in UTC kept in the
    markup. The viewer's zone is their duty station's (a context processor
    names it); pages rendered without one, such as a print made by a task,
    show UTC."""
    if not moment:
        return ""
    local = moment.astimezone(ZoneInfo(str(context.get("viewer_time_zone") or "UTC")))
    return format_html(
        '<time datetime="{}">{} {}</time>',
        moment.astimezone(UTC).isoformat(timespec="seconds"),
        f"{local:%Y-%m-%d %H:%M}",
        local.tzname(),
    )
