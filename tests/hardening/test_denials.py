"""A refusal raised by any view, 403 or 404, is one audit event of kind DENIED."""

import pytest

from security.models import AuditEvent, User

pytestmark = pytest.mark.django_db
Kind = AuditEvent.Kind


def test_a_not_found_object_is_a_denied_attempt(agent_client):
    response = agent_client.get("/staffing/people/999999/")

    assert response.status_code == 404
    event = AuditEvent.objects.get(kind=Kind.DENIED)
    assert event.actor_username == "agent"
    assert event.details == {
        "path": "/staffing/people/999999/",
        "method": "GET",
        "status": 404,
    }


def test_a_refused_page_is_a_denied_attempt(agent_client):
    response = agent_client.get("/reporting/")

    assert response.status_code == 403
    event = AuditEvent.objects.get(kind=Kind.DENIED)
    assert event.details == {"path": "/reporting/", "method": "GET"}


def test_a_refusal_the_view_recorded_is_not_recorded_twice(client, sector_admin):
    stranger = User.objects.create_user("stranger", password="x" * 20)
    client.force_login(sector_admin)

    response = client.get(f"/security/people/{stranger.pk}/")

    assert response.status_code == 404
    event = AuditEvent.objects.get(kind=Kind.DENIED)
    assert event.details["action"] == "see person"


def test_a_page_that_does_not_exist_is_no_attempt_on_anything(agent_client):
    response = agent_client.get("/no-such-page/")

    assert response.status_code == 404
    assert not AuditEvent.objects.filter(kind=Kind.DENIED).exists()
