"""Vehicle identification numbers (49 CFR 565): shape, check digit, model year.

A VIN has 17 characters, digits and capital letters except I, O and Q
(too easily read as 1 and 0). Position 9 is a check digit: each character
is given a value (digits their own, letters by the standard transliteration),
each value is multiplied by the weight of its position, and the sum modulo
11 is the check digit, 10 written as X. Position 10 is the model year, in a
cycle of thirty codes that began with A for 1980.
"""

from django.core.exceptions import ValidationError

LENGTH = 17
CHECK_DIGIT_POSITION = 9
MODEL_YEAR_POSITION = 10

TRANSLITERATION = {
    **{str(digit): digit for digit in range(10)},
    **dict(zip("ABCDEFGH", range(1, 9), strict=True)),
    **dict(zip("JKLMN", range(1, 6), strict=True)),
    "P": 7,
    "R": 9,
    **dict(zip("STUVWXYZ", range(2, 10), strict=True)),
}
WEIGHTS = (8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2)

# Letters I, O, Q, U and Z and the digit 0 are never year codes.
MODEL_YEAR_CODES = "ABCDEFGHJKLMNPRSTVWXY123456789"
FIRST_CODED_YEAR = 1980
# The 17-character VIN became mandatory with the 1981 model year.
FIRST_VIN_MODEL_YEAR = 1981


def normalize(vin: str) -> str:
    return "".join(vin.split()).upper()


def check_digit(vin: str) -> str:
    """The check digit the other sixteen characters call for."""
    total = sum(
        TRANSLITERATION[character] * weight
        for character, weight in zip(vin, WEIGHTS, strict=True)
    )
    remainder = total % 11
    return "X" if remainder == 10 else str(remainder)


def validate_vin(vin: str) -> None:
    """Refuse anything that is not a well-formed North American VIN."""
    if len(vin) != LENGTH:
        raise ValidationError(
            "A VIN has 17 characters; this one has %(count)s.",
            code="vin_length",
            params={"count": len(vin)},
        )

    forbidden = sorted({character for character in vin if character in "IOQ"})
    if forbidden:
        raise ValidationError(
            "A VIN never holds the letters I, O or Q (read them as 1 and 0); "
            "this one holds %(letters)s.",
            code="vin_letters",
            params={"letters": ", ".join(forbidden)},
        )

    unknown = sorted(
        {character for character in vin if character not in TRANSLITERATION}
    )
    if unknown:
        raise ValidationError(
            "A VIN holds only digits and capital letters; this one holds "
            "%(characters)s.",
            code="vin_characters",
            params={"characters": " ".join(unknown)},
        )

    expected = check_digit(vin)
    given = vin[CHECK_DIGIT_POSITION - 1]
    if given != expected:
        raise ValidationError(
            "The VIN's check digit (9th character) is %(given)s, but the other "
            "characters call for %(expected)s: one of them is mistyped.",
            code="vin_check_digit",
            params={"given": given, "expected": expected},
        )


def model_years_of(vin: str) -> tuple[int, ...]:
    """The model years the 10th character may stand for (one per cycle)."""
    code = vin[MODEL_YEAR_POSITION - 1]
    if code not in MODEL_YEAR_CODES:
        return ()
    first = FIRST_CODED_YEAR + MODEL_YEAR_CODES.index(code)
    return tuple(range(first, first + 90, len(MODEL_YEAR_CODES)))


def validate_model_year(vin: str, model_year: int) -> None:
    """The 10th character must stand for the model year given."""
    if model_year < FIRST_VIN_MODEL_YEAR:
        return
    years = [year for year in model_years_of(vin) if year >= FIRST_VIN_MODEL_YEAR]
    if model_year not in years:
        code = vin[MODEL_YEAR_POSITION - 1]
        meaning = (
            "model year " + " or ".join(str(year) for year in years[:2])
            if years
            else "no model year"
        )
        raise ValidationError(
            "The VIN's 10th character, %(code)s, stands for %(meaning)s, not "
            "%(year)s: check the VIN or the model year.",
            code="vin_model_year",
            params={"code": code, "meaning": meaning, "year": model_year},
        )
