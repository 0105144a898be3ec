from datetime import date, time

import pytest

from bsits import services

RESCUE = {
    "event_type": "RESCUE",
    "location_description": "Wash west of the Mariposa road.",
    "latitude": "31.33870",
    "longitude": "-110.99450",
    "terrain": "DESERT",
    "circumstance": "HEAT_EXPOSURE",
    "circumstance_notes": "Out of water.",
    "responses": ["BORSTAR", "EMS"],
}
SUBJECT = {
    "family_name": "Zqsubjectfamily",
    "given_names": "Zqsubjectgiven",
    "date_of_birth": date(1994, 2, 3),
    "nationality": "Guatemala",
    "gender": "FEMALE",
    "citizenship_status": "NON_CITIZEN",
    "disposition": "TREATED_RELEASED",
    "enforcement_event_number": "",
    "fin": "",
}


@pytest.fixture
def editor(make_user, give):
    user = make_user("bsitseditor")
    give(user, "bsits", "editor", "nogales")
    return user


@pytest.fixture
def viewer(make_user, give):
    user = make_user("bsitsviewer")
    give(user, "bsits", "viewer", "nogales")
    return user


@pytest.fixture
def far_editor(make_user, give):
    user = make_user("farbsits", home="ysleta")
    give(user, "bsits", "editor", "el_paso")
    return user


@pytest.fixture
def record(editor, units):
    def make(
        day=date(2026, 7, 4),
        clock=time(14, 20),
        station="nogales",
        actor=None,
        **fields,
    ):
        return services.record_event(
            actor=actor or editor,
            station=units[station],
            day=day,
            clock=clock,
            fields={**RESCUE, **fields},
        )

    return make


@pytest.fixture
def rescue(record, editor):
    event = record()
    services.add_subject(actor=editor, event=event, fields=SUBJECT)
    return event
