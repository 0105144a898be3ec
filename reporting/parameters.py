"""The area and fiscal years every report is asked for, read from the
query string and checked against the user's reporting grants.

An area outside the user's grants is refused (and audited), not hidden.
"""

from dataclasses import dataclass

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


def read(request, form_class=AorForm):
    """The form and what it asks for; the form alone (with its errors, or
    None when there is nothing to report on) when it asks for nothing."""
    user = request.user
    if not policies.reads_anywhere(user):
        raise PermissionDenied("Only reporting analysts read the reports.")
    places = areas.places()
    readable = readable_areas(user, places)
    years = selectors.fiscal_years()
    latest = selectors.latest_fiscal_year() or (years[0] if years else None)
    if not readable or latest is None:
        return None, None
    form = form_class(
        request.GET or None,
        areas=readable,
        known=aor.choices(places),
        years=years,
        initial_area=readable[0].key,
        initial_year=latest,
    )
    if not request.GET:
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
