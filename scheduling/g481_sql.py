"""A pay period's G-481 lines in one statement, on PostgreSQL.

The rules are those of ``g481_build.lines_from_cells``, the portable path: a line
for everyone whose G-259 cell of the day is a workday or training with a
shift, carrying the cell's shift, activity, sub-activity and remarks and
the zone of the person's defaults where it is one of this station's (not
for someone detailed in from elsewhere); a person who already has a line keeps
it. The database writes the history rows from what it inserted, in the
same statement, so no line travels through Python. A test builds the same
day both ways and compares every line.
"""

from django.db import connection

from scheduling.models import CellStatus, DailyEntry
from vehicles.models import Vehicle

STATEMENT = """
WITH inserted AS (
    INSERT INTO scheduling_dailyentry (
        daily_id, employee_id, on_duty, shift_start, shift_end, activity_id,
        sub_activity_id, zone_id, vehicle_id, vehicle_assignment_id, remarks,
        version, changed_by_hand
    )
    SELECT
        daily.id, schedule_row.employee_id, true, cell.shift_start,
        cell.shift_end, cell.activity_id, cell.sub_activity_id,
        home_zone.id, NULL, NULL, cell.remarks, 1, false
    FROM scheduling_schedulecell AS cell
    JOIN scheduling_schedulerow AS schedule_row ON schedule_row.id = cell.row_id
    JOIN scheduling_dailyschedule AS daily
        ON daily.station_id = %(station)s AND daily.day = cell.day
    LEFT JOIN scheduling_scheduledefault AS defaults
        ON defaults.employee_id = schedule_row.employee_id
    -- Someone detailed in keeps their home station's zone for home.
    LEFT JOIN scheduling_zone AS home_zone
        ON home_zone.id = defaults.zone_id AND home_zone.station_id = %(station)s
    WHERE schedule_row.schedule_id = %(schedule)s
        AND cell.day = ANY(%(days)s)
        AND cell.status = ANY(%(statuses)s)
        AND cell.shift_start IS NOT NULL
    -- A person with a line keeps it, as the supervisors left it.
    ON CONFLICT (daily_id, employee_id) DO NOTHING
    RETURNING *
),
history AS (
    INSERT INTO scheduling_historicaldailyentry (
        {columns}, history_date, history_change_reason, history_type,
        history_user_id
    )
    SELECT {columns}, %(now)s, %(reason)s, '+', %(user)s FROM inserted
)
-- Each new line, with the vehicle of the person's defaults where it is
-- one of this station's (the build then assigns those alone).
SELECT inserted.id, wanted.id
FROM inserted
LEFT JOIN scheduling_scheduledefault AS wanted_defaults
    ON wanted_defaults.employee_id = inserted.employee_id
LEFT JOIN {vehicles} AS wanted
    ON wanted.id = wanted_defaults.vehicle_id AND wanted.station_id = %(station)s
ORDER BY inserted.id
"""


def insert_entries(
    schedule, days, *, actor, reason: str, now
) -> list[tuple[int, int | None]]:
    """Insert the missing lines of the station's G-481s of ``days`` (which
    exist) and their history rows; each new line's id with the id of its
    default vehicle at the station, if it has one."""
    columns = ", ".join(
        connection.ops.quote_name(field.column)
        for field in DailyEntry.history.model._meta.concrete_fields
        if not field.name.startswith("history_")
    )
    with connection.cursor() as cursor:
        cursor.execute(
            STATEMENT.format(
                columns=columns,
                vehicles=connection.ops.quote_name(Vehicle._meta.db_table),
            ),
            {
                "station": schedule.station_id,
                "schedule": schedule.pk,
                "days": list(days),
                "statuses": list(CellStatus.with_shift()),
                "now": now,
                "reason": reason or None,
                "user": actor.pk if actor else None,
            },
        )
        return [(row[0], row[1]) for row in cursor.fetchall()]
