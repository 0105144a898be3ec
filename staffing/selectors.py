from django.shortcuts import get_object_or_404

from staffing.models import Employee


def employee(pk: int) -> Employee:
    return get_object_or_404(
        Employee.objects.select_related(
            "duty_station__parent", "supervisor", "assigned_canine", "user"
        ),
        pk=pk,
    )


def subordinates_of(supervisor: Employee):
    return supervisor.subordinates.select_related("duty_station").order_by(
        "last_name", "first_name"
    )
