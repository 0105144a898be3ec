"""The only code that changes scheduling's reference data."""

from django.db import transaction

from scheduling import pay_periods
from scheduling.models import PayPeriod


@transaction.atomic
def ensure_pay_periods(year: int) -> list[PayPeriod]:
    """The year's pay-period rows, made where missing; the grid decides."""
    rows = []
    for period in pay_periods.of_year(year):
        row, _ = PayPeriod.objects.get_or_create(
            year=period.year,
            number=period.number,
            defaults={"start_date": period.start, "end_date": period.end},
        )
        rows.append(row)
    return rows


def pay_period_row(day) -> PayPeriod:
    """The row of the pay period a day falls in, made if it is missing."""
    period = pay_periods.containing(day)
    ensure_pay_periods(period.year)
    return PayPeriod.objects.get(year=period.year, number=period.number)


def numbered_pay_period_row(year: int, number: int) -> PayPeriod:
    """PP ``number`` of ``year``; LookupError for a number the year lacks."""
    count = pay_periods.count_in_year(year)
    if not 1 <= number <= count:
        raise LookupError(f"{year} has pay periods 1 to {count}.")
    ensure_pay_periods(year)
    return PayPeriod.objects.get(year=year, number=number)
