"""Subject data appears in no other module: no page, list, search, report or
export outside BSITS shows it, even to a user who sees it in BSITS."""

import io
from datetime import time

import pytest
from django.contrib.auth import get_user_model
from pypdf import PdfReader

from bsits import services
from security.models import OrganizationUnit
from tests.bsits.conftest import RESCUE
from tests.hardening import test_url_walk as url_walk

pytestmark = pytest.mark.django_db

# The URL walk's other station and its records, to fill every URL.
world = url_walk.world

MARKERS = ["Zqelsewherefamily", "Zqelsewheregiven", "Zqelsewherenation"]
SEARCHED = "Zqelsewhere"


def shown_text(response) -> str:
    if getattr(response, "streaming", False):
        content = b"".join(response.streaming_content)
    else:
        content = response.content
    if response.get("Content-Type") == "application/pdf":
        pages = PdfReader(io.BytesIO(content)).pages
        return " ".join(page.extract_text() for page in pages)
    return content.decode(errors="replace")


@pytest.fixture
def walker(world, give):
    """The demo supervisor, who holds roles in most modules, made a BSITS
    editor at Nogales with a subject of their own there."""
    user = get_user_model().objects.get(username="supervisor")
    give(user, "bsits", "editor", "nogales")
    event = services.record_event(
        actor=user,
        station=OrganizationUnit.objects.get(parent__code="TCA", name="Nogales"),
        day=world.grant.starts_on,
        clock=time(9, 30),
        fields=RESCUE,
    )
    services.add_subject(
        actor=user,
        event=event,
        fields={
            "family_name": MARKERS[0],
            "given_names": MARKERS[1],
            "date_of_birth": None,
            "nationality": MARKERS[2],
            "gender": "MALE",
            "citizenship_status": "NON_CITIZEN",
            "disposition": "TREATED_RELEASED",
            "enforcement_event_number": "",
            "fin": "",
        },
    )
    return user, event


def test_the_subject_is_shown_in_bsits_to_its_editor(walker, client):
    user, event = walker
    client.force_login(user)

    page = client.get(f"/bsits/events/{event.pk}/").content.decode()

    assert all(marker in page for marker in MARKERS)


def test_no_page_or_export_of_another_module_shows_the_subject(
    walker, world, client, settings
):
    # Every export is fetched once: none may be cut short by the limit.
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "export": (1000, 600)}
    user, _ = walker
    client.force_login(user)
    problems = []
    walked = 0
    for route in url_walk.walkable_routes():
        if route.path.startswith(("bsits/", "accounts/logout")):
            continue
        url = url_walk.url_for(route, world)
        # Searched for the start the names share: a page may echo the
        # search, never a name it found.
        searched = {name: SEARCHED for name in ("q", "search", "name", "text")}
        response = client.get(url, searched)
        walked += 1
        text = shown_text(response)
        problems += [f"{url} shows {marker}" for marker in MARKERS if marker in text]
        client.force_login(user)

    assert walked > 60
    assert problems == []
