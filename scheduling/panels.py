"""The schedule defaults on an employee's profile page.

Shown to the person, their chain, and whoever holds a scheduling role over
their station; one query, and none for anyone else.
"""

from scheduling import defaults
from scheduling.models import ScheduleDefault


def schedule_default_panel(request, employee) -> dict | None:
    if not defaults.may_read(request.user, employee):
        return None
    default = (
        ScheduleDefault.objects.filter(employee=employee)
        .select_related("shift_template", "activity", "sub_activity", "zone", "vehicle")
        .first()
    )
    if default is None and not defaults.may_set(request.user, employee):
        return None
    return {
        "title": "Schedule defaults",
        "template": "scheduling/_profile_panel.html",
        "default": default,
        "may_set": defaults.may_set(request.user, employee),
        "employee": employee,
    }
