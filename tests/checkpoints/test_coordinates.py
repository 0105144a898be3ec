"""Coordinates are optional; given, both are, within range and the U.S."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from checkpoints.coordinates import validate_coordinates
from checkpoints.forms import CheckpointForm


def problems(latitude, longitude) -> dict:
    with pytest.raises(ValidationError) as raised:
        validate_coordinates(
            None if latitude is None else Decimal(latitude),
            None if longitude is None else Decimal(longitude),
        )
    return raised.value.message_dict


@pytest.mark.parametrize(
    ("latitude", "longitude"),
    [
        ("31.82639", "-105.91806"),  # East El Paso, from the list
        ("25.92361", "-97.37194"),  # Brownsville, the list's southernmost
        ("48.99", "-122.75"),  # near Blaine, on the northern border
        ("18.2", "-66.5"),  # Puerto Rico (Ramey Sector)
        ("64.84", "-147.72"),  # Fairbanks, Alaska (Blaine Sector)
    ],
)
def test_good_coordinates_pass(latitude, longitude):
    assert validate_coordinates(Decimal(latitude), Decimal(longitude)) is None


def test_neither_coordinate_passes():
    assert validate_coordinates(None, None) is None


def test_one_without_the_other_is_refused_on_the_missing_one():
    assert problems("31.8", None) == {
        "longitude": ["Give the longitude with the latitude."]
    }
    assert problems(None, "-105.9") == {
        "latitude": ["Give the latitude with the longitude."]
    }


def test_out_of_range_values_are_refused_each_on_its_field():
    assert problems("90.5", "-181") == {
        "latitude": ["A latitude is between -90 and 90 degrees."],
        "longitude": ["A longitude is between -180 and 180 degrees."],
    }
    # Latitude and longitude swapped: the latitude is out of the globe.
    assert list(problems("-105.9", "31.8")) == ["latitude"]


@pytest.mark.parametrize(
    ("latitude", "longitude"),
    [
        ("31.82639", "105.91806"),  # the minus sign lost: China
        ("-31.82639", "-105.91806"),  # south of the equator
        ("19.43", "-99.13"),  # Mexico City
        ("51.0", "-114.0"),  # Calgary, beyond the northern strip
        ("21.3", "-157.86"),  # Honolulu: no sector covers Hawaii
    ],
)
def test_places_outside_the_united_states_are_refused(latitude, longitude):
    assert "outside the United States" in problems(latitude, longitude)["latitude"][0]


@pytest.mark.django_db
def test_the_database_refuses_one_coordinate_alone(checkpoint):
    sierra_blanca = checkpoint("Sierra Blanca")
    sierra_blanca.longitude = None

    with pytest.raises(IntegrityError), transaction.atomic():
        sierra_blanca.save()


@pytest.mark.django_db
def test_the_database_refuses_a_place_outside_the_united_states(checkpoint):
    sierra_blanca = checkpoint("Sierra Blanca")
    sierra_blanca.longitude = Decimal("105.42972")

    with pytest.raises(IntegrityError), transaction.atomic():
        sierra_blanca.save()


@pytest.mark.django_db
def test_the_form_shows_the_problem_beside_the_field_and_keeps_the_input(checkpoint):
    temecula = checkpoint("Temecula")
    form = CheckpointForm(
        {
            "highway": temecula.highway,
            "latitude": "33.4",
            "longitude": "",
            "facility_type": "UNKNOWN",
        },
        instance=temecula,
    )

    assert not form.is_valid()
    assert form.errors["longitude"] == ["Give the longitude with the latitude."]
    assert 'value="33.4"' in str(form["latitude"])
