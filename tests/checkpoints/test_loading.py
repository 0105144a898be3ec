"""The real list loads whole, once: counts per state, and a second load
changes nothing; a bad file changes nothing; corrections survive a reload."""

import io
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from checkpoints import checkpoint_data, loading, services
from checkpoints.models import Checkpoint, OperatingStatus, StatusChange

pytestmark = pytest.mark.django_db

# Counted by hand from checkpoints/data/usbp_checkpoints.csv: rows 1-7 are
# in California, 8-15 Arizona, 16-21 New Mexico, 22-39 Texas.
BY_STATE = {"AZ": 8, "CA": 7, "NM": 6, "TX": 18}
SOURCE = checkpoint_data.CHECKPOINTS_FILE


def load_command(*arguments) -> str:
    out = io.StringIO()
    call_command("load_checkpoints", *arguments, stdout=out)
    return out.getvalue()


def history_rows() -> int:
    return Checkpoint.history.count() + StatusChange.history.count()


def edited_copy(tmp_path, replacements: dict[str, str]):
    text = SOURCE.read_text(encoding="utf-8")
    for old, new in replacements.items():
        assert old in text
        text = text.replace(old, new)
    path = tmp_path / "checkpoints.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_first_load_adds_the_39_checkpoints_of_four_states(organization):
    report = loading.load_checkpoints()

    assert len(report.added) == 39
    assert (report.changed, report.unchanged) == ([], 0)
    assert report.by_state == BY_STATE
    for state, count in BY_STATE.items():
        assert Checkpoint.objects.filter(state=state).count() == count
    # Texas rows alone carry coordinates.
    assert Checkpoint.objects.filter(latitude__isnull=False).count() == 18
    assert Checkpoint.objects.filter(sector__code="TCA").count() == 7


def test_loaded_rows_wait_for_an_administrator_to_say_type_and_status(
    organization,
):
    loading.load_checkpoints()

    assert set(Checkpoint.objects.values_list("facility_type", flat=True)) == {
        "UNKNOWN"
    }
    assert set(Checkpoint.objects.values_list("status", flat=True)) == {
        OperatingStatus.UNCONFIRMED
    }
    assert StatusChange.objects.filter(recorded_by__isnull=True).count() == 39


def test_the_sector_station_and_direction_come_from_the_row(checkpoint):
    i19 = checkpoint("I-19")
    assert (i19.sector.name, i19.station.name, i19.direction) == (
        "Tucson",
        "Nogales",
        "NORTH",
    )
    east_el_paso = checkpoint("East El Paso")
    assert (east_el_paso.sector.code, east_el_paso.station.name) == ("EPT", "Ysleta")
    assert (east_el_paso.latitude, east_el_paso.longitude) == (
        Decimal("31.82639"),
        Decimal("-105.91806"),
    )
    # The note names no station; the road leaves the direction open.
    assert checkpoint("SR 90").station is None
    assert checkpoint("Highway 86").direction == ""
    assert checkpoint("I-8 Ocotillo (temporary)").direction == ""
    # 21 notes name exactly one station of the row's sector.
    assert Checkpoint.objects.filter(station__isnull=False).count() == 21


def test_a_second_load_changes_nothing_and_says_so(organization):
    load_command()
    rows = history_rows()

    output = load_command()

    assert "Checkpoints: 0 added, 0 changed, 39 unchanged" in output
    assert "(in the file: AZ 8, CA 7, NM 6, TX 18). Nothing to change." in output
    assert "added" not in output.replace("0 added", "")
    assert history_rows() == rows


def test_a_bad_file_changes_nothing_and_names_each_problem_by_line(
    checkpoints, tmp_path
):
    before = list(Checkpoint.objects.values_list("name", "sector_id", "latitude"))
    rows = history_rows()
    path = edited_copy(
        tmp_path,
        {
            # Line 2: a sector the tree does not hold.
            ",,,,San Diego,https://www.ocregister": ",,,,Imperial,https://www.ocr",
            # Line 24: a latitude beyond the pole.
            "31.19167,-105.42972": "95.19167,-105.42972",
            # Line 26 loses its longitude; line 41 repeats line 40 (Brownsville).
            "30.19833,-103.57944": "30.19833,",
        },
    )
    with open(path, "a", encoding="utf-8") as handle:
        handle.write(SOURCE.read_text(encoding="utf-8").splitlines()[-1] + "\n")

    with pytest.raises(CommandError) as raised:
        load_command("--file", str(path))

    message = str(raised.value)
    assert message.startswith("Nothing was loaded; the file has problems:")
    assert "checkpoints.csv line 2: no sector of the organization tree is named " in (
        message
    )
    assert "line 24: a latitude is between -90 and 90 degrees." in message
    assert "line 26: give the longitude with the latitude." in message
    assert "checkpoints.csv: Brownsville (TX) appears 2 times" in message
    assert list(Checkpoint.objects.values_list("name", "sector_id", "latitude")) == (
        before
    )
    assert history_rows() == rows


def test_a_bad_file_loads_nothing_into_an_empty_list(organization, tmp_path):
    path = edited_copy(tmp_path, {"1,San Clemente,CA": "1,San Clemente,California"})

    with pytest.raises(checkpoint_data.CheckpointDataError) as raised:
        loading.load_checkpoints(path)

    assert raised.value.problems == [
        "checkpoints.csv line 2: 'California' is not a two-letter state code"
    ]
    assert not Checkpoint.objects.exists()


def test_it_needs_the_organization_first(no_organization):
    with pytest.raises(CommandError, match="run 'manage.py load_organization' first"):
        load_command()


def test_a_reload_keeps_what_administrators_completed_and_corrected(
    checkpoint, tucson_admin, tmp_path
):
    sr90, ajo = checkpoint("SR 90"), checkpoint("SR 85 (Ajo)")
    services.update_checkpoint(
        actor=tucson_admin,
        checkpoint=sr90,
        changes={
            "facility_type": "PERMANENT",
            "primary_lanes": 2,
            "holding_cells": 3,
            "remarks": "Canopy rebuilt.",
            "location_description": "Milepost 304, north of Huachuca City.",
            "latitude": Decimal("31.74000"),
            "longitude": Decimal("-110.33000"),
        },
    )
    services.change_status(
        actor=tucson_admin,
        checkpoint=sr90,
        status=OperatingStatus.OPERATIONAL,
        effective_on=sr90.status_since,
    )
    # The list is republished: new words for both sites' locations.
    path = edited_copy(
        tmp_path,
        {
            "North of the SR 90 / SR 82 intersection": "Near the SR 90/82 junction",
            "Between Lukeville and Ajo;": "North of Lukeville;",
        },
    )

    report = loading.load_checkpoints(path)

    assert report.changed == [f"{ajo}: location_description"]
    assert report.kept_corrections == [
        f"{sr90}: location_description, latitude, longitude"
    ]
    assert report.unchanged == 38
    sr90.refresh_from_db()
    assert sr90.location_description == "Milepost 304, north of Huachuca City."
    assert (sr90.latitude, sr90.longitude) == (Decimal("31.74"), Decimal("-110.33"))
    assert (sr90.facility_type, sr90.primary_lanes, sr90.holding_cells) == (
        "PERMANENT",
        2,
        3,
    )
    assert (sr90.remarks, sr90.status) == ("Canopy rebuilt.", "OPERATIONAL")
    ajo.refresh_from_db()
    assert ajo.location_description.startswith("North of Lukeville;")
