"""The timesheet pages: a day edited in place, a rejected entry keeping
what was typed, the fixed query count, visibility through details, and
another station's timesheet by a guessed id."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from security.models import AuditEvent
from staffing.models import Employee
from tests.timesheet.conftest import close_every_shift
from timesheet import initialization
from timesheet.models import Timesheet

pytestmark = pytest.mark.django_db


def page(sheet):
    return reverse("timesheet:timesheet", args=[sheet.pk])


def test_the_owner_sees_scheduled_beside_worked(client, timesheet, people):
    close_every_shift(timesheet, people["self"])
    client.force_login(people["self"])

    body = client.get(page(timesheet)).content.decode()

    # Scheduled 06:00-16:00 at Nogales, worked as scheduled.
    assert "Scheduled workday, 06:00–16:00" in body
    assert body.count("<td>06:00–16:00</td>") == 10
    assert "Regular time" in body


def test_a_day_is_edited_in_place_and_a_refusal_keeps_what_was_typed(
    client, timesheet, people
):
    client.force_login(people["self"])
    url = reverse("timesheet:entry-add", args=[timesheet.pk])

    editor = client.get(
        reverse("timesheet:day", args=[timesheet.pk, "2026-01-14"]),
        headers={"HX-Request": "true"},
    )
    assert editor.status_code == 200
    assert 'id="timesheet-body"' in editor.content.decode()
    assert "<html" not in editor.content.decode()

    refused = client.post(
        url,
        {"day": "2026-01-14", "code": "LWOP", "hours": "0.1"},
        headers={"HX-Request": "true"},
    )
    body = refused.content.decode()
    assert refused.status_code == 400
    assert "Leave without pay is charged in steps of 0.25 hours" in body
    assert 'value="0.1"' in body
    assert timesheet.entries.count() == 0

    kept = client.post(
        url,
        {"day": "2026-01-14", "code": "LWOP", "start": "09:00", "end": "11:30"},
        headers={"HX-Request": "true"},
    )
    assert kept.status_code == 200
    entry = timesheet.entries.get()
    assert (entry.code, str(entry.hours)) == ("LWOP", "2.50")
    assert "Leave without pay 09:00–11:30: 2.5 h" in kept.content.decode()


def _fill_days(sheet, actor):
    from datetime import UTC, datetime

    from timesheet.models import TimeEntry

    close_every_shift(sheet, actor)
    TimeEntry.objects.bulk_create(
        TimeEntry(
            timesheet=sheet,
            day=day.day,
            code="IRREGULAR_OVERTIME",
            start=datetime(2026, 1, day.day.day, 23, tzinfo=UTC),
            end=datetime(2026, 1, day.day.day, 23, 30, tzinfo=UTC),
            hours="0.5",
        )
        for day in sheet.days.all()
    )


def test_the_page_runs_a_fixed_number_of_queries(
    client, timesheet, people, django_assert_num_queries
):
    client.force_login(people["self"])
    client.get(page(timesheet))  # the session and the grants warm up
    timesheet.entries.create(day=date(2026, 1, 12), code="LWOP", hours=1)

    with CaptureQueriesContext(connection) as one_entry:
        assert client.get(page(timesheet)).status_code == 200
    timesheet.entries.all().delete()
    _fill_days(timesheet, people["self"])
    assert timesheet.entries.count() == 14

    with django_assert_num_queries(len(one_entry.captured_queries)):
        assert client.get(page(timesheet)).status_code == 200


def test_the_gaining_station_sees_the_detail_days_only(
    client, finalized, subject, units, detail_of, make_user, give
):
    detail_of(subject, date(2026, 1, 17), date(2026, 1, 20))
    initialization.initialize(finalized.pay_period, station=units["nogales"])
    sheet = Timesheet.objects.get(employee=subject)
    ajo_keeper = make_user("ajokeeper", home="ajo")
    give(ajo_keeper, "timesheet", "supervisor", "ajo")
    client.force_login(ajo_keeper)

    body = client.get(page(sheet)).content.decode()

    assert 'id="day-2026-01-17"' in body and 'id="day-2026-01-20"' in body
    assert 'id="day-2026-01-16"' not in body and 'id="day-2026-01-21"' not in body
    assert AuditEvent.objects.filter(
        kind="personal_data.viewed", actor_id=ajo_keeper.pk
    ).exists()


def test_a_detailed_contractor_stays_hidden(
    client, finalized, subject, units, detail_of, make_user, give
):
    detail_of(subject, date(2026, 1, 17), date(2026, 1, 20))
    initialization.initialize(finalized.pay_period, station=units["nogales"])
    sheet = Timesheet.objects.get(employee=subject)
    Employee.objects.filter(pk=subject.pk).update(
        employment_type=Employee.EmploymentType.CONTRACTOR
    )
    ajo_keeper = make_user("ajokeeper", home="ajo")
    give(ajo_keeper, "timesheet", "supervisor", "ajo")
    client.force_login(ajo_keeper)

    assert client.get(page(sheet)).status_code == 404


def test_another_stations_timesheet_reads_as_missing(
    client, timesheet, make_user, give
):
    far = make_user("farkeeper", home="ysleta")
    give(far, "timesheet", "timekeeper", "ysleta")
    client.force_login(far)
    denied = AuditEvent.objects.filter(kind="denied", actor_id=far.pk)

    assert client.get(page(timesheet)).status_code == 404
    assert denied.exists()


def test_the_print_out_carries_the_signatures(client, timesheet, people, keeper):
    from timesheet import workflow

    close_every_shift(timesheet, people["self"])
    workflow.submit(actor=people["self"], sheet=timesheet, attested=True)
    workflow.validate(actor=keeper, sheet=timesheet)
    client.force_login(people["self"])

    body = client.get(reverse("timesheet:print", args=[timesheet.pk])).content.decode()

    assert "For Official Use Only" in body
    assert "Subject Tester" in body and "Keeper Tester" in body
    assert "Scheduled workday, 06:00–16:00" in body
    pdf = client.get(reverse("timesheet:pdf", args=[timesheet.pk]))
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
