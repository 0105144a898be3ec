from django.utils.functional import SimpleLazyObject

from staffing.models import Employee


def viewer_time_zone(request):
    """The zone the pages' times are shown in: the viewer's duty station's,
    else their home unit's (a station, or headquarters), else UTC. Looked up
    once a page, and only when the page shows a time."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    def zone_name() -> str:
        duty_station_zone = (
            Employee.objects.filter(user=user)
            .values_list("duty_station__time_zone", flat=True)
            .first()
        )
        home_unit_zone = user.home_unit.time_zone if user.home_unit_id else ""
        return duty_station_zone or home_unit_zone or "UTC"

    return {"viewer_time_zone": SimpleLazyObject(zone_name)}
