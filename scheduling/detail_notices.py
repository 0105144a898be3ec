"""Notices on a G-481 day: lines a supervisor changed by hand that a detail
accepted or ended after the build left as they were (``detail_lines``),
shown for as long as the line and the detail disagree."""

from dataclasses import dataclass

from scheduling.models import CellStatus, DailySchedule, Detail, DetailStatus


@dataclass
class Notice:
    entry_pk: int
    text: str


def of_day(daily: DailySchedule, entries, cells: dict) -> list[Notice]:
    """Lines a supervisor changed by hand that disagree with a detail of
    the day (accepted or ended), in one query. ``cells`` maps each person
    to their G-259 cell's (status, start, end) of the day."""
    people = {entry.employee_id for entry in entries}
    if not people:
        return []
    day = daily.day
    touching = list(
        Detail.objects.filter(
            employee_id__in=people,
            first_day__lte=day,
            planned_last_day__gte=day,
            decided_by__isnull=False,
            status__in=(DetailStatus.ACCEPTED, DetailStatus.CANCELLED),
        ).select_related("gaining_station", "home_station")
    )
    away, ended_here, ended_away = {}, {}, {}
    for detail in touching:
        current = detail.is_accepted and detail.covers(day)
        if current:
            away[detail.employee_id] = detail
        elif detail.gaining_station_id == daily.station_id:
            ended_here[detail.employee_id] = detail
        elif detail.home_station_id == daily.station_id:
            ended_away[detail.employee_id] = detail

    found = []
    for entry in entries:
        person = f"{entry.employee.first_name} {entry.employee.last_name}"
        status, start, _end = cells.get(entry.employee_id, (None, None, None))
        detail = away.get(entry.employee_id)
        if (
            detail is not None
            and detail.home_station_id == daily.station_id
            and entry.on_duty
        ):
            found.append(
                Notice(
                    entry.pk,
                    f"{person} is on detail at {detail.gaining_station.name} this "
                    "day, but the line was changed by hand and was left on duty: "
                    "check it.",
                )
            )
        elif entry.employee_id in ended_here and detail is None:
            found.append(
                Notice(
                    entry.pk,
                    f"{person}'s detail here was ended before this day, but the "
                    "line was changed by hand and was left as it is: check it.",
                )
            )
        elif (
            entry.employee_id in ended_away
            and detail is None
            and not entry.on_duty
            and status in CellStatus.with_shift()
            and start is not None
        ):
            gaining = ended_away[entry.employee_id].gaining_station.name
            found.append(
                Notice(
                    entry.pk,
                    f"{person}'s detail at {gaining} was ended before this day and "
                    "the G-259 has them working here, but the line was changed by "
                    "hand and was left off duty: check it.",
                )
            )
    return found
