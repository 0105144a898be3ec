"""Annual and sick leave earned per pay period (domain rules 2, 4 and 20),
added up by hand over whole leave years."""

from datetime import date

import pytest

from scheduling import pay_periods
from timesheet.leave_accrual import (
    annual_accrual,
    is_last_of_leave_year,
    starts_fiscal_year,
    years_of_service,
)


def year_total(service_date, year):
    return sum(annual_accrual(service_date, p) for p in pay_periods.of_year(year))


def test_years_of_service_are_whole_years():
    assert years_of_service(date(2020, 3, 15), date(2023, 3, 14)) == 2
    assert years_of_service(date(2020, 3, 15), date(2023, 3, 15)) == 3
    assert years_of_service(date(2030, 1, 1), date(2023, 3, 15)) == 0


@pytest.mark.parametrize(
    ("service_date", "year", "total"),
    [
        # 2023 has 27 pay periods (it began on Sunday 1 January): 27 x 4.
        (date(2022, 6, 1), 2023, 108),
        # 8 years of service: 26 x 6 + 10 in the last pay period (27th).
        (date(2015, 1, 1), 2023, 166),
        # 23 years: 27 x 8.
        (date(2000, 5, 1), 2023, 216),
        # 2024 has 26: the 6-hour tier earns 25 x 6 + 10 = 160.
        (date(2015, 1, 1), 2024, 160),
        # Three years reached on 15 March 2024: PP 1-5 (from 14 January to
        # 10 March) at 4 h = 20; PP 6-26 at 6 h, the last at 10: 20 x 6 + 10.
        (date(2021, 3, 15), 2024, 20 + 120 + 10),
        # Fifteen years reached on 1 July 2025: PP 1-13 (to the one that
        # starts 29 June) at 6 = 78; PP 14-26 at 8 = 104.
        (date(2010, 7, 1), 2025, 78 + 104),
    ],
)
def test_annual_leave_over_a_leave_year(service_date, year, total):
    assert year_total(service_date, year) == total


def test_the_last_pay_period_of_the_leave_year():
    assert pay_periods.count_in_year(2023) == 27
    assert is_last_of_leave_year(pay_periods.numbered(2023, 27))
    assert not is_last_of_leave_year(pay_periods.numbered(2023, 26))
    assert is_last_of_leave_year(pay_periods.numbered(2024, 26))


def test_military_leave_is_credited_in_the_pay_period_holding_1_october():
    # PP 19 of 2025 runs 21 September - 4 October.
    assert starts_fiscal_year(pay_periods.numbered(2025, 19))
    assert not starts_fiscal_year(pay_periods.numbered(2025, 18))
    assert not starts_fiscal_year(pay_periods.numbered(2025, 20))
