"""VIN validation: length, letters, the check digit and the model year."""

import pytest
from django.core.exceptions import ValidationError

from vehicles import vins
from vehicles.forms import VehicleForm

# Published VINs of real vehicles: a 1989 MCI coach, a 2003 Honda Accord
# and a 1993 Acura Legend; and the all-ones VIN, whose check digit is 1.
VALID = [
    ("1M8GDM9AXKP042788", "X"),
    ("1HGCM82633A004352", "3"),
    ("JH4KA7561PC008269", "1"),
    ("11111111111111111", "1"),
]


@pytest.mark.parametrize(("vin", "digit"), VALID)
def test_a_real_vin_passes_with_its_check_digit(vin, digit):
    vins.validate_vin(vin)

    assert vins.check_digit(vin) == digit


@pytest.mark.parametrize(
    ("vin", "given", "expected"),
    [
        # The check digit itself mistyped.
        ("1M8GDM9A1KP042788", "1", "X"),
        ("1HGCM82643A004352", "4", "3"),
        # The last character mistyped: its weight is 2, so the sum, and its
        # remainder 3 modulo 11, grow by 2.
        ("1HGCM82633A004353", "3", "5"),
    ],
)
def test_a_wrong_check_digit_is_refused(vin, given, expected):
    with pytest.raises(ValidationError) as refusal:
        vins.validate_vin(vin)

    assert refusal.value.code == "vin_check_digit"
    assert refusal.value.messages == [
        f"The VIN's check digit (9th character) is {given}, but the other "
        f"characters call for {expected}: one of them is mistyped."
    ]


@pytest.mark.parametrize(
    ("vin", "letters"),
    [
        ("1HGCM8263OA004352", "O"),
        ("IHGCM82633A004352", "I"),
        ("1HGCM82633A00435Q", "Q"),
    ],
)
def test_the_letters_i_o_and_q_are_refused(vin, letters):
    with pytest.raises(ValidationError) as refusal:
        vins.validate_vin(vin)

    assert refusal.value.code == "vin_letters"
    assert f"this one holds {letters}." in refusal.value.messages[0]


@pytest.mark.parametrize("vin", ["1HGCM82633A00435", "1HGCM82633A0043521", ""])
def test_a_vin_of_another_length_is_refused(vin):
    with pytest.raises(ValidationError) as refusal:
        vins.validate_vin(vin)

    assert refusal.value.messages == [
        f"A VIN has 17 characters; this one has {len(vin)}."
    ]


def test_a_vin_with_a_dash_is_refused():
    with pytest.raises(ValidationError) as refusal:
        vins.validate_vin("1HGCM826-3A004352")

    assert refusal.value.code == "vin_characters"


def test_the_tenth_character_gives_the_model_year():
    assert vins.model_years_of("1M8GDM9AXKP042788")[:2] == (1989, 2019)
    assert vins.model_years_of("11111111111111111")[:2] == (2001, 2031)
    vins.validate_model_year("1HGCM82633A004352", 2003)

    with pytest.raises(ValidationError) as refusal:
        vins.validate_model_year("1HGCM82633A004352", 2004)

    assert refusal.value.messages == [
        "The VIN's 10th character, 3, stands for model year 2003 or 2033, not "
        "2004: check the VIN or the model year."
    ]


def form_data(**values):
    data = {
        "fleet_number": "ngl 7001",
        "vin": "1hgcm8 2633a004352",
        "plate": "",
        "plate_state": "",
        "make": "Honda",
        "model": "Accord",
        "model_year": "2003",
        "vehicle_type": "SEDAN",
        "remarks": "",
    }
    data.update(values)
    return data


def test_the_form_takes_a_vin_typed_in_lower_case_with_spaces():
    form = VehicleForm(form_data())

    assert form.is_valid(), form.errors
    assert form.cleaned_data["vin"] == "1HGCM82633A004352"
    assert form.cleaned_data["fleet_number"] == "NGL7001"


def test_the_form_shows_the_check_digit_error_beside_the_vin():
    form = VehicleForm(form_data(vin="1HGCM82643A004352"))

    assert not form.is_valid()
    assert form.errors["vin"] == [
        "The VIN's check digit (9th character) is 4, but the other characters "
        "call for 3: one of them is mistyped."
    ]
