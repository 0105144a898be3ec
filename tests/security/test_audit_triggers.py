"""The database itself refuses to change or remove audit rows."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import IntegrityError, connection, transaction

from security.models import AuditChainLink, AuditEvent

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def event(db):
    return AuditEvent.objects.create(
        chain="user:41", actor_id=41, kind=AuditEvent.Kind.LOGIN
    )


@pytest.fixture
def link(event):
    return AuditChainLink.objects.create(
        event_id=event.pk,
        chain=event.chain,
        sequence=1,
        previous_hash="0" * 64,
        hash="a" * 64,
    )


def refused(statement, *params):
    with (
        pytest.raises(IntegrityError, match="audit rows are append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(statement, params)


def set_retention(value):
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config('bpets.audit_retention', %s, true)", [value])


class TestOnPostgreSQL:
    def test_an_event_cannot_be_updated(self, event):
        refused(
            "UPDATE security_auditevent SET kind = 'logout' WHERE id = %s", event.pk
        )

        event.refresh_from_db()
        assert event.kind == "login"

    def test_an_event_cannot_be_updated_through_the_orm(self, event):
        with pytest.raises(IntegrityError), transaction.atomic():
            AuditEvent.objects.filter(pk=event.pk).update(actor_username="mallory")

    def test_an_event_cannot_be_deleted(self, event):
        refused("DELETE FROM security_auditevent WHERE id = %s", event.pk)

        assert AuditEvent.objects.filter(pk=event.pk).exists()

    def test_a_link_cannot_be_updated(self, link):
        refused("UPDATE security_auditchainlink SET hash = %s", "b" * 64)

        link.refresh_from_db()
        assert link.hash == "a" * 64

    def test_a_link_cannot_be_deleted(self, link):
        refused("DELETE FROM security_auditchainlink WHERE id = %s", link.pk)

        assert AuditChainLink.objects.filter(pk=link.pk).exists()

    def test_the_retention_setting_lets_rows_of_the_chain_it_names_go(self, link):
        with transaction.atomic():
            set_retention("remove-chain:user:41")
            AuditChainLink.objects.filter(chain="user:41").delete()
            AuditEvent.objects.filter(chain="user:41").delete()

        assert not AuditEvent.objects.filter(chain="user:41").exists()
        assert not AuditChainLink.objects.filter(chain="user:41").exists()

    def test_the_retention_setting_does_not_reach_another_chain(self, event):
        other = AuditEvent.objects.create(chain="user:42", kind="login")

        with transaction.atomic():
            set_retention("remove-chain:user:41")
            refused("DELETE FROM security_auditevent WHERE id = %s", other.pk)

        assert AuditEvent.objects.filter(pk=other.pk).exists()

    def test_the_retention_setting_never_allows_an_update(self, event):
        with transaction.atomic():
            set_retention("remove-chain:user:41")
            refused("UPDATE security_auditevent SET kind = 'logout'")


SQLITE_CHECK = """
from datetime import timedelta
from django.db import DatabaseError
from django.utils import timezone
from security import audit_chain
from security.models import AuditChainLink, AuditEvent

earlier = timezone.now() - timedelta(hours=1)
for chain in ("user:7", "user:7", "user:8"):
    AuditEvent.objects.create(chain=chain, kind="login", occurred_at=earlier)
audit_chain.seal_chains()


def attempt(name, change):
    try:
        change()
        print(name, "allowed")
    except DatabaseError as error:
        print(name, "refused:", error)


attempt("update event", lambda: AuditEvent.objects.update(kind="logout"))
attempt("delete event", lambda: AuditEvent.objects.filter(chain="user:7").delete())
attempt("update link", lambda: AuditChainLink.objects.update(hash="b" * 64))
attempt("delete link", lambda: AuditChainLink.objects.all().delete())
removal = audit_chain.remove_chain("user:7")
print("removed", removal.details["length"])
print("left", sorted(AuditEvent.objects.values_list("chain", flat=True)))
print("broken", audit_chain.verify_chains().broken)
attempt("then delete", lambda: AuditEvent.objects.filter(chain="user:8").delete())
"""


def test_on_sqlite_the_triggers_refuse_all_but_the_retention_path(tmp_path):
    environment = {
        **os.environ,
        "BPETS_ENV": "development",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'demo.sqlite3'}",
        "SECRET_KEY": "sqlite-trigger-test-" + "k" * 40,
        "CELERY_BROKER_URL": "",
    }

    def manage(*arguments):
        return subprocess.run(
            [sys.executable, "manage.py", *arguments],
            cwd=ROOT,
            env=environment,
            capture_output=True,
            text=True,
            check=False,
        )

    migrated = manage("migrate", "--no-input")
    assert migrated.returncode == 0, migrated.stderr
    checked = manage("shell", "--no-imports", "-c", SQLITE_CHECK)
    output = checked.stdout.splitlines()

    refusal = "refused: audit rows are append-only: {} on {} refused"
    assert output == [
        "update event " + refusal.format("UPDATE", "security_auditevent"),
        "delete event " + refusal.format("DELETE", "security_auditevent"),
        "update link " + refusal.format("UPDATE", "security_auditchainlink"),
        "delete link " + refusal.format("DELETE", "security_auditchainlink"),
        "removed 2",
        "left ['system', 'user:8']",
        "broken []",
        # The permit went with the removal.
        "then delete " + refusal.format("DELETE", "security_auditevent"),
    ], checked.stderr
