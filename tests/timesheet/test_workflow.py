"""Submit, validate, return, certify, amend: who may take each step, what
each records, and the certification gate on unclosed shifts."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from bpets.models import Notification
from tests.timesheet.conftest import close_every_shift
from timesheet import entries, workflow
from timesheet.models import Timesheet, TimesheetStep
from timesheet.validation import Proposed, Refused

pytestmark = pytest.mark.django_db


def test_the_whole_way_to_payroll_and_an_amendment(timesheet, people, keeper):
    agent, supervisor = people["self"], people["first_line"]
    close_every_shift(timesheet, agent)

    with pytest.raises(Refused, match="Tick the box to attest"):
        workflow.submit(actor=agent, sheet=timesheet, attested=False)
    workflow.submit(actor=agent, sheet=timesheet, attested=True)
    with pytest.raises(PermissionDenied):
        workflow.validate(actor=supervisor, sheet=timesheet)
    workflow.validate(actor=keeper, sheet=timesheet)
    with pytest.raises(Refused, match="Say why"):
        workflow.send_back(actor=supervisor, sheet=timesheet, reason="  ")
    workflow.send_back(actor=supervisor, sheet=timesheet, reason="Sunday is off.")

    timesheet.refresh_from_db()
    assert (timesheet.status, timesheet.submitted_at, timesheet.validated_by) == (
        "OPEN",
        None,
        None,
    )
    assert Notification.objects.filter(
        recipient=agent, text__startswith="Timesheet returned"
    ).exists()

    workflow.submit(actor=agent, sheet=timesheet, attested=True)
    workflow.validate(actor=keeper, sheet=timesheet)
    with pytest.raises(PermissionDenied):
        workflow.certify(actor=keeper, sheet=timesheet)
    workflow.certify(actor=supervisor, sheet=timesheet)

    timesheet.refresh_from_db()
    assert timesheet.status == "CERTIFIED"
    assert (timesheet.submitted_by, timesheet.validated_by, timesheet.certified_by) == (
        agent,
        keeper,
        supervisor,
    )
    assert list(timesheet.steps.values_list("action", "actor__username", "reason")) == [
        ("SUBMITTED", "subject", ""),
        ("VALIDATED", "keeper", ""),
        ("RETURNED", "firstline", "Sunday is off."),
        ("SUBMITTED", "subject", ""),
        ("VALIDATED", "keeper", ""),
        ("CERTIFIED", "firstline", ""),
    ]
    # Certified is locked.
    with pytest.raises(PermissionDenied):
        entries.add_entry(
            actor=agent,
            sheet=timesheet,
            proposed=Proposed(date(2026, 1, 14), "LWOP", Decimal(1)),
        )

    amended = workflow.amend(
        actor=supervisor, sheet=timesheet, reason="Missed 1 h LWOP."
    )

    timesheet.refresh_from_db()
    assert timesheet.status == "CERTIFIED" and timesheet.superseded_at is not None
    assert (amended.version, amended.status, amended.amends) == (2, "OPEN", timesheet)
    assert amended.days.count() == 14
    assert amended.days.filter(closed_at__isnull=False).count() == 10
    assert Timesheet.objects.filter(employee=timesheet.employee).count() == 2
    entries.add_entry(
        actor=agent,
        sheet=amended,
        proposed=Proposed(date(2026, 1, 14), "LWOP", Decimal(1)),
    )
    assert timesheet.entries.count() == 0 and amended.entries.count() == 1
    assert TimesheetStep.objects.get(timesheet=amended).action == "AMENDED"


def test_certification_waits_for_every_shift_to_be_closed(timesheet, people, keeper):
    agent, supervisor = people["self"], people["first_line"]
    close_every_shift(timesheet, agent)
    workflow.submit(actor=agent, sheet=timesheet, attested=True)
    workflow.validate(actor=keeper, sheet=timesheet)
    # Reopened behind the workflow's back: certification still looks.
    left_open = timesheet.days.filter(day__in=[date(2026, 1, 14), date(2026, 1, 22)])
    left_open.update(actual_start=None, actual_end=None, closed_at=None)

    with pytest.raises(Refused) as refused:
        workflow.certify(actor=supervisor, sheet=timesheet)

    assert refused.value.errors == {
        "certify": "Not certified: these scheduled shifts are not closed against "
        "actual hours: Wed 14 Jan 2026, Thu 22 Jan 2026."
    }
    timesheet.refresh_from_db()
    assert timesheet.status == "VALIDATED"


def test_nobody_certifies_their_own_timesheet(timesheet, people, keeper, give):
    give(people["self"], "timesheet", "timekeeper", "nogales")
    close_every_shift(timesheet, people["self"])

    with pytest.raises(PermissionDenied):
        workflow.submit(actor=keeper, sheet=timesheet, attested=True)
    workflow.submit(actor=people["self"], sheet=timesheet, attested=True)
    with pytest.raises(PermissionDenied):
        workflow.validate(actor=people["self"], sheet=timesheet)
