"""A request's audit events are written in one insert, or the request fails."""

import logging
from datetime import timedelta
from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError, connection
from django.http import HttpResponse
from django.test.utils import CaptureQueriesContext
from django.urls import include, path
from django.utils import timezone

from security import audit
from security.models import AuditEvent, User

Kind = AuditEvent.Kind
PAGE = "the page with personal data"


def viewing_page(request):
    for subject in (21, 22, 23):
        audit.record(
            Kind.PERSONAL_DATA_VIEWED,
            subject_user_id=subject,
            details={"groups": ["home"]},
        )
    return HttpResponse(PAGE)


def refusing_page(request):
    audit.record(Kind.PERSONAL_DATA_SEARCHED, details={"results": 0})
    raise PermissionDenied


urlpatterns = [
    path("viewing/", viewing_page),
    path("refusing/", refusing_page),
    path("", include("bpets.urls")),
]

pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]


@pytest.fixture
def viewer(client):
    today = timezone.localdate()
    user = User.objects.create_user(
        "viewer",
        password="a-long-test-password-1",
        background_investigation_status=User.Investigation.FAVORABLE,
        background_investigation_date=today - timedelta(days=30),
        security_training_date=today - timedelta(days=10),
    )
    client.force_login(user)
    return user


def audit_inserts(queries) -> list[str]:
    return [
        query["sql"]
        for query in queries
        if query["sql"].startswith(
            ('INSERT INTO "security_auditevent"', 'COPY "security_auditevent"')
        )
    ]


def test_the_events_of_a_request_are_written_in_one_insert(client, viewer):
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/viewing/", REMOTE_ADDR="192.0.2.7")

    assert response.content.decode() == PAGE
    assert len(audit_inserts(queries.captured_queries)) == 1
    written = AuditEvent.objects.filter(kind=Kind.PERSONAL_DATA_VIEWED).order_by("id")
    assert [
        (
            event.actor_id,
            event.actor_username,
            event.chain,
            event.subject_user_id,
            event.source,
            event.client_address,
            event.details,
        )
        for event in written
    ] == [
        (
            viewer.pk,
            "viewer",
            f"user:{viewer.pk}",
            subject,
            "/viewing/",
            "192.0.2.7",
            {"groups": ["home"]},
        )
        for subject in (21, 22, 23)
    ]


def test_a_failed_audit_write_fails_the_request(client, viewer, caplog):
    failure = DatabaseError("could not extend file")

    with (
        mock.patch.object(audit, "_write", side_effect=failure),
        caplog.at_level(logging.ERROR, logger="security.audit"),
    ):
        response = client.get("/viewing/")

    assert response.status_code == 500
    page = response.content.decode()
    assert PAGE not in page
    assert "<h1>Something went wrong</h1>" in page
    assert not AuditEvent.objects.filter(kind=Kind.PERSONAL_DATA_VIEWED).exists()
    assert [
        record.getMessage()
        for record in caplog.records
        if record.name == "security.audit"
    ] == ["audit events could not be written, path /viewing/"]


def test_the_events_of_a_refused_request_are_written_too(client, viewer):
    response = client.get("/refusing/")

    assert response.status_code == 403
    searched = AuditEvent.objects.get(kind=Kind.PERSONAL_DATA_SEARCHED)
    assert (searched.actor_id, searched.details) == (viewer.pk, {"results": 0})


def test_outside_a_request_an_event_is_written_at_once(db):
    event = audit.record(Kind.LOCKOUT_LIFTED, details={"by": "command"})

    assert AuditEvent.objects.get(pk=event.pk).chain == AuditEvent.SYSTEM_CHAIN
