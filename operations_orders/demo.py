"""The operations orders module's part of the demo: an author at the demo
station, an approver over its sector, and two orders (one active, one
awaiting approval), each made through the services as its users would."""

from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from bpets.demo_population import DemoContext, DemoLogin
from operations_orders import services
from operations_orders.models import Order
from security.demo import ensure_grant, ensure_user
from security.models import User
from staffing import demo as staffing_demo

# (username, first name, last name, what they do, role, over)
LOGINS = [
    (
        "ops-approver",
        "Robin",
        "Cottonwood",
        "Operations orders approver over Tucson Sector",
        "approver",
        "sector",
    ),
    (
        "ops-author",
        "Jamie",
        "Agarita",
        "Operations orders author at Nogales",
        "author",
        "station",
    ),
]
GRANTOR = "access-admin"

PARAGRAPHS = {
    "situation": (
        "Foot traffic through the washes west of the Mariposa port of entry has "
        "risen since the monsoon began, most of it between 2200 and 0400. "
        "Daytime heat above 105 F puts anyone crossing on foot at risk."
    ),
    "mission": (
        "Nogales Station patrols the western washes nightly from 1800 to 0600 "
        "for the period of the order, to interdict crossings and to render "
        "aid to anyone in distress."
    ),
    "execution": (
        "Two teams of four agents work zones 12 and 14 in 4x4 units, one UTV "
        "team holds the Potrero Canyon crossing. BORSTAR stands by at the "
        "station. Rescue beacons are checked at the start of each shift."
    ),
    "administration": (
        "Overtime approved at up to 2 hours a shift. Water and cooling kits "
        "from the station supply room; fuel from the station's card account."
    ),
    "command": (
        "The watch commander leads; team leads report on the tactical channel "
        "every hour. Air support is requested through the sector operations "
        "center, (520) 555-0150."
    ),
}


def _estimate(overtime: str, fuel: str, equipment: str):
    return [
        services.CostEntry("OVERTIME", "Overtime, 8 agents", Decimal(overtime)),
        services.CostEntry("FUEL", "Fuel for 3 units", Decimal(fuel)),
        services.CostEntry("EQUIPMENT", "Cooling kits", Decimal(equipment)),
    ]


def _grant(username: str, role: str, unit) -> None:
    user = User.objects.get(username=username)
    ensure_grant(user, "operations_orders", role, unit, GRANTOR)


def _orders(author, approver, station) -> int:
    if Order.objects.filter(author__user=author).exists():
        return 0
    today = timezone.localdate()
    active = services.create_order(
        actor=author,
        sector=station.parent,
        station=station,
        name="Operation Western Washes",
        purpose="Interdiction and rescue in the western washes during the monsoon.",
        starts_on=today - timedelta(days=10),
        ends_on=today + timedelta(days=20),
        paragraphs=PARAGRAPHS,
        estimates=_estimate("18400.00", "2650.50", "1200.00"),
    )
    services.submit_order(actor=author, order=active)
    services.approve_order(actor=approver, order=active)
    services.activate_order(actor=author, order=active)
    services.amend_order(
        actor=author,
        order=active,
        paragraphs={
            **PARAGRAPHS,
            "execution": PARAGRAPHS["execution"]
            + " From the 15th, a third 4x4 team covers zone 16.",
        },
        estimates=_estimate("25300.00", "3400.75", "1200.00"),
        reason="A third team for zone 16, where traffic moved.",
    )
    waiting = services.create_order(
        actor=author,
        sector=station.parent,
        station=station,
        name="Operation Quiet Ridge",
        purpose="Checks of the ridge line roads east of the city.",
        starts_on=date(today.year, today.month, 1) + timedelta(days=40),
        ends_on=date(today.year, today.month, 1) + timedelta(days=54),
        paragraphs=PARAGRAPHS,
        estimates=_estimate("9600.00", "1100.00", "0.00"),
    )
    services.submit_order(actor=author, order=waiting)
    return 2


def populate(demo: DemoContext) -> None:
    station = demo.station
    units = {"station": station, "sector": station.parent}
    for username, first_name, last_name, role_text, role, over in LOGINS:
        user = ensure_user(username, first_name, last_name, demo.password, station)
        staffing_demo.ensure_profile(user, station)
        _grant(username, role, units[over])
        demo.logins.append(DemoLogin(username, f"{first_name} {last_name}", role_text))

    made = _orders(
        User.objects.get(username="ops-author"),
        User.objects.get(username="ops-approver"),
        station,
    )
    demo.notes.append(f"Operations orders: {made} new.")
