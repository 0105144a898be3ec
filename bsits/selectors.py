"""Reads of events, narrowed to what the user may see. Subjects are read
only through ``bsits.access``, one event at a time."""

from django.db.models import Count, Q, QuerySet

from bsits import policies
from bsits.models import Event, ReviewItem
from security.models import OrganizationUnit


def visible_events(user) -> QuerySet[Event]:
    units = policies.visible_units(user)
    return (
        Event.objects.filter(Q(station_id__in=units))
        .select_related("station", "sector")
        .annotate(subject_count=Count("subjects"))
        .order_by("-occurred_at", "-pk")
    )


def filtered(events, *, event_type="", station=None, status="", fiscal_year=None):
    if event_type:
        events = events.filter(event_type=event_type)
    if station is not None:
        events = events.filter(station=station)
    if status:
        events = events.filter(status=status)
    if fiscal_year:
        events = events.filter(fiscal_year=fiscal_year)
    return events


def recording_stations(user) -> QuerySet[OrganizationUnit]:
    """The stations where the user records events."""
    return (
        OrganizationUnit.objects.filter(
            kind=OrganizationUnit.Kind.STATION, pk__in=policies.editor_units(user)
        )
        .select_related("parent")
        .order_by("parent__name", "name")
    )


def visible_stations(user) -> QuerySet[OrganizationUnit]:
    return (
        OrganizationUnit.objects.filter(
            kind=OrganizationUnit.Kind.STATION, pk__in=policies.visible_units(user)
        )
        .select_related("parent")
        .order_by("parent__name", "name")
    )


def event_history(event: Event, limit: int = 50) -> list[dict]:
    """The event's own changes (never its subjects'), newest first."""
    return [
        {
            "when": record.history_date,
            "who": record.history_user,
            "reason": record.history_change_reason or "Changed",
            "status": record.get_status_display(),
        }
        for record in event.history.select_related("history_user").order_by(
            "-history_date", "-history_id"
        )[:limit]
    ]


def open_review_items(user) -> QuerySet[ReviewItem]:
    """The fields waiting for an editor's decision, at the stations where
    the user edits events."""
    return (
        ReviewItem.objects.filter(
            decision="", event__station_id__in=policies.editor_units(user)
        )
        .select_related("event__station", "event__sector", "subject")
        .order_by("event__station__name", "event__number", "received_at", "pk")
    )


def open_review_count(event: Event) -> int:
    return event.review_items.filter(decision="").count()
