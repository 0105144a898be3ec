"""The agents' tours over a pay period: levels, obligated overtime and debt,
the biweekly threshold, compensatory time and advanced training (domain
rules 5, 7-11, 17 and 29), worked out by hand."""

from datetime import date, time
from decimal import Decimal

from tests.timesheet.pay_rules_helpers import (
    RULES,
    h,
    leave,
    shift,
    workdays,
    worked,
    worker,
)
from timesheet.pay_rules import Entry, compute_period

# 23 February - 8 March 2025: no holiday, no clock change.
FIRST = date(2025, 2, 23)
TUESDAY = date(2025, 2, 25)
SATURDAY = date(2025, 3, 1)
ENDS = {"LEVEL_1": time(16), "LEVEL_2": time(15), "BASIC": time(14)}


def full_period(tour="LEVEL_1", extra=(), skip=(), **carried):
    """Day shifts from 06:00 on the ten weekdays, worked in full except
    on the ``skip`` days."""
    days = workdays(FIRST)
    shifts = [shift(day, time(6), ENDS[tour]) for day in days]
    entries = [worked(d, time(6), ENDS[tour]) for d in days if d not in skip]
    return compute_period(
        FIRST, worker(tour), shifts, entries + list(extra), (), rules=RULES, **carried
    )


def test_level_1_and_basic_agents_over_a_full_period():
    # Rule 5: Level 1 = 10 x (8 + 2) = 100 h; Level 2 = 10 x (8 + 1) = 90;
    # Basic = 10 x 8 = 80. Each week holds half.
    level_1, level_2, basic = (full_period(t) for t in ("LEVEL_1", "LEVEL_2", "BASIC"))

    assert (level_1.period.regular, level_1.period.tour_overtime) == (h(80), h(20))
    assert level_1.work_credit == h(100)
    assert [w.tour_overtime for w in level_1.weeks] == [h(10), h(10)]
    assert (level_2.period.regular, level_2.period.tour_overtime) == (h(80), h(10))
    assert level_2.work_credit == h(90)
    assert (basic.period.regular, basic.period.tour_overtime) == (h(80), h(0))
    assert basic.work_credit == h(80)
    for result in (level_1, level_2, basic):
        assert result.period.overtime_debt == h(0)
        assert result.flags == ()


def short_tuesday(tour, entries):
    return compute_period(
        FIRST, worker(tour), [shift(TUESDAY, time(6), ENDS[tour])], entries, ()
    ).period


def test_leaving_after_8_regular_hours_owes_the_tour_overtime():
    # Rule 7: a Level 1 agent works 06:00-14:00 of 06:00-16:00: 2 h debt.
    totals = short_tuesday("LEVEL_1", [worked(TUESDAY, time(6), time(14))])

    assert (totals.regular, totals.tour_overtime) == (h(8), h(0))
    assert totals.overtime_debt == h(2)


def test_part_work_part_leave_owes_the_tour_overtime():
    # Rule 7: 06:00-10:00 worked then 4 h annual leave: 4 regular, 4 leave,
    # 2 h debt at Level 1 and 1 h at Level 2.
    for tour, debt in (("LEVEL_1", h(2)), ("LEVEL_2", h(1))):
        entries = [worked(TUESDAY, time(6), time(10)), leave(TUESDAY, 4)]
        totals = short_tuesday(tour, entries)

        assert totals.regular == h(4)
        assert totals.by_code["ANNUAL"] == h(4)
        assert totals.overtime_debt == debt


def test_a_full_day_of_leave_owes_nothing_and_still_counts_toward_the_tour():
    # Rule 8: 8 h annual leave, no regular work: no obligation, no debt; the
    # 2 tour-overtime hours are excused and count toward the 100 hours.
    result = full_period(skip={TUESDAY}, extra=[leave(TUESDAY, 8)])

    assert result.period.by_code["ANNUAL"] == h(8)
    assert result.period.overtime_debt == h(0)
    assert result.period.excused_tour_overtime == h(2)
    assert result.work_credit == h(72 + 18 + 8 + 2)


def test_debt_reaching_24_then_60_hours_is_flagged():
    # Rule 9: one short day (2 h debt) on top of what was carried in.
    short = [worked(TUESDAY, time(6), time(14))]
    consult = full_period(skip={TUESDAY}, extra=short, overtime_debt_before=h(22))
    basic = full_period(skip={TUESDAY}, extra=short, overtime_debt_before=h(58))
    below = full_period(skip={TUESDAY}, extra=short, overtime_debt_before=h(21))

    assert consult.flags == (
        "Overtime debt of 24 hours reaches 24 hours: supervisor consultation.",
    )
    assert basic.flags == (
        "Overtime debt of 60 hours reaches 60 hours: move the agent to the Basic tour.",
    )
    assert below.flags == ()


def test_hours_past_the_threshold_are_overtime_if_scheduled_else_comp_time():
    # Rule 10: 100 h of tour plus 4 h outside it on Saturday = 104 h: 4 h
    # beyond the threshold.
    scheduled = [worked(SATURDAY, time(8), time(12), "SCHEDULED_OVERTIME")]
    irregular = [worked(SATURDAY, time(8), time(12), "IRREGULAR_OVERTIME")]
    paid = full_period(extra=scheduled)
    comp = full_period(extra=irregular)

    assert paid.work_credit == h(100)
    assert (paid.period.overtime, paid.period.comp_time_earned) == (h(4), h(0))
    assert paid.days[SATURDAY].overtime == h(4)
    assert paid.weeks[0].overtime == h(4)
    assert (comp.period.overtime, comp.period.comp_time_earned) == (h(0), h(4))


def test_work_outside_the_tour_first_makes_up_a_short_tour():
    # A day of LWOP leaves 90 h of credit; 4 h of scheduled overtime bring it
    # to 94: under 100, so none of them is overtime, and the tour is still
    # 6 hours short.
    extra = [leave(TUESDAY, 8, "LWOP")]
    extra += [worked(SATURDAY, time(8), time(12), "SCHEDULED_OVERTIME")]
    result = full_period(skip={TUESDAY}, extra=extra)

    assert result.work_credit == h(90)
    assert result.period.overtime == h(0)
    assert result.period.tour_fill_in == h(4)
    assert result.days[SATURDAY].tour_fill_in == h(4)
    assert result.flags == (
        "4 hours worked outside the tour counted toward the 100 hours of the "
        "tour, still 6 hours short: not overtime.",
    )


def test_comp_time_is_capped_at_10_hours_a_period_and_240_a_year():
    # Rule 11: 13 h of irregular overtime beyond a full tour: 10 credited.
    saturday = [worked(SATURDAY, time(6), time(19), "IRREGULAR_OVERTIME")]
    capped = full_period(extra=saturday)
    yearly = full_period(extra=saturday, comp_time_earned_before=h(235))

    assert capped.period.comp_time_earned == h(10)
    assert capped.period.tour_fill_in == h(0)
    assert capped.flags == (
        "13 hours of compensatory time earned but only 10 hours credited "
        "(pay-period and yearly caps): exception.",
    )
    assert yearly.period.comp_time_earned == h(5)


def test_a_call_back_earns_at_least_2_hours():
    # Rule 11: 45 minutes of work on a day off: 2.00 h of comp time.
    call = [worked(SATURDAY, time(9), time(9, 45), "COMP_TIME_EARNED")]
    result = full_period(extra=call)

    assert result.period.by_code["COMP_TIME_EARNED"] == Decimal("0.75")
    assert result.period.comp_time_earned == h(2)


def test_a_call_back_after_leaving_the_worksite_on_a_workday():
    call = [
        worked(TUESDAY, time(20), time(20, 30), "IRREGULAR_OVERTIME", call_back=True)
    ]

    assert full_period(extra=call).period.comp_time_earned == h(2)


def test_a_workday_holiday_off_is_8_hours_of_holiday_and_no_obligation():
    # Rule 17: Monday 17 February 2025 (Washington's Birthday), scheduled
    # 06:00-16:00, not worked: 8 h holiday, no debt, 2 h excused.
    monday = date(2025, 2, 17)
    agent = worker()
    result = compute_period(
        date(2025, 2, 9), agent, [shift(monday, time(6), time(16))], [], None
    )

    assert result.period.by_code == {"HOLIDAY": h(8)}
    assert result.period.overtime_debt == h(0)
    assert result.period.excused_tour_overtime == h(2)


def training_period(days_before):
    first_two = workdays(FIRST)[:2]
    entries = [Entry(d, "REGULAR", hours=h(8), training=True) for d in first_two]
    shifts = [shift(d, time(6), time(16)) for d in first_two]
    return compute_period(
        FIRST, worker(), shifts, entries, (), training_days_before=days_before
    )


def test_advanced_training_days_owe_no_overtime_and_past_60_pay_at_basic():
    # Rule 29: two 8-hour training days. With 10 days before, both keep the
    # Level 1 supplement (2 h excused each); with 59 before, the second is
    # the 61st day of the year and is paid at Basic.
    early, late = training_period(10), training_period(59)
    second = workdays(FIRST)[1]

    assert early.period.regular == h(16)
    assert early.period.overtime_debt == h(0)
    assert early.period.excused_tour_overtime == h(4)
    assert early.basic_pay_days == ()
    assert late.period.excused_tour_overtime == h(2)
    assert late.basic_pay_days == (second,)
    assert (
        f"{second:%Y-%m-%d}: advanced training beyond 60 days this year, paid "
        "at the Basic tour."
    ) in late.flags


def test_a_schedule_that_is_not_the_elected_tour_is_flagged():
    # Rule 5: a Level 2 agent scheduled 06:00-16:00 on four days a week:
    # 8 workdays, each 10 hours where the tour has 10 workdays of 9.
    days = [d for d in workdays(FIRST) if d.weekday() != 4]  # no Fridays
    shifts = [shift(day, time(6), time(16)) for day in days]
    entries = [worked(day, time(6), time(16)) for day in days]
    result = compute_period(FIRST, worker("LEVEL_2"), shifts, entries, ())

    assert result.flags[0] == (
        "The schedule sets 8 workdays; the Level 2 tour has 10 workdays of 9 hours."
    )
    assert result.flags[1] == (
        f"{days[0]:%Y-%m-%d}: the scheduled shift is 10 hours; a Level 2 "
        "workday is 9 hours."
    )
    assert len([f for f in result.flags if "scheduled shift is" in f]) == 8


def holiday_between(friday_code, tuesday_code):
    """Washington's Birthday, Monday 17 February 2025, off, between Friday
    the 14th and Tuesday the 18th, both scheduled 06:00-16:00 and taken
    as 8 hours of the codes given."""
    friday, monday, tuesday = date(2025, 2, 14), date(2025, 2, 17), date(2025, 2, 18)
    shifts = [shift(day, time(6), time(16)) for day in (friday, monday, tuesday)]
    entries = [
        leave(friday, 8, friday_code),
        leave(tuesday, 8, tuesday_code),
    ]
    return compute_period(date(2025, 2, 9), worker(), shifts, entries, None).period


def test_a_holiday_between_two_days_of_nonpay_is_charged_as_nonpay():
    # Rule 24: LWOP on the workdays before and after the holiday: the
    # holiday is 8 h of LWOP, not of holiday.
    both = holiday_between("LWOP", "LWOP")
    # LWOP before only: the holiday is paid.
    before_only = holiday_between("LWOP", "ANNUAL")

    assert both.by_code == {"LWOP": h(24)}
    assert before_only.by_code == {"LWOP": h(8), "HOLIDAY": h(8), "ANNUAL": h(8)}
