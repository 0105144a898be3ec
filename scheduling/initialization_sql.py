"""The G-259 initialization's cells in one statement, on PostgreSQL.

The rules are those of ``initialization._CellPlanner``, which the portable
path follows cell by cell: a regular day off has no shift, a workday takes
the default's shift, activity and sub-activity (and approved leave, as
``leave_cells.cell_values`` says), a person in training is scheduled for
training, and a day whose shift starts at a time the clocks skip gets no
shift and a remark; a day the person is away on an accepted detail reads
"detail" (``detail_cells``). Here the database crosses the people's
defaults with the days itself and writes the history rows from what it
inserted, in the same statement, so that no cell travels through Python:
only the shifts' instants do, worked out once per template and day by
``scheduling.time_rules`` (the one place that knows the clocks).

A test initializes the same station both ways and compares every cell.
"""

from django.db import connection

from scheduling.models import CellStatus, ScheduleCell

STATEMENT = """
WITH planned AS (
    SELECT
        schedule_row.id AS row_id,
        calendar.day,
        EXTRACT(DOW FROM calendar.day)::integer
            IN (defaults.first_day_off, defaults.second_day_off) AS day_off,
        defaults.work_status,
        defaults.shift_template_id,
        defaults.activity_id,
        defaults.sub_activity_id,
        shift.shift_start,
        shift.shift_end,
        leave.leave_request_id,
        leave.status AS leave_status,
        leave.leave_type,
        away.detail_id
    FROM scheduling_schedulerow AS schedule_row
    JOIN staffing_employee AS employee
        ON employee.id = schedule_row.employee_id
        AND employee.duty_station_id = %(station)s
        AND employee.status = %(active)s
    JOIN scheduling_scheduledefault AS defaults
        ON defaults.employee_id = schedule_row.employee_id
    CROSS JOIN unnest(%(days)s::date[]) AS calendar(day)
    LEFT JOIN unnest(
        %(shift_templates)s::bigint[],
        %(shift_days)s::date[],
        %(shift_starts)s::timestamptz[],
        %(shift_ends)s::timestamptz[]
    ) AS shift(template_id, day, shift_start, shift_end)
        ON shift.template_id = defaults.shift_template_id
        AND shift.day = calendar.day
    LEFT JOIN unnest(
        %(leave_employees)s::bigint[],
        %(leave_days)s::date[],
        %(leave_requests)s::bigint[],
        %(leave_statuses)s::text[],
        %(leave_types)s::text[]
    ) AS leave(employee_id, day, leave_request_id, status, leave_type)
        ON leave.employee_id = schedule_row.employee_id
        AND leave.day = calendar.day
    LEFT JOIN unnest(
        %(away_employees)s::bigint[],
        %(away_days)s::date[],
        %(away_details)s::bigint[]
    ) AS away(employee_id, day, detail_id)
        ON away.employee_id = schedule_row.employee_id
        AND away.day = calendar.day
    WHERE schedule_row.schedule_id = %(schedule)s
),
placed AS (
    -- A day away on detail, as detail_cells.takes_home_cell says: a day
    -- off, or a day with a shift that is not on leave.
    SELECT planned.*, detail_id IS NOT NULL AND (
        day_off OR (
            shift_start IS NOT NULL
            AND (work_status = %(in_training)s OR leave_request_id IS NULL)
        )
    ) AS away
    FROM planned
),
inserted AS (
    INSERT INTO scheduling_schedulecell (
        row_id, day, status, leave_type, shift_template_id, shift_start,
        shift_end, activity_id, sub_activity_id, remarks, version, changed_by_hand,
        leave_request_id, detail_id
    )
    SELECT
        row_id,
        day,
        CASE
            WHEN away THEN %(detail)s
            WHEN day_off THEN %(day_off)s
            WHEN work_status = %(in_training)s THEN %(training)s
            ELSE COALESCE(leave_status, %(workday)s)
        END,
        CASE
            WHEN day_off OR work_status = %(in_training)s THEN ''
            ELSE COALESCE(leave_type, '')
        END,
        CASE WHEN day_off THEN NULL ELSE shift_template_id END,
        CASE WHEN day_off THEN NULL ELSE shift_start END,
        CASE WHEN day_off THEN NULL ELSE shift_end END,
        CASE WHEN day_off THEN NULL ELSE activity_id END,
        CASE WHEN day_off THEN NULL ELSE sub_activity_id END,
        CASE WHEN NOT day_off AND shift_start IS NULL THEN %(skipped_remark)s
            ELSE '' END,
        1,
        false,
        CASE
            WHEN day_off OR work_status = %(in_training)s THEN NULL
            ELSE leave_request_id
        END,
        CASE WHEN away THEN detail_id END
    FROM placed
    -- A day that has its cell keeps it: the unique index says so as it
    -- inserts, where a search for existing cells would read a table whose
    -- statistics lag far behind a national run.
    ON CONFLICT (row_id, day) DO NOTHING
    RETURNING *
)
INSERT INTO scheduling_historicalschedulecell (
    {columns}, history_date, history_change_reason, history_type, history_user_id
)
SELECT {columns}, %(now)s, %(reason)s, '+', %(user)s FROM inserted
"""


ROWS_STATEMENT = """
INSERT INTO scheduling_schedulerow (schedule_id, employee_id, overtime_level)
SELECT %(schedule)s, defaults.employee_id, defaults.overtime_level
FROM scheduling_scheduledefault AS defaults
JOIN staffing_employee AS employee
    ON employee.id = defaults.employee_id
    AND employee.duty_station_id = %(station)s
    AND employee.status = %(active)s
ON CONFLICT (schedule_id, employee_id) DO NOTHING
"""


def insert_rows(schedule, station) -> int:
    """A row for each active person of the station with defaults and none."""
    from staffing.models import Employee

    with connection.cursor() as cursor:
        cursor.execute(
            ROWS_STATEMENT,
            {
                "schedule": schedule.pk,
                "station": station.pk,
                "active": Employee.Status.ACTIVE,
            },
        )
        return cursor.rowcount


def insert_cells(
    schedule,
    station,
    days,
    shifts: dict,
    leave: dict,
    away: dict,
    *,
    actor,
    reason: str,
    now,
    remark: str,
) -> int:
    """Insert the missing cells of ``schedule`` and their history rows.

    ``shifts`` maps (template id, day) to the shift's (start, end) instants,
    or to None where the start does not exist that day; ``leave`` maps
    (employee id, day) to what approved leave makes of a workday
    (``leave_cells.cell_values``); ``away`` maps (employee id, day) to the
    accepted detail taking the person away (``detail_cells.home_days``).
    """
    from scheduling.models import ScheduleDefault
    from staffing.models import Employee

    known = [(key, instants) for key, instants in shifts.items() if instants]
    columns = ", ".join(
        connection.ops.quote_name(field.column)
        for field in ScheduleCell.history.model._meta.concrete_fields
        if not field.name.startswith("history_")
    )
    with connection.cursor() as cursor:
        cursor.execute(
            STATEMENT.format(columns=columns),
            {
                "station": station.pk,
                "active": Employee.Status.ACTIVE,
                "schedule": schedule.pk,
                "days": list(days),
                "shift_templates": [template for (template, _), _ in known],
                "shift_days": [day for (_, day), _ in known],
                "shift_starts": [start for _, (start, _) in known],
                "shift_ends": [end for _, (_, end) in known],
                "leave_employees": [employee for employee, _ in leave],
                "leave_days": [day for _, day in leave],
                "leave_requests": [
                    values["leave_request"].pk for values in leave.values()
                ],
                "leave_statuses": [values.get("status") for values in leave.values()],
                "leave_types": [values.get("leave_type") for values in leave.values()],
                "away_employees": [employee for employee, _ in away],
                "away_days": [day for _, day in away],
                "away_details": list(away.values()),
                "detail": CellStatus.DETAIL,
                "day_off": CellStatus.DAY_OFF,
                "in_training": ScheduleDefault.WorkStatus.TRAINING,
                "training": CellStatus.TRAINING,
                "workday": CellStatus.WORKDAY,
                "skipped_remark": remark,
                "now": now,
                "reason": reason or None,
                "user": actor.pk if actor else None,
            },
        )
        return cursor.rowcount
