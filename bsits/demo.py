"""The BSITS module's part of the demo: an editor at the demo station and
two events of theirs, a closed rescue and an open death awaiting the
medical examiner. The people involved are plainly fictional."""

from datetime import time, timedelta

from bpets.demo_population import DemoContext, DemoLogin
from bsits import services
from bsits.models import Event
from security import services as security_services
from security.demo import ensure_user
from security.models import RoleGrant, User
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


def populate(demo: DemoContext) -> None:
    station = demo.station
    username, first_name, last_name, role_text = EDITOR
    editor = ensure_user(username, first_name, last_name, demo.password, station)
    staffing_demo.ensure_profile(editor, station)
    _grant(editor, station)
    demo.logins.append(DemoLogin(username, f"{first_name} {last_name}", role_text))

    made = _events(editor, station)
    demo.notes.append(f"BSITS: {made} new events.")
