"""Sealing the audit log into hash chains, verifying them, removing one."""

import hashlib
import io
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from bpets.celery import app as celery_app
from security import audit_chain, tasks
from security.models import AuditChainLink, AuditEvent

pytestmark = pytest.mark.django_db

ZERO = "0" * 64
EARLIER = datetime(2026, 3, 1, 12, 0, 0, 250000, tzinfo=UTC)


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def make_event(chain="user:5", occurred_at=EARLIER, **fields) -> AuditEvent:
    prefix, _, actor_id = chain.partition(":")
    event = AuditEvent.objects.create(
        chain=chain,
        actor_id=int(actor_id) if prefix == "user" else None,
        occurred_at=occurred_at,
        kind=fields.pop("kind", AuditEvent.Kind.LOGIN),
        **fields,
    )
    # As the sealer will read it back.
    return AuditEvent.objects.get(pk=event.pk)


def links_of(chain: str) -> list[tuple]:
    return list(
        AuditChainLink.objects.filter(chain=chain)
        .order_by("sequence")
        .values_list("event_id", "sequence", "previous_hash", "hash")
    )


@contextmanager
def tampering():
    """What a DBA could do: switch the append-only triggers off for a while."""
    tables = ("security_auditevent", "security_auditchainlink")
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER {table}_append_only")
        yield cursor
        for table in tables:
            cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER {table}_append_only")


class TestCanonicalForm:
    def test_it_writes_fixed_fields_in_utc_with_sorted_json(self):
        phoenix = ZoneInfo("America/Phoenix")  # UTC-7, no daylight saving
        event = make_event(
            occurred_at=datetime(2026, 3, 1, 7, 30, 5, 250000, tzinfo=phoenix),
            actor_username="agent",
            kind=AuditEvent.Kind.PERSONAL_DATA_VIEWED,
            client_address="192.0.2.10",
            source="/staffing/people/9/",
            target_type="staffing.Profile",
            target_id="9",
            subject_user_id=9,
            details={"groups": ["medical", "home"], "export": False},
        )

        assert audit_chain.canonical(event) == (
            f'[["id",{event.pk}],["occurred_at","2026-03-01T14:30:05.250000Z"],'
            '["chain","user:5"],["kind","personal_data.viewed"],["actor_id",5],'
            '["actor_username","agent"],["client_address","192.0.2.10"],'
            '["source","/staffing/people/9/"],["target_type","staffing.Profile"],'
            '["target_id","9"],["subject_user_id",9],'
            '["details",{"export":false,"groups":["medical","home"]}]]'
        )


class TestSealing:
    def test_each_chain_is_linked_in_id_order_from_the_all_zero_hash(self):
        first = make_event("user:5")
        system = make_event("system")
        second = make_event("user:5", kind=AuditEvent.Kind.LOGOUT)

        report = audit_chain.seal_chains()

        first_hash = sha256(ZERO + audit_chain.canonical(first))
        second_hash = sha256(first_hash + audit_chain.canonical(second))
        assert links_of("user:5") == [
            (first.pk, 1, ZERO, first_hash),
            (second.pk, 2, first_hash, second_hash),
        ]
        assert links_of("system") == [
            (system.pk, 1, ZERO, sha256(ZERO + audit_chain.canonical(system)))
        ]
        assert report.as_dict() == {"links": 3, "chains": 2}

    def test_sealing_again_changes_nothing(self):
        make_event("user:5")
        make_event("user:6")
        audit_chain.seal_chains()
        before = list(AuditChainLink.objects.order_by("pk").values())

        report = audit_chain.seal_chains()

        assert report.as_dict() == {"links": 0, "chains": 0}
        assert list(AuditChainLink.objects.order_by("pk").values()) == before

    def test_events_inside_the_margin_wait_for_a_later_run(self):
        first = make_event("user:5")
        audit_chain.seal_chains()
        recent = make_event("user:5", occurred_at=timezone.now())

        assert audit_chain.seal_chains().links == 0
        audit_chain.seal_chains(margin=timedelta(0))

        first_hash = links_of("user:5")[0][3]
        assert links_of("user:5")[1] == (
            recent.pk,
            2,
            first_hash,
            sha256(first_hash + audit_chain.canonical(recent)),
        )
        assert first.pk < recent.pk

    def test_a_long_backlog_is_sealed_in_batches_that_continue_each_chain(
        self, monkeypatch
    ):
        monkeypatch.setattr(audit_chain, "SEAL_BATCH_SIZE", 2)
        events = [make_event(chain) for chain in ["user:5"] * 3 + ["user:6"] * 2]

        report = audit_chain.seal_chains()

        assert report.as_dict() == {"links": 5, "chains": 2}
        expected, previous = [], ZERO
        for sequence, event in enumerate(events[:3], start=1):
            current = sha256(previous + audit_chain.canonical(event))
            expected.append((event.pk, sequence, previous, current))
            previous = current
        assert links_of("user:5") == expected
        assert [link[1] for link in links_of("user:6")] == [1, 2]

    def test_the_task_seals_and_beat_runs_it_every_five_minutes(self):
        make_event("user:5")

        assert tasks.seal_audit_chains() == {"links": 1, "chains": 1}
        entry = settings.CELERY_BEAT_SCHEDULE["seal-audit-chains"]
        assert entry == {"task": "security.tasks.seal_audit_chains", "schedule": 300}
        assert entry["task"] in celery_app.tasks

    def test_the_command_says_what_it_sealed(self):
        make_event("user:5")
        make_event("user:5")
        make_event("system")
        output = io.StringIO()

        call_command("seal_audit", stdout=output)

        assert output.getvalue() == "Sealed 3 events in 2 chains.\n"


@pytest.fixture
def sealed():
    """Three events of user 5 and one system event, sealed."""
    events = [make_event("user:5") for _ in range(3)] + [make_event("system")]
    audit_chain.seal_chains()
    return events


def broken_links():
    return [
        (broken.chain, broken.sequence, broken.event_id, broken.problem)
        for broken in audit_chain.verify_chains().broken
    ]


class TestVerifying:
    def test_sound_chains_verify(self, sealed):
        make_event("user:5", occurred_at=timezone.now())

        report = audit_chain.verify_chains()

        assert (report.chains, report.links, report.unsealed) == (2, 4, 1)
        assert report.broken == []

    # Each tampering: statements on the sealed events (by index), the index
    # of the event whose link is then the first broken one, and why.
    @pytest.mark.parametrize(
        ("statements", "broken_index", "problem"),
        [
            pytest.param(
                [("UPDATE security_auditevent SET kind = 'logout' WHERE id = %s", 1)],
                1,
                "edited event: the event no longer matches its seal",
                id="edited event",
            ),
            pytest.param(
                [("DELETE FROM security_auditevent WHERE id = %s", 1)],
                1,
                "missing event: the event this link seals is no longer in the log",
                id="deleted event",
            ),
            pytest.param(
                [
                    ("DELETE FROM security_auditevent WHERE id = %s", 1),
                    ("DELETE FROM security_auditchainlink WHERE event_id = %s", 1),
                ],
                # The event after it is where the chain breaks.
                2,
                "gap in sequence: link #2 is missing, the chain jumps to #3",
                id="deleted event and link",
            ),
            pytest.param(
                [
                    (
                        "UPDATE security_auditchainlink SET previous_hash = "
                        "repeat('f', 64) WHERE event_id = %s",
                        2,
                    )
                ],
                2,
                "wrong previous hash: it is not the hash of the link before",
                id="edited previous hash",
            ),
        ],
    )
    def test_it_finds_the_broken_link(self, sealed, statements, broken_index, problem):
        with tampering() as cursor:
            for statement, index in statements:
                cursor.execute(statement, [sealed[index].pk])

        assert broken_links() == [
            ("user:5", broken_index + 1, sealed[broken_index].pk, problem)
        ]

    def test_it_names_only_the_first_broken_link_of_each_chain(self, sealed):
        with tampering() as cursor:
            cursor.execute(
                "UPDATE security_auditevent SET source = 'rewritten' WHERE id IN "
                "(%s, %s, %s)",
                [sealed[1].pk, sealed[2].pk, sealed[3].pk],
            )

        assert [broken[:2] for broken in broken_links()] == [
            ("system", 1),
            ("user:5", 2),
        ]

    def test_the_command_says_ok_for_sound_chains(self, sealed):
        output = io.StringIO()

        call_command("verify_audit", stdout=output)

        assert output.getvalue() == (
            "OK: 2 audit chains, 4 links verified, none broken "
            "(0 events not yet sealed).\n"
        )

    def test_the_command_fails_and_names_the_broken_link(self, sealed):
        with tampering() as cursor:
            cursor.execute(
                "UPDATE security_auditevent SET kind = 'logout' WHERE id = %s",
                [sealed[0].pk],
            )
        errors = io.StringIO()

        with pytest.raises(CommandError) as failure:
            call_command("verify_audit", stderr=errors)

        assert failure.value.returncode == 1
        assert str(failure.value) == "1 of 2 audit chains are broken."
        assert errors.getvalue() == (
            f"chain user:5: first broken link #1 (event {sealed[0].pk}): "
            "edited event: the event no longer matches its seal\n"
        )


class TestRemovingAChain:
    def test_it_records_the_length_and_last_hash_in_the_system_chain(self, sealed):
        unsealed = make_event("user:5", occurred_at=timezone.now())

        removal = audit_chain.remove_chain("user:5")

        # Sealed to its end first: four links, the unsealed event included.
        previous = ZERO
        for event in [*sealed[:3], unsealed]:
            previous = sha256(previous + audit_chain.canonical(event))
        assert removal.details == {
            "chain": "user:5",
            "length": 4,
            "last_hash": previous,
        }
        assert (removal.chain, removal.kind, removal.subject_user_id) == (
            "system",
            AuditEvent.Kind.CHAIN_REMOVED,
            5,
        )

    def test_it_removes_that_chain_and_nothing_else(self, sealed):
        other = make_event("user:6")
        audit_chain.seal_chains()

        removal = audit_chain.remove_chain("user:5")

        assert not AuditEvent.objects.filter(chain="user:5").exists()
        assert not AuditChainLink.objects.filter(chain="user:5").exists()
        assert set(AuditEvent.objects.values_list("pk", flat=True)) == {
            sealed[3].pk,
            other.pk,
            removal.pk,
        }
        assert AuditChainLink.objects.filter(chain="user:6").count() == 1
        audit_chain.seal_chains(margin=timedelta(0))
        assert audit_chain.verify_chains().broken == []

    def test_the_permission_to_delete_ends_with_the_removal(self, sealed):
        other = make_event("user:6")

        audit_chain.remove_chain("user:5")

        with pytest.raises(IntegrityError), transaction.atomic():
            AuditEvent.objects.filter(pk=other.pk).delete()

    def test_the_system_chain_cannot_be_removed(self, sealed):
        with pytest.raises(ValueError, match="system chain"):
            audit_chain.remove_chain("system")

        assert AuditEvent.objects.filter(chain="system").count() == 1

    def test_a_chain_that_does_not_exist_is_reported(self, sealed):
        with pytest.raises(audit_chain.ChainNotFound):
            audit_chain.remove_chain("user:99")

        assert not AuditEvent.objects.filter(kind="audit.chain_removed").exists()


class TestCuttingTheStartOfAChain:
    """The events before a given one go; the rest verifies from the record."""

    def test_it_records_the_last_removed_link_in_the_system_chain(self, sealed):
        link_of_second = AuditChainLink.objects.get(event_id=sealed[1].pk)

        cut = audit_chain.remove_chain_before(sealed[1].pk)

        assert (cut.chain, cut.kind, cut.subject_user_id) == (
            "system",
            AuditEvent.Kind.CHAIN_CUT,
            5,
        )
        # Link 1 is gone; link 2 follows the hash of link 1, as recorded.
        first_hash = sha256(ZERO + audit_chain.canonical(sealed[0]))
        assert link_of_second.previous_hash == first_hash
        assert cut.details == {
            "chain": "user:5",
            "through": 1,
            "last_hash": first_hash,
            "removed": 1,
        }

    def test_only_the_events_before_it_go(self, sealed):
        other = make_event("user:6")
        audit_chain.seal_chains()

        audit_chain.remove_chain_before(sealed[2].pk)

        assert list(
            AuditEvent.objects.filter(chain="user:5").values_list("pk", flat=True)
        ) == [sealed[2].pk]
        assert [link[1] for link in links_of("user:5")] == [3]
        assert AuditEvent.objects.filter(pk__in=[sealed[3].pk, other.pk]).count() == 2

    def test_the_cut_chain_and_the_system_chain_still_verify(self, sealed):
        audit_chain.remove_chain_before(sealed[2].pk)
        make_event("user:5", occurred_at=timezone.now())
        audit_chain.seal_chains(margin=timedelta(0))

        report = audit_chain.verify_chains()

        assert report.broken == []
        # user:5 now holds links 3 and 4; the system chain its event and the cut.
        assert (report.chains, report.links) == (2, 4)

    def test_a_second_cut_further_on_verifies_from_the_later_record(self, sealed):
        audit_chain.remove_chain_before(sealed[1].pk)
        audit_chain.seal_chains(margin=timedelta(0))

        audit_chain.remove_chain_before(sealed[2].pk)
        audit_chain.seal_chains(margin=timedelta(0))

        assert [link[1] for link in links_of("user:5")] == [3]
        assert audit_chain.verify_chains().broken == []

    def test_a_link_removed_by_hand_after_the_cut_still_breaks_the_chain(self, sealed):
        make_event("user:5")
        audit_chain.seal_chains()
        audit_chain.remove_chain_before(sealed[1].pk)
        with tampering() as cursor:
            cursor.execute(
                "DELETE FROM security_auditchainlink WHERE event_id = %s",
                [sealed[1].pk],
            )
            cursor.execute(
                "DELETE FROM security_auditevent WHERE id = %s", [sealed[1].pk]
            )

        assert broken_links() == [
            (
                "user:5",
                3,
                sealed[2].pk,
                "gap in sequence: link #2 is missing, the chain jumps to #3",
            )
        ]

    def test_nothing_before_the_first_event_is_no_cut(self, sealed):
        assert audit_chain.remove_chain_before(sealed[0].pk) is None

        assert AuditEvent.objects.filter(chain="user:5").count() == 3
        assert not AuditEvent.objects.filter(kind=AuditEvent.Kind.CHAIN_CUT).exists()

    def test_the_system_chain_is_never_cut(self, sealed):
        with pytest.raises(ValueError, match="system chain"):
            audit_chain.remove_chain_before(sealed[3].pk)

    def test_an_unsealed_event_is_reported(self, sealed):
        unsealed = make_event("user:5", occurred_at=timezone.now())

        with pytest.raises(audit_chain.ChainNotFound):
            audit_chain.remove_chain_before(unsealed.pk)

        assert AuditEvent.objects.filter(chain="user:5").count() == 4

    def test_the_permission_to_delete_ends_with_the_cut(self, sealed):
        audit_chain.remove_chain_before(sealed[2].pk)

        with pytest.raises(IntegrityError), transaction.atomic():
            AuditEvent.objects.filter(pk=sealed[2].pk).delete()
