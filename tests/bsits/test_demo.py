"""The demo's BSITS editor, their two events and the enforcement system's
rescue with one correction to review, loaded once."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from bsits.models import Event, ReviewItem
from security.models import User

pytestmark = pytest.mark.django_db


def test_the_demo_events_are_made_once(demo):
    call_command("load_demo", stdout=io.StringIO())

    events = Event.objects.order_by("occurred_at")
    assert [(event.event_type, event.status) for event in events] == [
        ("RESCUE", "CLOSED"),
        ("RESCUE", "OPEN"),
        ("DEATH", "OPEN"),
    ]
    assert [event.subjects.count() for event in events] == [1, 2, 1]
    assert [event.recorded_by.username for event in events] == [
        "bsits-editor",
        "service-enforcement-enforcement-case-system",
        "bsits-editor",
    ]
    assert ReviewItem.objects.count() == 1


def test_the_editor_has_one_enforcement_correction_to_review(demo, client):
    client.force_login(User.objects.get(username="bsits-editor"))

    response = client.get(reverse("bsits:reviews"))

    item = ReviewItem.objects.get()
    assert (item.field, item.local_value, item.system_value) == (
        "terrain",
        "MOUNTAINS",
        "BRUSH",
    )
    assert item.event.enforcement_event_number == "NGL2611000731"
    # The correction of a field nobody changed here was taken.
    assert item.event.response_notes == "Walked out to the road with the agents."
    page = response.content.decode()
    assert "Mountains or canyon" in page and "Brush or farmland" in page


def test_no_other_demo_login_sees_a_subject(demo, client):
    for username in ("supervisor", "access-admin", "analyst", "ops-approver"):
        client.force_login(User.objects.get(username=username))
        for rescue in Event.objects.filter(event_type="RESCUE"):
            response = client.get(reverse("bsits:detail", args=[rescue.pk]))

            assert response.status_code == 404
            assert "Ficticia" not in response.content.decode()
            assert "Muestra" not in response.content.decode()
        assert client.get(reverse("bsits:reviews")).status_code == 403
