"""The catalog of measures the statistical snapshot holds, as shipped.

Every measure has one unit, and a snapshot row must name it: heroin is
counted in ounces, the other drugs in pounds, as the agency publishes them.
The catalog changes only with the product; ``sync_catalog`` (run after
every migrate) makes the table hold it.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class MeasureSpec:
    code: str
    name: str
    unit: str
    whole: bool = True  # counts are whole numbers; weights and money are not
    note: str = ""


PEOPLE = "people"

CATALOG = (
    MeasureSpec("apprehensions", "Apprehensions", PEOPLE),
    MeasureSpec("apprehensions_otm", "Apprehensions other than Mexican", PEOPLE),
    MeasureSpec("juveniles_accompanied", "Juveniles, accompanied", PEOPLE),
    MeasureSpec("juveniles_unaccompanied", "Juveniles, unaccompanied", PEOPLE),
    MeasureSpec("juveniles", "Juveniles, all", PEOPLE),
    MeasureSpec("family_units", "Persons in family units", PEOPLE),
    MeasureSpec("adults", "Adults", PEOPLE),
    MeasureSpec("female", "Female apprehensions", PEOPLE),
    MeasureSpec("male", "Male apprehensions", PEOPLE),
    MeasureSpec(
        "encounters",
        "Encounters (rounded to the nearest 10)",
        PEOPLE,
        note="Published by DHS OHSS rounded to the nearest 10; Title 8 "
        "apprehensions and Title 42 expulsions together.",
    ),
    MeasureSpec("marijuana", "Marijuana seized", "pounds", whole=False),
    MeasureSpec("cocaine", "Cocaine seized", "pounds", whole=False),
    MeasureSpec("heroin", "Heroin seized", "ounces", whole=False),
    MeasureSpec("methamphetamine", "Methamphetamine seized", "pounds", whole=False),
    MeasureSpec("ecstasy", "Ecstasy seized", "pounds", whole=False),
    MeasureSpec("other_drugs", "Other drugs seized", "pounds", whole=False),
    MeasureSpec("marijuana_seizures", "Marijuana seizure events", "events"),
    MeasureSpec("cocaine_seizures", "Cocaine seizure events", "events"),
    MeasureSpec("heroin_seizures", "Heroin seizure events", "events"),
    MeasureSpec("methamphetamine_seizures", "Methamphetamine seizure events", "events"),
    MeasureSpec("ecstasy_seizures", "Ecstasy seizure events", "events"),
    MeasureSpec("other_drugs_seizures", "Other drug seizure events", "events"),
    MeasureSpec("conveyances", "Conveyances seized", "conveyances"),
    MeasureSpec("firearms", "Firearms seized", "firearms"),
    MeasureSpec("ammunition", "Ammunition seized", "rounds"),
    MeasureSpec("currency", "Currency seized", "dollars", whole=False),
    MeasureSpec("accepted_prosecutions", "Accepted prosecutions", "cases"),
    MeasureSpec("assaults", "Assaults on agents", "assaults"),
    MeasureSpec("rescues", "Rescues", PEOPLE),
    MeasureSpec("deaths", "Deaths", PEOPLE),
    MeasureSpec("canine_assists", "Canine assists", "assists"),
    MeasureSpec(
        "enforcement_assists", "Enforcement assists credited to assets", "assists"
    ),
    MeasureSpec("national_guard", "National Guard deployed", "troops"),
    MeasureSpec("turn_backs", "Turn-backs", PEOPLE),
    MeasureSpec("got_aways", "Got-aways", PEOPLE),
    MeasureSpec("agents", "Agents on board", "agents"),
)

BY_CODE = {spec.code: spec for spec in CATALOG}


def sync_catalog(**kwargs) -> None:
    """Make the table hold the catalog; connected to post_migrate.

    A measure the catalog no longer lists is marked inactive, never deleted:
    older snapshot versions name it.
    """
    from reporting.models import Measure

    for position, spec in enumerate(CATALOG):
        Measure.objects.update_or_create(
            code=spec.code,
            defaults={
                "name": spec.name,
                "unit": spec.unit,
                "whole": spec.whole,
                "note": spec.note,
                "position": position,
                "is_active": True,
            },
        )
    Measure.objects.exclude(code__in=BY_CODE).update(is_active=False)
