"""The federal bi-weekly pay-period calendar.

Pay periods are 14 days from a Sunday, on one grid fixed by an anchor date
(``settings.PAY_PERIOD_ANCHOR``, a Sunday that began a pay period). Pay
period 1 of a year is the first on the grid that begins on or after
1 January; the year runs until the next year's pay period 1. That makes
26 pay periods, or 27 when the first begins on 1 January (or on 2 January
of a leap year), as in 2023. The leave year follows the same calendar.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings

LENGTH = timedelta(days=14)
# The official payday is the second Thursday after the pay period ends.
PAYDAY_AFTER_END = timedelta(days=12)


@dataclass(frozen=True, order=True)
class PayPeriodDates:
    year: int
    number: int
    start: date

    @property
    def end(self) -> date:
        """The last day, a Saturday."""
        return self.start + LENGTH - timedelta(days=1)

    @property
    def payday(self) -> date:
        return self.end + PAYDAY_AFTER_END

    @property
    def label(self) -> str:
        return f"PP {self.number:02d}/{self.year}"

    def days(self) -> list[date]:
        return [self.start + timedelta(days=offset) for offset in range(14)]

    def __contains__(self, day: date) -> bool:
        return self.start <= day <= self.end


def anchor() -> date:
    anchored = settings.PAY_PERIOD_ANCHOR
    if anchored.weekday() != 6:
        raise ValueError(f"PAY_PERIOD_ANCHOR {anchored} is not a Sunday.")
    return anchored


def first_of_year(year: int) -> date:
    """The start of pay period 1: the first grid Sunday on or after 1 January."""
    new_year = date(year, 1, 1)
    behind = (new_year - anchor()).days % 14
    return new_year if behind == 0 else new_year + timedelta(days=14 - behind)


def count_in_year(year: int) -> int:
    return (first_of_year(year + 1) - first_of_year(year)).days // 14


def of_year(year: int) -> list[PayPeriodDates]:
    first = first_of_year(year)
    return [
        PayPeriodDates(year, number, first + LENGTH * (number - 1))
        for number in range(1, count_in_year(year) + 1)
    ]


def containing(day: date) -> PayPeriodDates:
    """The pay period a day falls in (late December may belong to the year
    before, when that year's last pay period runs into January)."""
    year = day.year if day >= first_of_year(day.year) else day.year - 1
    number = (day - first_of_year(year)).days // 14 + 1
    return PayPeriodDates(year, number, first_of_year(year) + LENGTH * (number - 1))


def numbered(year: int, number: int) -> PayPeriodDates:
    if not 1 <= number <= count_in_year(year):
        raise ValueError(f"{year} has no pay period {number}.")
    return PayPeriodDates(year, number, first_of_year(year) + LENGTH * (number - 1))


def following(period: PayPeriodDates) -> PayPeriodDates:
    return containing(period.end + timedelta(days=1))
