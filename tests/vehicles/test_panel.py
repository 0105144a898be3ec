"""The current vehicle on the profile page, through staffing's panel registry."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from staffing import panels as staffing_panels
from tests.vehicles.conftest import PHOENIX, assign, at, client_of
from vehicles import assignments, panels

pytestmark = pytest.mark.django_db

PANEL_TITLE = "<h2>Current vehicle</h2>"


@pytest.fixture
def custody(fleet_admin, vehicle_at, person, give):
    holder = person("holder")
    give(holder.user, "staffing", "self_service", "nogales")
    truck = vehicle_at("NGL-401")
    assign(fleet_admin, truck, holder, at(PHOENIX, 2026, 1, 5, 7), None, "CUSTODY")
    return holder, truck


def profile_of(user, employee):
    return client_of(user).get(reverse("staffing:profile", args=[employee.pk]))


def test_the_panel_is_registered_with_staffing():
    assert panels.current_vehicle_panel in staffing_panels._panels


def test_the_holder_and_the_station_see_the_current_vehicle(custody, make_user, give):
    holder, truck = custody
    colleague = make_user("colleague")
    give(colleague, "staffing", "self_service", "nogales")

    own = profile_of(holder.user, holder).content.decode()
    seen = profile_of(colleague, holder).content.decode()

    for page in (own, seen):
        assert PANEL_TITLE in page
        assert reverse("vehicles:vehicle", args=[truck.pk]) in page
        assert (
            "NGL-401</a>: 2024 Ford F-150 (4x4 pick-up), long-term custody, from "
            "2026-01-05 07:00 MST until further notice." in page
        )


def test_nobody_without_a_role_at_the_station_sees_it(custody, make_user, give):
    holder, _ = custody
    elsewhere = make_user("elsewhere", home="ysleta")
    give(elsewhere, "vehicles", "viewer", "ysleta")
    give(elsewhere, "staffing", "self_service", "ysleta")

    page = profile_of(elsewhere, holder)

    assert page.status_code == 200
    assert PANEL_TITLE not in page.content.decode()


def test_an_ended_assignment_is_not_shown(custody, fleet_admin):
    holder, truck = custody
    held = truck.assignments.get()
    assignments.assignment_end(
        actor=fleet_admin, assignment=held, ends_at=at(PHOENIX, 2026, 6, 1, 7)
    )

    page = profile_of(holder.user, holder)

    assert PANEL_TITLE not in page.content.decode()


def test_the_panel_costs_the_same_queries_for_more_vehicles(
    custody, fleet_admin, vehicle_at
):
    holder, _ = custody
    profile_of(holder.user, holder)
    with CaptureQueriesContext(connection) as one:
        profile_of(holder.user, holder)
    trailer = vehicle_at("NGL-402", vehicle_type="HORSE_TRAILER")
    assign(fleet_admin, trailer, holder, at(PHOENIX, 2026, 2, 1, 7), None, "CUSTODY")

    with CaptureQueriesContext(connection) as two:
        page = profile_of(holder.user, holder)

    assert "NGL-402" in page.content.decode()
    assert len(two) == len(one)
