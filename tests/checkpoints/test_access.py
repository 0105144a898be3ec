"""Scoped roles: each sees the checkpoints in reach; administrators change
only theirs, and a refusal is audited."""

import pytest
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse

from checkpoints import services
from checkpoints.models import Checkpoint
from security.models import AuditEvent, OrganizationUnit

pytestmark = pytest.mark.django_db


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def denied_events():
    return AuditEvent.objects.filter(kind=AuditEvent.Kind.DENIED)


def listed_names(response) -> set[str]:
    return {checkpoint.name for checkpoint in response.context["page"]}


def test_a_viewer_sees_only_the_checkpoints_of_the_sector(checkpoints, tucson_viewer):
    response = client_of(tucson_viewer).get(reverse("checkpoints:list"))

    assert response.status_code == 200
    assert listed_names(response) == {
        "SR 85 (Ajo)",
        "SR 286 (Three Points)",
        "Arivaca Road",
        "I-19",
        "SR 90",
        "SR 80 (Tombstone)",
        "US 191",
    }


def test_a_station_grant_reaches_the_checkpoints_the_station_staffs(
    checkpoints, make_user, give
):
    viewer = make_user("nogalesviewer")
    give(viewer, "checkpoints", "viewer", "nogales")

    response = client_of(viewer).get(reverse("checkpoints:list"))

    assert listed_names(response) == {"I-19"}


def test_without_a_checkpoints_role_the_pages_are_refused(checkpoints, make_user):
    nobody = make_user("nobody")
    client = client_of(nobody)

    for name in ("checkpoints:list", "checkpoints:summary", "checkpoints:export"):
        assert client.get(reverse(name)).status_code == 403


def test_another_sectors_checkpoint_is_refused_and_audited(checkpoint, tucson_viewer):
    east_el_paso = checkpoint("East El Paso")

    response = client_of(tucson_viewer).get(
        reverse("checkpoints:detail", args=[east_el_paso.pk])
    )

    assert response.status_code == 403
    assert denied_events().filter(actor_id=tucson_viewer.pk).count() == 1


def test_an_administrator_changes_a_checkpoint_of_the_sector(checkpoint, tucson_admin):
    i19 = checkpoint("I-19")

    response = client_of(tucson_admin).post(
        reverse("checkpoints:edit", args=[i19.pk]),
        {
            "station": i19.station_id,
            "highway": i19.highway,
            "direction": "NORTH",
            "location_description": i19.location_description,
            "mile_marker": "25",
            "facility_type": "TACTICAL",
            "primary_lanes": "2",
            "secondary_lanes": "1",
            "holding_cells": "0",
            "remarks": "",
        },
    )

    assert response.status_code == 302
    i19.refresh_from_db()
    assert (i19.facility_type, i19.primary_lanes, i19.holding_cells) == (
        "TACTICAL",
        2,
        0,
    )
    assert str(i19.mile_marker) == "25.0"


def test_another_sectors_administrator_cannot_change_it(
    checkpoint, tucson_admin, el_paso_admin
):
    i19 = checkpoint("I-19")
    client = client_of(el_paso_admin)

    for name in ("checkpoints:edit", "checkpoints:status"):
        response = client.post(
            reverse(name, args=[i19.pk]),
            {"facility_type": "PERMANENT", "status": "OPERATIONAL"},
        )
        assert response.status_code == 403
    assert denied_events().filter(actor_id=el_paso_admin.pk).count() == 2

    with pytest.raises(services.CheckpointChangeRefused, match="Tucson Sector"):
        services.update_checkpoint(
            actor=el_paso_admin,
            checkpoint=i19,
            changes={"facility_type": "PERMANENT"},
        )
    refusal = denied_events().filter(actor_id=el_paso_admin.pk).first()
    assert (refusal.target_type, refusal.target_id) == (
        "checkpoints.Checkpoint",
        str(i19.pk),
    )
    assert refusal.details == {
        "action": "change checkpoint",
        "sector": i19.sector_id,
    }
    i19.refresh_from_db()
    assert i19.facility_type == "UNKNOWN"


def test_a_viewer_may_not_change_a_checkpoint(checkpoint, tucson_viewer):
    i19 = checkpoint("I-19")

    response = client_of(tucson_viewer).get(reverse("checkpoints:edit", args=[i19.pk]))

    assert response.status_code == 403


def test_the_station_must_be_of_the_checkpoints_sector(checkpoint, tucson_admin):
    i19 = checkpoint("I-19")
    ysleta = OrganizationUnit.objects.get(parent__code="EPT", name="Ysleta")

    with pytest.raises(Exception, match="is not a station of Tucson Sector"):
        services.update_checkpoint(
            actor=tucson_admin, checkpoint=i19, changes={"station": ysleta}
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Checkpoint.objects.filter(pk=i19.pk).update(station=ysleta)
    with pytest.raises(IntegrityError), transaction.atomic():
        # A sector that is no sector (a station) is refused too.
        Checkpoint.objects.filter(pk=i19.pk).update(sector=ysleta, station=None)
