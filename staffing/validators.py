"""Formats the agency's records use, checked by forms and, where a pattern
can say it, by the database too."""

from django.core.validators import RegexValidator

US_STATES = [
    "AL",
    "AK",
    "AZ",
    "AR",
    "CA",
    "CO",
    "CT",
    "DE",
    "DC",
    "FL",
    "GA",
    "HI",
    "ID",
    "IL",
    "IN",
    "IA",
    "KS",
    "KY",
    "LA",
    "ME",
    "MD",
    "MA",
    "MI",
    "MN",
    "MS",
    "MO",
    "MT",
    "NE",
    "NV",
    "NH",
    "NJ",
    "NM",
    "NY",
    "NC",
    "ND",
    "OH",
    "OK",
    "OR",
    "PA",
    "PR",
    "RI",
    "SC",
    "SD",
    "TN",
    "TX",
    "UT",
    "VT",
    "VA",
    "VI",
    "WA",
    "WV",
    "WI",
    "WY",
    "GU",
    "AS",
    "MP",
]
BLOOD_TYPES = ("A+", "A-", "B+", "B-", "AB+", "AB-", "O+", "O-")

phone = RegexValidator(
    r"^\(\d{3}\) \d{3}-\d{4}( x\d{1,6})?$",
    "Enter a phone number as (520) 555-0100, with an extension as x123.",
)
zip_code = RegexValidator(
    r"^\d{5}(-\d{4})?$", "Enter a ZIP code as 85621 or 85621-1234."
)
hash_id = RegexValidator(
    r"^[0-9a-f]{64}$", "A hash ID is 64 lower-case hexadecimal characters."
)
