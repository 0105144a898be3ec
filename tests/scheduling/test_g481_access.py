"""Who reaches the G-481: the station's scheduling supervisors edit it;
another station's supervisor is refused and audited; a dispatcher sees who
is on shift now and nothing else."""

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from scheduling.models import DailyEntry
from security.models import AuditEvent
from tests.scheduling.conftest import build


@pytest.fixture
def day(finalized):
    build(finalized)
    return finalized.daily_schedules.get(day=date(2026, 1, 14))


def client_of(user):
    client = Client()
    client.force_login(user)
    return client


def denials():
    return AuditEvent.objects.filter(kind=AuditEvent.Kind.DENIED).count()


def test_another_stations_supervisor_is_refused_and_audited(
    day, make_user, give, people
):
    ajo = make_user("ajosupervisor", home="ajo")
    give(ajo, "scheduling", "supervisor", "ajo")
    entry = DailyEntry.objects.get(daily=day, employee=people["subject"])
    client = client_of(ajo)

    for url in (
        reverse("scheduling:g481", args=[day.pk]),
        reverse("scheduling:g481-entry", args=[day.pk, entry.pk]),
        reverse("scheduling:g481-print", args=[day.pk]),
        reverse("scheduling:g481-pdf", args=[day.pk]),
    ):
        before = denials()
        assert client.get(url).status_code == 403, url
        assert denials() == before + 1, url
    response = client.post(
        reverse("scheduling:g481-entry", args=[day.pk, entry.pk]),
        {"version": "1", "on_duty": "", "remarks": "Taken."},
    )

    assert response.status_code == 403
    entry.refresh_from_db()
    assert (entry.version, entry.on_duty, entry.remarks) == (1, True, "")


def test_the_supervisor_reads_and_edits(day, supervisor):
    page = client_of(supervisor).get(reverse("scheduling:g481", args=[day.pk]))

    assert page.status_code == 200
    assert "G-481: Nogales, Wednesday 14 January 2026" in page.content.decode()


def test_a_dispatcher_sees_on_shift_now_and_nothing_else(
    day, make_user, give, people, units
):
    dispatcher = make_user("dispatch")
    give(dispatcher, "scheduling", "dispatcher", "nogales")
    client = client_of(dispatcher)
    entry = DailyEntry.objects.get(daily=day, employee=people["subject"])

    assert client.get(reverse("scheduling:on-shift-stations")).status_code == 302
    assert (
        client.get(
            reverse("scheduling:on-shift", args=[units["nogales"].pk])
        ).status_code
        == 200
    )
    for url in (
        reverse("scheduling:g481-days"),
        reverse("scheduling:g481", args=[day.pk]),
        reverse("scheduling:g481-entry", args=[day.pk, entry.pk]),
        reverse("scheduling:g481-print", args=[day.pk]),
        reverse("scheduling:g481-pdf", args=[day.pk]),
        reverse("scheduling:g259-schedules"),
        reverse("scheduling:g259", args=[day.schedule_id]),
        reverse("scheduling:g259-print", args=[day.schedule_id]),
        reverse("staffing:profile", args=[people["subject"].pk]),
    ):
        response = client.get(url)
        if url == reverse("staffing:profile", args=[people["subject"].pk]):
            # The directory's work group only: never a personal field.
            assert response.status_code == 200, url
            assert "12 Quiet Way" not in response.content.decode()
            assert "Bee stings" not in response.content.decode()
        elif url.startswith("/scheduling/g259/") and url != reverse(
            "scheduling:g259-schedules"
        ):
            # A G-259 out of reach is "not found", as a missing one.
            assert response.status_code == 404, url
        else:
            assert response.status_code == 403, url
    # The lists a supervisor works from are empty for a dispatcher.
    for url in (
        reverse("scheduling:reference-stations"),
        reverse("scheduling:defaults"),
    ):
        assert "Tester, Subject" not in client.get(url).content.decode()
        assert (
            reverse("scheduling:reference", args=[units["nogales"].pk, "zones"])
            not in client.get(url).content.decode()
        )


def test_someone_without_a_scheduling_role_sees_no_one_on_shift(units, make_user):
    response = client_of(make_user("nobody")).get(
        reverse("scheduling:on-shift", args=[units["nogales"].pk])
    )

    assert response.status_code == 403


def test_the_day_takes_as_many_queries_with_more_people(day, supervisor, units):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from staffing.models import Employee

    client = client_of(supervisor)
    url = reverse("scheduling:g481", args=[day.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as two:
        assert client.get(url).status_code == 200
    first = DailyEntry.objects.filter(daily=day).first()
    for number in range(5):
        DailyEntry.objects.create(
            daily=day,
            employee=Employee.objects.create(
                first_name=f"More{number}",
                last_name="Tester",
                job_title="Border Patrol Agent",
                duty_station=units["nogales"],
                work_street="1 Station Road",
                work_city="Nogales",
                work_state="AZ",
                work_zip="85621",
            ),
            shift_start=first.shift_start,
            shift_end=first.shift_end,
        )

    with CaptureQueriesContext(connection) as seven:
        page = client.get(url)

    assert page.content.decode().count("Tester, More") == 5
    assert len(seven) == len(two)
