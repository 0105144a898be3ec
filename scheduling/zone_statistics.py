"""Counts for the statistical reports above scheduling: the zones of some
stations, the G-481 shifts worked in them (by zone or by month), and the
technology deployed in them. Aggregates only: no line names a person."""

from datetime import date

from django.db.models import (
    CharField,
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    Q,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, TruncMonth

from scheduling.models import (
    CellStatus,
    DailyEntry,
    Schedule,
    ScheduleCell,
    Zone,
    ZoneTechnology,
)


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
    return (
        DailyEntry.objects.filter(
            daily__station_id__in=station_ids,
            daily__day__range=(first_day, last_day),
            on_duty=True,
        )
        .order_by()
        .annotate(length=_length())
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


# The deployment extract: per day, station, zone, shift, activity and
# sub-activity, the agents and hours of the finalized G-259s (scheduled)
# and of the G-481s (worked). A shift is told apart by its start instant:
# at one station and on one day, one start instant is one local start time.
SCHEDULED, WORKED = "scheduled", "actual"


def _length():
    return ExpressionWrapper(
        F("shift_end") - F("shift_start"), output_field=DurationField()
    )


def _deployment_of(queryset, *, source: str, station: str, day: str, zone: bool):
    """The grouped lines of G-259 cells or G-481 entries; ``station`` and
    ``day`` are the paths to the station and the schedule day. A missing
    zone or activity reads as empty text, so both kinds sort alike."""
    text = CharField()

    def code(path):
        return Coalesce(F(path), Value("", text))

    empty = Value("", text)
    return (
        queryset.order_by()
        .values(
            schedule_day=F(day),
            source=Value(source, text),
            sector_code=F(f"{station}__parent__code"),
            station_name=F(f"{station}__name"),
            time_zone=F(f"{station}__time_zone"),
            zone_code=code("zone__code") if zone else empty,
            zone_name=code("zone__name") if zone else empty,
            starts_at=F("shift_start"),
            activity_code=code("activity__code"),
            activity_name=code("activity__name"),
            sub_activity_code=code("sub_activity__code"),
            sub_activity_name=code("sub_activity__name"),
        )
        .annotate(agents=Count("id"), worked=Sum(_length()))
    )


def deployment(station_ids, first_day: date, last_day: date):
    """The extract's lines over the days, scheduled and worked, in the order
    they are read (a queryset of dicts, to be sliced into pages).

    Counting lines counts agents: a person has one cell a day on a station's
    G-259 and one line a day on its G-481. The G-259 assigns no zone, so its
    lines have none. Hours come from the shifts' instants and all count on
    the schedule's day, the day the shift starts."""
    scheduled = _deployment_of(
        ScheduleCell.objects.filter(
            row__schedule__station_id__in=station_ids,
            row__schedule__status=Schedule.Status.FINALIZED,
            day__range=(first_day, last_day),
            status__in=CellStatus.with_shift(),
            shift_start__isnull=False,
        ),
        source=SCHEDULED,
        station="row__schedule__station",
        day="day",
        zone=False,
    )
    worked = _deployment_of(
        _worked(station_ids, first_day, last_day),
        source=WORKED,
        station="daily__station",
        day="daily__day",
        zone=True,
    )
    return scheduled.union(worked, all=True).order_by(
        "schedule_day",
        "sector_code",
        "station_name",
        "starts_at",
        "zone_code",
        "activity_code",
        "sub_activity_code",
        "source",
    )
