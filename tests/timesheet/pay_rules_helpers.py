"""Small builders for the pay-rules tests: shifts and entries from local
clock times at a station, as the timesheet enters them."""

from datetime import date, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from scheduling.time_rules import shift_instants
from timesheet.pay_rule_settings import PayRules
from timesheet.pay_rules import Entry, ScheduledShift, Worker

LAREDO = ZoneInfo("America/Chicago")  # keeps daylight saving time
TUCSON = ZoneInfo("America/Phoenix")  # keeps none
RULES = PayRules()
SUNDAY, MONDAY, TUESDAY, WEDNESDAY, THURSDAY, FRIDAY, SATURDAY = range(7)


def worker(tour="LEVEL_1", zone=LAREDO, days_off=(SATURDAY, SUNDAY), in_lieu=None):
    weekend = set(days_off) == {SATURDAY, SUNDAY}
    return Worker(
        tour=tour,
        zone=zone,
        days_off=frozenset(days_off),
        in_lieu_of_sunday=SUNDAY if weekend else in_lieu,
        monday_to_friday=weekend,
    )


def shift(day: date, start: time, end: time, zone=LAREDO) -> ScheduledShift:
    begins, ends = shift_instants(day, start, end, zone)
    return ScheduledShift(day, begins, ends)


def worked(day, start, end, code="REGULAR", zone=LAREDO, **flags) -> Entry:
    begins, ends = shift_instants(day, start, end, zone)
    return Entry(day, code, begins, ends, **flags)


def leave(day, hours, code="ANNUAL") -> Entry:
    return Entry(day, code, hours=Decimal(hours))


def workdays(first_day: date, days_off=(SATURDAY, SUNDAY)) -> list[date]:
    days = [first_day + timedelta(days=offset) for offset in range(14)]
    return [day for day in days if (day.weekday() + 1) % 7 not in days_off]


def h(value) -> Decimal:
    return Decimal(str(value))
