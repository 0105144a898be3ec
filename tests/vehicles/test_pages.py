"""The fleet pages: who sees and changes what, the filters, the CSV."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from security.models import AuditEvent
from tests.vehicles.conftest import PHOENIX, assign, at, client_of
from vehicles import selectors
from vehicles.models import Vehicle

pytestmark = pytest.mark.django_db


@pytest.fixture
def nogales_fleet(vehicle_at, fleet_admin, person):
    truck = vehicle_at("NGL-101", remarks="Winch, light bar")
    van = vehicle_at(
        "NGL-102",
        vin="1HGCM82633A004352",
        model_year=2003,
        vehicle_type="TRANSPORT_VAN",
        make="Ford",
        model="Transit",
        plate="G41-7777",
    )
    holder = person("holder")
    assign(fleet_admin, truck, holder, at(PHOENIX, 2026, 1, 5, 7), None, "CUSTODY")
    return {"truck": truck, "van": van, "holder": holder}


@pytest.fixture
def staff(make_user, give):
    """An agent of Nogales (a staffing role there), a viewer and an
    administrator of another station, and someone with no role."""
    agent = make_user("nogalesagent")
    give(agent, "staffing", "self_service", "nogales")
    ajo_admin = make_user("ajoadmin", home="ajo")
    give(ajo_admin, "vehicles", "vehicle_administrator", "ajo")
    sector_viewer = make_user("sectorviewer")
    give(sector_viewer, "vehicles", "viewer", "tucson")
    nobody = make_user("nobody")
    return {
        "agent": agent,
        "ajo_admin": ajo_admin,
        "sector_viewer": sector_viewer,
        "nobody": nobody,
    }


def test_everyone_with_a_role_at_the_station_sees_its_fleet(
    nogales_fleet, staff, units
):
    url = reverse("vehicles:fleet", args=[units["nogales"].pk])

    seen = {name: client_of(user).get(url).status_code for name, user in staff.items()}

    assert seen == {
        "agent": 200,
        "sector_viewer": 200,
        "ajo_admin": 404,
        "nobody": 404,
    }


def test_the_navigation_leads_to_vehicles_whoever_sees_a_fleet(staff, make_user, give):
    # The menu opens to the same people as the fleet pages: the agent with
    # a staffing role, not only those holding a vehicles role.
    dispatcher = make_user("radio")
    give(dispatcher, "scheduling", "dispatcher", "nogales")
    people = {**staff, "dispatcher": dispatcher}

    shown = {
        name: client_of(user).get(reverse("vehicles:index")).status_code
        for name, user in people.items()
    }

    assert shown == {
        "agent": 200,
        "sector_viewer": 200,
        "ajo_admin": 200,
        "nobody": 403,
        "dispatcher": 403,
    }
    page = client_of(staff["agent"]).get("/").content.decode()
    assert f'href="{reverse("vehicles:index")}"' in page


def test_a_radio_dispatcher_sees_no_fleet_nor_who_drove_when(
    nogales_fleet, units, make_user, give
):
    # The dispatcher's role shows who is on shift now and nothing else.
    dispatcher = make_user("radio")
    give(dispatcher, "scheduling", "dispatcher", "nogales")
    client = client_of(dispatcher)

    fleet = client.get(reverse("vehicles:fleet", args=[units["nogales"].pk]))
    truck = client.get(reverse("vehicles:vehicle", args=[nogales_fleet["truck"].pk]))

    assert (fleet.status_code, truck.status_code) == (404, 404)


def test_another_stations_administrator_gets_not_found_and_is_audited(
    nogales_fleet, staff
):
    ajo_admin = staff["ajo_admin"]
    truck = nogales_fleet["truck"]

    page = client_of(ajo_admin).get(reverse("vehicles:vehicle", args=[truck.pk]))
    edit = client_of(ajo_admin).post(
        reverse("vehicles:edit", args=[truck.pk]), {"remarks": "Ours."}
    )

    assert (page.status_code, edit.status_code) == (404, 404)
    denials = AuditEvent.objects.filter(actor_id=ajo_admin.pk, kind="denied")
    assert sorted(event.details["action"] for event in denials) == [
        "vehicles.see_vehicle",
        "vehicles.see_vehicle",
    ]
    assert {event.target_id for event in denials} == {str(truck.pk)}
    truck.refresh_from_db()
    assert truck.remarks == "Winch, light bar"


def test_one_who_sees_the_fleet_but_does_not_administer_it_is_forbidden(
    nogales_fleet, staff
):
    viewer = staff["sector_viewer"]
    truck = nogales_fleet["truck"]

    response = client_of(viewer).get(reverse("vehicles:status", args=[truck.pk]))

    assert response.status_code == 403
    denial = AuditEvent.objects.get(actor_id=viewer.pk, kind="denied")
    assert denial.details == {
        "path": f"/vehicles/{truck.pk}/status/",
        "method": "GET",
    }


def test_the_fleet_list_filters_by_type_and_status(nogales_fleet, staff, units):
    client = client_of(staff["agent"])
    url = reverse("vehicles:fleet", args=[units["nogales"].pk])

    vans = client.get(url, {"vehicle_type": "TRANSPORT_VAN"})
    in_service = client.get(url, {"status": "IN_SERVICE"})
    disposed = client.get(url, {"status": "DISPOSED"})

    assert [v.fleet_number for v in vans.context["page"].object_list] == ["NGL-102"]
    assert [v.fleet_number for v in in_service.context["page"].object_list] == [
        "NGL-101",
        "NGL-102",
    ]
    assert list(disposed.context["page"].object_list) == []
    assert "Holder Driver" in in_service.content.decode()


def test_the_fleet_page_costs_the_same_queries_for_more_vehicles(
    nogales_fleet,
    staff,
    units,
    vehicle_at,
    person,
    fleet_admin,
):
    client = client_of(staff["agent"])
    url = reverse("vehicles:fleet", args=[units["nogales"].pk])
    client.get(url)

    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for number in range(5):
        vehicle = vehicle_at(f"NGL-2{number}")
        assign(
            fleet_admin,
            vehicle,
            person(f"extra{number}"),
            at(PHOENIX, 2026, 1, 5, 7),
            None,
            "CUSTODY",
        )
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)

    assert len(response.context["page"].object_list) == 7
    assert len(many) == len(few)


def test_the_csv_export_holds_the_fleet_and_is_audited(nogales_fleet, staff, units):
    agent = staff["agent"]

    response = client_of(agent).get(
        reverse("vehicles:fleet-export", args=[units["nogales"].pk])
    )

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Cache-Control"] == "no-store"
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    truck = nogales_fleet["truck"]
    assert rows == [
        [
            "Fleet or asset number",
            "VIN",
            "Hull identification number",
            "Licence plate",
            "Plate issued by",
            "Make",
            "Model",
            "Model year",
            "Type",
            "Marked",
            "Status",
            "Remarks",
            "Held now by",
        ],
        [
            "NGL-101",
            truck.vin,
            "",
            truck.plate,
            "US",
            "Ford",
            "F-150",
            "2024",
            "4x4 pick-up",
            "Yes",
            "In service",
            "Winch, light bar",
            "Holder Driver",
        ],
        [
            "NGL-102",
            "1HGCM82633A004352",
            "",
            "G41-7777",
            "US",
            "Ford",
            "Transit",
            "2003",
            "Transport van",
            "Yes",
            "In service",
            "",
            "",
        ],
    ]
    event = AuditEvent.objects.get(actor_id=agent.pk, kind=AuditEvent.Kind.EXPORTED)
    assert event.target_id == str(units["nogales"].pk)
    assert event.details == {
        "action": "export",
        "report": "fleet",
        "groups": ["work"],
        "vehicles": 2,
        "people": [nogales_fleet["holder"].pk],
    }


def test_the_csv_export_follows_the_filter(nogales_fleet, staff, units):
    response = client_of(staff["agent"]).get(
        reverse("vehicles:fleet-export", args=[units["nogales"].pk]),
        {"vehicle_type": "TRANSPORT_VAN"},
    )

    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert [row[0] for row in rows[1:]] == ["NGL-102"]


def test_an_administrator_enters_a_vehicle_and_a_bad_vin_keeps_what_was_typed(
    fleet_admin, units
):
    client = client_of(fleet_admin)
    url = reverse("vehicles:new", args=[units["nogales"].pk])
    typed = {
        "fleet_number": "NGL-300",
        "vin": "1HGCM82643A004352",
        "plate": "G41-3000",
        "plate_state": "US",
        "make": "Honda",
        "model": "Accord",
        "model_year": "2003",
        "vehicle_type": "SEDAN",
        "remarks": "Unmarked, for court runs.",
    }

    refused = client.post(url, typed)
    entered = client.post(url, {**typed, "vin": "1HGCM82633A004352"})

    assert refused.status_code == 400
    assert refused.context["form"].errors["vin"] == [
        "The VIN's check digit (9th character) is 4, but the other characters "
        "call for 3: one of them is mistyped."
    ]
    assert refused.context["form"]["remarks"].value() == "Unmarked, for court runs."
    assert 'value="1HGCM82643A004352"' in refused.content.decode()
    vehicle = Vehicle.objects.get(fleet_number="NGL-300")
    assert entered.status_code == 302
    assert entered["Location"] == reverse("vehicles:vehicle", args=[vehicle.pk])
    assert (vehicle.is_marked, vehicle.station) == (False, units["nogales"])


def test_an_assignment_at_a_time_the_clocks_skip_is_refused_beside_the_field(
    fleet_admin, vehicle_at, person
):
    truck = vehicle_at("YST-300", station="ysleta")
    driver = person("driver", "ysleta")

    response = client_of(fleet_admin).post(
        reverse("vehicles:assign", args=[truck.pk]),
        {
            "employee": driver.pk,
            "source": "DAILY_SCHEDULE",
            "start_date": "2026-03-08",
            "start_time": "02:30",
            "end_date": "2026-03-08",
            "end_time": "10:00",
        },
    )

    assert response.status_code == 400
    assert response.context["form"].errors["start_time"] == [
        "There is no 02:30 on 2026-03-08 at this station: the clocks go forward "
        "that night."
    ]
    assert not truck.assignments.exists()


def test_the_vehicle_page_shows_its_assignments_in_the_stations_time(
    nogales_fleet, staff
):
    truck = nogales_fleet["truck"]

    response = client_of(staff["agent"]).get(
        reverse("vehicles:vehicle", args=[truck.pk])
    )

    body = response.content.decode()
    assert "From 2026-01-05 07:00 MST until further notice" in body
    assert "Entered into the fleet." in body
    assert "<script>" not in body


PAGES = ["vehicle", "edit", "status", "odometer", "transfer", "assign", "end"]


def url_of(page, truck):
    if page == "end":
        assignment = truck.assignments.get()
        return reverse("vehicles:assignment-end", args=[truck.pk, assignment.pk])
    return reverse(f"vehicles:{page}", args=[truck.pk])


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("fleet_admin", [200, 200, 200, 200, 200, 200, 200]),
        ("scheduler", [200, 403, 403, 403, 403, 200, 403]),
        ("agent", [200, 403, 403, 403, 403, 403, 403]),
        ("ajo_admin", [404, 404, 404, 404, 404, 404, 404]),
    ],
)
def test_who_reaches_which_page_of_a_vehicle(
    nogales_fleet, staff, fleet_admin, make_user, give, who, expected
):
    # The scheduler may assign for the schedule, not end a custody.
    scheduler = make_user("scheduler")
    give(scheduler, "scheduling", "supervisor", "nogales")
    users = {**staff, "fleet_admin": fleet_admin, "scheduler": scheduler}
    client = client_of(users[who])
    truck = nogales_fleet["truck"]

    statuses = [client.get(url_of(page, truck)).status_code for page in PAGES]

    assert statuses == expected


def test_the_vehicle_page_costs_the_same_queries_for_a_longer_history(
    fleet_admin, vehicle_at, person, staff
):
    truck = vehicle_at("NGL-600")
    client = client_of(staff["agent"])
    url = reverse("vehicles:vehicle", args=[truck.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as short:
        client.get(url)
    for day in range(1, 5):
        assign(
            fleet_admin,
            truck,
            person(f"driver{day}"),
            at(PHOENIX, 2026, 6, day, 6),
            at(PHOENIX, 2026, 6, day, 14),
        )

    with CaptureQueriesContext(connection) as long:
        response = client.get(url)

    assert len(response.context["assignments"]) == 4
    assert len(long) == len(short)


def test_the_fleet_list_pages_and_keeps_its_filter(
    nogales_fleet, staff, units, monkeypatch
):
    monkeypatch.setattr(selectors, "FLEET_PAGE_SIZE", 1)
    client = client_of(staff["agent"])
    url = reverse("vehicles:fleet", args=[units["nogales"].pk])

    first = client.get(url, {"status": "IN_SERVICE"})
    second = client.get(url, {"status": "IN_SERVICE", "page": "2"})

    assert [v.fleet_number for v in first.context["page"].object_list] == ["NGL-101"]
    assert 'href="?status=IN_SERVICE&amp;page=2"' in first.content.decode()
    assert [v.fleet_number for v in second.context["page"].object_list] == ["NGL-102"]


def test_a_fleet_number_in_use_is_refused_beside_the_field(
    nogales_fleet, fleet_admin, units
):
    response = client_of(fleet_admin).post(
        reverse("vehicles:new", args=[units["nogales"].pk]),
        {
            "fleet_number": "ngl-101",
            "vin": "JH4KA7561PC008269",
            "make": "Acura",
            "model": "Legend",
            "model_year": "1993",
            "vehicle_type": "SEDAN",
        },
    )

    assert response.status_code == 400
    assert response.context["form"].errors["fleet_number"] == [
        "Another vehicle has this fleet number."
    ]


def test_the_transfer_form_says_why_there_is_no_station_to_choose(
    client, nogales_fleet, make_user, give
):
    one_station = make_user("onestation")
    give(one_station, "vehicles", "vehicle_administrator", "nogales")
    client.force_login(one_station)

    response = client.get(f"/vehicles/{nogales_fleet['truck'].pk}/transfer/")

    assert response.status_code == 200
    assert "you hold it over no other station" in response.content.decode()
