"""The run: resumable batches, one audit event, the dry run equal to the real."""

import dataclasses
from datetime import date

import pytest
from django.core.management import call_command
from django.utils import timezone

from security import retention
from security.models import AuditEvent, RetentionRun
from security.retention import Period, engine
from staffing.models import Employee
from tests.security.retention_helpers import (
    TODAY,
    end_account,
    events_of,
    seal,
    separate,
)

pytestmark = pytest.mark.django_db

OUR_RULES = (
    "security.audit_records",
    "security.account_management",
    "staffing.medical",
    "staffing.work_contact",
    "staffing.personal_contact",
)


def test_periods_count_back_in_calendar_months():
    assert Period(years=6).before(date(2030, 6, 15)) == date(2024, 6, 15)
    assert Period(years=1).before(date(2028, 2, 29)) == date(2027, 2, 28)
    assert Period(months=1).before(date(2030, 3, 31)) == date(2030, 2, 28)
    assert Period(years=1, days=2).before(date(2030, 1, 1)) == date(2028, 12, 30)
    assert Period().cutoff(date(2030, 6, 15)) == date(2030, 6, 16)
    assert str(Period(years=10)) == "10 years"
    assert str(Period()) == "until the event"


def test_a_rule_names_its_sources_or_the_rule_it_follows():
    medical = retention.get("staffing.medical")

    with pytest.raises(ValueError, match="one of the two"):
        dataclasses.replace(medical, sources=())
    with pytest.raises(ValueError, match="one of the two"):
        dataclasses.replace(medical, follows="staffing.work_contact")
    with pytest.raises(retention.RuleConflict):
        retention.register(dataclasses.replace(medical, title="Another"))


def test_every_rule_of_this_issue_is_registered_in_app_order():
    codes = [rule.code for rule in retention.rules()]

    assert [code for code in codes if code in OUR_RULES] == list(OUR_RULES)


def _medical_alerts(people):
    return [
        Employee.objects.get(pk=person.pk).medical_alerts == "" for person in people
    ]


def test_an_interrupted_run_resumes_without_counting_twice(employee, monkeypatch):
    people = [separate(employee(f"leaver{n}"), on=TODAY) for n in range(3)]
    rule = retention.get("staffing.medical")
    calls = []

    def purge_then_crash(primary_keys):
        calls.append(list(primary_keys))
        if len(calls) == 2:
            raise RuntimeError("worker lost")
        return rule.purge(primary_keys)

    monkeypatch.setitem(
        retention._rules,
        rule.code,
        dataclasses.replace(rule, batch_size=1, purge=purge_then_crash),
    )
    with pytest.raises(RuntimeError):
        engine.run(today=TODAY)

    stopped = RetentionRun.objects.get()
    assert stopped.state == RetentionRun.State.FAILED
    assert stopped.error == "RuntimeError"
    assert stopped.progress[rule.code]["purged"] == 1
    assert stopped.progress[rule.code]["last_pk"] == people[0].pk
    assert _medical_alerts(people) == [True, False, False]
    assert not AuditEvent.objects.filter(kind=AuditEvent.Kind.RETENTION_RUN).exists()

    monkeypatch.setitem(
        retention._rules, rule.code, dataclasses.replace(rule, batch_size=1)
    )
    # A later day is given, but the run resumed counts to its own.
    resumed = engine.run(today=date(2031, 1, 1))

    assert resumed.pk == stopped.pk
    assert resumed.state == RetentionRun.State.FINISHED
    assert (resumed.today, resumed.resumed) == (TODAY, 1)
    assert resumed.counts()[rule.code] == {"due": 3, "held": 0, "purged": 3}
    assert _medical_alerts(people) == [True, True, True]
    event = AuditEvent.objects.get(kind=AuditEvent.Kind.RETENTION_RUN)
    assert event.target_id == str(resumed.pk)
    assert event.chain == AuditEvent.SYSTEM_CHAIN
    assert event.details["counts"][rule.code] == {"due": 3, "held": 0, "purged": 3}
    assert event.details["resumed"] == 1


def test_the_dry_run_lists_what_the_real_run_then_removes(employee, make_user):
    leaver = separate(employee("leaver"), on=TODAY)
    old = separate(employee("old"), on=date(2029, 6, 14))
    stayer = employee("stayer")
    stayer.home_street = "2 Other Road"
    stayer.save()
    gone = end_account(make_user("gone"), date(2015, 6, 1))
    events_of(gone, 2)
    seal()
    expected = {
        "security.audit_records": [gone.pk],
        "security.account_management": [gone.pk],
        "staffing.medical": sorted([leaver.pk, old.pk]),
        "staffing.work_contact": [old.pk],
        "staffing.personal_contact": sorted([leaver.pk, old.pk, stayer.pk]),
    }

    dry = engine.run(today=TODAY, dry_run=True)

    assert {code: dry.listing[code]["ids"] for code in OUR_RULES} == expected
    assert dry.listing["staffing.medical"]["kind"] == "employee (medical fields)"
    leaver.refresh_from_db()
    assert leaver.blood_type == "O+"  # a dry run changes nothing
    dry_event = AuditEvent.objects.get(
        kind=AuditEvent.Kind.RETENTION_RUN, target_id=str(dry.pk)
    )
    assert dry_event.details["dry_run"] is True

    real = engine.run(today=TODAY)

    assert {code: real.counts()[code]["purged"] for code in dry.listing} == {
        code: dry.counts()[code]["would_purge"] for code in dry.listing
    }
    assert {code: real.counts()[code]["purged"] for code in OUR_RULES} == {
        code: len(ids) for code, ids in expected.items()
    }
    leaver.refresh_from_db()
    assert (leaver.blood_type, leaver.home_street) == ("", "")
    again = engine.run(today=TODAY, dry_run=True)
    assert {code: again.listing[code]["ids"] for code in OUR_RULES} == {
        code: [] for code in OUR_RULES
    }


def test_a_second_run_changes_nothing(employee):
    separate(employee("leaver"), on=TODAY)

    first = engine.run(today=TODAY)
    second = engine.run(today=TODAY)

    assert first.counts()["staffing.medical"]["purged"] == 1
    assert {code: second.counts()[code]["purged"] for code in OUR_RULES} == {
        code: 0 for code in OUR_RULES
    }


def test_a_hold_placed_during_a_run_keeps_the_rest(employee, monkeypatch, make_user):
    from security.models import LegalHold

    people = [separate(employee(f"leaver{n}"), on=TODAY) for n in range(3)]
    rule = retention.get("staffing.medical")
    placer = make_user("placer")

    def purge_and_hold_the_last(primary_keys):
        LegalHold.objects.get_or_create(
            user=people[2].user, defaults={"reason": "Late claim.", "placed_by": placer}
        )
        return rule.purge(primary_keys)

    monkeypatch.setitem(
        retention._rules,
        rule.code,
        dataclasses.replace(rule, batch_size=1, purge=purge_and_hold_the_last),
    )

    run = engine.run(today=TODAY)

    assert run.counts()[rule.code] == {"due": 3, "held": 0, "purged": 2}
    assert _medical_alerts(people) == [True, True, False]


def test_the_command_runs_the_schedule_or_lists_it(employee):
    # The command counts to the real day.
    leaver = separate(employee("leaver"), on=timezone.localdate())
    output = []

    class Out:
        def write(self, text):
            output.append(text)

    call_command("run_retention", "--dry-run", stdout=Out())
    leaver.refresh_from_db()
    assert leaver.blood_type == "O+"
    assert any("staffing.medical: 1 due, 0 held, 1 would go" in line for line in output)

    call_command("run_retention", stdout=Out())
    leaver.refresh_from_db()
    assert leaver.blood_type == ""


def test_beat_runs_the_retention_task_nightly(settings, employee):
    from security import tasks

    entry = settings.CELERY_BEAT_SCHEDULE["run-retention"]
    separate(employee("leaver"), on=timezone.localdate())

    counts = tasks.run_retention()

    assert entry["task"] == "security.tasks.run_retention"
    assert (entry["schedule"].hour, entry["schedule"].minute) == ({2}, {30})
    assert counts["staffing.medical"] == {"due": 1, "held": 0, "purged": 1}
