import re

from django.core.management.base import CommandError
from django.db import connection, transaction

from security.commands import AuditedCommand
from security.models import AuditChainLink, AuditEvent

# Plain lower-case names only: the name is written into the SQL as an
# identifier, which cannot be passed as a query parameter.
ROLE_NAME = re.compile(r"[a-z_][a-z0-9_]{0,62}")

APPEND_ONLY_TABLES = (AuditEvent._meta.db_table, AuditChainLink._meta.db_table)

ROW_PRIVILEGES = "SELECT, INSERT, UPDATE, DELETE"


class Command(AuditedCommand):
    help = (
        "Give the application's PostgreSQL role full row access to every table "
        "but only INSERT and SELECT on the audit tables. Run as the owner role "
        "after every migration; running it again changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("role", help="the role the application connects as")

    def handle(self, *args, role, **options):
        if connection.vendor != "postgresql":
            raise CommandError("Database roles exist only on PostgreSQL.")
        if not ROLE_NAME.fullmatch(role):
            raise CommandError(
                f"{role!r} is not a plain role name (lower-case letters, digits, _)."
            )
        _check_role(role)

        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SELECT current_schema()")
            schema = connection.ops.quote_name(cursor.fetchone()[0])
            for statement in _statements(schema, connection.ops.quote_name(role)):
                cursor.execute(statement)
            cursor.execute(
                "SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()"
            )
            table_count = cursor.fetchone()[0]

        self.stdout.write(
            self.style.SUCCESS(
                f"Role {role} may read and write the {table_count} tables, but "
                f"only insert and read {' and '.join(APPEND_ONLY_TABLES)}."
            )
        )


def _check_role(role: str) -> None:
    """Refuse a role that privileges would not bind."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT rolsuper, rolname = current_user, "
            "pg_has_role(rolname, current_user, 'USAGE') "
            "FROM pg_roles WHERE rolname = %s",
            [role],
        )
        row = cursor.fetchone()
    if row is None:
        raise CommandError(
            f"There is no role {role}; deploy/postgres/10-application-role.sh "
            "creates it."
        )
    superuser, is_owner, uses_owner_privileges = row
    if superuser or is_owner or uses_owner_privileges:
        raise CommandError(
            f"Role {role} is a superuser, the owner or a member of the owner "
            "role: no grant could keep it from changing audit rows."
        )


def _statements(schema: str, role: str) -> list[str]:
    append_only = ", ".join(APPEND_ONLY_TABLES)
    return [
        f"GRANT USAGE ON SCHEMA {schema} TO {role}",
        f"GRANT {ROW_PRIVILEGES} ON ALL TABLES IN SCHEMA {schema} TO {role}",
        # The database keeps the audit log append-only against the
        # application itself; the triggers only catch mistakes.
        f"REVOKE UPDATE, DELETE, TRUNCATE ON {append_only} FROM {role}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {schema} TO {role}",
        # Tables a later migration creates are usable before this command
        # runs again.
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA {schema} "
        f"GRANT {ROW_PRIVILEGES} ON TABLES TO {role}",
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA {schema} "
        f"GRANT USAGE, SELECT ON SEQUENCES TO {role}",
    ]
