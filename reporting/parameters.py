"""The area and fiscal years every report is asked for, read from the
query string and checked against the user's reporting grants.

An area outside the user's grants is refused (and audited), not hidden.
"""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied
from django.utils import timezone

from reporting import aor, areas, policies, selectors
from reporting.forms import AorForm, DeploymentForm
from scheduling import pay_periods
from security import audit


@dataclass
class Asked:
    places: areas.Places
    area: aor.Area
    first_year: int
    last_year: int
    cleaned: dict


def readable_areas(user, places) -> list[aor.Area]:
    return [area for area in aor.choices(places) if policies.may_read(user, area.unit)]


def _readable(request):
    """The organization's places and the areas the user may read; only
    reporting analysts get this far."""
    user = request.user
    if not policies.reads_anywhere(user):
        raise PermissionDenied("Only reporting analysts read the reports.")
    places = areas.places()
    return places, readable_areas(user, places)


def _area_of(form, places) -> aor.Area | None:
    """The area a valid form names; None (with the form's error) for a
    station the sector does not have."""
    cleaned = form.cleaned_data
    try:
        return aor.area_of(places, cleaned["area"], cleaned["station"])
    except aor.UnknownArea:
        form.add_error("station", "No such station in the sector chosen.")
        return None


def _area_asked(request, form, places) -> aor.Area | None:
    """The same, checked against the user's reporting grants."""
    area = _area_of(form, places)
    if area is not None and not policies.may_read(request.user, area.unit):
        _record_refusal(request, area, form.cleaned_data)
        raise PermissionDenied(f"Your reporting grants do not reach {area.label}.")
    return area


# The span a report's form asks for: fiscal years, or days.
RANGE_FIELDS = ("first_year", "last_year", "from", "to")


def _record_refusal(request, area, cleaned) -> None:
    """The refusal, with the area and the span asked for (codes, ids and
    dates only); recorded here so that the generic one is not."""
    # Years are whole numbers; days are kept as ISO dates.
    asked = {
        name: value if isinstance(value, int) else value.isoformat()
        for name in RANGE_FIELDS
        if (value := cleaned.get(name)) is not None
    }
    audit.record(
        audit.Kind.DENIED,
        request=request,
        details={
            "path": request.path,
            "method": request.method,
            "needs": "reporting.analyst",
            "area": area.key,
            "unit": getattr(area.unit, "pk", None),
            **asked,
        },
    )


def read(request, form_class=AorForm, data=None):
    """The form and what it asks for; the form alone (with its errors, or
    None when there is nothing to report on) when it asks for nothing.
    ``data`` is the query string unless given."""
    places, readable = _readable(request)
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
    area = _area_asked(request, form, places)
    if area is None:
        return form, None
    cleaned = form.cleaned_data
    return form, Asked(
        places, area, cleaned["first_year"], cleaned["last_year"], cleaned
    )


@dataclass
class AskedDays:
    places: areas.Places
    area: aor.Area
    first_day: date
    last_day: date


def read_days(request):
    """The deployment extract's form and what it asks for, as ``read`` does
    for fiscal years: at first, the first area the user reads over the
    current pay period."""
    places, readable = _readable(request)
    if not readable:
        return None, None
    period = pay_periods.containing(timezone.localdate())
    form = DeploymentForm(
        request.GET or None,
        areas=readable,
        known=aor.choices(places),
        initial_area=readable[0].key,
        initial_days=(period.start, period.end),
    )
    if not request.GET:
        return form, AskedDays(places, readable[0], period.start, period.end)
    if not form.is_valid():
        return form, None
    area = _area_asked(request, form, places)
    if area is None:
        return form, None
    return form, AskedDays(
        places, area, form.cleaned_data["from"], form.cleaned_data["to"]
    )


def read_for_service(data):
    """The form and what a partner system asks for: any area of the
    organization by its code (and station); whether the account may read
    it is for the caller to decide, and record."""
    places = areas.places()
    known = aor.choices(places)
    form = DeploymentForm(data, areas=known, known=known, initial_area="")
    area = _area_of(form, places) if form.is_valid() else None
    if area is None:
        return form, None
    return form, AskedDays(
        places, area, form.cleaned_data["from"], form.cleaned_data["to"]
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
