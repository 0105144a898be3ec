import itertools
import json
from datetime import date, datetime, time, timedelta

import pytest

from bsits import receiving, services
from security.services import service_accounts

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


_SENT = itertools.count()
FIRST_SENT = datetime.fromisoformat("2026-07-04T15:00:00-07:00")


def sent_at(seconds: int) -> str:
    """A sending time ``seconds`` after the first message of the tests."""
    return (FIRST_SENT + timedelta(seconds=seconds)).isoformat()


def enforcement_message(message_id="ENF-000101", subjects=None, **fields):
    """A BSI message as the enforcement system sends it: a rescue at Nogales
    on 4 July 2026 at 14:20 local time (UTC-7), with one subject. Each
    message made is sent a second after the one made before it (unless
    ``sent_at`` is given), as the system sends its corrections in order."""
    message = {
        "format": "bpets-bsi/1",
        "message_id": message_id,
        "sent_at": sent_at(next(_SENT)),
        "event_number": "NGL2607000123",
        "sector": "TCA",
        "station": "Nogales",
        "event_type": "RESCUE",
        "occurred_at": "2026-07-04T14:20:00-07:00",
        "location_description": "Wash west of the Mariposa road.",
        "latitude": 31.3387,
        "longitude": "-110.9945",
        "terrain": "DESERT",
        "circumstance": "HEAT_EXPOSURE",
        "circumstance_notes": "Out of water.",
        "responses": ["EMS", "BORSTAR"],
        "response_notes": "",
        "subjects": subjects if subjects is not None else [enforcement_subject(1)],
    }
    message.update(fields)
    return message


def unlinked_subject(number, disposition, **fields):
    """A subject of no enforcement action: citizenship not known, no link."""
    return enforcement_subject(
        number,
        citizenship_status="UNKNOWN",
        disposition=disposition,
        enforcement_event_number="",
        fin="",
        **fields,
    )


def enforcement_subject(number, **fields):
    subject = {
        "number": number,
        "family_name": "Zqenffamily",
        "given_names": "Zqenfgiven",
        "date_of_birth": "1994-02-03",
        "nationality": "Guatemala",
        "gender": "FEMALE",
        "citizenship_status": "NON_CITIZEN",
        "disposition": "ARRESTED",
        "enforcement_event_number": "NGL2607000124",
        "fin": "1234567890",
    }
    subject.update(fields)
    return subject


@pytest.fixture
def system(make_user):
    """The user a service account of the enforcement system acts as."""
    return make_user("enforcementsystem", home=None)


@pytest.fixture
def send(system, units):
    """Take a message from the enforcement system, as an account over
    ``unit`` (Tucson Sector unless named)."""

    def send(message, unit="tucson"):
        return receiving.receive(
            body=json.dumps(message).encode(),
            actor=system,
            units=receiving.reach_of_unit(units[unit]),
        )

    return send


def change_subject(editor, subject, **changes):
    """An editor's change of some of the subject's fields, through the page's
    service."""
    fields = {name: getattr(subject, name) for name in services.SUBJECT_FIELDS}
    services.update_subject(actor=editor, subject=subject, fields={**fields, **changes})


@pytest.fixture
def interface_administrator(make_user, give):
    admin = make_user("interfaceadmin")
    give(admin, "security", "access_administrator", "headquarters")
    return admin


@pytest.fixture
def enforcement_account(interface_administrator, units):
    """The enforcement system's service account over Tucson Sector."""
    return service_accounts.create_account(
        interface_administrator,
        partner="enforcement",
        unit=units["tucson"],
        name="E3 Tucson",
    )
