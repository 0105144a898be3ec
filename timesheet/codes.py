"""The time codes a timesheet entry carries, and what each one means.

Worked time and leave share one list so that an entry names exactly one code.
Leave codes take the values of scheduling's leave types, so that approved
leave requests pre-fill the timesheet without a translation table. How each
code reaches payroll (the NFC transaction codes) is data kept elsewhere:
this module only says what the product itself needs to know about a code.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db import models

from scheduling.models import LeaveType

QUARTER_HOUR = Decimal("0.25")
WHOLE_HOUR = Decimal("1")


class TimeCode(models.TextChoices):
    # Time worked.
    REGULAR = "REGULAR", "Regular time"
    SCHEDULED_OVERTIME = "SCHEDULED_OVERTIME", "Scheduled overtime"
    IRREGULAR_OVERTIME = "IRREGULAR_OVERTIME", "Irregular or occasional overtime"
    COMP_TIME_EARNED = "COMP_TIME_EARNED", "Compensatory time earned"
    TRAVEL_COMP_TIME = "TRAVEL_COMP_TIME", "Travel compensatory time earned"
    CREDIT_HOURS_EARNED = "CREDIT_HOURS_EARNED", "Credit hours earned"
    # Leave and other absence, named as scheduling names it.
    ANNUAL = LeaveType.ANNUAL.value, LeaveType.ANNUAL.label
    SICK = LeaveType.SICK.value, LeaveType.SICK.label
    COMPENSATORY = LeaveType.COMPENSATORY.value, LeaveType.COMPENSATORY.label
    CREDIT_HOURS = LeaveType.CREDIT_HOURS.value, LeaveType.CREDIT_HOURS.label
    HOLIDAY = "HOLIDAY", "Holiday (excused)"
    ADMINISTRATIVE = LeaveType.ADMINISTRATIVE.value, LeaveType.ADMINISTRATIVE.label
    MILITARY = LeaveType.MILITARY.value, LeaveType.MILITARY.label
    COURT = LeaveType.COURT.value, LeaveType.COURT.label
    LWOP = LeaveType.LWOP.value, LeaveType.LWOP.label
    AWOL = LeaveType.AWOL.value, LeaveType.AWOL.label


class Kind(models.TextChoices):
    WORK = "WORK", "Time worked"
    PAID_ABSENCE = "PAID_ABSENCE", "Paid leave or absence"
    NONPAY = "NONPAY", "Nonpay status"


@dataclass(frozen=True)
class CodeRules:
    kind: str
    # The smallest unit an entry of this code is charged in.
    increment: Decimal = QUARTER_HOUR
    # Charged against a balance the employee holds (annual, sick, ...).
    from_balance: bool = False
    # Only a supervisor may enter it (an agency determination, not a request).
    supervisor_only: bool = False


RULES: dict[str, CodeRules] = {
    TimeCode.REGULAR: CodeRules(Kind.WORK),
    TimeCode.SCHEDULED_OVERTIME: CodeRules(Kind.WORK),
    TimeCode.IRREGULAR_OVERTIME: CodeRules(Kind.WORK),
    TimeCode.COMP_TIME_EARNED: CodeRules(Kind.WORK),
    TimeCode.TRAVEL_COMP_TIME: CodeRules(Kind.WORK),
    TimeCode.CREDIT_HOURS_EARNED: CodeRules(Kind.WORK),
    TimeCode.ANNUAL: CodeRules(Kind.PAID_ABSENCE, from_balance=True),
    TimeCode.SICK: CodeRules(Kind.PAID_ABSENCE, from_balance=True),
    TimeCode.COMPENSATORY: CodeRules(Kind.PAID_ABSENCE, from_balance=True),
    TimeCode.CREDIT_HOURS: CodeRules(Kind.PAID_ABSENCE, from_balance=True),
    TimeCode.HOLIDAY: CodeRules(Kind.PAID_ABSENCE),
    TimeCode.ADMINISTRATIVE: CodeRules(Kind.PAID_ABSENCE),
    # Charged in whole hours (agencies' common practice; see the README).
    TimeCode.MILITARY: CodeRules(
        Kind.PAID_ABSENCE, increment=WHOLE_HOUR, from_balance=True
    ),
    TimeCode.COURT: CodeRules(Kind.PAID_ABSENCE),
    TimeCode.LWOP: CodeRules(Kind.NONPAY),
    TimeCode.AWOL: CodeRules(Kind.NONPAY, supervisor_only=True),
}


def rules_of(code: str) -> CodeRules:
    return RULES[TimeCode(code)]


def is_work(code: str) -> bool:
    return rules_of(code).kind == Kind.WORK
