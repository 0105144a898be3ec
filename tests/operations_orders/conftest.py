from datetime import date
from decimal import Decimal

import pytest

from operations_orders import services
from staffing.models import Employee

PARAGRAPHS = {
    "situation": "Crossings west of the port have doubled since June.",
    "mission": "Nogales Station patrols the western washes nightly.",
    "execution": "Two teams of four in zones 12 and 14; BORSTAR stands by.",
    "administration": "Overtime up to two hours a shift; water from supply.",
    "command": "The watch commander leads; hourly reports on the tactical channel.",
}
ESTIMATES = [
    services.CostEntry("OVERTIME", "Overtime, 8 agents", Decimal("18400.00")),
    services.CostEntry("OVERTIME", "Overtime, team leads", Decimal("1600.50")),
    services.CostEntry("FUEL", "Fuel for 3 units", Decimal("2650.25")),
    services.CostEntry("TRAVEL", "Per diem, 2 agents", Decimal("830.00")),
]


def employee_for(user, station):
    return Employee.objects.create(
        user=user,
        first_name=user.first_name,
        last_name=user.last_name,
        job_title="Supervisory Border Patrol Agent",
        duty_station=station,
        work_street="1 Station Road",
        work_city="Nogales",
        work_state="AZ",
        work_zip="85621",
    )


@pytest.fixture
def author(make_user, give, units):
    user = make_user("author")
    employee_for(user, units["nogales"])
    give(user, "operations_orders", "author", "nogales")
    return user


@pytest.fixture
def approver(make_user, give, units):
    user = make_user("approver")
    employee_for(user, units["nogales"])
    give(user, "operations_orders", "approver", "tucson")
    return user


@pytest.fixture
def el_paso_approver(make_user, give, units):
    user = make_user("farapprover", home="ysleta")
    employee_for(user, units["ysleta"])
    give(user, "operations_orders", "approver", "el_paso")
    return user


@pytest.fixture
def viewer(make_user, give):
    user = make_user("opsviewer")
    give(user, "operations_orders", "viewer", "nogales")
    return user


@pytest.fixture
def draft(author, units):
    def make(name="Operation Western Washes", **changes):
        fields = {
            "actor": author,
            "sector": units["tucson"],
            "station": units["nogales"],
            "name": name,
            "purpose": "Interdiction and rescue in the washes.",
            "starts_on": date(2026, 7, 1),
            "ends_on": date(2026, 7, 31),
            "paragraphs": PARAGRAPHS,
            "estimates": ESTIMATES,
        }
        return services.create_order(**{**fields, **changes})

    return make


@pytest.fixture
def active(draft, author, approver):
    order = draft()
    services.submit_order(actor=author, order=order)
    services.approve_order(actor=approver, order=order)
    services.activate_order(actor=author, order=order)
    return order
