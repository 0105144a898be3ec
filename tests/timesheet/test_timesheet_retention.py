"""Timesheets are time and attendance records: three years from the end
of their pay period, or once the GAO audit of the period is recorded,
whichever comes first; under legal hold, kept."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from scheduling import services
from security import retention
from security.retention import engine
from security.retention.services import place_hold
from tests.scheduling.test_retention import CUTOFF, TODAY, keeper  # noqa: F401
from timesheet.models import GaoAudit, ScheduledDay, TimeEntry, Timesheet

pytestmark = pytest.mark.django_db


def timesheet_of(employee, day: date) -> Timesheet:
    """A timesheet of the pay period holding ``day``, with a day and an entry."""
    period = services.pay_period_row(day)
    sheet = Timesheet.objects.create(
        employee=employee, pay_period=period, station=employee.duty_station
    )
    ScheduledDay.objects.create(
        timesheet=sheet, day=period.start_date, source="NONE", status="DAY_OFF"
    )
    TimeEntry.objects.create(
        timesheet=sheet, day=period.start_date, code="LWOP", hours=1
    )
    return sheet


def gone(sheet) -> bool:
    return not (
        Timesheet.objects.filter(pk=sheet.pk).exists()
        or Timesheet.history.filter(id=sheet.pk).exists()
        or ScheduledDay.history.filter(timesheet_id=sheet.pk).exists()
        or TimeEntry.history.filter(timesheet_id=sheet.pk).exists()
    )


def test_three_years_or_a_gao_audit_whichever_first(
    people,
    keeper,  # noqa: F811 (the fixture imported above)
):
    subject, peer = people["subject"], people["peer"].employee
    old = timesheet_of(subject, CUTOFF - timedelta(days=20))
    recent = timesheet_of(subject, CUTOFF + timedelta(days=20))
    audited = timesheet_of(subject, CUTOFF + timedelta(days=200))
    held = timesheet_of(peer, CUTOFF - timedelta(days=20))
    GaoAudit.objects.create(
        pay_period=audited.pay_period,
        completed_on=TODAY - timedelta(days=30),
        reference="GAO-31-104",
        recorded_by=keeper,
    )
    place_hold(actor=keeper, user=people["peer"], reason="Grievance 2031-4.")

    run = engine.run(today=TODAY)

    counts = run.counts()["timesheet.time_and_attendance"]
    assert counts == {"due": 3, "held": 1, "purged": 2}
    assert gone(old) and gone(audited)
    assert Timesheet.objects.filter(pk__in=[recent.pk, held.pk]).count() == 2
    assert recent.entries.count() == 1 and recent.days.count() == 1


def test_the_rule_cites_its_source():
    rule = retention.get("timesheet.time_and_attendance")

    assert [(source.citation, str(source.period)) for source in rule.sources] == [
        ("GRS 2.4, item 030 (time and attendance records)", "3 years")
    ]


def test_records_administrators_record_a_gao_audit(
    client,
    people,
    keeper,  # noqa: F811
):
    period = services.pay_period_row(date(2026, 1, 11))
    client.force_login(keeper)

    response = client.post(
        reverse("timesheet:gao-audits"),
        {
            "pay_period": period.pk,
            "completed_on": "2027-03-31",
            "reference": "GAO-27-1",
        },
    )

    assert response.status_code == 302
    recorded = GaoAudit.objects.get()
    assert (recorded.pay_period, recorded.recorded_by) == (period, keeper)
    client.force_login(people["self"])
    assert client.get(reverse("timesheet:gao-audits")).status_code == 403
