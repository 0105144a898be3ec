"""Each rule of the schedule: just inside its period kept, just past it purged,
under legal hold kept, and what it purges gone from every history table."""

from datetime import UTC, date, datetime, time, timedelta

import pytest

from security import audit_chain
from security.models import (
    AccessRequest,
    AuditChainLink,
    AuditEvent,
    RoleGrant,
    User,
)
from security.retention import engine
from security.retention.services import choose_source, place_hold
from staffing.models import EmergencyContact, Employee
from tests.security.retention_helpers import (
    TODAY,
    TOMORROW,
    end_account,
    events_of,
    history_rows_holding,
    seal,
    separate,
    tracked_models,
)

pytestmark = pytest.mark.django_db

MEDICAL_BLANK = {
    "doctor_name": "",
    "doctor_phone": "",
    "medical_alerts": "",
    "health_plan_name": "",
    "health_plan_code": "",
    "blood_type": "",
}


def counts(run, code):
    return run.counts()[code]


def medical_of(person):
    person.refresh_from_db()
    return {name: getattr(person, name) for name in MEDICAL_BLANK}


def test_the_history_search_covers_the_purged_models():
    labels = {model._meta.label for model in tracked_models()}

    assert {
        "security.User",
        "security.RoleGrant",
        "security.AccessRequest",
        "staffing.Employee",
        "staffing.EmergencyContact",
    } <= labels


def test_medical_information_goes_when_the_employee_separates(
    employee, records_administrators
):
    administrator, _ = records_administrators
    leaver = separate(employee("leaver"), on=TODAY)
    leaver.medical_alerts = "Allergic to leaver-bees."
    leaver.save()
    later = separate(employee("later"), on=TOMORROW)
    stayer = employee("stayer")
    held = separate(employee("holder"), on=TODAY)
    place_hold(actor=administrator, user=held.user, reason="Claim 2030-14.")
    history_before = set(
        Employee.history.filter(id=leaver.pk).values_list("history_id", flat=True)
    )

    run = engine.run(today=TODAY)

    assert counts(run, "staffing.medical") == {"due": 2, "held": 1, "purged": 1}
    assert medical_of(leaver) == MEDICAL_BLANK
    assert history_rows_holding("leaver-penicillin") == []
    assert history_rows_holding("leaver-bees") == []
    assert history_rows_holding("Dr Leaver") == []
    # The history rows stay; only their medical values are blank.
    history_after = set(
        Employee.history.filter(id=leaver.pk).values_list("history_id", flat=True)
    )
    assert history_before < history_after
    assert medical_of(later)["medical_alerts"] == "Allergic to later-penicillin."
    assert medical_of(stayer)["medical_alerts"] == "Allergic to stayer-penicillin."
    assert medical_of(held)["blood_type"] == "O+"
    assert history_rows_holding("holder-penicillin") != []


def test_work_contact_information_goes_a_year_after_separation(
    employee, records_administrators
):
    administrator, _ = records_administrators
    inside = separate(employee("inside"), on=date(2029, 6, 15))
    past = separate(employee("past"), on=date(2029, 6, 14))
    held = separate(employee("heldrecord"), on=date(2029, 6, 14))
    # A hold on the employee's record, not on the person's login.
    place_hold(actor=administrator, record=held, reason="Records request.")

    run = engine.run(today=TODAY)

    assert counts(run, "staffing.work_contact") == {
        "due": 2,
        "held": 1,
        "purged": 1,
    }
    past.refresh_from_db()
    assert (past.work_phone, past.work_mobile, past.work_email) == ("", "", "")
    assert past.work_street == "1 Station Road"  # the station's, not the person's
    assert history_rows_holding("past@work.example.invalid") == []
    inside.refresh_from_db()
    assert inside.work_email == "inside@work.example.invalid"
    held.refresh_from_db()
    assert held.work_email == "heldrecord@work.example.invalid"


def test_superseded_personal_and_emergency_values_leave_the_history(employee):
    stayer = employee("stayer")
    stayer.home_street = "99 New Road"
    stayer.mobile_phone = ""
    stayer.save()
    contact = stayer.emergency_contacts.get()
    contact.name = "Current Kin"
    contact.save()
    former = EmergencyContact.objects.create(
        employee=stayer, name="Former Friend", relationship="Friend", phone="1"
    )
    former.delete()
    untouched = employee("untouched")

    run = engine.run(today=TODAY)

    assert counts(run, "staffing.personal_contact") == {
        "due": 1,
        "held": 0,
        "purged": 1,
    }
    stayer.refresh_from_db()
    assert (stayer.home_street, stayer.home_city) == ("99 New Road", "Rio Rico")
    assert history_rows_holding("12 Stayer Lane") == []
    assert history_rows_holding("(520) 555-0112") == [
        # Only the untouched employee's number, still current, is kept.
        f"staffing.Employee history {pk}"
        for pk in Employee.history.filter(id=untouched.pk).values_list(
            "history_id", flat=True
        )
    ]
    assert history_rows_holding("Kin of stayer") == []
    assert history_rows_holding("Former Friend") == []
    assert history_rows_holding("99 New Road") != []
    assert history_rows_holding("Current Kin") != []
    assert stayer.emergency_contacts.get().name == "Current Kin"


def test_personal_and_emergency_contacts_go_at_separation(
    employee, records_administrators
):
    administrator, _ = records_administrators
    leaver = separate(employee("leaver"), on=TODAY)
    later = separate(employee("later"), on=TOMORROW)
    held = separate(employee("holder"), on=TODAY)
    place_hold(actor=administrator, user=held.user, reason="Claim 2030-14.")

    run = engine.run(today=TODAY)

    assert counts(run, "staffing.personal_contact") == {
        "due": 2,
        "held": 1,
        "purged": 1,
    }
    leaver.refresh_from_db()
    assert (
        leaver.home_street,
        leaver.mobile_phone,
        leaver.personal_email,
        leaver.emergency_patrol_agent_name,
    ) == ("", "", "", "")
    assert not leaver.emergency_contacts.exists()
    for value in ("12 Leaver Lane", "leaver@home.example.invalid", "Kin of leaver"):
        assert history_rows_holding(value) == []
    # The contact's history rows stay, blank.
    assert EmergencyContact.history.filter(employee_id=leaver.pk).count() == 2
    assert later.emergency_contacts.get().name == "Kin of later"
    assert held.emergency_contacts.get().name == "Kin of holder"
    assert history_rows_holding("12 Holder Lane") != []


def _chain_head(user):
    link = AuditChainLink.objects.filter(chain=f"user:{user.pk}")
    return link.order_by("-sequence").values_list("sequence", "hash").first()


def test_audit_chains_go_whole_after_the_longer_source_by_default(
    make_user, records_administrators
):
    administrator, _ = records_administrators
    inside = end_account(make_user("inside"), date(2015, 6, 15))
    past = end_account(make_user("past"), date(2015, 6, 14))
    held = end_account(make_user("holder"), date(2015, 6, 14))
    active = make_user("active")
    for user, count in ((inside, 3), (past, 4), (held, 2), (active, 2)):
        events_of(user, count)
    place_hold(actor=administrator, user=held, reason="Investigation 7.")
    seal()
    length, last_hash = _chain_head(past)

    run = engine.run(today=TODAY)

    assert counts(run, "security.audit_records") == {
        "due": 2,
        "held": 1,
        "purged": 1,
    }
    assert not AuditEvent.objects.filter(chain=f"user:{past.pk}").exists()
    assert not AuditChainLink.objects.filter(chain=f"user:{past.pk}").exists()
    removal = AuditEvent.objects.get(
        kind=AuditEvent.Kind.CHAIN_REMOVED, subject_user_id=past.pk
    )
    assert removal.chain == AuditEvent.SYSTEM_CHAIN
    assert removal.details == {
        "chain": f"user:{past.pk}",
        "length": 4,
        "last_hash": last_hash,
    }
    assert length == 4
    assert AuditEvent.objects.filter(chain=f"user:{inside.pk}").count() == 3
    assert AuditEvent.objects.filter(chain=f"user:{held.pk}").count() == 2
    seal()
    report = audit_chain.verify_chains()
    assert report.broken == []
    assert report.unsealed == 0


def test_audit_chains_go_after_six_years_once_that_source_is_chosen(
    make_user, records_administrators
):
    administrator, _ = records_administrators
    inside = end_account(make_user("inside"), date(2024, 6, 15))
    past = end_account(make_user("past"), date(2024, 6, 14))
    events_of(inside, 2)
    events_of(past, 2)

    before = engine.run(today=TODAY)
    choose_source(
        actor=administrator,
        rule_code="security.audit_records",
        source="GRS 3.2, item 031",
        reason="Counsel: the general schedule governs.",
    )
    after = engine.run(today=TODAY)

    assert counts(before, "security.audit_records")["due"] == 0
    assert counts(after, "security.audit_records") == {
        "due": 1,
        "held": 0,
        "purged": 1,
    }
    assert after.progress["security.audit_records"]["period"] == "6 years"
    assert not AuditEvent.objects.filter(chain=f"user:{past.pk}").exists()
    assert AuditEvent.objects.filter(chain=f"user:{inside.pk}").count() == 2
    chosen = AuditEvent.objects.get(kind=AuditEvent.Kind.RETENTION_SOURCE_CHOSEN)
    assert chosen.actor_id == administrator.pk
    assert chosen.details == {
        "rule": "security.audit_records",
        "source": "GRS 3.2, item 031",
        "period": "6 years",
        "previous_source": "Agency schedule, audit files",
    }
    seal()
    assert audit_chain.verify_chains().broken == []


def _chain_with_a_password_change(user, changed_on: date) -> list[AuditEvent]:
    """Two logins, the password change on ``changed_on``, one login after."""
    noon = datetime.combine(changed_on, time(12), tzinfo=UTC)
    return [
        AuditEvent.objects.create(
            chain=AuditEvent.chain_for(user.pk),
            actor_id=user.pk,
            kind=kind,
            occurred_at=noon + timedelta(hours=hours),
        )
        for kind, hours in (
            (AuditEvent.Kind.LOGIN, -48),
            (AuditEvent.Kind.LOGIN, -24),
            (AuditEvent.Kind.PASSWORD_CHANGED, 0),
            (AuditEvent.Kind.LOGIN, 24),
        )
    ]


def _kept(user) -> list[int]:
    return list(
        AuditEvent.objects.filter(chain=AuditEvent.chain_for(user.pk))
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def test_a_superseded_passwords_events_stay_while_the_agency_item_applies(
    make_user,
):
    user = make_user("changer")
    events = _chain_with_a_password_change(user, date(2010, 1, 4))
    seal()

    run = engine.run(today=TODAY)

    assert counts(run, "security.audit_superseded_password")["due"] == 0
    assert _kept(user) == [event.pk for event in events]


def test_a_superseded_passwords_events_go_six_years_after_the_change(
    make_user, records_administrators
):
    administrator, _ = records_administrators
    # TODAY is 2030-06-15: a change on 2024-06-14 is past six years, one on
    # 2024-06-15 just inside them.
    past = make_user("past")
    inside = make_user("inside")
    held = make_user("holder")
    past_events = _chain_with_a_password_change(past, date(2024, 6, 14))
    inside_events = _chain_with_a_password_change(inside, date(2024, 6, 15))
    held_events = _chain_with_a_password_change(held, date(2020, 1, 6))
    place_hold(actor=administrator, user=held, reason="Claim 12.")
    seal()
    choose_source(
        actor=administrator,
        rule_code="security.audit_records",
        source="GRS 3.2, item 031",
        reason="Counsel: the general schedule governs.",
    )

    run = engine.run(today=TODAY)

    assert counts(run, "security.audit_superseded_password") == {
        "due": 2,
        "held": 1,
        "purged": 1,
    }
    # The change itself and what followed stay: they belong to the password
    # now in use.
    assert _kept(past) == [past_events[2].pk, past_events[3].pk]
    assert _kept(inside) == [event.pk for event in inside_events]
    assert _kept(held) == [event.pk for event in held_events]
    cut = AuditEvent.objects.get(
        kind=AuditEvent.Kind.CHAIN_CUT, subject_user_id=past.pk
    )
    assert (cut.details["through"], cut.details["removed"]) == (2, 2)
    seal()
    assert audit_chain.verify_chains().broken == []

    again = engine.run(today=TODAY)

    # Only the held one is left, still held.
    assert counts(again, "security.audit_superseded_password") == {
        "due": 1,
        "held": 1,
        "purged": 0,
    }


def _with_account_records(make_user, give, units, username, ended_on):
    user = make_user(username)
    give(user, "staffing", "self_service", "nogales")
    AccessRequest.objects.create(
        requester=user,
        module="staffing",
        role="supervisor",
        organization_unit=units["nogales"],
        reason=f"Acting for {username}.",
        route=AccessRequest.Route.ADMINISTRATORS,
    )
    return end_account(user, ended_on)


def test_account_management_records_go_ten_years_after_separation(
    make_user, give, units, records_administrators
):
    administrator, _ = records_administrators
    inside = _with_account_records(make_user, give, units, "inside", date(2020, 6, 15))
    past = _with_account_records(make_user, give, units, "past", date(2020, 6, 14))
    held = _with_account_records(make_user, give, units, "holder", date(2020, 6, 14))
    place_hold(actor=administrator, user=held, reason="Appeal pending.")

    run = engine.run(today=TODAY)

    assert counts(run, "security.account_management") == {
        "due": 2,
        "held": 1,
        "purged": 1,
    }
    assert not RoleGrant.objects.filter(user=past).exists()
    assert not RoleGrant.history.filter(user_id=past.pk).exists()
    assert not AccessRequest.objects.filter(requester=past).exists()
    assert not AccessRequest.history.filter(requester_id=past.pk).exists()
    assert history_rows_holding("Acting for past.") == []
    past.refresh_from_db()
    assert (
        past.background_investigation_status,
        past.background_investigation_date,
        past.security_training_date,
    ) == (User.Investigation.NONE, None, None)
    assert not User.history.filter(
        id=past.pk, background_investigation_date__isnull=False
    ).exists()
    assert not User.history.filter(
        id=past.pk, security_training_date__isnull=False
    ).exists()
    for kept in (inside, held):
        assert RoleGrant.objects.filter(user=kept).count() == 1
        assert AccessRequest.objects.filter(requester=kept).count() == 1
        kept.refresh_from_db()
        assert kept.background_investigation_status == User.Investigation.FAVORABLE
