"""Counts of deaths and rescues, for this module's page and for reporting.

The one way the numbers leave the module: each row is a group (a sector,
a station, a month, a fiscal year or a circumstance) with its deaths,
rescues and total, and nothing about any person. The fiscal year runs
from October to September (fiscal 2026 began on 1 October 2025); days are
the station's own.
"""

from dataclasses import dataclass

from django.db.models import Count, Q
from django.db.models.functions import TruncMonth

from bsits.models import Circumstance, Event, EventType

GROUPINGS = {
    "sector": ("sector_id", "sector__name"),
    "station": ("station_id", "station__name"),
    "month": ("month", None),
    "fiscal_year": ("fiscal_year", None),
    "circumstance": ("circumstance", None),
}


@dataclass(frozen=True)
class CountRow:
    key: object
    label: str
    deaths: int
    rescues: int

    @property
    def total(self) -> int:
        return self.deaths + self.rescues


def fiscal_year_of(day) -> int:
    return day.year + 1 if day.month >= 10 else day.year


def _label(grouping: str, row: dict) -> str:
    if grouping == "month":
        return f"{row['month']:%Y-%m}"
    if grouping == "fiscal_year":
        return f"FY {row['fiscal_year']}"
    if grouping == "circumstance":
        return Circumstance(row["circumstance"]).label
    return row[GROUPINGS[grouping][1]]


def event_counts(
    *,
    by: str,
    fiscal_year: int | None = None,
    units: frozenset[int] | None = None,
    sector_id: int | None = None,
) -> list[CountRow]:
    """Deaths and rescues grouped ``by`` one of GROUPINGS.

    ``units`` narrows to events of those stations or sectors (None: all).
    """
    key, name = GROUPINGS[by]
    events = Event.objects.order_by()
    if fiscal_year is not None:
        events = events.filter(fiscal_year=fiscal_year)
    if sector_id is not None:
        events = events.filter(sector_id=sector_id)
    if units is not None:
        events = events.filter(Q(station_id__in=units) | Q(sector_id__in=units))
    if by == "month":
        events = events.annotate(month=TruncMonth("occurred_on"))
    columns = [key] + ([name] if name else [])
    rows = (
        events.values(*columns)
        .annotate(
            deaths=Count("pk", filter=Q(event_type=EventType.DEATH)),
            rescues=Count("pk", filter=Q(event_type=EventType.RESCUE)),
        )
        .order_by(name or key)
    )
    return [
        CountRow(row[key], _label(by, row), row["deaths"], row["rescues"])
        for row in rows
    ]


def fiscal_years() -> list[int]:
    return list(
        Event.objects.order_by("-fiscal_year")
        .values_list("fiscal_year", flat=True)
        .distinct()
    )
