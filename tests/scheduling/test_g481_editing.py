"""Editing a G-481 line in place: the vehicle through the vehicles module
and its refusals, stale edits, zones short of their minimum, departures
from the G-259, and the history of the edits."""

from datetime import UTC, date, datetime, time

import pytest
from django.test import Client
from django.urls import reverse

from scheduling import g481
from scheduling.models import (
    ConflictOverride,
    DailyEntry,
    ScheduleCell,
    StationScheduleRules,
)
from security.models import AuditEvent
from tests.scheduling.conftest import assert_posts_plainly_at_its_own_address, build
from vehicles import assignments
from vehicles import services as vehicle_services
from vehicles.local_time import today_at
from vehicles.models import Assignment

WEDNESDAY = date(2026, 1, 14)
HX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def day(finalized):
    """Wednesday 14 January 2026 at Nogales, built: the subject 06:00-16:00
    MST in Z01 with N-101, the peer 22:00-08:00 MST in Z02."""
    build(finalized)
    return finalized.daily_schedules.get(day=WEDNESDAY)


@pytest.fixture
def client_of():
    def client_of(user):
        client = Client()
        client.force_login(user)
        return client

    return client_of


def entry_of(day, employee):
    return DailyEntry.objects.get(daily=day, employee=employee)


def posted(entry, **fields):
    """The editor's form as the page fills it, with ``fields`` changed."""
    values = {
        "version": entry.version,
        "on_duty": "on" if entry.on_duty else "",
        "start_time": "06:00",
        "end_time": "16:00",
        "activity": entry.activity_id or "",
        "sub_activity": entry.sub_activity_id or "",
        "zone": entry.zone_id or "",
        "vehicle": entry.vehicle_id or "",
        "remarks": entry.remarks,
    }
    values.update(fields)
    return values


def edit_url(entry):
    return reverse("scheduling:g481-entry", args=[entry.daily_id, entry.pk])


def test_the_editor_at_its_own_address_posts_as_a_plain_form(
    day, people, supervisor, client_of
):
    entry = entry_of(day, people["subject"])

    assert_posts_plainly_at_its_own_address(
        client_of(supervisor),
        edit_url(entry),
        posted(entry, end_time=""),
        "#g481-body",
    )


class TestTheVehicle:
    def test_a_vehicle_out_of_service_is_refused_beside_the_line_and_nothing_changes(
        self, day, people, supervisor, client_of, in_maintenance
    ):
        spare = in_maintenance("N-102")
        entry = entry_of(day, people["subject"])

        response = client_of(supervisor).post(
            edit_url(entry), posted(entry, vehicle=spare.pk), **HX
        )

        assert response.status_code == 409
        assert response["HX-Retarget"] == "#entry-editor"
        page = response.content.decode()
        assert (
            page.count(
                "N-102 is out of service for maintenance; only a vehicle in "
                "service can be assigned."
            )
            == 1
        )
        assert "Not saved: correct what is marked." in page
        assert 'name="vehicle"' in page
        after = entry_of(day, people["subject"])
        assert (after.version, after.vehicle_id) == (1, entry.vehicle_id)
        assert not Assignment.objects.filter(vehicle=spare).exists()

    def test_the_list_offers_the_vehicles_in_service_and_the_one_held(
        self,
        day,
        people,
        supervisor,
        client_of,
        vehicle_at,
        in_maintenance,
        fleet_admin,
    ):
        in_maintenance("N-102")
        spare = vehicle_at("N-103")
        entry = entry_of(day, people["subject"])
        client = client_of(supervisor)

        for headers in ({}, HX):
            offered = client.get(edit_url(entry), **headers).context["form"]
            choices = [
                (str(value), label)
                for value, label in offered.fields["vehicle"].widget.choices
            ]
            assert choices == [
                ("", "No vehicle"),
                (str(day.schedule.truck.pk), "N-101 (in service)"),
                (str(spare.pk), "N-103 (in service)"),
            ]

        # The line's own vehicle stays offered once out of service, so that
        # saving the line untouched does not take it away.
        vehicle_services.vehicle_change_status(
            actor=fleet_admin,
            vehicle=day.schedule.truck,
            to_status="MAINTENANCE",
            on=today_at(day.station),
            reason="Brakes.",
        )
        page = client.get(edit_url(entry)).content.decode()
        assert (
            f'<option value="{day.schedule.truck.pk}" selected>'
            "N-101 (out of service for maintenance)</option>"
        ) in page
        assert "N-102" not in page

    def test_a_vehicle_someone_else_holds_then_is_refused(
        self, day, people, supervisor, client_of, vehicle_at, fleet_admin
    ):
        spare = vehicle_at("N-103")
        other = people["second_line"].employee
        assignments.assignment_create(
            actor=fleet_admin,
            vehicle=spare,
            employee=other,
            starts_at=datetime(2026, 1, 14, 20, tzinfo=UTC),
            ends_at=datetime(2026, 1, 15, 2, tzinfo=UTC),
            source="DAILY_SCHEDULE",
        )
        entry = entry_of(day, people["subject"])

        response = client_of(supervisor).post(
            edit_url(entry), posted(entry, vehicle=spare.pk), **HX
        )

        assert response.status_code == 409
        assert "N-103 is already assigned to Secondline Tester" in (
            response.content.decode()
        )
        assert entry_of(day, people["subject"]).vehicle_id == entry.vehicle_id

    def test_a_new_vehicle_is_assigned_and_the_old_one_given_back(
        self, day, people, supervisor, vehicle_at
    ):
        spare = vehicle_at("N-104")
        entry = entry_of(day, people["subject"])
        old = entry.vehicle_assignment_id

        changed = g481.change_entry(
            actor=supervisor,
            daily=day,
            entry_pk=entry.pk,
            version=1,
            change=g481.EntryChange(
                on_duty=True, start_time=time(6), end_time=time(16), vehicle=spare
            ),
        )

        record = changed.vehicle_assignment
        assert (record.vehicle_id, record.starts_at, record.ends_at) == (
            spare.pk,
            datetime(2026, 1, 14, 13, tzinfo=UTC),
            datetime(2026, 1, 14, 23, tzinfo=UTC),
        )
        # The old shift is over: its record stays as it was.
        assert Assignment.objects.get(pk=old).vehicle_id == day.schedule.truck.pk


class TestStaleEdits:
    def test_an_edit_from_an_older_version_is_refused_with_the_line_now(
        self, day, people, supervisor, client_of, zones
    ):
        entry = entry_of(day, people["subject"])
        client = client_of(supervisor)
        assert (
            client.post(edit_url(entry), posted(entry, remarks="First.")).status_code
            == 302
        )

        response = client.post(edit_url(entry), posted(entry, zone=zones["Z02"].pk))

        assert response.status_code == 409
        page = response.content.decode()
        assert "Someone changed this line after you opened it" in page
        assert "Now: Tester, Subject, 06:00–16:00, zone Z01 West desert" in page
        after = entry_of(day, people["subject"])
        assert (after.zone_id, after.remarks) == (zones["Z01"].pk, "First.")


class TestZoneMinimums:
    def test_a_zone_short_on_a_shift_is_a_warning_overridden_with_a_reason(
        self, day, supervisor, client_of, zones
    ):
        zones["Z01"].minimum_agents = 2
        zones["Z01"].save()

        loaded = g481.load(day)

        # Two shifts start that day (06:00 and 22:00 MST); Z01 has one on
        # the first and nobody on the second.
        assert [c.message for c in loaded.conflicts] == [
            "1 in Z01 West desert on the shift starting 06:00; the zone's "
            "minimum is 2.",
            "0 in Z01 West desert on the shift starting 22:00; the zone's "
            "minimum is 2.",
        ]
        assert not any(conflict.blocking for conflict in loaded.conflicts)
        key = loaded.conflicts[0].key
        assert key == f"2026-01-14:{zones['Z01'].pk}:06:00"

        response = client_of(supervisor).post(
            reverse("scheduling:g481-override", args=[day.pk]),
            {"key": key, "reason": "Z02 covers the west today."},
        )

        assert response.status_code == 302
        kept = ConflictOverride.objects.get(schedule=day.schedule, key=key)
        assert (kept.kind, kept.reason) == (
            "ZONE_MINIMUM",
            "Z02 covers the west today.",
        )
        event = AuditEvent.objects.get(kind=AuditEvent.Kind.CONFLICT_OVERRIDDEN)
        assert event.details["key"] == key
        assert g481.load(day).conflicts[0].override == kept

    def test_an_override_needs_a_reason(self, day, supervisor, client_of, zones):
        zones["Z01"].minimum_agents = 2
        zones["Z01"].save()

        response = client_of(supervisor).post(
            reverse("scheduling:g481-override", args=[day.pk]),
            {"key": f"2026-01-14:{zones['Z01'].pk}:06:00", "reason": " "},
        )

        assert response.status_code == 400
        assert "Say why the schedule stays as it is." in response.content.decode()
        assert not ConflictOverride.objects.exists()

    def test_where_the_station_blocks_it_an_edit_leaving_a_zone_short_is_refused(
        self, day, people, supervisor, zones, units
    ):
        zones["Z01"].minimum_agents = 1
        zones["Z01"].save()
        StationScheduleRules.objects.create(
            station=units["nogales"], blocking=["ZONE_MINIMUM"]
        )
        entry = entry_of(day, people["subject"])

        with pytest.raises(g481.Blocked) as refused:
            g481.change_entry(
                actor=supervisor,
                daily=day,
                entry_pk=entry.pk,
                version=1,
                change=g481.EntryChange(
                    on_duty=True,
                    start_time=time(6),
                    end_time=time(16),
                    zone=zones["Z02"],
                    vehicle=entry.vehicle,
                ),
            )

        assert str(refused.value) == (
            "Not saved: the station does not allow 0 in Z01 West desert on the "
            "shift starting 06:00; the zone's minimum is 1."
        )
        assert entry_of(day, people["subject"]).zone == zones["Z01"]


class TestDepartures:
    def change(self, day, entry, actor, **fields):
        values = {"on_duty": True, "start_time": time(6), "end_time": time(16)}
        values.update(fields)
        return g481.change_entry(
            actor=actor,
            daily=day,
            entry_pk=entry.pk,
            version=entry.version,
            change=g481.EntryChange(**values),
        )

    def test_a_line_as_scheduled_has_none(self, day):
        assert g481.load(day).departures == {}

    def test_another_shift_and_a_day_off_are_marked(
        self, day, people, supervisor, client_of
    ):
        subject = entry_of(day, people["subject"])
        peer = entry_of(day, day.schedule.peer)
        self.change(day, subject, supervisor, start_time=time(8), end_time=time(18))
        self.change(day, peer, supervisor, on_duty=False)

        departures = g481.load(day).departures

        assert departures[subject.pk].text == (
            "Other shift; the G-259 has 06:00–16:00."
        )
        assert departures[peer.pk].text == "Off; the G-259 has a shift 22:00–08:00."
        page = client_of(supervisor).get(reverse("scheduling:g481", args=[day.pk]))
        body = page.content.decode()
        assert body.count('class="bpets-departure"') == 2
        assert "<strong>Departs:</strong> Other shift" in body

    def test_a_person_working_whom_the_g259_now_has_off_is_marked(
        self, day, people, supervisor
    ):
        cell = ScheduleCell.objects.get(row__employee=people["subject"], day=WEDNESDAY)
        cell.status, cell.shift_start, cell.shift_end = "DAY_OFF", None, None
        cell.save()
        entry = entry_of(day, people["subject"])

        assert g481.load(day).departures[entry.pk].text == (
            "Working; the G-259 has regular day off."
        )


def test_each_edit_is_a_history_row_with_its_author(day, people, supervisor, zones):
    entry = entry_of(day, people["subject"])

    g481.change_entry(
        actor=supervisor,
        daily=day,
        entry_pk=entry.pk,
        version=1,
        change=g481.EntryChange(
            on_duty=True,
            start_time=time(6),
            end_time=time(16),
            zone=zones["Z02"],
            vehicle=entry.vehicle,
        ),
    )

    changes = DailyEntry.history.filter(id=entry.pk, history_type="~").order_by(
        "history_id"
    )
    # The build's vehicle, then the supervisor's edit.
    assert [
        (c.history_user_id, c.history_change_reason, c.zone_id) for c in changes
    ] == [
        (supervisor.pk, "Vehicle from the schedule defaults", zones["Z01"].pk),
        (supervisor.pk, "Edited on the G-481", zones["Z02"].pk),
    ]
