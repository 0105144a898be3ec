"""The demo fleet: loaded once, seen by its logins, shown on the agent's profile."""

import io

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from security.models import User
from staffing.models import Employee
from vehicles import selectors
from vehicles.demo import FLEET
from vehicles.models import Assignment, Vehicle

pytestmark = pytest.mark.django_db


def client_of(username) -> Client:
    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


def test_the_demo_station_gets_its_fleet_once(demo, units):
    call_command("load_demo", stdout=io.StringIO())

    fleet = Vehicle.objects.filter(station=units["nogales"])
    assert fleet.count() == len(FLEET) == 14
    assert dict(
        fleet.filter(status__in=["MAINTENANCE", "AWAITING_DISPOSAL"]).values_list(
            "fleet_number", "status"
        )
    ) == {"NGL-1202": "MAINTENANCE", "NGL-1104": "AWAITING_DISPOSAL"}
    # The scheduling demo's G-481 lines add their own, each naming its line.
    assert (
        Assignment.objects.filter(
            vehicle__station=units["nogales"], source_reference__isnull=True
        ).count()
        == 4
    )


def test_the_agent_holds_the_custody_truck(demo):
    agent = Employee.objects.get(user__username="agent")

    held = selectors.held_by(agent)

    assert [assignment.vehicle.fleet_number for assignment in held] == ["NGL-1101"]
    page = client_of("agent").get(reverse("staffing:profile", args=[agent.pk]))
    assert "<h2>Current vehicle</h2>" in page.content.decode()


def test_the_vehicle_administrator_and_the_supervisor_see_the_fleet(demo, units):
    url = reverse("vehicles:fleet", args=[units["nogales"].pk])

    administrator = client_of("access-admin").get(url)
    supervisor = client_of("supervisor").get(url)
    landing = client_of("supervisor").get(reverse("vehicles:index"))

    assert administrator.context["may_administer"] is True
    assert supervisor.context["may_administer"] is False
    assert [station.name for station in landing.context["fleets"]] == ["Nogales"]
