"""The demo's BSITS editor and their two events, loaded once."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from bsits.models import Event
from security.models import User

pytestmark = pytest.mark.django_db


def test_the_demo_events_are_made_once(demo):
    call_command("load_demo", stdout=io.StringIO())

    events = Event.objects.order_by("occurred_at")
    assert [(event.event_type, event.status) for event in events] == [
        ("RESCUE", "CLOSED"),
        ("DEATH", "OPEN"),
    ]
    assert [event.subjects.count() for event in events] == [1, 1]
    assert {event.recorded_by.username for event in events} == {"bsits-editor"}


def test_no_other_demo_login_sees_a_subject(demo, client):
    rescue = Event.objects.get(event_type="RESCUE")
    for username in ("supervisor", "access-admin", "analyst", "ops-approver"):
        client.force_login(User.objects.get(username=username))

        response = client.get(reverse("bsits:detail", args=[rescue.pk]))

        assert response.status_code == 404
        assert "Ficticia" not in response.content.decode()
