"""The detail reports: the details of a station or sector over a range of
days, and how many there were per pay period or month.

A scheduling supervisor or administrator reports on the stations and
sectors of their scope. A detail counts for a unit when its home or its
gaining station is the unit or one of its stations; only accepted details
count (cut short ones with the days they lasted): a proposed, declined or
cancelled detail moved nobody. The names are work information.
"""

import io
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Q

from bpets import spreadsheet
from scheduling import detail_selectors, pay_periods
from security import audit
from security import policies as security_policies
from security.models import OrganizationUnit

KINDS = (OrganizationUnit.Kind.STATION, OrganizationUnit.Kind.SECTOR)


def units_for(user):
    """The stations and sectors the user may report on."""
    reached = set()
    for role in detail_selectors.ACTING_ROLES:
        reached |= security_policies.reach(user, "scheduling", role)
    return (
        OrganizationUnit.objects.filter(pk__in=reached, kind__in=KINDS)
        .select_related("parent")
        .order_by("kind", "name")
    )


def _within(unit) -> Q:
    stations = [unit.pk] + list(
        OrganizationUnit.objects.filter(parent=unit).values_list("pk", flat=True)
    )
    return Q(home_station_id__in=stations) | Q(gaining_station_id__in=stations)


def details_of(unit, first_day: date, last_day: date):
    """Accepted details touching the unit on any of the days, oldest first."""
    return (
        detail_selectors.accepted()
        .filter(detail_selectors.overlapping(first_day, last_day))
        .filter(_within(unit))
        .select_related("employee", "home_station", "gaining_station")
        .order_by("first_day", "employee__last_name", "pk")
    )


def stations_of(unit) -> set[int]:
    return {unit.pk} | set(
        OrganizationUnit.objects.filter(parent=unit).values_list("pk", flat=True)
    )


@dataclass
class PeriodCount:
    label: str
    first_day: date
    last_day: date
    detailed_in: int = 0
    detailed_out: int = 0
    # Details touching the unit: one between two of a sector's own stations
    # is one detail, though it is both in and out.
    total: int = 0


def periods(first_day: date, last_day: date, per: str) -> list[PeriodCount]:
    found = []
    if per == "month":
        start = first_day.replace(day=1)
        while start <= last_day:
            following = (start + timedelta(days=32)).replace(day=1)
            found.append(
                PeriodCount(f"{start:%Y-%m}", start, following - timedelta(days=1))
            )
            start = following
        return found
    period = pay_periods.containing(first_day)
    while period.start <= last_day:
        found.append(PeriodCount(period.label, period.start, period.end))
        period = pay_periods.following(period)
    return found


def counts(unit, first_day: date, last_day: date, per: str) -> list[PeriodCount]:
    """For each pay period (or month) meeting the range, the accepted details
    into the unit's stations, out of them, and in all, that were under way
    on at least one of its days (within the range)."""
    ours = stations_of(unit)
    rows = periods(first_day, last_day, per)
    found = list(
        details_of(unit, first_day, last_day).values_list(
            "first_day", "last_day", "home_station_id", "gaining_station_id"
        )
    )
    for row in rows:
        start, end = max(row.first_day, first_day), min(row.last_day, last_day)
        for detail_first, detail_last, home, gaining in found:
            if detail_first > end or detail_last < start:
                continue
            row.total += 1
            row.detailed_in += gaining in ours
            row.detailed_out += home in ours
    return rows


# ---- CSV -----------------------------------------------------------------

DETAIL_COLUMNS = (
    "Person",
    "Employment",
    "Home station",
    "Gaining station",
    "First day",
    "Last day",
    "Planned last day",
    "Purpose",
)


def details_csv(request, unit, first_day, last_day, found) -> str:
    output = io.StringIO()
    writer = spreadsheet.writer(output)
    writer.writerow(DETAIL_COLUMNS)
    people = set()
    for detail in found:
        people.add(detail.employee_id)
        writer.writerow(
            [
                f"{detail.employee.last_name}, {detail.employee.first_name}",
                detail.employee.get_employment_type_display(),
                detail.home_station.name,
                detail.gaining_station.name,
                f"{detail.first_day:%Y-%m-%d}",
                f"{detail.last_day:%Y-%m-%d}",
                f"{detail.planned_last_day:%Y-%m-%d}",
                detail.purpose,
            ]
        )
    _audit(request, unit, "details", first_day, last_day, people=sorted(people))
    return output.getvalue()


def counts_csv(request, unit, first_day, last_day, per, rows) -> str:
    output = io.StringIO()
    writer = spreadsheet.writer(output)
    writer.writerow(
        ["Pay period" if per == "pay_period" else "Month", "From", "To"]
        + ["Detailed in", "Detailed out", "Details in all"]
    )
    for row in rows:
        writer.writerow(
            [
                row.label,
                f"{row.first_day:%Y-%m-%d}",
                f"{row.last_day:%Y-%m-%d}",
                row.detailed_in,
                row.detailed_out,
                row.total,
            ]
        )
    _audit(request, unit, "detail counts", first_day, last_day)
    return output.getvalue()


def _audit(request, unit, report, first_day, last_day, **extra) -> None:
    # Work information only: the people are named as "people", as the
    # station roster's export does, not as "employees" looked at.
    audit.record(
        audit.Kind.EXPORTED,
        request=request,
        target=unit,
        details={
            "action": "export",
            "report": report,
            "groups": ["work"],
            "from": f"{first_day:%Y-%m-%d}",
            "to": f"{last_day:%Y-%m-%d}",
            **extra,
        },
    )
