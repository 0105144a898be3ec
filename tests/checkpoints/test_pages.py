"""The list's filters and pages, the summary's counts and the CSV export."""

import csv
import io

import pytest
from django.test import Client
from django.urls import reverse

from checkpoints import services
from checkpoints.models import OperatingStatus
from security.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def hq_viewer(make_user, give):
    viewer = make_user("hqviewer", home="headquarters")
    give(viewer, "checkpoints", "viewer", "headquarters")
    return viewer


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def complete(admin, checkpoint, **changes):
    services.update_checkpoint(actor=admin, checkpoint=checkpoint, changes=changes)


@pytest.fixture
def completed_tucson(checkpoint, tucson_admin):
    """Three Tucson checkpoints completed: two permanent, one tactical."""
    complete(
        tucson_admin,
        checkpoint("I-19"),
        facility_type="PERMANENT",
        primary_lanes=4,
        secondary_lanes=2,
        holding_cells=3,
    )
    complete(
        tucson_admin,
        checkpoint("SR 90"),
        facility_type="PERMANENT",
        primary_lanes=2,
        secondary_lanes=1,
        holding_cells=1,
    )
    complete(tucson_admin, checkpoint("Arivaca Road"), facility_type="TACTICAL")
    services.change_status(
        actor=tucson_admin,
        checkpoint=checkpoint("I-19"),
        status=OperatingStatus.OPERATIONAL,
        effective_on=checkpoint("I-19").status_since,
    )


def test_the_summary_counts_types_statuses_lanes_and_cells(
    completed_tucson, tucson_admin
):
    response = client_of(tucson_admin).get(reverse("checkpoints:summary"))

    (row,) = response.context["rows"]
    assert row["sector__name"] == "Tucson"
    assert {name: value for name, value in row.items() if name != "sector_id"} == {
        "sector__name": "Tucson",
        "total": 7,
        "permanent": 2,
        "tactical": 1,
        "type_unknown": 4,
        "operational": 1,
        "non_operational": 0,
        "decommissioned": 0,
        "unconfirmed": 6,
        "primary_lane_total": 6,
        "secondary_lane_total": 3,
        "holding_cell_total": 4,
        "lanes_recorded": 2,
        "cells_recorded": 2,
    }


def test_the_summary_over_headquarters_has_every_sector_of_the_list(
    checkpoints, hq_viewer
):
    response = client_of(hq_viewer).get(reverse("checkpoints:summary"))

    counts = {row["sector__name"]: row["total"] for row in response.context["rows"]}
    # Counted from the file's sector column.
    assert counts == {
        "Big Bend": 4,
        "Del Rio": 4,
        "El Centro": 3,
        "El Paso": 7,
        "Laredo": 6,
        "Rio Grande Valley": 3,
        "San Diego": 3,
        "Tucson": 7,
        "Yuma": 2,
    }
    assert response.context["totals"]["total"] == 39


def test_the_list_pages_and_filters(completed_tucson, hq_viewer, checkpoint):
    client = client_of(hq_viewer)

    first = client.get(reverse("checkpoints:list"))
    second = client.get(reverse("checkpoints:list"), {"page": 2})
    tucson = checkpoint("I-19").sector_id
    permanent = client.get(
        reverse("checkpoints:list"),
        {"sector": tucson, "facility_type": "PERMANENT"},
    )
    nogales = client.get(
        reverse("checkpoints:list"), {"station": checkpoint("I-19").station_id}
    )
    operational = client.get(reverse("checkpoints:list"), {"status": "OPERATIONAL"})

    assert (len(first.context["page"]), len(second.context["page"])) == (25, 14)
    assert [c.name for c in permanent.context["page"]] == ["I-19", "SR 90"]
    assert [c.name for c in nogales.context["page"]] == ["I-19"]
    assert [c.name for c in operational.context["page"]] == ["I-19"]
    assert f"sector={tucson}&amp;facility_type=PERMANENT" in (
        permanent.content.decode()
    )


def test_the_export_holds_the_rows_in_reach_and_is_audited(
    completed_tucson, tucson_admin, checkpoint
):
    response = client_of(tucson_admin).get(
        reverse("checkpoints:export"), {"facility_type": "PERMANENT"}
    )

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [(row["name"], row["state"], row["sector"]) for row in rows] == [
        ("I-19", "AZ", "Tucson"),
        ("SR 90", "AZ", "Tucson"),
    ]
    assert rows[0]["station"] == "Nogales"
    assert rows[0]["facility type"] == "Permanent"
    assert (rows[0]["primary inspection lanes"], rows[0]["holding cells"]) == (
        "4",
        "3",
    )
    assert rows[0]["operating status"] == "Operational"
    event = AuditEvent.objects.get(
        kind=AuditEvent.Kind.EXPORTED, actor_id=tucson_admin.pk
    )
    assert event.details == {
        "module": "checkpoints",
        "rows": 2,
        "filters": {"facility_type": "PERMANENT"},
    }
    assert event.source == "checkpoints:export"


def test_the_export_is_rate_limited(checkpoints, tucson_viewer, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "export": (1, 600)}
    client = client_of(tucson_viewer)

    assert client.get(reverse("checkpoints:export")).status_code == 200
    assert client.get(reverse("checkpoints:export")).status_code == 429


def test_the_landing_page_leads_to_the_list(checkpoints, tucson_viewer):
    page = client_of(tucson_viewer).get(reverse("checkpoints:index")).content
    page = page.decode()

    assert "Checkpoints (7)" in page
    assert reverse("checkpoints:summary") in page
