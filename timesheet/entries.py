"""Writing a timesheet's entries and closing its shifts.

Each write takes the acting user, checks the policy and the rules, and
changes one timesheet in one transaction, leaving history with the actor.
"""

import logging
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from timesheet import balance_check, guards, policies, validation
from timesheet.codes import TimeCode
from timesheet.models import ScheduledDay, TimeEntry, Timesheet
from timesheet.validation import Proposed, Refused
from timesheet.workflow import unclosed_shifts

logger = logging.getLogger(__name__)


def zone_of(sheet: Timesheet) -> ZoneInfo:
    return ZoneInfo(sheet.station.time_zone)


@transaction.atomic
def add_entry(*, actor, sheet: Timesheet, proposed: Proposed) -> TimeEntry:
    sheet = guards.locked(sheet)
    guards.refuse_unless(
        policies.may_enter(actor, sheet, proposed.code),
        actor,
        sheet,
        "timesheet.entry",
        _entry_refusal(sheet, proposed.code),
    )
    days = list(sheet.days.all())
    entries = list(sheet.entries.all())
    validation.check_entry(
        proposed,
        period=sheet.pay_period,
        days=days,
        entries=entries,
        zone=zone_of(sheet),
    )
    balance_check.check(sheet, proposed, entries)
    entry = TimeEntry(
        timesheet=sheet,
        day=proposed.day,
        code=proposed.code,
        start=proposed.start,
        end=proposed.end,
        hours=proposed.hours,
        entered_by=actor,
    )
    entry._history_user = actor
    entry.save()
    logger.info("Timesheet %s: entry %s added", sheet.pk, entry.pk)
    return entry


def _entry_refusal(sheet: Timesheet, code: str) -> str:
    if not sheet.is_editable:
        return "This timesheet is no longer open for changes."
    if code == TimeCode.AWOL:
        return "Only a supervisor in the employee's chain may charge AWOL."
    return "Only the employee and their supervisors change this timesheet."


@transaction.atomic
def remove_entry(*, actor, sheet: Timesheet, entry_pk: int) -> None:
    sheet = guards.locked(sheet)
    entry = sheet.entries.filter(pk=entry_pk).first()
    if entry is None:
        raise Refused({"entry": "That entry is no longer on the timesheet."})
    guards.refuse_unless(
        policies.may_enter(actor, sheet, entry.code),
        actor,
        sheet,
        "timesheet.entry_removed",
        _entry_refusal(sheet, entry.code),
    )
    entry._history_user = actor
    entry.delete()
    logger.info("Timesheet %s: entry %s removed", sheet.pk, entry_pk)


@transaction.atomic
def close_shift(*, actor, sheet: Timesheet, day_pk: int, start, end) -> ScheduledDay:
    """Record what was worked of a scheduled shift: its actual start and
    end, or neither when none of it was worked (leave entries say why)."""
    sheet = guards.locked(sheet)
    guards.refuse_unless(
        policies.may_enter(actor, sheet),
        actor,
        sheet,
        "timesheet.shift_closed",
        _entry_refusal(sheet, TimeCode.REGULAR),
    )
    day = sheet.days.filter(pk=day_pk).first()
    if day is None or not day.has_shift:
        raise Refused({"day": "That day has no scheduled shift to close."})
    if start is not None:
        validation.check_actual(
            day,
            start,
            end,
            entries=list(sheet.entries.all()),
            zone=zone_of(sheet),
        )
    day.actual_start, day.actual_end = start, end
    day.closed_at, day.closed_by = timezone.now(), actor
    day._history_user = actor
    day.save(update_fields=["actual_start", "actual_end", "closed_at", "closed_by"])
    logger.info("Timesheet %s: shift of day %s closed", sheet.pk, day.pk)
    return day


def close_as_scheduled(*, actor, sheet: Timesheet) -> int:
    """Close every open scheduled shift that is over as worked exactly as
    scheduled (the demo's agents, and a test's); how many were closed. A
    shift still to come stays open: it is not worked yet."""
    closed = 0
    over = validation.now()
    for day in unclosed_shifts(sheet.days.order_by("day")):
        if day.scheduled_end > over:
            continue
        close_shift(
            actor=actor,
            sheet=sheet,
            day_pk=day.pk,
            start=day.scheduled_start,
            end=day.scheduled_end,
        )
        closed += 1
    return closed
