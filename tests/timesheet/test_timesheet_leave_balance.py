"""Leave is checked against the balance held going into the pay period,
and a certified timesheet charges what it used."""

from datetime import date
from decimal import Decimal

import pytest

from scheduling import services
from tests.timesheet.conftest import close_every_shift
from timesheet import entries, leave_accrual, workflow
from timesheet.models import LeaveLedgerEntry
from timesheet.validation import Proposed, Refused

pytestmark = pytest.mark.django_db

WEDNESDAY = date(2026, 1, 14)


@pytest.fixture
def four_hours_of_annual_leave(subject):
    """4 hours accrued in the last pay period of 2025."""
    services.ensure_pay_periods(2025)
    LeaveLedgerEntry.objects.create(
        employee=subject,
        leave_type="ANNUAL",
        kind="ACCRUAL",
        pay_period=services.numbered_pay_period_row(2025, 26),
        hours=Decimal(4),
    )


def annual(people, sheet, hours):
    return entries.add_entry(
        actor=people["self"],
        sheet=sheet,
        proposed=Proposed(WEDNESDAY, "ANNUAL", Decimal(hours)),
    )


def test_leave_beyond_the_balance_is_refused(
    timesheet, people, four_hours_of_annual_leave
):
    annual(people, timesheet, "0.25")
    annual(people, timesheet, "3.75")

    with pytest.raises(Refused) as refused:
        annual(people, timesheet, "0.25")

    assert refused.value.errors == {
        "hours": "Wed 14 Jan 2026: 0.25 hours of annual leave would bring this "
        "pay period's annual leave to 4.25 hours, beyond the balance of 4.00 "
        "hours."
    }
    assert sum(e.hours for e in timesheet.entries.all()) == Decimal("4.00")


def test_annual_leave_is_taken_in_quarter_hours(
    timesheet, people, four_hours_of_annual_leave
):
    with pytest.raises(Refused, match="charged in steps of 0.25 hours; 0.3 hours"):
        annual(people, timesheet, "0.3")


def test_certifying_charges_the_leave_used(
    timesheet, people, keeper, four_hours_of_annual_leave
):
    close_every_shift(timesheet, people["self"])
    annual(people, timesheet, "1.5")
    workflow.submit(actor=people["self"], sheet=timesheet, attested=True)
    workflow.validate(actor=keeper, sheet=timesheet)
    workflow.certify(actor=people["first_line"], sheet=timesheet)

    following = services.numbered_pay_period_row(2026, 2)
    # 4 accrued, 1.5 used.
    assert leave_accrual.balance(timesheet.employee, "ANNUAL", following) == Decimal(
        "2.50"
    )
