"""Legal holds: placed by a records administrator, lifted only by another,
each step audited; a lifted hold lets its records go at the next run."""

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from security.models import AuditEvent, LegalHold
from security.retention import engine
from security.retention.services import (
    RetentionRefused,
    choose_source,
    lift_hold,
    place_hold,
)
from tests.security.retention_helpers import TODAY, separate

pytestmark = pytest.mark.django_db
Kind = AuditEvent.Kind


def test_a_hold_is_lifted_by_another_administrator_only(
    records_administrators, employee
):
    first, second = records_administrators
    person = separate(employee("leaver"), on=TODAY)
    hold = place_hold(actor=first, user=person.user, reason="Claim 2030-14.")

    with pytest.raises(RetentionRefused, match="Another records administrator"):
        lift_hold(actor=first, hold=hold, reason="Settled.")
    hold.refresh_from_db()
    assert hold.is_standing
    denied = AuditEvent.objects.get(kind=Kind.DENIED, actor_id=first.pk)
    assert denied.details == {"action": "lift own legal hold"}

    lift_hold(actor=second, hold=hold, reason="Settled.")

    hold.refresh_from_db()
    assert (hold.lifted_by, hold.lift_reason) == (second, "Settled.")
    placed = AuditEvent.objects.get(kind=Kind.LEGAL_HOLD_PLACED)
    lifted = AuditEvent.objects.get(kind=Kind.LEGAL_HOLD_LIFTED)
    assert (placed.actor_id, placed.subject_user_id) == (first.pk, person.user_id)
    assert (lifted.actor_id, lifted.subject_user_id) == (second.pk, person.user_id)
    assert lifted.details == {"hold": hold.pk}
    with pytest.raises(RetentionRefused, match="already lifted"):
        lift_hold(actor=second, hold=hold, reason="Again.")


def test_nobody_holds_their_own_records(records_administrators, employee):
    first, second = records_administrators

    with pytest.raises(RetentionRefused, match="placed by another records"):
        place_hold(actor=first, user=first, reason="My case.")

    assert not LegalHold.objects.exists()
    denied = AuditEvent.objects.get(kind=Kind.DENIED, actor_id=first.pk)
    assert denied.details["action"] == "place legal hold on oneself"
    assert place_hold(actor=second, user=first, reason="Case 7.").placed_by == second


def test_the_database_refuses_a_hold_lifted_by_its_placer(records_administrators):
    first, second = records_administrators
    hold = place_hold(actor=first, user=second, reason="Claim.")

    with pytest.raises(IntegrityError), transaction.atomic():
        LegalHold.objects.filter(pk=hold.pk).update(
            lifted_by=first, lifted_at=timezone.now(), lift_reason="Mine."
        )


def test_only_records_administrators_place_holds_or_choose(make_user, give):
    auditor = make_user("auditor")
    give(auditor, "security", "security_auditor", "headquarters")

    with pytest.raises(RetentionRefused):
        place_hold(actor=auditor, user=auditor, reason="Claim.")
    with pytest.raises(RetentionRefused):
        choose_source(
            actor=auditor,
            rule_code="security.audit_records",
            source="GRS 3.2, item 031",
            reason="Shorter.",
        )

    assert not LegalHold.objects.exists()
    assert list(
        AuditEvent.objects.filter(kind=Kind.DENIED)
        .order_by("pk")
        .values_list("details", flat=True)
    ) == [
        {"action": "place legal hold"},
        {"action": "choose retention source"},
    ]


def test_a_hold_needs_a_reason_and_a_subject_and_stands_once(records_administrators):
    first, second = records_administrators

    with pytest.raises(RetentionRefused, match="Say why"):
        place_hold(actor=first, user=second, reason="  ")
    with pytest.raises(RetentionRefused, match="Name the person or the record"):
        place_hold(actor=first, reason="Claim.")
    place_hold(actor=first, user=second, reason="Claim.")
    with pytest.raises(RetentionRefused, match="already stands"):
        place_hold(actor=first, user=second, reason="Claim again.")

    assert LegalHold.objects.count() == 1


def test_a_lifted_hold_lets_the_records_go_at_the_next_run(
    records_administrators, employee
):
    first, second = records_administrators
    person = separate(employee("leaver"), on=TODAY)
    hold = place_hold(actor=first, record=person, reason="Grievance.")

    held_run = engine.run(today=TODAY)
    lift_hold(actor=second, hold=hold, reason="Closed.")
    freed_run = engine.run(today=TODAY)

    assert held_run.counts()["staffing.medical"] == {"due": 1, "held": 1, "purged": 0}
    assert freed_run.counts()["staffing.medical"] == {
        "due": 1,
        "held": 0,
        "purged": 1,
    }
    person.refresh_from_db()
    assert person.medical_alerts == ""


def test_choosing_between_sources_is_refused_where_they_agree(records_administrators):
    first, _ = records_administrators

    with pytest.raises(RetentionRefused, match="agree"):
        choose_source(
            actor=first,
            rule_code="staffing.medical",
            source="Agency schedule, employee medical information",
            reason="Why not.",
        )
    with pytest.raises(RetentionRefused, match="one of the rule's sources"):
        choose_source(
            actor=first,
            rule_code="security.audit_records",
            source="Made-up schedule",
            reason="Why not.",
        )
    with pytest.raises(RetentionRefused, match="no such"):
        choose_source(
            actor=first, rule_code="nothing.here", source="x", reason="Why not."
        )
