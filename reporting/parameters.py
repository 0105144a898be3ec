"""The area and fiscal years every report is asked for, read from the
query string and checked against the user's reporting grants.

An area outside the user's grants is refused (and audited), not hidden.
"""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied

from reporting import aor, areas, policies, selectors
from reporting.forms import AorForm


@dataclass
class Asked:
    places: areas.Places
    area: aor.Area
    first_year: int
    last_year: int
    cleaned: dict


def readable_areas(user, places) -> list[aor.Area]:
    return [area for area in aor.choices(places) if policies.may_read(user, area.unit)]


def read(request, form_class=AorForm, data=None):
    """The form and what it asks for; the form alone (with its errors, or
    None when there is nothing to report on) when it asks for nothing.
    ``data`` is the query string unless given."""
    user = request.user
    if not policies.reads_anywhere(user):
        raise PermissionDenied("Only reporting analysts read the reports.")
    places = areas.places()
    readable = readable_areas(user, places)
    years = selectors.fiscal_years()
    latest = selectors.latest_fiscal_year() or (years[0] if years else None)
    if not readable or latest is None:
        return None, None
    data = request.GET if data is None else data
    form = form_class(
        data or None,
        areas=readable,
        known=aor.choices(places),
        years=years,
        initial_area=readable[0].key,
        initial_year=latest,
    )
    if not data:
        return form, Asked(places, readable[0], latest, latest, {})
    if not form.is_valid():
        return form, None
    cleaned = form.cleaned_data
    try:
        area = aor.area_of(places, cleaned["area"], cleaned["station"])
    except aor.UnknownArea:
        form.add_error("station", "No such station in the sector chosen.")
        return form, None
    if not policies.may_read(user, area.unit):
        raise PermissionDenied(f"Your reporting grants do not reach {area.label}.")
    return form, Asked(
        places, area, cleaned["first_year"], cleaned["last_year"], cleaned
    )


def recorded(asked: Asked) -> dict:
    """What was asked, as a release request keeps it."""
    return {
        "area": asked.area.code,
        "station": asked.area.station,
        "first_year": asked.first_year,
        "last_year": asked.last_year,
        **(
            {"as_of": asked.cleaned["as_of"].isoformat()}
            if asked.cleaned.get("as_of")
            else {}
        ),
    }


def from_record(parameters: dict) -> Asked:
    """What a release request asked, made again (its area was checked
    against the requester's grants when it was asked)."""
    places = areas.places()
    area = aor.area_of(places, parameters["area"], parameters.get("station", ""))
    cleaned = dict(parameters)
    if parameters.get("as_of"):
        cleaned["as_of"] = date.fromisoformat(parameters["as_of"])
    return Asked(
        places, area, parameters["first_year"], parameters["last_year"], cleaned
    )
