"""The BSITS module's part of the demo: an editor at the demo station and
two events of theirs, a closed rescue and an open death awaiting the
medical examiner, and a rescue the enforcement system sent, whose terrain
the editor changed before the system's correction said otherwise (so one
field waits on the review list). The people involved are plainly
fictional."""

import json
from datetime import datetime, time, timedelta

from bpets.demo_population import DemoContext, DemoLogin
from bsits import receiving, services
from bsits.models import Event
from security import services as security_services
from security.demo import ensure_user
from security.models import RoleGrant, ServiceAccount, User
from staffing import demo as staffing_demo
from vehicles import local_time

EDITOR = ("bsits-editor", "Quinn", "Desertlily", "BSITS editor at Nogales")
GRANTOR = "access-admin"


def _grant(user, station) -> None:
    if RoleGrant.objects.filter(
        user=user, module="bsits", role="editor", revoked_at__isnull=True
    ).exists():
        return
    security_services.grant_role(
        grantor=User.objects.get(username=GRANTOR),
        user=user,
        module="bsits",
        role="editor",
        unit=station,
        reason="Demo population.",
    )


def _events(editor, station) -> int:
    if Event.objects.filter(recorded_by=editor).exists():
        return 0
    today = local_time.today_at(station)
    rescue = services.record_event(
        actor=editor,
        station=station,
        day=today - timedelta(days=12),
        clock=time(14, 20),
        fields={
            "event_type": "RESCUE",
            "location_description": "Wash 2 miles west of the Mariposa road.",
            "latitude": "31.33870",
            "longitude": "-110.99450",
            "terrain": "DESERT",
            "circumstance": "HEAT_EXPOSURE",
            "circumstance_notes": "Called 911 from the wash, out of water.",
            "responses": ["BORSTAR", "EMS"],
        },
    )
    services.add_subject(
        actor=editor,
        event=rescue,
        fields={
            "family_name": "Ficticia",
            "given_names": "Lupita",
            "date_of_birth": None,
            "nationality": "Mexico",
            "gender": "FEMALE",
            "citizenship_status": "NON_CITIZEN",
            "disposition": "TREATED_RELEASED",
            "enforcement_event_number": "",
            "fin": "",
        },
    )
    services.close_event(actor=editor, event=rescue)
    death = services.record_event(
        actor=editor,
        station=station,
        day=today - timedelta(days=3),
        clock=time(7, 5),
        fields={
            "event_type": "DEATH",
            "location_description": "Santa Cruz River, below the Ruby Road crossing.",
            "terrain": "WATERWAY",
            "circumstance": "DROWNING",
            "responses": ["AIR_SUPPORT", "MEDICAL_EXAMINER", "LOCAL_POLICE"],
        },
    )
    services.add_subject(
        actor=editor,
        event=death,
        fields={
            "family_name": "",
            "given_names": "",
            "date_of_birth": None,
            "nationality": "",
            "gender": "MALE",
            "citizenship_status": "UNKNOWN",
            "disposition": "PENDING",
            "enforcement_event_number": "",
            "fin": "",
        },
    )
    return 2


DEMO_ENFORCEMENT_NUMBER = "NGL2611000731"


def _enforcement_message(station, message_id: str, sent: time, **fields) -> bytes:
    day = local_time.today_at(station) - timedelta(days=6)
    zone = local_time.zone_of(station)
    occurred = datetime.combine(day, time(10, 15), zone)
    message = {
        "format": "bpets-bsi/1",
        "message_id": message_id,
        "sent_at": datetime.combine(day, sent, zone).isoformat(),
        "event_number": DEMO_ENFORCEMENT_NUMBER,
        "sector": station.parent.code,
        "station": station.name,
        "event_type": "RESCUE",
        "occurred_at": occurred.isoformat(),
        "location_description": "Sycamore Canyon trailhead, Ruby Road.",
        "latitude": "31.42210",
        "longitude": "-111.21030",
        "terrain": "DESERT",
        "circumstance": "LOST",
        "circumstance_notes": "Two hikers off the trail, found by the sign cutters.",
        "responses": ["BORSTAR"],
        "subjects": [
            {
                "number": 1,
                "family_name": "Muestra",
                "given_names": "Mateo",
                "nationality": "Mexico",
                "gender": "MALE",
                "citizenship_status": "NON_CITIZEN",
                "disposition": "VOLUNTARY_RETURN",
            },
            {
                "number": 2,
                "gender": "FEMALE",
                "citizenship_status": "UNKNOWN",
                "disposition": "TREATED_RELEASED",
            },
        ],
    }
    message.update(fields)
    return json.dumps(message).encode()


def _from_enforcement(editor, station) -> int:
    """The system's rescue, the editor's change of its terrain, then the
    system's correction: the terrain waits for review."""
    if Event.objects.filter(enforcement_event_number=DEMO_ENFORCEMENT_NUMBER).exists():
        return 0
    account = ServiceAccount.objects.filter(
        partner=receiving.PARTNER, unit=station.parent
    ).first()
    if account is None:
        return 0
    units = receiving.reach_of_unit(account.unit)
    first = receiving.receive(
        body=_enforcement_message(station, "ENF-DEMO-0001", time(12, 5)),
        actor=account.user,
        units=units,
        source="load_demo",
        via="demo",
    )
    event = first.event
    occurred = local_time.local(event.occurred_at, station)
    services.update_event(
        actor=editor,
        event=event,
        day=occurred.date(),
        clock=occurred.time(),
        fields={"terrain": "MOUNTAINS"},
    )
    receiving.receive(
        body=_enforcement_message(
            station,
            "ENF-DEMO-0002",
            time(16, 40),
            terrain="BRUSH",
            response_notes="Walked out to the road with the agents.",
        ),
        actor=account.user,
        units=units,
        source="load_demo",
        via="demo",
    )
    return 1


def populate(demo: DemoContext) -> None:
    station = demo.station
    username, first_name, last_name, role_text = EDITOR
    editor = ensure_user(username, first_name, last_name, demo.password, station)
    staffing_demo.ensure_profile(editor, station)
    _grant(editor, station)
    demo.logins.append(DemoLogin(username, f"{first_name} {last_name}", role_text))

    made = _events(editor, station) + _from_enforcement(editor, station)
    demo.notes.append(f"BSITS: {made} new events.")
