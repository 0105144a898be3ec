"""The timesheet module's part of the national data set: the timesheets of
every pay period the scheduling part scheduled, made by the product's own
initialization from the finalized schedules (the nation's four periods at
once, the sector's two years station by station)."""

from bpets.national import Nation
from security.models import OrganizationUnit
from timesheet import initialization


def build(nation: Nation) -> None:
    made = 0
    for pay_period in nation.nation_periods:
        made += initialization.initialize(pay_period, actor=nation.actor)
    stations = list(OrganizationUnit.objects.filter(pk__in=nation.history_station_ids))
    for pay_period in nation.history_periods:
        for station in stations:
            made += initialization.initialize(
                pay_period, station=station, actor=nation.actor
            )
    nation.counts["timesheets"] = made
