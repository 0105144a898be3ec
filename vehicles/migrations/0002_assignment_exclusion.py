"""One holder at a time: PostgreSQL refuses two employees' overlapping
assignments of one vehicle.

An exclusion constraint over the half-open range [starts_at, ends_at) (an
open end is an unbounded range), with btree_gist for the equality and
inequality of the ids. SQLite, used for a first look, has no such
constraint; there the assignment service's own check stands alone.
"""

from django.db import migrations

CONSTRAINT = "assignment_one_holder_at_a_time"

EXTENSION = "CREATE EXTENSION IF NOT EXISTS btree_gist"
CREATE = f"""
ALTER TABLE vehicles_assignment
    ADD CONSTRAINT {CONSTRAINT}
    EXCLUDE USING gist (
        vehicle_id WITH =,
        employee_id WITH <>,
        tstzrange(starts_at, ends_at, '[)') WITH &&
    )
"""
DROP = f"ALTER TABLE vehicles_assignment DROP CONSTRAINT IF EXISTS {CONSTRAINT}"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(EXTENSION)
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("vehicles", "0001_initial")]

    operations = [migrations.RunPython(create, drop)]
