"""Calling someone in on their regular day off from the G-481 day page:
their line, its vehicle through the vehicles module, its departure from
the G-259, and the refusals that change nothing.

Monday 12 January 2026 at Nogales (UTC-7 all year): the subject and the
peer are both off, as their defaults say (off Monday and Tuesday)."""

from datetime import UTC, date, datetime

import pytest
from django.test import Client
from django.urls import reverse

from scheduling import g481, g481_call_in
from scheduling.models import DailyEntry
from tests.scheduling.conftest import assert_posts_plainly_at_its_own_address, build
from vehicles.models import Assignment

MONDAY = date(2026, 1, 12)


@pytest.fixture
def monday(finalized):
    build(finalized)
    return finalized.daily_schedules.get(day=MONDAY)


@pytest.fixture
def client(supervisor):
    client = Client()
    client.force_login(supervisor)
    return client


def url(daily):
    return reverse("scheduling:g481-call-in", args=[daily.pk])


def form(employee, **fields):
    values = {
        "employee": employee.pk,
        "start_time": "08:00",
        "end_time": "18:00",
        "activity": "",
        "sub_activity": "",
        "zone": "",
        "vehicle": "",
        "remarks": "Called in for the fair",
    }
    values.update(fields)
    return values


def test_the_day_page_links_to_a_form_offering_the_people_off_that_day(
    monday, client, people
):
    page = client.get(reverse("scheduling:g481", args=[monday.pk])).content.decode()
    assert f'hx-get="{url(monday)}"' in page

    form_page = client.get(url(monday), HTTP_HX_REQUEST="true").content.decode()

    assert "Call someone in on a day off: Monday 12 January 2026" in form_page
    assert set(g481_call_in.candidates(monday)) == {
        people["subject"],
        monday.schedule.peer,
    }
    assert f'<option value="{people["subject"].pk}">Tester, Subject</option>' in (
        form_page
    )
    assert not DailyEntry.objects.filter(daily=monday).exists()


def test_the_form_at_its_own_address_posts_as_a_plain_form(monday, client, people):
    assert_posts_plainly_at_its_own_address(
        client, url(monday), form(people["subject"], end_time=""), "#g481-body"
    )


def test_a_day_with_nobody_off_says_so(finalized, client):
    build(finalized)
    wednesday = finalized.daily_schedules.get(day=date(2026, 1, 14))

    page = client.get(url(wednesday)).content.decode()

    assert "Nobody on this G-481's G-259 has a regular day off" in page


def test_someone_called_in_gets_a_line_marked_as_a_departure(
    monday, client, people, zones, supervisor
):
    subject, truck = people["subject"], monday.schedule.truck

    response = client.post(
        url(monday), form(subject, zone=zones["Z02"].pk, vehicle=truck.pk)
    )

    assert response.status_code == 302
    entry = DailyEntry.objects.get(daily=monday, employee=subject)
    # 08:00 to 18:00 MST is 15:00 to 01:00 UTC the next day.
    starts, ends = (
        datetime(2026, 1, 12, 15, tzinfo=UTC),
        datetime(2026, 1, 13, 1, tzinfo=UTC),
    )
    assert (
        entry.on_duty,
        entry.shift_start,
        entry.shift_end,
        entry.zone_id,
        entry.vehicle_id,
        entry.remarks,
        entry.changed_by_hand,
    ) == (True, starts, ends, zones["Z02"].pk, truck.pk, "Called in for the fair", True)
    record = entry.vehicle_assignment
    assert (
        record.vehicle_id,
        record.employee_id,
        record.starts_at,
        record.ends_at,
    ) == (
        truck.pk,
        subject.pk,
        starts,
        ends,
    )
    assert g481.load(monday).departures[entry.pk].text == (
        "Working; the G-259 has regular day off."
    )
    assert {
        (row.history_user_id, row.history_change_reason)
        for row in DailyEntry.history.filter(id=entry.pk)
    } == {(supervisor.pk, "Called in on a regular day off")}
    assert subject not in g481_call_in.candidates(monday)


def test_someone_already_on_the_day_is_refused_and_what_was_typed_stays(
    finalized, client, people
):
    build(finalized)
    wednesday = finalized.daily_schedules.get(day=date(2026, 1, 14))
    before = list(DailyEntry.objects.values_list("pk", "version"))

    response = client.post(url(wednesday), form(people["subject"]))

    assert response.status_code == 400
    text = response.content.decode()
    assert "Not called in: correct what is marked." in text
    assert 'value="Called in for the fair"' in text
    assert list(DailyEntry.objects.values_list("pk", "version")) == before


def test_a_shift_is_needed(monday, client, people):
    response = client.post(url(monday), form(people["subject"], end_time=""))

    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    assert not DailyEntry.objects.filter(daily=monday).exists()


def test_a_vehicle_out_of_service_refuses_the_whole_call_in(
    monday, client, people, in_maintenance
):
    spare = in_maintenance("N-102")

    response = client.post(url(monday), form(people["subject"], vehicle=spare.pk))

    assert response.status_code == 409
    page = response.content.decode()
    assert (
        page.count(
            "N-102 is out of service for maintenance; only a vehicle in service "
            "can be assigned."
        )
        == 1
    )
    assert "Not called in: correct what is marked." in page
    # Refused, it stays as chosen; a new form does not offer it.
    assert f'<option value="{spare.pk}" selected>' in page
    offered = client.get(url(monday)).content.decode()
    assert "N-101 (in service)" in offered
    assert "N-102" not in offered
    assert not DailyEntry.objects.filter(daily=monday).exists()
    assert not Assignment.objects.filter(vehicle=spare).exists()


def test_only_the_stations_schedulers_open_the_form(monday, people):
    client = Client()
    client.force_login(people["peer"])
    assert client.get(url(monday)).status_code == 403


def test_nobody_calls_themselves_in(monday, people, give):
    give(people["self"], "scheduling", "supervisor", "nogales")
    client = Client()
    client.force_login(people["self"])

    response = client.post(url(monday), form(people["subject"]))

    assert response.status_code == 403
    assert not DailyEntry.objects.filter(daily=monday).exists()
