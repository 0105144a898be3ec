"""The pay-rule figures: fixed by statute, or settings where unconfirmed.

The fixed ones are read in the sources the pay-rules module names. The
others (``settings.TIMESHEET_RULES``) are what the domain notes could only
infer or read second-hand; each keeps the notes' default and the README
describes it.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings

from scheduling.models import OvertimeLevel

# A regular workday of every tour is 8 hours; Level 1 adds 2 hours of tour
# overtime and Level 2 one (Pub. L. 113-277; 5 CFR 550 subpart P).
REGULAR_HOURS_A_DAY = Decimal(8)
TOUR_OVERTIME_A_DAY = {
    OvertimeLevel.LEVEL_1: Decimal(2),
    OvertimeLevel.LEVEL_2: Decimal(1),
    OvertimeLevel.BASIC: Decimal(0),
}
# Sunday and holiday premiums cover at most 8 hours of a tour, and any
# holiday work is paid for at least 2 hours (5 U.S.C. 5546).
SUNDAY_PREMIUM_CAP = Decimal(8)
HOLIDAY_PREMIUM_CAP = Decimal(8)
HOLIDAY_WORK_MINIMUM = Decimal(2)
# Night pay covers paid leave only while the pay period's paid leave stays
# under 8 hours (5 U.S.C. 5545(a); 5 CFR 550.122).
NIGHT_PAY_LEAVE_LIMIT = Decimal(8)


def _thresholds() -> dict[str, Decimal]:
    return {
        OvertimeLevel.LEVEL_1: Decimal(100),
        OvertimeLevel.LEVEL_2: Decimal(90),
        OvertimeLevel.BASIC: Decimal(80),
    }


@dataclass(frozen=True)
class PayRules:
    credit_crossing_hours: str = "worked"
    tour_overtime_position: str = "last"
    night_pay_on_tour_overtime: bool = False
    biweekly_thresholds: dict[str, Decimal] = field(default_factory=_thresholds)
    debt_consultation_hours: Decimal = Decimal(24)
    debt_basic_tour_hours: Decimal = Decimal(60)
    comp_time_cap_per_period: Decimal = Decimal(10)
    comp_time_cap_per_year: Decimal = Decimal(240)
    call_back_minimum_hours: Decimal = Decimal(2)
    training_days_at_elected_tour: int = 60
    inauguration_day: bool = False

    @classmethod
    def from_settings(cls) -> "PayRules":
        configured = getattr(settings, "TIMESHEET_RULES", {})
        defaults = cls()
        return cls(
            credit_crossing_hours=configured.get(
                "CREDIT_CROSSING_HOURS", defaults.credit_crossing_hours
            ),
            tour_overtime_position=configured.get(
                "TOUR_OVERTIME_POSITION", defaults.tour_overtime_position
            ),
            night_pay_on_tour_overtime=configured.get(
                "NIGHT_PAY_ON_TOUR_OVERTIME", defaults.night_pay_on_tour_overtime
            ),
            biweekly_thresholds={
                tour: Decimal(str(hours))
                for tour, hours in configured.get(
                    "BIWEEKLY_THRESHOLDS", defaults.biweekly_thresholds
                ).items()
            },
            debt_consultation_hours=_hours(
                configured, "DEBT_CONSULTATION_HOURS", defaults.debt_consultation_hours
            ),
            debt_basic_tour_hours=_hours(
                configured, "DEBT_BASIC_TOUR_HOURS", defaults.debt_basic_tour_hours
            ),
            comp_time_cap_per_period=_hours(
                configured,
                "COMP_TIME_CAP_PER_PERIOD",
                defaults.comp_time_cap_per_period,
            ),
            comp_time_cap_per_year=_hours(
                configured, "COMP_TIME_CAP_PER_YEAR", defaults.comp_time_cap_per_year
            ),
            call_back_minimum_hours=_hours(
                configured, "CALL_BACK_MINIMUM_HOURS", defaults.call_back_minimum_hours
            ),
            training_days_at_elected_tour=int(
                configured.get(
                    "TRAINING_DAYS_AT_ELECTED_TOUR",
                    defaults.training_days_at_elected_tour,
                )
            ),
            inauguration_day=configured.get(
                "INAUGURATION_DAY", defaults.inauguration_day
            ),
        )


def _hours(configured: dict, name: str, default: Decimal) -> Decimal:
    return Decimal(str(configured.get(name, default)))
