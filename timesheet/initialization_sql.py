"""The timesheet initialization in set-based statements, on PostgreSQL.

The rules are ``initialization``'s and ``day_plan``'s: one timesheet per
active employee, its tour from the G-259 row of the home station (else
the person's defaults), and each day from the G-481 line, else the
finalized G-259 cell, of the station the person works at that day (the
gaining station of an accepted detail). The database crosses timesheets
with days itself and writes the history rows from what it inserted in the
same statement, so no day travels through Python. A test initializes the
same station both ways and compares every day.
"""

from datetime import timedelta

from django.db import connection
from django.utils import timezone

from scheduling.models import CellStatus, DetailStatus, OvertimeLevel, Schedule
from staffing.models import Employee
from timesheet.models import ScheduledDay, Timesheet, TimesheetStatus

SCOPE = """
    employee.status = %(active)s
    AND employee.employment_type = %(employee_type)s
    AND (%(station)s::bigint IS NULL OR employee.duty_station_id = %(station)s)
"""

TIMESHEETS = """
WITH inserted AS (
    INSERT INTO timesheet_timesheet (
        employee_id, pay_period_id, station_id, overtime_level, version,
        status, created_at
    )
    SELECT
        employee.id,
        %(pay_period)s,
        employee.duty_station_id,
        COALESCE(schedule_row.overtime_level, defaults.overtime_level, %(level)s),
        1,
        %(open)s,
        %(now)s
    FROM staffing_employee AS employee
    LEFT JOIN scheduling_scheduledefault AS defaults
        ON defaults.employee_id = employee.id
    LEFT JOIN scheduling_schedule AS schedule
        ON schedule.station_id = employee.duty_station_id
        AND schedule.pay_period_id = %(pay_period)s
    LEFT JOIN scheduling_schedulerow AS schedule_row
        ON schedule_row.schedule_id = schedule.id
        AND schedule_row.employee_id = employee.id
    WHERE {scope}
    ON CONFLICT (employee_id, pay_period_id) WHERE superseded_at IS NULL
        DO NOTHING
    RETURNING *
)
INSERT INTO timesheet_historicaltimesheet (
    {columns}, history_date, history_change_reason, history_type, history_user_id
)
SELECT {columns}, %(now)s, NULL, '+', %(user)s FROM inserted
"""

DAYS = """
WITH sheets AS (
    SELECT timesheet.id, timesheet.employee_id, timesheet.station_id
    FROM timesheet_timesheet AS timesheet
    JOIN staffing_employee AS employee ON employee.id = timesheet.employee_id
    WHERE timesheet.pay_period_id = %(pay_period)s
        AND timesheet.superseded_at IS NULL
        AND {scope}
        -- Days are made all fourteen at once: a timesheet with any has all.
        AND NOT EXISTS (
            SELECT 1 FROM timesheet_scheduledday AS made
            WHERE made.timesheet_id = timesheet.id
        )
),
placed AS (
    SELECT
        sheets.id AS timesheet_id,
        calendar.day,
        COALESCE(detail.gaining_station_id, sheets.station_id) AS station_id,
        detail.id IS NOT NULL AS on_detail,
        sheets.employee_id
    FROM sheets
    CROSS JOIN unnest(%(days)s::date[]) AS calendar(day)
    LEFT JOIN scheduling_detail AS detail
        ON detail.employee_id = sheets.employee_id
        AND detail.status = %(accepted)s
        AND calendar.day BETWEEN detail.first_day AND detail.last_day
),
read AS (
    SELECT
        placed.*,
        line.id AS line_id,
        line.on_duty,
        line.shift_start AS line_start,
        line.shift_end AS line_end,
        cell.id AS cell_id,
        cell.status AS cell_status,
        cell.leave_type AS cell_leave_type,
        cell.shift_start AS cell_start,
        cell.shift_end AS cell_end
    FROM placed
    LEFT JOIN scheduling_dailyschedule AS daily
        ON daily.station_id = placed.station_id AND daily.day = placed.day
    LEFT JOIN scheduling_dailyentry AS line
        ON line.daily_id = daily.id AND line.employee_id = placed.employee_id
    LEFT JOIN scheduling_schedule AS schedule
        ON schedule.station_id = placed.station_id
        AND schedule.pay_period_id = %(pay_period)s
        AND schedule.status = %(finalized)s
    LEFT JOIN scheduling_schedulerow AS schedule_row
        ON schedule_row.schedule_id = schedule.id
        AND schedule_row.employee_id = placed.employee_id
    LEFT JOIN scheduling_schedulecell AS cell
        ON cell.row_id = schedule_row.id AND cell.day = placed.day
),
inserted AS (
    INSERT INTO timesheet_scheduledday (
        timesheet_id, day, source, station_id, status, leave_type,
        scheduled_start, scheduled_end
    )
    SELECT
        timesheet_id,
        day,
        CASE
            WHEN line_id IS NOT NULL THEN %(g481)s
            WHEN cell_id IS NOT NULL THEN %(g259)s
            ELSE %(none)s
        END,
        station_id,
        CASE
            WHEN line_id IS NOT NULL AND on_duty THEN
                CASE WHEN cell_status = %(training)s THEN %(training)s
                    ELSE %(workday)s END
            WHEN line_id IS NOT NULL THEN
                CASE WHEN cell_status IS NULL
                    OR cell_status IN (%(workday)s, %(training)s)
                    THEN %(day_off)s ELSE cell_status END
            WHEN cell_id IS NOT NULL THEN cell_status
            WHEN on_detail THEN %(detail)s
            ELSE %(day_off)s
        END,
        CASE
            WHEN line_id IS NOT NULL AND (
                on_duty OR cell_status IS NULL
                OR cell_status IN (%(workday)s, %(training)s)
            ) THEN ''
            ELSE COALESCE(cell_leave_type, '')
        END,
        CASE WHEN line_id IS NOT NULL THEN
            CASE WHEN on_duty THEN line_start END
            ELSE cell_start END,
        CASE WHEN line_id IS NOT NULL THEN
            CASE WHEN on_duty THEN line_end END
            ELSE cell_end END
    FROM read
    ON CONFLICT (timesheet_id, day) DO NOTHING
    RETURNING *
)
INSERT INTO timesheet_historicalscheduledday (
    {columns}, history_date, history_change_reason, history_type, history_user_id
)
SELECT {columns}, %(now)s, NULL, '+', %(user)s FROM inserted
"""


def _columns(model) -> str:
    return ", ".join(
        connection.ops.quote_name(field.column)
        for field in model.history.model._meta.concrete_fields
        if not field.name.startswith("history_")
    )


def _parameters(pay_period, station, actor) -> dict:
    return {
        "pay_period": pay_period.pk,
        "station": station.pk if station is not None else None,
        "active": Employee.Status.ACTIVE,
        "employee_type": Employee.EmploymentType.EMPLOYEE,
        "now": timezone.now(),
        "user": actor.pk if actor is not None else None,
    }


def insert_timesheets(pay_period, *, station=None, actor=None) -> int:
    """Insert the missing timesheets and their history rows; how many."""
    statement = TIMESHEETS.format(scope=SCOPE, columns=_columns(Timesheet))
    with connection.cursor() as cursor:
        cursor.execute(
            statement,
            {
                **_parameters(pay_period, station, actor),
                "level": OvertimeLevel.LEVEL_1,
                "open": TimesheetStatus.OPEN,
            },
        )
        return cursor.rowcount


def insert_days(pay_period, *, station=None, actor=None) -> int:
    """Insert the missing days of the period's current timesheets."""
    first = pay_period.start_date
    days = [
        first + timedelta(days=offset)
        for offset in range((pay_period.end_date - first).days + 1)
    ]
    statement = DAYS.format(scope=SCOPE, columns=_columns(ScheduledDay))
    with connection.cursor() as cursor:
        cursor.execute(
            statement,
            {
                **_parameters(pay_period, station, actor),
                "days": days,
                "accepted": DetailStatus.ACCEPTED,
                "finalized": Schedule.Status.FINALIZED,
                "g481": ScheduledDay.Source.G481,
                "g259": ScheduledDay.Source.G259,
                "none": ScheduledDay.Source.NONE,
                "training": CellStatus.TRAINING,
                "workday": CellStatus.WORKDAY,
                "day_off": CellStatus.DAY_OFF,
                "detail": CellStatus.DETAIL,
            },
        )
        return cursor.rowcount
