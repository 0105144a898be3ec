"""The checks an entry (or a closed shift) must pass before it is kept.

Each refusal names the day and the field, so the person can find it. The
timesheet's days and entries are passed in as loaded, so checking costs no
query beyond the leave balance.
"""

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.conf import settings
from django.utils import timezone

from scheduling.models import CellStatus
from timesheet.codes import Kind, TimeCode, rules_of

DAY_HOURS = Decimal(24)
# Leave is charged against regular time: a whole day of it is 8 hours,
# whatever the tour's overtime (domain rules 8 and 19).
LEAVE_HOURS_A_DAY = Decimal(8)
MINUTES_AN_HOUR = Decimal(60)


class Refused(Exception):
    """The entry is not kept; ``errors`` maps each field to its message."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(errors.values()))
        self.errors = errors


@dataclass(frozen=True)
class Proposed:
    """An entry as typed, its times already turned into instants."""

    day: date
    code: str
    hours: Decimal
    start: datetime | None = None
    end: datetime | None = None


def day_label(day: date) -> str:
    return f"{day:%a %d %b %Y}"


def increment_of(code: str) -> Decimal:
    """The smallest unit ``code`` is charged in (leave from the settings)."""
    rules = rules_of(code)
    if rules.kind == Kind.WORK:
        return rules.increment
    minutes = (
        settings.TIMESHEET_MILITARY_LEAVE_INCREMENT_MINUTES
        if code == TimeCode.MILITARY
        else settings.TIMESHEET_LEAVE_INCREMENT_MINUTES
    )
    return Decimal(minutes) / MINUTES_AN_HOUR


def now() -> datetime:
    """The present instant (one place for the tests to set it)."""
    return timezone.now()


def exact_hours(start: datetime, end: datetime) -> Decimal:
    """Elapsed hours between two instants, exact to the second."""
    seconds = int((end - start).total_seconds())
    return Decimal(seconds) / Decimal(3600)


def check_entry(proposed: Proposed, *, period, days, entries, zone) -> None:
    """Refuse ``proposed`` against the timesheet's ``days`` (ScheduledDay
    rows) and ``entries`` (TimeEntry rows) if any rule is broken."""
    label = day_label(proposed.day)
    if not period.start_date <= proposed.day <= period.end_date:
        raise Refused(
            {
                "day": f"{label} is outside the pay period "
                f"({period.start_date:%d %b} – {period.end_date:%d %b %Y})."
            }
        )
    increment = increment_of(proposed.code)
    if proposed.hours <= 0 or proposed.hours % increment:
        name = TimeCode(proposed.code).label
        raise Refused(
            {
                "hours": f"{label}: {name} is charged in steps of "
                f"{_say(increment)}; {_say(proposed.hours)} is not one."
            }
        )
    on_day = [entry for entry in entries if entry.day == proposed.day]
    shift = next((day for day in days if day.day == proposed.day), None)
    if _is_leave(proposed.code):
        _check_leave_in_regular_time(label, proposed, on_day, shift)
    else:
        _check_work_done(label, proposed, zone)
    _check_day_total(label, proposed.hours, on_day, shift)
    _check_overlap(label, proposed, on_day, shift, zone)


def check_actual(day, start: datetime, end: datetime, *, entries, zone) -> None:
    """Refuse actual times for a scheduled ``day`` that break a rule."""
    label = day_label(day.day)
    if end <= start:
        raise Refused({"actual_end": f"{label}: the shift must end after it starts."})
    if end > now():
        raise Refused(
            {
                "actual_end": f"{label}: the shift ends at {_clock(end, zone)}, "
                "which has not come yet; close it as worked once it is over."
            }
        )
    on_day = [entry for entry in entries if entry.day == day.day]
    worked = exact_hours(start, end)
    listed = sum((entry.hours for entry in on_day), Decimal(0))
    if worked + listed > DAY_HOURS:
        raise Refused(
            {
                "actual_end": f"{label}: {_say(worked + listed)} recorded, more "
                "than the 24 hours of a day."
            }
        )
    for entry in on_day:
        if _overlaps(entry, start, end):
            raise Refused(
                {
                    "actual_start": f"{label}: the shift overlaps the "
                    f"{entry.get_code_display().lower()} entered for "
                    f"{_clock(entry.start, zone)}–{_clock(entry.end, zone)}."
                }
            )


def regular_hours_of(shift) -> Decimal:
    """The regular hours of a day, the most leave it can be charged: those
    of its tour up to 8 on a scheduled workday (or a day the schedule set
    to leave), none on a day without a scheduled shift."""
    if shift is None:
        return Decimal(0)
    if shift.has_shift:
        tour = exact_hours(shift.scheduled_start, shift.scheduled_end)
        return min(LEAVE_HOURS_A_DAY, tour)
    if shift.status == CellStatus.LEAVE:
        return LEAVE_HOURS_A_DAY
    return Decimal(0)


def _check_leave_in_regular_time(label, proposed: Proposed, on_day, shift) -> None:
    """Leave and nonpay stand in for regular hours of a scheduled day, so
    all of a day's leave, hours-only entries and timed ones alike, fits in
    them."""
    regular = regular_hours_of(shift)
    if not regular:
        raise Refused(
            {
                "day": f"{label} has no scheduled shift: leave and nonpay are "
                "charged only on a scheduled workday."
            }
        )
    total = proposed.hours + sum(
        (entry.hours for entry in on_day if _is_leave(entry.code)), Decimal(0)
    )
    if total > regular:
        raise Refused(
            {
                "hours": f"{label}: {_say(total)} of leave and nonpay, more than "
                f"the {_say(regular)} of regular time of the day."
            }
        )


def _check_work_done(label, proposed: Proposed, zone) -> None:
    """Worked time is recorded once it is worked; leave may be planned."""
    if proposed.end is not None:
        if proposed.end > now():
            raise Refused(
                {
                    "end": f"{label}: this work ends at "
                    f"{_clock(proposed.end, zone)}, which has not come yet."
                }
            )
    elif proposed.day > now().astimezone(zone).date():
        raise Refused(
            {"day": f"{label} has not come yet: record work once it is done."}
        )


def _check_day_total(label, hours, on_day, shift) -> None:
    total = hours + sum((entry.hours for entry in on_day), Decimal(0))
    if shift is not None and shift.actual_start is not None:
        total += exact_hours(shift.actual_start, shift.actual_end)
    if total > DAY_HOURS:
        raise Refused(
            {
                "hours": f"{label}: {_say(total)} recorded, more than the 24 "
                "hours of a day."
            }
        )


def _check_overlap(label, proposed: Proposed, on_day, shift, zone) -> None:
    """Two spans of one day may not overlap: leave over work is the rule the
    timesheet states, and work over work or leave over leave would count
    the same hours twice."""
    if proposed.start is None:
        return
    taken = []
    if shift is not None and shift.actual_start is not None:
        taken.append(("the shift worked", shift.actual_start, shift.actual_end))
    for entry in on_day:
        if entry.start is not None:
            taken.append((entry.get_code_display().lower(), entry.start, entry.end))
    kind = "leave" if _is_leave(proposed.code) else "work"
    for name, start, end in taken:
        if proposed.start < end and start < proposed.end:
            raise Refused(
                {
                    "start": f"{label}: this {kind} overlaps {name} "
                    f"({_clock(start, zone)}–{_clock(end, zone)})."
                }
            )


def _is_leave(code: str) -> bool:
    return rules_of(code).kind != Kind.WORK


def _overlaps(entry, start, end) -> bool:
    return entry.start is not None and entry.start < end and start < entry.end


def _clock(moment: datetime, zone) -> str:
    return f"{moment.astimezone(zone):%H:%M}"


def _say(hours: Decimal) -> str:
    text = f"{hours.normalize():f}"
    return f"{text} hour" if hours == 1 else f"{text} hours"
