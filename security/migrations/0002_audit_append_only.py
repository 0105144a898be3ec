"""The database refuses to change or remove audit rows.

UPDATE is refused always. DELETE is refused except on the retention path
(``security.audit_chain.remove_chain``), which first names, inside its own
transaction, the one chain it is removing:

- PostgreSQL: ``set_config('bpets.audit_retention', 'remove-chain:<chain>',
  true)``, a transaction-local setting the trigger reads with
  ``current_setting(..., true)``. Only a role that holds DELETE on the
  tables gets as far as the trigger: the application role does not (see
  ``grant_application_role``), so in production the path runs as the owner.
- SQLite (the demo) has no settings, so the path writes the chain's name
  into the one-column table ``security_audit_retention_permit`` and removes
  it again in the same transaction; the trigger lets a row go only while
  its chain is named there. SQLite has no roles either: the guarantee is
  PostgreSQL's, the SQLite triggers only catch mistakes.

Both databases report a refusal as an integrity error (SQLSTATE 23000 on
PostgreSQL, SQLITE_CONSTRAINT_TRIGGER on SQLite): Django raises
``IntegrityError`` for either.

TRUNCATE is not refused by a trigger: Django's test runner empties tables
with it between transactional tests, and the application role lacks the
TRUNCATE privilege anyway.

On SQLite a later migration that alters these tables rebuilds them and so
drops these triggers; such a migration must create them again.
"""

from django.db import migrations

AUDIT_TABLES = ("security_auditevent", "security_auditchainlink")

POSTGRESQL_FUNCTION = """
CREATE OR REPLACE FUNCTION security_audit_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE'
       AND current_setting('bpets.audit_retention', true)
           = 'remove-chain:' || OLD.chain THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'audit rows are append-only: % on % refused',
        TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'integrity_constraint_violation',
              HINT = 'Only the retention path may remove a whole chain.';
END;
$$;
"""

POSTGRESQL_TRIGGER = """
CREATE TRIGGER {table}_append_only
BEFORE UPDATE OR DELETE ON {table}
FOR EACH ROW EXECUTE FUNCTION security_audit_append_only();
"""

SQLITE_PERMIT_TABLE = """
CREATE TABLE security_audit_retention_permit (chain varchar(40) PRIMARY KEY);
"""

SQLITE_UPDATE_TRIGGER = """
CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table}
BEGIN
    SELECT RAISE(ABORT, 'audit rows are append-only: UPDATE on {table} refused');
END;
"""

SQLITE_DELETE_TRIGGER = """
CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table}
WHEN NOT EXISTS (
    SELECT 1 FROM security_audit_retention_permit WHERE chain = OLD.chain
)
BEGIN
    SELECT RAISE(ABORT, 'audit rows are append-only: DELETE on {table} refused');
END;
"""


def _statements(vendor: str) -> list[str]:
    if vendor == "postgresql":
        return [POSTGRESQL_FUNCTION] + [
            POSTGRESQL_TRIGGER.format(table=table) for table in AUDIT_TABLES
        ]
    if vendor == "sqlite":
        return [SQLITE_PERMIT_TABLE] + [
            trigger.format(table=table)
            for table in AUDIT_TABLES
            for trigger in (SQLITE_UPDATE_TRIGGER, SQLITE_DELETE_TRIGGER)
        ]
    raise NotImplementedError(
        f"The append-only audit triggers exist for PostgreSQL and SQLite, "
        f"not for {vendor}."
    )


def _reverse_statements(vendor: str) -> list[str]:
    if vendor == "postgresql":
        return [
            f"DROP TRIGGER IF EXISTS {table}_append_only ON {table};"
            for table in AUDIT_TABLES
        ] + ["DROP FUNCTION IF EXISTS security_audit_append_only();"]
    if vendor == "sqlite":
        return [
            f"DROP TRIGGER IF EXISTS {table}_{operation};"
            for table in AUDIT_TABLES
            for operation in ("no_update", "no_delete")
        ] + ["DROP TABLE IF EXISTS security_audit_retention_permit;"]
    return []


# params=None: the PL/pgSQL body holds "%" placeholders of its own, which
# must reach the server as written, not be read as query parameters.
def create_triggers(apps, schema_editor):
    for statement in _statements(schema_editor.connection.vendor):
        schema_editor.execute(statement, params=None)


def drop_triggers(apps, schema_editor):
    for statement in _reverse_statements(schema_editor.connection.vendor):
        schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("security", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(create_triggers, drop_triggers),
    ]
