"""The G-481 change history of a day: who changed which line, when, from
what to what; the build's own lines are where the day starts; reached from
the day page and audited as a look at the people's schedules."""

from datetime import date, time

import pytest
from django.test import Client
from django.urls import reverse

from scheduling import g481
from scheduling.models import Activity, DailyEntry, SubActivity
from security.models import AuditEvent
from tests.scheduling.conftest import build

WEDNESDAY = date(2026, 1, 14)


@pytest.fixture
def day(finalized):
    build(finalized)
    return finalized.daily_schedules.get(day=WEDNESDAY)


def page_of(user, day):
    client = Client()
    client.force_login(user)
    return client.get(reverse("scheduling:g481-changes", args=[day.pk]))


def test_a_day_as_built_has_no_changes_and_the_day_page_links_here(day, supervisor):
    client = Client()
    client.force_login(supervisor)
    link = reverse("scheduling:g481-changes", args=[day.pk])
    assert (
        link in client.get(reverse("scheduling:g481", args=[day.pk])).content.decode()
    )

    text = page_of(supervisor, day).content.decode()
    assert "Nothing has been changed since the G-481 was built." in text


def test_an_edit_shows_who_which_line_and_from_what_to_what(
    day, people, supervisor, zones
):
    subject = people["subject"]
    entry = DailyEntry.objects.get(daily=day, employee=subject)
    g481.change_entry(
        actor=supervisor,
        daily=day,
        entry_pk=entry.pk,
        version=entry.version,
        change=g481.EntryChange(
            on_duty=True,
            start_time=time(7),
            end_time=time(17),
            activity=entry.activity,
            sub_activity=entry.sub_activity,
            zone=zones["Z02"],
            vehicle=day.schedule.truck,
            remarks="Covering the town",
        ),
    )

    response = page_of(supervisor, day)

    text = response.content.decode()
    patrol = Activity.objects.get(code="patrol-border", station=None).name
    linewatch = SubActivity.objects.get(code="linewatch", station=None).name
    assert text.count("<tr>") == 2  # the heading and one change
    assert "Firstline Tester" in text
    assert "Tester, Subject" in text
    assert (
        f"06:00–16:00, {patrol}, {linewatch}, zone Z01 West desert, vehicle N-101"
        in text
    )
    assert (
        f"07:00–17:00, {patrol}, {linewatch}, zone Z02 Town corridor, vehicle "
        "N-101, “Covering the town”"
    ) in text
    assert "(Edited on the G-481)" in text

    look = AuditEvent.objects.get(kind="personal_data.viewed")
    assert (look.actor_id, look.target_id, look.source) == (
        supervisor.pk,
        str(day.pk),
        "scheduling:g481-changes",
    )
    assert look.details == {
        "page": "G-481 changes",
        "groups": ["work"],
        "employees": [subject.pk],
    }


def test_someone_who_does_not_schedule_the_station_is_refused(day, people):
    assert page_of(people["peer"], day).status_code == 403
    assert not AuditEvent.objects.filter(kind="personal_data.viewed").exists()
