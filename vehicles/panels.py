"""The current vehicle on an employee's profile page.

Shown to the employee, and to everyone who sees the fleet of the vehicle's
station (any role at that station or above), as the vehicle's own page
would show them the same assignment. A holder of a vehicles role at another
station learns nothing here they could not see on that station's pages.
One query, whatever the employee holds; the grants are read once a request.
"""

from vehicles import local_time, policies, selectors


def current_vehicle_panel(request, employee) -> dict | None:
    is_self = employee.user_id is not None and employee.user_id == request.user.pk
    if not is_self and not policies.stations_seen(request.user):
        return None  # sees no fleet anywhere: not even a query

    held = [
        assignment
        for assignment in selectors.held_by(employee)
        if policies.may_see_assignment_of(
            request.user, employee, assignment.vehicle.station_id
        )
    ]
    if not held:
        return None
    return {
        "title": "Current vehicle",
        "template": "vehicles/_profile_panel.html",
        "assignments": [
            {
                "assignment": assignment,
                "vehicle": assignment.vehicle,
                "span": local_time.span(
                    assignment.starts_at,
                    assignment.ends_at,
                    assignment.vehicle.station,
                ),
                "may_open": policies.may_see_fleet(
                    request.user, assignment.vehicle.station_id
                ),
            }
            for assignment in held
        ],
    }
