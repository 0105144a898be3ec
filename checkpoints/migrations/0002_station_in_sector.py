"""The database refuses a checkpoint whose station is not of its sector.

A check constraint cannot look at another row, so a trigger does it, on
insert and on any change of the sector or the station: the sector must be a
sector, and the station, where there is one, a station whose parent is that
sector. Both databases report a refusal as an integrity error.

The trigger guards the checkpoint side only: moving a station to another
sector is an organization load, which would have to carry its checkpoints.
On SQLite a later migration that alters the checkpoint table rebuilds it and
so drops these triggers; such a migration must create them again.
"""

from django.db import migrations

TABLE = "checkpoints_checkpoint"

POSTGRESQL_FUNCTION = """
CREATE OR REPLACE FUNCTION checkpoints_station_in_sector() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF NOT EXISTS (
        SELECT 1 FROM security_organizationunit
        WHERE id = NEW.sector_id AND kind = 'SECTOR'
    ) THEN
        RAISE EXCEPTION 'checkpoint %: unit % is not a sector',
            NEW.name, NEW.sector_id
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF NEW.station_id IS NOT NULL AND NOT EXISTS (
        SELECT 1 FROM security_organizationunit
        WHERE id = NEW.station_id AND kind = 'STATION'
          AND parent_id = NEW.sector_id
    ) THEN
        RAISE EXCEPTION 'checkpoint %: unit % is not a station of sector %',
            NEW.name, NEW.station_id, NEW.sector_id
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END;
$$;
"""

POSTGRESQL_TRIGGER = f"""
CREATE TRIGGER {TABLE}_station_in_sector
BEFORE INSERT OR UPDATE OF sector_id, station_id ON {TABLE}
FOR EACH ROW EXECUTE FUNCTION checkpoints_station_in_sector();
"""

SQLITE_CONDITION = """
NOT EXISTS (
    SELECT 1 FROM security_organizationunit
    WHERE id = NEW.sector_id AND kind = 'SECTOR'
)
OR (NEW.station_id IS NOT NULL AND NOT EXISTS (
    SELECT 1 FROM security_organizationunit
    WHERE id = NEW.station_id AND kind = 'STATION' AND parent_id = NEW.sector_id
))
"""

SQLITE_TRIGGER = """
CREATE TRIGGER {table}_station_in_sector_{name} BEFORE {event} ON {table}
WHEN {condition}
BEGIN
    SELECT RAISE(ABORT, 'a checkpoint''s station must be of its sector');
END;
"""

SQLITE_EVENTS = {"insert": "INSERT", "update": "UPDATE OF sector_id, station_id"}


def _statements(vendor: str) -> list[str]:
    if vendor == "postgresql":
        return [POSTGRESQL_FUNCTION, POSTGRESQL_TRIGGER]
    if vendor == "sqlite":
        return [
            SQLITE_TRIGGER.format(
                table=TABLE, name=name, event=event, condition=SQLITE_CONDITION
            )
            for name, event in SQLITE_EVENTS.items()
        ]
    raise NotImplementedError(
        f"The station-in-sector trigger exists for PostgreSQL and SQLite, "
        f"not for {vendor}."
    )


def _reverse_statements(vendor: str) -> list[str]:
    if vendor == "postgresql":
        return [
            f"DROP TRIGGER IF EXISTS {TABLE}_station_in_sector ON {TABLE};",
            "DROP FUNCTION IF EXISTS checkpoints_station_in_sector();",
        ]
    if vendor == "sqlite":
        return [
            f"DROP TRIGGER IF EXISTS {TABLE}_station_in_sector_{name};"
            for name in SQLITE_EVENTS
        ]
    return []


# params=None: the PL/pgSQL body holds "%" placeholders of its own.
def create_trigger(apps, schema_editor):
    for statement in _statements(schema_editor.connection.vendor):
        schema_editor.execute(statement, params=None)


def drop_trigger(apps, schema_editor):
    for statement in _reverse_statements(schema_editor.connection.vendor):
        schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("checkpoints", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(create_trigger, drop_trigger),
    ]
