"""Who is on detail where: the reads the G-259, the G-481, the vehicles
module and (later) the timesheet ask of the details.

Only accepted details move anyone: a proposed one is not yet agreed, a
declined or cancelled one never happened, and one cut short ends on its
new last day. Ranges are of days, both ends included.
"""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.db.models import Q, QuerySet

from scheduling.models import Detail, DetailStatus
from security import policies as security_policies

# The scheduling roles that act for a station in a detail.
ACTING_ROLES = ("supervisor", "scheduling_administrator")


def accepted() -> QuerySet:
    return Detail.objects.filter(status=DetailStatus.ACCEPTED)


def overlapping(first_day: date, last_day: date) -> Q:
    return Q(first_day__lte=last_day, last_day__gte=first_day)


def detailed_into(station, first_day: date, last_day: date) -> QuerySet:
    """Accepted details that bring someone to ``station`` on any of the days."""
    return (
        accepted()
        .filter(overlapping(first_day, last_day), gaining_station=station)
        .select_related("employee", "home_station")
        .order_by("first_day", "employee__last_name", "pk")
    )


def detailed_out_of(station, first_day: date, last_day: date) -> QuerySet:
    """Accepted details that take someone of ``station`` away on any of the days."""
    return (
        accepted()
        .filter(overlapping(first_day, last_day), home_station=station)
        .select_related("employee", "gaining_station")
        .order_by("first_day", "employee__last_name", "pk")
    )


def detail_on(employee, day: date) -> Detail | None:
    """The accepted detail the person is on that day, if any (one at most)."""
    return (
        accepted()
        .filter(employee=employee, first_day__lte=day, last_day__gte=day)
        .select_related("gaining_station")
        .first()
    )


def duty_station_on(employee, day: date):
    """Where the person works that day: the gaining station of a detail
    covering it, otherwise their own duty station."""
    detail = detail_on(employee, day)
    return detail.gaining_station if detail else employee.duty_station


def days_by_person(employee_ids, first_day: date, last_day: date, **where) -> dict:
    """{employee id: {day: accepted detail}} between the two days, one query;
    ``where`` narrows the details (``gaining_station=...``, say)."""
    found = {}
    details = (
        accepted()
        .filter(overlapping(first_day, last_day), employee_id__in=list(employee_ids))
        .filter(**where)
        .select_related("gaining_station", "shift_template")
        .order_by("first_day", "pk")
    )
    for detail in details:
        day = max(detail.first_day, first_day)
        while day <= min(detail.last_day, last_day):
            found.setdefault(detail.employee_id, {})[day] = detail
            day += timedelta(days=1)
    return found


def is_detailed_to(
    *, employee, station, starts_at: datetime, ends_at: datetime | None
) -> bool:
    """The vehicles module's detail provider: is the person on accepted
    detail at ``station`` on every local day of [starts_at, ends_at)?

    An open end is never covered: a detail has a last day.
    """
    if ends_at is None or employee is None:
        return False
    zone = ZoneInfo(station.time_zone)
    first = starts_at.astimezone(zone).date()
    # Half-open: an assignment ending at midnight does not reach that day.
    last = (ends_at - timedelta(microseconds=1)).astimezone(zone).date()
    covered = days_by_person(
        [employee.pk], first, last, gaining_station_id=station.pk
    ).get(employee.pk, {})
    return len(covered) == (last - first).days + 1


def visible_to(user) -> QuerySet:
    """Details the user takes part in: of the stations they schedule at
    (home or gaining side), or their own; newest first."""
    stations = set()
    for role in ACTING_ROLES:
        stations |= security_policies.reach(user, "scheduling", role)
    return (
        Detail.objects.filter(
            Q(home_station_id__in=stations)
            | Q(gaining_station_id__in=stations)
            | Q(employee__user_id=user.pk)
        )
        .select_related("employee", "home_station", "gaining_station")
        .order_by("-first_day", "-pk")
    )


def steps_of(detail: Detail) -> list[dict]:
    """Each step of the detail from its history, oldest first."""
    return [
        {
            "at": record.history_date,
            "step": record.history_change_reason or "changed",
            "by": (record.history_user.get_full_name() or record.history_user.username)
            if record.history_user
            else "",
            "status": record.get_status_display(),
            "last_day": record.last_day,
        }
        for record in detail.history.select_related("history_user").order_by(
            "history_date", "history_id"
        )
    ]
