"""The leave ledger: a leave year's accrual for everyone, the carry-over
ceiling, what a certified timesheet uses, and the balance the timesheet
checks leave against (domain rules 20, 21 and 23)."""

import io
from datetime import date
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from bpets.demo_population import DemoContext
from scheduling import pay_periods
from scheduling.services import ensure_pay_periods, numbered_pay_period_row
from staffing.models import Employee
from timesheet import leave_accrual, leave_demo, leave_services
from timesheet.models import LeaveLedgerEntry, LedgerKind


@pytest.fixture
def staff(people):
    """The subject (8 years of service in 2023), their supervisor (23), the
    second-line supervisor (no service date: sick leave only) and a
    contractor (no leave at all)."""
    subject = people["subject"]
    first_line = Employee.objects.get(user=people["first_line"])
    second_line = Employee.objects.get(user=people["second_line"])
    contractor = Employee.objects.get(user=people["peer"])
    subject.service_computation_date = date(2015, 1, 1)
    subject.save()
    first_line.service_computation_date = date(2000, 5, 1)
    first_line.save()
    contractor.employment_type = Employee.EmploymentType.CONTRACTOR
    contractor.save()
    ensure_pay_periods(2023)
    ensure_pay_periods(2024)
    return subject, first_line, second_line, contractor


def accrue_2023():
    for number in range(1, 28):
        leave_services.accrue_pay_period(numbered_pay_period_row(2023, number))


def opening(employee, hours, leave_type="ANNUAL"):
    LeaveLedgerEntry.objects.create(
        employee=employee,
        leave_type=leave_type,
        kind=LedgerKind.ADJUSTMENT,
        pay_period=numbered_pay_period_row(2023, 1),
        hours=hours,
        note="Opening balance",
    )


@pytest.mark.django_db
def test_a_27_pay_period_leave_year_accrues_27_times(staff):
    # 2023: annual 26 x 6 + 10 = 166 (8 years), 27 x 8 = 216 (23 years);
    # sick 27 x 4 = 108; military 120 in PP 20 (24 September - 7 October).
    subject, first_line, second_line, contractor = staff
    accrue_2023()
    into_2024 = numbered_pay_period_row(2024, 1)

    assert leave_accrual.balance(subject, "ANNUAL", into_2024) == 166
    assert leave_accrual.balance(subject, "SICK", into_2024) == 108
    assert leave_accrual.balance(first_line, "ANNUAL", into_2024) == 216
    assert leave_accrual.balance(second_line, "ANNUAL", into_2024) == 0
    assert leave_accrual.balance(second_line, "SICK", into_2024) == 108
    assert leave_accrual.balance(subject, "MILITARY", into_2024) == 120
    assert not LeaveLedgerEntry.objects.filter(employee=contractor).exists()


@pytest.mark.django_db
def test_accruing_a_pay_period_again_changes_nothing(staff):
    subject = staff[0]
    period = numbered_pay_period_row(2023, 5)
    first = leave_services.accrue_pay_period(period)
    again = leave_services.accrue_pay_period(period)

    # Sick for the four employees (the people fixture's other chain's
    # supervisor too), annual for the two with a service date.
    assert (first, again) == (6, 0)
    following = numbered_pay_period_row(2023, 6)
    assert leave_accrual.balance(subject, "ANNUAL", following) == 6


@pytest.mark.django_db
def test_the_balance_going_into_a_pay_period_leaves_out_its_own_accrual(staff):
    subject = staff[0]
    leave_services.accrue_pay_period(numbered_pay_period_row(2023, 5))

    assert leave_accrual.balance(subject, "SICK", numbered_pay_period_row(2023, 5)) == 0
    dates = leave_accrual.dates_of(numbered_pay_period_row(2023, 6))
    assert leave_accrual.balance(subject, "SICK", dates) == 4


@pytest.mark.django_db
def test_annual_leave_above_240_hours_is_forfeited_at_the_end_of_the_year(staff):
    # 300 h carried into 2023 + 166 earned = 466: 226 h forfeited in PP 27,
    # 240 go into 2024. Restored annual leave is annual leave on the
    # timesheet: 16 h more are available, and not forfeited.
    subject = staff[0]
    opening(subject, Decimal(300))
    opening(subject, Decimal(16), "RESTORED_ANNUAL")
    accrue_2023()
    accrue_2023()  # and again: still one forfeit
    into_2024 = numbered_pay_period_row(2024, 1)

    forfeit = LeaveLedgerEntry.objects.get(
        employee=subject, kind=LedgerKind.FORFEIT, leave_type="ANNUAL"
    )
    assert forfeit.hours == Decimal("-226")
    assert forfeit.pay_period == numbered_pay_period_row(2023, 27)
    assert leave_accrual.balance(subject, "ANNUAL", into_2024) == 256
    assert leave_accrual.balances(subject, into_2024)["ANNUAL"] == 240
    assert leave_accrual.balances(subject, into_2024)["RESTORED_ANNUAL"] == 16


@pytest.mark.django_db
def test_military_leave_carried_over_stops_at_120_hours(staff):
    # 150 h held before PP 20: 30 forfeited, then 120 credited = 240.
    subject = staff[0]
    opening(subject, Decimal(150), "MILITARY")
    leave_services.accrue_pay_period(numbered_pay_period_row(2023, 20))

    following = numbered_pay_period_row(2023, 21)
    assert leave_accrual.balance(subject, "MILITARY", following) == 240


@pytest.mark.django_db
def test_a_certified_timesheet_charges_and_credits_and_an_amendment_corrects(
    staff, people
):
    subject = staff[0]
    opening(subject, Decimal(40))
    period = numbered_pay_period_row(2023, 3)
    user = people["first_line"]

    leave_services.post_timesheet(
        subject,
        period,
        used={"ANNUAL": Decimal(8), "REGULAR": Decimal(72)},
        earned={"COMPENSATORY": Decimal(3)},
        user=user,
    )
    following = numbered_pay_period_row(2023, 4)
    assert leave_accrual.balance(subject, "ANNUAL", following) == 32
    assert leave_accrual.balance(subject, "COMPENSATORY", following) == 3

    # Amended: 6 h of annual leave, no comp time. Both corrections are new
    # rows; the first posting stays.
    written = leave_services.post_timesheet(
        subject, period, used={"ANNUAL": Decimal(6)}, earned={}, user=user
    )
    assert written == 2
    assert leave_accrual.balance(subject, "ANNUAL", following) == 34
    assert leave_accrual.balance(subject, "COMPENSATORY", following) == 0
    assert LeaveLedgerEntry.objects.filter(kind=LedgerKind.USED).count() == 2
    assert LeaveLedgerEntry.history.filter(employee_id=subject.pk).count() == 5


@pytest.mark.django_db
def test_the_demo_accrues_last_year_and_this_one_up_to_today(staff):
    # The subject (service from 2015) is in the 6-hour tier all along: last
    # leave year's 160 h plus 6 h for each pay period of this one before
    # today's (none of them the year's last).
    subject = staff[0]
    demo = DemoContext()
    leave_demo.populate(demo)
    leave_demo.populate(demo)  # and again: nothing more
    today = pay_periods.containing(timezone.localdate())
    before_today = today.number - 1

    held = leave_accrual.balance(subject, "ANNUAL", today)
    assert held == 160 + 6 * before_today
    assert leave_accrual.balance(subject, "SICK", today) == 4 * (
        pay_periods.count_in_year(today.year - 1) + before_today
    )
    assert demo.notes[0].startswith("Leave balances: accrued for everyone")


@pytest.mark.django_db
def test_the_command_accrues_a_named_pay_period_and_refuses_one_that_is_not(staff):
    out = io.StringIO()
    call_command("accrue_leave", "--pay-period", "2023-05", stdout=out)

    assert out.getvalue() == "PP 05/2023: 6 leave rows written.\n"
    with pytest.raises(CommandError, match="2023 has no pay period 28."):
        call_command("accrue_leave", "--pay-period", "2023-28")
    with pytest.raises(CommandError, match="is not a pay period"):
        call_command("accrue_leave", "--pay-period", "May")
