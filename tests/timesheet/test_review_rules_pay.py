"""Review finding on the over-tour notice (issue 10): work outside the tour
"made up" the tour only when the pay period's credit reaches it; short of
it, the notice says by how much the tour is still short."""

from datetime import time

from tests.timesheet.pay_rules_helpers import RULES, h, leave, shift, worked, worker
from tests.timesheet.test_pay_rules_tours import FIRST, SATURDAY, TUESDAY, full_period
from timesheet.pay_rules import compute_period


def test_outside_work_that_reaches_the_tour_made_it_up():
    # A day of LWOP leaves 90 h of credit (rule 5); 12 h of scheduled
    # overtime on the Saturday off: 10 make up the 100, 2 are overtime.
    extra = [leave(TUESDAY, 8, "LWOP")]
    extra += [worked(SATURDAY, time(4), time(16), "SCHEDULED_OVERTIME")]
    result = full_period(skip={TUESDAY}, extra=extra)

    assert result.work_credit == h(90)
    assert (result.period.tour_fill_in, result.period.overtime) == (h(10), h(2))
    assert result.flags == (
        "10 hours worked outside the tour made up the 100 hours of the tour: "
        "not overtime.",
    )


def test_sixty_hours_recorded_are_not_said_to_make_up_the_tour():
    # Five of the ten workdays worked (5 x 10 = 50 h of credit) and 10 h of
    # irregular overtime on the Saturday off: 60 h, 40 short of 100.
    days = [FIRST.replace(day=24 + offset) for offset in range(5)]
    shifts = [shift(day, time(6), time(16)) for day in days]
    entries = [worked(day, time(6), time(16)) for day in days]
    entries += [worked(SATURDAY, time(6), time(16), "IRREGULAR_OVERTIME")]
    result = compute_period(FIRST, worker(), shifts, entries, (), rules=RULES)

    assert result.work_credit == h(50)
    assert (result.period.comp_time_earned, result.period.tour_fill_in) == (
        h(0),
        h(10),
    )
    assert (
        "10 hours worked outside the tour counted toward the 100 hours of the "
        "tour, still 40 hours short: not overtime."
    ) in result.flags
    assert not any("made up" in flag for flag in result.flags)
