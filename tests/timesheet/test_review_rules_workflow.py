"""Review findings on the way to payroll (issue 10): no submit or validate
with a scheduled shift left open, and amendments by the employee's
supervisors and the station's timekeepers only, the employee told.

The subject works Sunday and Wednesday to Saturday of PP 1/2026 (11-24
January), 06:00-16:00 at Nogales (13:00-23:00 UTC).
"""

from datetime import UTC, date, datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from bpets.models import Notification
from tests.timesheet.conftest import close_every_shift
from timesheet import entries, validation, workflow
from timesheet.models import Timesheet

pytestmark = pytest.mark.django_db


def reopen(sheet, *days):
    sheet.days.filter(day__in=days).update(
        actual_start=None, actual_end=None, closed_at=None
    )


def test_submit_waits_for_the_shifts_to_come(timesheet, people, monkeypatch):
    # Now is Tue 20 Jan 2026, 05:00 local: the shifts of 11-18 January are
    # over and closed; those of 21-24 January cannot be closed as worked.
    monkeypatch.setattr(
        validation, "now", lambda: datetime(2026, 1, 20, 12, tzinfo=UTC)
    )
    assert entries.close_as_scheduled(actor=people["self"], sheet=timesheet) == 6

    with pytest.raises(workflow.Refused) as refused:
        workflow.submit(actor=people["self"], sheet=timesheet, attested=True)

    assert refused.value.errors == {
        "submit": "Not submitted: these scheduled shifts are not closed against "
        "actual hours: Wed 21 Jan 2026, Thu 22 Jan 2026, Fri 23 Jan 2026, "
        "Sat 24 Jan 2026."
    }
    timesheet.refresh_from_db()
    assert (timesheet.status, timesheet.steps.count()) == ("OPEN", 0)


def test_submit_refuses_a_past_shift_left_open(timesheet, people):
    close_every_shift(timesheet, people["self"])
    reopen(timesheet, date(2026, 1, 15))

    with pytest.raises(workflow.Refused) as refused:
        workflow.submit(actor=people["self"], sheet=timesheet, attested=True)

    assert refused.value.errors == {
        "submit": "Not submitted: these scheduled shifts are not closed against "
        "actual hours: Thu 15 Jan 2026."
    }


def test_validate_refuses_a_shift_left_open(timesheet, people, keeper):
    close_every_shift(timesheet, people["self"])
    workflow.submit(actor=people["self"], sheet=timesheet, attested=True)
    reopen(timesheet, date(2026, 1, 11), date(2026, 1, 24))

    with pytest.raises(workflow.Refused) as refused:
        workflow.validate(actor=keeper, sheet=timesheet)

    assert refused.value.errors == {
        "validate": "Not validated: these scheduled shifts are not closed "
        "against actual hours: Sun 11 Jan 2026, Sat 24 Jan 2026."
    }
    timesheet.refresh_from_db()
    assert timesheet.status == "SUBMITTED"


@pytest.fixture
def certified(timesheet, people, keeper):
    close_every_shift(timesheet, people["self"])
    workflow.submit(actor=people["self"], sheet=timesheet, attested=True)
    workflow.validate(actor=keeper, sheet=timesheet)
    workflow.certify(actor=people["first_line"], sheet=timesheet)
    Notification.objects.all().delete()
    return timesheet


def test_the_employee_does_not_amend_their_certified_timesheet(certified, people):
    with pytest.raises(PermissionDenied, match="the employee asks them"):
        workflow.amend(actor=people["self"], sheet=certified, reason="1 h LWOP.")

    certified.refresh_from_db()
    assert certified.superseded_at is None
    assert Timesheet.objects.filter(employee=certified.employee).count() == 1


def test_an_amendment_needs_a_reason(certified, people):
    with pytest.raises(workflow.Refused, match="Say what the amendment corrects"):
        workflow.amend(actor=people["first_line"], sheet=certified, reason="  ")

    certified.refresh_from_db()
    assert certified.superseded_at is None


def test_a_supervisor_amends_and_the_employee_and_timekeepers_are_told(
    certified, people, keeper
):
    amended = workflow.amend(
        actor=people["first_line"], sheet=certified, reason="Missed 1 h LWOP."
    )

    text = f"Timesheet amended, the certified version superseded: {amended}."
    told = Notification.objects.filter(text=text)
    assert sorted(told.values_list("recipient__username", flat=True)) == [
        "keeper",
        "subject",
    ]
    assert told.first().link == reverse("timesheet:timesheet", args=[amended.pk])


def test_a_timekeeper_amends_and_the_employee_is_told(certified, people, keeper):
    amended = workflow.amend(actor=keeper, sheet=certified, reason="Wrong code.")

    assert amended.version == 2
    assert list(Notification.objects.values_list("recipient__username", flat=True)) == [
        "subject"
    ]


def test_a_peer_does_not_amend(certified, people):
    with pytest.raises(PermissionDenied):
        workflow.amend(actor=people["peer"], sheet=certified, reason="Wrong code.")


def test_only_those_who_may_amend_are_offered_it(client, certified, people):
    url = reverse("timesheet:timesheet", args=[certified.pk])

    client.force_login(people["self"])
    own = client.get(url).content.decode()
    client.force_login(people["first_line"])
    supervisors = client.get(url).content.decode()

    assert "Open an amended version" not in own
    assert "Open an amended version" in supervisors
