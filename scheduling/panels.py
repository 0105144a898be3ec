"""Panels: scheduling's on other modules' pages, and other modules' on
scheduling's.

The schedule defaults on an employee's profile page are shown to the
person, their chain, and whoever holds a scheduling role over their
station; one query, and none for anyone else.

A module above scheduling (the timesheet, with its leave balances)
registers ``panel(request, leave_request) -> dict | None`` for the leave
request page, so that scheduling never imports it. A panel dict names its
``title`` and ``template``; the template receives it as ``panel``.
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


_leave_request_panels = []


def register_leave_request_panel(panel) -> None:
    if panel not in _leave_request_panels:
        _leave_request_panels.append(panel)


def leave_request_panels(request, leave_request) -> list[dict]:
    shown = (panel(request, leave_request) for panel in _leave_request_panels)
    return [panel for panel in shown if panel]
