"""Counts for the statistical reports above scheduling: the zones of some
stations, the G-481 shifts worked in them (by zone or by month), and the
technology deployed in them. Aggregates only: no line names a person."""

from datetime import date

from django.db.models import Count, DurationField, ExpressionWrapper, F, Q, Sum
from django.db.models.functions import TruncMonth

from scheduling.models import DailyEntry, Zone, ZoneTechnology


def zones_of(station_ids) -> list[Zone]:
    """The stations' zones, active or not (a report may cover years in which
    a zone now retired was worked)."""
    return list(
        Zone.objects.filter(station_id__in=station_ids)
        .select_related("station")
        .order_by("station__name", "code")
    )


def _worked(station_ids, first_day: date, last_day: date):
    """The lines worked at the stations over the days, with their length."""
    length = ExpressionWrapper(
        F("shift_end") - F("shift_start"), output_field=DurationField()
    )
    return (
        DailyEntry.objects.filter(
            daily__station_id__in=station_ids,
            daily__day__range=(first_day, last_day),
            on_duty=True,
        )
        .order_by()
        .annotate(length=length)
    )


def shifts_by_zone(station_ids, first_day: date, last_day: date) -> list[dict]:
    """Per zone, over the G-481s of ``first_day`` to ``last_day``: the
    agent-shifts worked in it, their hours (from the shifts' instants, so a
    shift across a change of clocks counts the hours it really lasted), the
    vehicles deployed in it and the shifts that had one."""
    return list(
        _worked(station_ids, first_day, last_day)
        .filter(zone__isnull=False)
        .values("zone_id")
        .annotate(
            agent_shifts=Count("id"),
            worked=Sum("length"),
            vehicles=Count("vehicle_id", distinct=True),
            vehicle_shifts=Count("id", filter=Q(vehicle__isnull=False)),
        )
    )


def technology_by_zone(station_ids, as_of: date) -> list[dict]:
    """Per zone and category (permanent or mobile), the assets deployed on
    ``as_of``: in place by that day and not yet removed."""
    return list(
        ZoneTechnology.objects.filter(
            zone__station_id__in=station_ids, deployed_on__lte=as_of
        )
        .filter(Q(removed_on__isnull=True) | Q(removed_on__gt=as_of))
        .order_by()
        .values("zone_id", "zone__station_id", "category")
        .annotate(assets=Count("id"))
    )


def shifts_by_month(
    station_ids, first_day: date, last_day: date, *, in_zones_only: bool = False
) -> list[dict]:
    """Per station and calendar month of the G-481s' days: the agent-shifts
    worked, their hours, and the shifts that had a vehicle. With
    ``in_zones_only``, only the lines worked in a zone (those
    ``shifts_by_zone`` counts), so that a report's months add up to its
    zones."""
    worked = _worked(station_ids, first_day, last_day)
    if in_zones_only:
        worked = worked.filter(zone__isnull=False)
    return list(
        worked.annotate(month=TruncMonth("daily__day"))
        .values("daily__station_id", "month")
        .annotate(
            agent_shifts=Count("id"),
            worked=Sum("length"),
            vehicle_shifts=Count("id", filter=Q(vehicle__isnull=False)),
        )
    )
