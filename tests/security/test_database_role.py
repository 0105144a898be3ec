"""The application's own database role may add audit rows, never change them.

These tests commit (the role connects on its own connection, which sees
only committed work), and roles belong to the whole server, so each test
creates its role under a name of its own and drops it again.
"""

import io
import os
import shutil
import subprocess
import uuid
from pathlib import Path

import psycopg
import pytest
from django.core.management import CommandError, call_command
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
INIT_SCRIPT = ROOT / "deploy" / "postgres" / "10-application-role.sh"
PASSWORD = "an-application-role-password"

pytestmark = pytest.mark.django_db(transaction=True)

INSERT_EVENT = (
    "INSERT INTO security_auditevent (occurred_at, actor_id, actor_username, "
    "chain, kind, source, target_type, target_id, details) VALUES (now(), 3, "
    "'agent', 'user:3', 'login', '/accounts/login/', '', '', '{}') RETURNING id"
)


def drop_role(name: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"DROP OWNED BY {name}")
        cursor.execute(f"DROP ROLE IF EXISTS {name}")


@pytest.fixture
def role_name():
    return f"bpets_app_test_{uuid.uuid4().hex[:12]}"


@pytest.fixture
def application_role(transactional_db, role_name):
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE ROLE {role_name} LOGIN PASSWORD '{PASSWORD}'")
    yield role_name
    drop_role(role_name)


def connect_as(role: str) -> psycopg.Connection:
    settings = connection.settings_dict
    return psycopg.connect(
        host="127.0.0.1",
        port=int(settings["PORT"] or 5432),
        dbname=settings["NAME"],
        user=role,
        password=PASSWORD,
        autocommit=True,
    )


def grant(role: str) -> str:
    output = io.StringIO()
    call_command("grant_application_role", role, stdout=output)
    return output.getvalue()


def refused(database, statement):
    with pytest.raises(psycopg.errors.InsufficientPrivilege) as refusal:
        database.execute(statement)
    return str(refusal.value)


def test_it_inserts_and_reads_audit_rows_but_may_not_change_them(application_role):
    grant(application_role)

    with connect_as(application_role) as database:
        event_id = database.execute(INSERT_EVENT).fetchone()[0]
        database.execute(
            "INSERT INTO security_auditchainlink (event_id, chain, sequence, "
            "previous_hash, hash, sealed_at) VALUES (%s, 'user:3', 1, '', '', now())",
            [event_id],
        )
        assert database.execute(
            "SELECT actor_username FROM security_auditevent WHERE id = %s",
            [event_id],
        ).fetchall() == [("agent",)]

        denied = "permission denied for table security_auditevent"
        assert refused(database, "UPDATE security_auditevent SET kind = 'x'") == denied
        assert refused(database, "DELETE FROM security_auditevent") == denied
        assert refused(database, "TRUNCATE security_auditevent") == denied
        assert (
            refused(database, "UPDATE security_auditchainlink SET hash = ''")
            == "permission denied for table security_auditchainlink"
        )
        assert (
            refused(database, "DELETE FROM security_auditchainlink")
            == "permission denied for table security_auditchainlink"
        )


def test_elsewhere_it_may_insert_update_and_delete(application_role):
    grant(application_role)

    with connect_as(application_role) as database:
        database.execute(
            "INSERT INTO django_session (session_key, session_data, expire_date) "
            "VALUES ('k', 'data', now())"
        )
        database.execute("UPDATE django_session SET session_data = 'changed'")
        deleted = database.execute("DELETE FROM django_session").rowcount

    assert deleted == 1


def test_granting_again_changes_nothing(application_role):
    first = grant(application_role)

    assert grant(application_role) == first
    assert first.startswith(f"Role {application_role} may read and write the ")
    assert first.endswith(
        " tables, but only insert and read security_auditevent and "
        "security_auditchainlink.\n"
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT privilege_type FROM information_schema.role_table_grants "
            "WHERE grantee = %s AND table_name = 'security_auditevent' "
            "ORDER BY privilege_type",
            [application_role],
        )
        assert cursor.fetchall() == [("INSERT",), ("SELECT",)]


def test_it_refuses_a_role_that_privileges_do_not_bind(transactional_db):
    with pytest.raises(CommandError, match="Role postgres is a superuser"):
        grant("postgres")


def test_it_says_where_a_missing_role_comes_from(transactional_db):
    with pytest.raises(
        CommandError,
        match="There is no role nobody_here; deploy/postgres/10-application-role",
    ):
        grant("nobody_here")


@pytest.mark.skipif(shutil.which("psql") is None, reason="needs the psql client")
def test_the_init_script_creates_a_login_role_that_owns_nothing(
    transactional_db, role_name
):
    settings = connection.settings_dict
    environment = {
        **os.environ,
        "PGHOST": "127.0.0.1",
        "PGPORT": str(settings["PORT"] or 5432),
        "POSTGRES_USER": settings["USER"],
        "POSTGRES_DB": settings["NAME"],
        "POSTGRES_APP_USER": role_name,
        "POSTGRES_APP_PASSWORD": PASSWORD,
    }

    try:
        for _ in range(2):  # a second run only sets the password again
            subprocess.run([INIT_SCRIPT], env=environment, check=True)
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT rolcanlogin, rolsuper, rolcreatedb, rolcreaterole "
                "FROM pg_roles WHERE rolname = %s",
                [role_name],
            )
            assert cursor.fetchall() == [(True, False, False, False)]
        grant(role_name)
        with connect_as(role_name) as database:
            database.execute(INSERT_EVENT)
    finally:
        drop_role(role_name)
